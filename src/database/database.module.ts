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
          // No session settings here (statement_timeout is set per transaction, see STATEMENT_TIMEOUT_MS):
          // the API must run behind a pooler in transaction mode, which shares server connections.
          extra: { application_name: 'ushirika-api' },
        }),
      ],
      providers: [Db, { provide: DATABASE_TARGET, useValue: target }],
      exports: [Db, DATABASE_TARGET],
    };
  }
}
