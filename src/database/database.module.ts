import { Global, Module, type DynamicModule } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { Db } from './db.js';
import { withCredentials, type DatabaseTarget } from './database-target.js';
import { ReadReplica, type ReadReplicaSettings } from './read-replica.js';

export const DATABASE_TARGET = Symbol('DATABASE_TARGET');

/** The standby of DATABASE_READ_URL, reached with the API's own login role (replicated from the primary with its password). */
function readReplicaSettings(target: DatabaseTarget, config: AppConfig): ReadReplicaSettings | null {
  if (!config.DATABASE_READ_URL) return null;
  return {
    ownerUrl: config.DATABASE_READ_URL,
    appUrl: withCredentials(config.DATABASE_READ_URL, target.appUser, target.appPassword),
    maxLagSeconds: config.DATABASE_READ_MAX_LAG_SECONDS,
    poolSize: config.DATABASE_POOL_SIZE,
  };
}

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
      providers: [
        Db,
        { provide: DATABASE_TARGET, useValue: target },
        { provide: ReadReplica, useFactory: (primary: DataSource) => new ReadReplica(readReplicaSettings(target, config), primary), inject: [getDataSourceToken()] },
      ],
      exports: [Db, DATABASE_TARGET, ReadReplica],
    };
  }
}
