import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { resolveDatabaseTarget } from '../src/database/database-target.js';
import { migrateAndPrepare } from '../src/database/migrate.js';
import { seedDemoOnFirstStart } from '../src/admin/first-start.js';
import { adminQuery } from './support/test-database.js';
import { TEST_JWT_SECRET } from './support/test-app.js';

/**
 * The embedded engine is what a cooperative with one laptop runs: this smoke test starts it
 * the way `npm start` does, whatever server the rest of the suite uses.
 */
describe('embedded engine (npm start without DATABASE_URL)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ushirika-embedded-'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, JWT_SECRET: TEST_JWT_SECRET });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts on a free port other than 5432, serves readiness, and keeps its data across a restart', async () => {
    const first = await resolveDatabaseTarget(config, () => undefined);
    try {
      expect(first.embedded?.port).toBeGreaterThan(0);
      expect(first.embedded?.port).not.toBe(5432);
      const { applied } = await migrateAndPrepare(first.ownerUrl, first.appUser, first.appPassword);
      expect(applied.length).toBeGreaterThan(0);
      const demo = (await seedDemoOnFirstStart(config, first, applied)) ?? [];
      const officer = demo.find((user) => user.login === 'officer@demo.ushirika.org');
      expect(officer).toMatchObject({ role: 'officer', password: expect.stringMatching(/^[a-z2-9]{4}(-[a-z2-9]{4}){4}$/) });
      const app = await createApp(config, first);
      await request(app.getHttpServer()).get('/health/ready').expect(200);
      // A newcomer can log in right after `npm start`, with the password printed at that start.
      const login = await request(app.getHttpServer()).post('/api/v1/auth/login').send({ login: 'officer@demo.ushirika.org', password: officer?.password }).expect(200);
      expect(login.body.accessToken).toEqual(expect.any(String));
      await app.close();
      await adminQuery(first.ownerUrl, `CREATE TABLE smoke_marker (note text); INSERT INTO smoke_marker VALUES ('kept')`);
    } finally {
      await first.embedded?.stop();
    }

    const second = await resolveDatabaseTarget(config, () => undefined);
    try {
      const { applied } = await migrateAndPrepare(second.ownerUrl, second.appUser, second.appPassword);
      expect(applied).toEqual([]);
      expect(await seedDemoOnFirstStart(config, second, applied)).toBeNull();
      expect(await adminQuery(second.ownerUrl, 'SELECT note FROM smoke_marker')).toEqual([{ note: 'kept' }]);
    } finally {
      await second.embedded?.stop();
    }
  });
});
