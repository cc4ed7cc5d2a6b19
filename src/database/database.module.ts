import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/config.js';
import { Db } from './db.js';
import type { DatabaseTarget } from './database-target.js';

export const DATABASE_TARGET = Symbol('DATABASE_TARGET');

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(target: DatabaseTarget, config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: target.appUrl,
          autoLoadEntities: true,
          synchronize: false,
          migrationsRun: false,
          logging: false,
          poolSize: config.DATABASE_POOL_SIZE,
          extra: { application_name: 'ushirika-api', statement_timeout: 30_000 },
        }),
      ],
      providers: [Db, { provide: DATABASE_TARGET, useValue: target }],
      exports: [Db, DATABASE_TARGET],
    };
  }
}
