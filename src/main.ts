import 'reflect-metadata';
import { pino } from 'pino';
import { ConfigurationError, loadConfig } from './config/config.js';
import { resolveDatabaseTarget, type DatabaseTarget } from './database/database-target.js';
import { EmbeddedStartAborted, EmbeddedStartError } from './database/embedded-postgres.js';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { migrateAndPrepare } from './database/migrate.js';
import { demoLoginsBlock } from './admin/bootstrap.js';
import { seedDemoOnFirstStart } from './admin/first-start.js';
import { ensureSharedSecrets, secretsHeld, SharedSecretsError } from './admin/shared-secrets.js';

const bootLog = pino({ level: process.env.LOG_LEVEL ?? 'info' });

// What start-up got to, for the shutdown and for a failed start to stop (no engine left running).
const started: { target?: DatabaseTarget; app?: NestFastifyApplication; resolving?: Promise<unknown>; closing?: boolean } = {};
const startAbort = new AbortController();

async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfig();
  // Handlers first: a signal during start-up must still stop an embedded engine already started.
  const shutdown = async (signal: string): Promise<void> => {
    if (started.closing) return;
    started.closing = true;
    bootLog.info({ signal }, 'shutting down: no new requests, finishing those in flight');
    const deadline = setTimeout(() => {
      bootLog.error('shutdown grace period over; exiting');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS + 1500);
    deadline.unref();
    try {
      // During the very first start: stop initdb or the engine still starting, and wait for it.
      startAbort.abort();
      await started.resolving?.catch(() => undefined);
      await started.app?.close();
      await started.target?.embedded?.stop();
      process.exit(0);
    } catch (error) {
      bootLog.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void shutdown(signal));
  const resolving = resolveDatabaseTarget(config, (message) => bootLog.debug({ embeddedPostgres: message.trim() }), {
    signal: startAbort.signal,
    onEngineEvent: (event, detail) => {
      if (event === 'engine-died') bootLog.error({ detail }, 'the embedded PostgreSQL stopped on its own; restarting it');
      else bootLog.info({ detail }, 'the embedded PostgreSQL serves again');
    },
  });
  started.resolving = resolving;
  const target = await resolving;
  started.target = target;
  if (started.closing) return;
  const { applied } = await migrateAndPrepare(target.ownerUrl, target.appUser, target.appPassword);
  if (applied.length > 0) bootLog.info({ applied }, 'migrations applied');
  // Every instance on this database must sign with the same keys: the first records them, a different one stops here.
  const secrets = await ensureSharedSecrets(target.ownerUrl, secretsHeld(config));
  if (secrets.recorded > 0) bootLog.info({ recorded: secrets.recorded }, 'fingerprints of the shared secrets recorded');
  const demo = await seedDemoOnFirstStart(config, target, applied);
  if (demo) {
    bootLog.warn(
      { logins: demo.map((u) => u.login), supervisor: 'supervisor@demo.ushirika.org (reads every cooperative of Lualaba)', operator: 'none' },
      'first start on the embedded database: demo cooperative created, its generated passwords are printed once below (DEMO_DATA=false to skip; never in production)',
    );
    // Once, on the console only: the passwords are stored hashed and never logged as fields.
    process.stdout.write(demoLoginsBlock(demo));
  }
  // The application's module graph loads only now: a start refused above (secrets) stops without it.
  const { createApp } = await import('./app.js');
  const app = await createApp(config, target);
  started.app = app;
  if (started.closing) return;
  await app.listen({ port: config.PORT, host: config.HOST });
  const url = await app.getUrl();
  bootLog.info(
    {
      url,
      docs: `${url}/docs`,
      database: target.embedded ? `embedded PostgreSQL (${config.DATA_DIR})` : 'DATABASE_URL',
      startupMs: Math.round(performance.now() - startedAt),
    },
    `Ushirika is ready on ${url} (API docs: ${url}/docs)`,
  );
}

main().catch(async (error: unknown) => {
  // A signal interrupted the start: the shutdown handler stops what was started and exits.
  if (error instanceof EmbeddedStartAborted || started.closing) return;
  if (error instanceof ConfigurationError || error instanceof EmbeddedStartError || error instanceof SharedSecretsError) bootLog.fatal(error.message);
  else bootLog.fatal({ err: error }, 'start-up failed');
  await started.app?.close().catch(() => undefined);
  await started.target?.embedded?.stop().catch(() => undefined);
  process.exit(1);
});
