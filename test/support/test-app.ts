import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import type { DatabaseTarget } from '../../src/database/database-target.js';
import { createTestDatabase } from './test-database.js';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly target: DatabaseTarget;
  readonly config: AppConfig;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123';

/** The real application on its own freshly cloned database. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  return start(env);
}

/** The application with its access log kept in memory at info level, so that a test can read every line. */
export async function startLoggedTestApp(env: Record<string, string> = {}): Promise<TestApp & { readonly lines: string[] }> {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((line) => line.length > 0));
      done();
    },
  });
  return { ...(await start({ LOG_LEVEL: 'info', ...env }, stream)), lines };
}

async function start(env: Record<string, string>, logStream?: Writable): Promise<TestApp> {
  const { target, drop } = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'ushirika-test-data-'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: dataDir, ...env });
  const app = await createApp(config, target, logStream);
  return {
    app,
    target,
    config,
    http: () => request(app.getHttpServer()),
    async close() {
      await app.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
