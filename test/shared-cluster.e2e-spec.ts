import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { defaultAppUser, resolveDatabaseTarget, withDatabase } from '../src/database/database-target.js';
import { migrateAndPrepare } from '../src/database/migrate.js';
import { adminQuery, adminUrl, templateName } from './support/test-database.js';
import { TEST_JWT_SECRET } from './support/test-app.js';

/**
 * Two deployments on one PostgreSQL cluster, each with its own database and app password,
 * started the way `npm start` does with DATABASE_URL and no DATABASE_APP_USER.
 */
describe('two deployments on one cluster', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ushirika-shared-'));
  const names = [`ushirika_sa_${randomBytes(4).toString('hex')}`, `ushirika_sb_${randomBytes(4).toString('hex')}`];
  const apps = new Map<string, NestFastifyApplication>();

  beforeAll(async () => {
    for (const name of names) {
      await adminQuery(adminUrl(), `CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(templateName())}`);
    }
  });

  afterAll(async () => {
    for (const app of apps.values()) await app.close();
    for (const name of names) {
      await adminQuery(adminUrl(), `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      await adminQuery(adminUrl(), `DROP ROLE IF EXISTS ${pg.escapeIdentifier(defaultAppUser(name))}`);
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** One deployment's start: resolve, migrate and prepare its role, serve. */
  async function start(name: string, password: string): Promise<NestFastifyApplication> {
    await apps.get(name)?.close();
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      JOBS_POLL_MS: '0',
      DATA_DIR: dataDir,
      JWT_SECRET: TEST_JWT_SECRET,
      DATABASE_URL: withDatabase(adminUrl(), name),
      DATABASE_APP_PASSWORD: password,
    });
    const target = await resolveDatabaseTarget(config, () => undefined);
    expect(target.appUser).toBe(defaultAppUser(name));
    await migrateAndPrepare(target.ownerUrl, target.appUser, target.appPassword);
    const app = await createApp(config, target);
    apps.set(name, app);
    return app;
  }

  /** Cuts the deployment's sessions so that its next request logs in again with its password. */
  async function ready(name: string): Promise<number> {
    await adminQuery(adminUrl(), 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND usename = $2', [name, defaultAppUser(name)]);
    const app = apps.get(name) as NestFastifyApplication;
    for (let attempt = 0; ; attempt += 1) {
      const { status } = await request(app.getHttpServer()).get('/health/ready');
      if (status === 200 || attempt === 5) return status;
    }
  }

  it('gives each database its own unprivileged login role, so restarts never lock the other out', async () => {
    const [a, b] = names;
    await start(a, 'password-of-a');
    await start(b, 'password-of-b');
    expect(await ready(a)).toBe(200);
    expect(await ready(b)).toBe(200);

    await start(a, 'password-of-a');
    expect(await ready(b)).toBe(200);
    await start(b, 'password-of-b');
    expect(await ready(a)).toBe(200);

    const roles = await adminQuery<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean; api: boolean }>(
      adminUrl(),
      `SELECT rolname, rolsuper, rolbypassrls, pg_has_role(rolname, 'ushirika_api', 'MEMBER') AS api
         FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname`,
      [names.map(defaultAppUser)],
    );
    expect(roles).toEqual(names.map((name) => ({ rolname: defaultAppUser(name), rolsuper: false, rolbypassrls: false, api: true })));

    // Row-level security still holds for the per-database role: no scope, no cooperative.
    const insert = `INSERT INTO cooperatives (name, legal_form, registration_number, country, province, default_currency, timezone, language)
      VALUES ('Coop A', 'SCOOPS', 'RCCM-SHARED-A', 'CD', 'Sud-Kivu', 'USD', 'Africa/Lubumbashi', 'fr')`;
    await adminQuery(withDatabase(adminUrl(), a), insert);
    const asApp = new URL(withDatabase(adminUrl(), a));
    asApp.username = defaultAppUser(a);
    asApp.password = 'password-of-a';
    const count = 'SELECT count(*)::int AS n FROM cooperatives';
    expect(await adminQuery(withDatabase(adminUrl(), a), count)).toEqual([{ n: 1 }]);
    expect(await adminQuery(asApp.toString(), count)).toEqual([{ n: 0 }]);
  });
});
