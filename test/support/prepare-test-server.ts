import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { withDatabase } from '../../src/database/database-target.js';
import { migrateAndPrepare } from '../../src/database/migrate.js';
import type { EmbeddedPostgresHandle } from '../../src/database/embedded-postgres.js';
import { adminQuery, configuredServerUrl, startTestEmbeddedServer, TEST_APP_PASSWORD, TEST_APP_USER } from './test-database.js';

let embedded: EmbeddedPostgresHandle | undefined;

/** Starts (or finds) the server, migrates a template database once, and tells the workers. */
export async function prepareTestServer(): Promise<void> {
  let admin = configuredServerUrl();
  if (!admin) {
    embedded = (await startTestEmbeddedServer()).handle;
    admin = embedded.ownerUrl;
  }
  const template = `ushirika_tpl_${randomBytes(6).toString('hex')}`;
  await adminQuery(admin, `CREATE DATABASE ${pg.escapeIdentifier(template)}`);
  await migrateAndPrepare(withDatabase(admin, template), TEST_APP_USER, TEST_APP_PASSWORD);
  process.env.USHIRIKA_TEST_ADMIN_URL = admin;
  process.env.USHIRIKA_TEST_TEMPLATE = template;
  process.env.USHIRIKA_TEST_ENGINE = embedded ? 'embedded' : 'server';
}

export async function releaseTestServer(): Promise<void> {
  const admin = process.env.USHIRIKA_TEST_ADMIN_URL;
  const template = process.env.USHIRIKA_TEST_TEMPLATE;
  if (admin && template) {
    await adminQuery(admin, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(template)} WITH (FORCE)`).catch(() => undefined);
  }
  await embedded?.stop();
}
