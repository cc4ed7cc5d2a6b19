import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { DatabaseModule } from './database/database.module.js';
import type { DatabaseTarget } from './database/database-target.js';
import { HealthModule } from './health/health.module.js';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuthModule } from './auth/auth.module.js';
import { AuditModule } from './audit/audit.module.js';
import { CooperativesModule } from './cooperatives/cooperatives.module.js';
import { RiskModule } from './risk/risk.module.js';
import { IdempotencyInterceptor } from './common/idempotency/idempotency.interceptor.js';
import { RequestTransactionInterceptor } from './auth/request-transaction.interceptor.js';
import { Catalogue } from './common/i18n/catalogue.js';
import { assignRequestId } from './common/request-id.js';
import { isPrivateRequest } from './common/private-request.js';
import { MinersModule } from './miners/miners.module.js';
import { SitesModule } from './sites/sites.module.js';
import { PurchasesModule } from './purchases/purchases.module.js';
import { SavingsModule } from './savings/savings.module.js';
import { GovernanceModule } from './governance/governance.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { StandardsModule } from './standards/standards.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { ObserversModule } from './observers/observers.module.js';
import { OrganisationsModule } from './organisations/organisations.module.js';

@Module({})
export class AppModule {
  /** `logStream`: where access logs go instead of stdout (tests read them). */
  static forRoot(config: AppConfig, target: DatabaseTarget, logStream?: DestinationStream): DynamicModule {
    const httpLog: Options = {
      level: config.LOG_LEVEL,
      genReqId: (request: IncomingMessage) => assignRequestId(request),
      customProps: (request: IncomingMessage) => ({ requestId: assignRequestId(request) }),
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password'],
      // An anonymous report or a ballot gets no access-log line: its request id, address and time would tie it to its sender.
      customLogLevel: (request: IncomingMessage, response: ServerResponse, error?: Error) =>
        isPrivateRequest(request) ? 'silent' : error !== undefined || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
    };
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: logStream === undefined ? httpLog : [httpLog, logStream],
        }),
        DatabaseModule.forRoot(target, config),
        HealthModule,
        AuthModule,
        AuditModule,
        CooperativesModule,
        MinersModule,
        SitesModule,
        PurchasesModule,
        SavingsModule,
        GovernanceModule,
        RiskModule,
        StandardsModule,
        ReportsModule,
        OrganisationsModule,
        ObserversModule,
        JobsModule,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Catalogue, useFactory: () => Catalogue.load() },
        // First, so that it wraps every other: the request's first Db call continues the guard's transaction.
        { provide: APP_INTERCEPTOR, useClass: RequestTransactionInterceptor },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [APP_CONFIG, Catalogue],
    };
  }
}
