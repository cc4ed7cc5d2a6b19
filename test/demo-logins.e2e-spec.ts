import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';
import { demoLoginsBlock, seedDemo } from '../src/admin/bootstrap.js';
import { loadConfig } from '../src/config/config.js';

/** Issue 16, item 1: the demo a first `npm start` creates has no published password. */
describe('demo logins on a default install', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives each demo login its own generated password, stored hashed only, and no operator', async () => {
    const demo = await seedDemo(t.target.ownerUrl);
    expect(demo.map((user) => user.role).sort()).toEqual(['admin', 'auditor', 'officer', 'supervisor', 'treasurer']);
    const passwords = demo.map((user) => user.password ?? '');
    expect(new Set(passwords).size).toBe(demo.length);
    for (const password of passwords) expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){4}$/);

    // The password the README used to publish opens nothing.
    for (const { login } of demo) {
      const refused = await t.http().post('/api/v1/auth/login').send({ login, password: 'ushirika-demo-2026' }).expect(401);
      expect(refused.body.code).toBe('INVALID_CREDENTIALS');
    }
    const admin = demo.find((user) => user.role === 'admin');
    await t.http().post('/api/v1/auth/login').send({ login: admin?.login, password: admin?.password }).expect(200);

    expect(await adminQuery(t.target.ownerUrl, `SELECT count(*)::int AS n FROM users WHERE is_operator OR login LIKE 'operator@%'`)).toEqual([{ n: 0 }]);
    const stored = await adminQuery<{ password_hash: string }>(t.target.ownerUrl, `SELECT password_hash FROM users WHERE login LIKE '%@demo.ushirika.org'`);
    expect(stored).toHaveLength(demo.length);
    const everything = JSON.stringify(await adminQuery(t.target.ownerUrl, `SELECT (SELECT json_agg(u) FROM users u) AS users, (SELECT json_agg(a) FROM audit_log a) AS audit, (SELECT json_agg(p) FROM platform_audit_log p) AS platform`));
    for (const password of passwords) expect(everything).not.toContain(password);
    for (const { password_hash } of stored) expect(password_hash).toMatch(/^\$argon2id\$/);
  });

  it('prints every password once with the supervisor called out, and keeps passwords of a second run unchanged', async () => {
    const again = await seedDemo(t.target.ownerUrl);
    expect(again.every((user) => user.password === null)).toBe(true);
    const block = demoLoginsBlock([{ login: 'admin@demo.ushirika.org', role: 'admin', password: 'abcd-efgh-ijkm-npqr-stuv' }, ...again.slice(1)]);
    expect(block).toContain('abcd-efgh-ijkm-npqr-stuv');
    expect(block).toMatch(/SUPERVISOR: it reads every cooperative of Lualaba/);
    expect(block).toMatch(/No platform operator is created/);
    expect(block).toContain('password unchanged');
  });

  it('listens on loopback by default on the embedded engine, everywhere only when HOST says so', () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ DATABASE_URL: 'postgres://db.example/ushirika' }).HOST).toBe('0.0.0.0');
  });
});
