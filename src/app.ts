import 'reflect-metadata';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import { trustedProxies, type AppConfig } from './config/config.js';
import type { DatabaseTarget } from './database/database-target.js';
import { Catalogue } from './common/i18n/catalogue.js';
import { ConflictRegistry } from './common/conflicts.js';
import { ProblemFilter } from './common/problem.filter.js';
import { governanceConflicts } from './governance/governance.conflicts.js';
import { purchasesConflicts } from './purchases/purchases.conflicts.js';
import { reportsConflicts } from './reports/reports.conflicts.js';
import { savingsConflicts } from './savings/savings.conflicts.js';
import { sitesConflicts } from './sites/sites.conflicts.js';
import { usersConflicts } from './users/users.conflicts.js';
import { organisationsConflicts } from './organisations/organisations.conflicts.js';
import { strictValidationPipe } from './common/validation.js';
import { serveOpenApi } from './common/openapi.js';
import { assignRequestId } from './common/request-id.js';
import { objectJsonParser } from './common/json-body.js';
import { registerUploads } from './common/upload-body.js';
import { EVIDENCE_CONTENT_TYPES } from './risk/evidence-file.js';
import { serveWebConsole } from './web-console/serve-web-console.js';

export const API_PREFIX = 'api/v1';

/** The raw-body types a route may receive: photos (jpeg, png) and evidence (those and PDF). */
const UPLOAD_CONTENT_TYPES = [...new Set(['image/jpeg', 'image/png', ...EVIDENCE_CONTENT_TYPES])];
/** Each module's unique constraints and the 409 code each answers (`<module>/<module>.conflicts.ts`). */
const CONFLICTS = new ConflictRegistry([purchasesConflicts, sitesConflicts, savingsConflicts, governanceConflicts, reportsConflicts, usersConflicts, organisationsConflicts]);

/**
 * Builds the HTTP application on a prepared (migrated) database; used by main and tests.
 * `logStream` receives the access log instead of stdout (tests read it).
 */
export async function createApp(config: AppConfig, target: DatabaseTarget, logStream?: DestinationStream): Promise<NestFastifyApplication> {
  const bodyLimit = 2 * 1024 * 1024;
  const adapter = new FastifyAdapter({
    bodyLimit,
    // X-Forwarded-For names the client only when it comes from a configured proxy (TRUST_PROXY).
    trustProxy: trustedProxies(config.TRUST_PROXY).length > 0 ? trustedProxies(config.TRUST_PROXY) : false,
    genReqId: (raw: IncomingMessage) => assignRequestId(raw),
  });
  adapter.getInstance().addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, target, logStream), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.useBodyParser('application/json', { bodyLimit }, objectJsonParser(adapter.getInstance()));
  registerUploads(adapter.getInstance(), UPLOAD_CONTENT_TYPES);
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/ready'] });
  app.useGlobalFilters(new ProblemFilter(app.get(Catalogue), CONFLICTS));
  app.useGlobalPipes(strictValidationPipe());
  serveOpenApi(app);
  await serveWebConsole(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
