import pg from 'pg';
import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery, adminUrl } from './support/test-database.js';
import { withDatabase } from '../src/database/database-target.js';
import { migrateAndPrepare, revertLastMigration } from '../src/database/migrate.js';
import { migrations } from '../migrations/index.js';

describe('foundation: health, docs, problem+json', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers liveness and readiness once migrations are applied', async () => {
    await t.http().get('/health').expect(200, { status: 'ok' });
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body).toEqual({ status: 'ready', database: 'ok', pendingMigrations: 0 });
  });

  it('serves the OpenAPI document and its UI under /docs', async () => {
    const document = await t.http().get('/docs/openapi.json').expect(200);
    expect(document.body.openapi).toMatch(/^3\./);
    expect(Object.keys(document.body.paths)).toContain('/health/ready');
    const ui = await t.http().get('/docs').expect(200);
    expect(ui.text).toContain('swagger');
  });

  it('answers an unknown route with problem+json in French by default', async () => {
    const response = await t.http().get('/api/v1/does-not-exist').expect(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 404, code: 'NOT_FOUND', title: 'Ressource introuvable' });
    expect(response.body.type).toBe('urn:ushirika:problem:not-found');
  });

  it('speaks English when the caller asks for it', async () => {
    const response = await t.http().get('/api/v1/does-not-exist').set('Accept-Language', 'en-GB,en;q=0.9').expect(404);
    expect(response.body.title).toBe('Not found');
  });

  it('echoes a sane client request id and makes one otherwise', async () => {
    const given = await t.http().get('/api/v1/nothing').set('X-Request-Id', 'phone-42-abcdef').expect(404);
    expect(given.headers['x-request-id']).toBe('phone-42-abcdef');
    expect(given.body.requestId).toBe('phone-42-abcdef');
    const made = await t.http().get('/api/v1/nothing').set('X-Request-Id', 'bad id with spaces').expect(404);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('migrations', () => {
  async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
    const name = `ushirika_m_${Math.random().toString(16).slice(2, 10)}`;
    await adminQuery(adminUrl(), `CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    return {
      url: withDatabase(adminUrl(), name),
      drop: async () => void (await adminQuery(adminUrl(), `DROP DATABASE ${pg.escapeIdentifier(name)} WITH (FORCE)`)),
    };
  }

  it('applies each migration exactly once when two instances start together', async () => {
    const db = await freshDatabase();
    try {
      const [first, second] = await Promise.all([
        migrateAndPrepare(db.url, 'ushirika_app', 'ushirika-test-app'),
        migrateAndPrepare(db.url, 'ushirika_app', 'ushirika-test-app'),
      ]);
      expect([...first.applied, ...second.applied]).toHaveLength(migrations.length);
      const rows = await adminQuery(db.url, 'SELECT name FROM migrations');
      expect(rows).toHaveLength(migrations.length);
    } finally {
      await db.drop();
    }
  });

  it('reverts every migration down to an empty schema and applies them again', async () => {
    const db = await freshDatabase();
    try {
      await migrateAndPrepare(db.url, 'ushirika_app', 'ushirika-test-app');
      for (let i = 0; i < migrations.length; i++) await revertLastMigration(db.url);
      const tables = await adminQuery(db.url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`);
      expect(tables).toEqual([]);
      const again = await migrateAndPrepare(db.url, 'ushirika_app', 'ushirika-test-app');
      expect(again.applied).toHaveLength(migrations.length);
    } finally {
      await db.drop();
    }
  });

  it('never runs the API as a role that could bypass row-level security', async () => {
    const [role] = await adminQuery<{ rolsuper: boolean; rolbypassrls: boolean }>(
      adminUrl(),
      `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'ushirika_app'`,
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
  });
});
