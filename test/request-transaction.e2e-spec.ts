import type pg from 'pg';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/test-app.js';
import { bearer, member, supervisor, twoCooperatives, type Session, type TwoCooperatives } from './support/identity-fixture.js';

/** One connection taken from the application's pool: the statements sent on it and, at its end, the settings it ended with. */
interface Checkout {
  readonly statements: string[];
  /** transaction_read_only and the row-level security settings, read just before its COMMIT or ROLLBACK. */
  ended?: { readOnly: string; cooperativeIds: string; userId: string; operator: string } | 'aborted';
  outcome?: 'COMMIT' | 'ROLLBACK';
}

/**
 * Watches the application's own pg pool: every checkout (one per transaction, or per
 * autocommit statement) and every statement sent on it while recording.
 */
function watchPool(pool: pg.Pool): { record<T>(work: () => Promise<T>): Promise<{ result: T; checkouts: Checkout[] }> } {
  let recording: Checkout[] | undefined;
  const current = new WeakMap<pg.PoolClient, Checkout>();
  const patched = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client: pg.PoolClient) => {
    if (recording === undefined) {
      current.delete(client);
      return;
    }
    const checkout: Checkout = { statements: [] };
    recording.push(checkout);
    current.set(client, checkout);
    if (patched.has(client)) return;
    patched.add(client);
    const original = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const [config] = args;
      const checkoutNow = current.get(client);
      const sql = typeof config === 'string' ? config : (config as { text?: string }).text;
      if (checkoutNow === undefined || typeof sql !== 'string' || typeof args[args.length - 1] === 'function') return original(...args);
      checkoutNow.statements.push(sql.trim());
      const ending = /^(COMMIT|ROLLBACK)$/.exec(sql.trim());
      if (!ending) return original(...args);
      checkoutNow.outcome = ending[1] as 'COMMIT' | 'ROLLBACK';
      const settings = `SELECT current_setting('transaction_read_only') AS "readOnly", current_setting('app.cooperative_ids', true) AS "cooperativeIds",
                               current_setting('app.user_id', true) AS "userId", current_setting('app.operator', true) AS operator`;
      return (original(settings) as Promise<pg.QueryResult>).then(
        (result) => {
          checkoutNow.ended = result.rows[0] as Checkout['ended'];
          return original(...args);
        },
        () => {
          checkoutNow.ended = 'aborted';
          return original(...args);
        },
      );
    };
  });
  return {
    async record<T>(work: () => Promise<T>) {
      const checkouts: Checkout[] = [];
      recording = checkouts;
      try {
        const result = await work();
        // An unclaimed request transaction is rolled back as the answer goes out: wait for every connection to come back.
        for (let i = 0; i < 200 && (pool.idleCount < pool.totalCount || checkouts.some((c) => c.outcome === undefined && c.statements.length > 1)); i += 1) {
          await new Promise((done) => setTimeout(done, 10));
        }
        return { result, checkouts };
      } finally {
        recording = undefined;
      }
    },
  };
}

describe('one transaction per authenticated request', () => {
  let t: TestApp;
  let ids: TwoCooperatives;
  let watch: ReturnType<typeof watchPool>;
  let lualaba: Session;
  const url = (coop: string, path: string) => `/api/v1/cooperatives/${coop}/${path}`;

  beforeAll(async () => {
    // No job worker: its polling would take connections of the pool at any time.
    t = await startTestApp({ JOBS_POLL_MS: '0' });
    ids = await twoCooperatives(t);
    lualaba = await supervisor(t, ids.operator, 'Lualaba', 'rt');
    await t.http().post(url(ids.coopA, 'fee-rules')).set(bearer(ids.inA.admin))
      .send({ ruleCode: 'COMMUNITY', fundCode: 'COMMUNITY', kind: 'percent', rateBp: 100, validFrom: '2020-01-01' }).expect(201);
    const driver = t.app.get(DataSource).driver as unknown as { master: pg.Pool };
    watch = watchPool(driver.master);
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  it('reads with the guard\'s own transaction: BEGIN, access and scope in one statement, the read, COMMIT', async () => {
    const { result, checkouts } = await watch.record(() => t.http().get(url(ids.coopA, 'fee-rules')).set(bearer(ids.inA.officer)));
    expect(result.status).toBe(200);
    expect(result.body).toHaveLength(1);
    expect(checkouts).toHaveLength(1);
    const [only] = checkouts;
    expect(only.statements).toHaveLength(3);
    expect(only.statements[0]).toMatch(/^START TRANSACTION;/);
    expect(only.statements[0]).toMatch(/app_resolve_access/);
    expect(only.statements[0]).toMatch(/set_config\('app\.cooperative_ids'/);
    expect(only.statements[1]).toMatch(/fee_rules/);
    expect(only.outcome).toBe('COMMIT');
    expect(only.ended).toEqual({ readOnly: 'off', cooperativeIds: ids.coopA, userId: ids.inA.officer.userId, operator: 'off' });
  });

  it('gives read-only roles a read-only transaction, set in that same statement', async () => {
    for (const reader of [ids.inA.auditor, lualaba]) {
      const { result, checkouts } = await watch.record(() => t.http().get(url(ids.coopA, 'fee-rules')).set(bearer(reader)));
      expect(result.status).toBe(200);
      expect(checkouts).toHaveLength(1);
      expect(checkouts[0].statements).toHaveLength(3);
      expect(checkouts[0].ended).toEqual({ readOnly: 'on', cooperativeIds: ids.coopA, userId: reader.userId, operator: 'off' });
    }
  });

  it('lets the operator in with the operator flag, still one transaction', async () => {
    const { result, checkouts } = await watch.record(() => t.http().get(url(ids.coopA, 'users')).set(bearer(ids.operator)));
    expect(result.status).toBe(200);
    expect(checkouts).toHaveLength(1);
    expect(checkouts[0].outcome).toBe('COMMIT');
    expect(checkouts[0].ended).toMatchObject({ cooperativeIds: ids.coopA, userId: ids.operator.userId, operator: 'on' });
  });

  it('rolls the transaction back on a refusal and on a bad body, with no second one', async () => {
    const refused = await watch.record(() => t.http().post(url(ids.coopA, 'fee-rules')).set(bearer(ids.inA.auditor)).send({ nonsense: true }));
    expect(refused.result.status).toBe(403);
    expect(refused.checkouts).toHaveLength(1);
    expect(refused.checkouts[0].outcome).toBe('ROLLBACK');

    const invalid = await watch.record(() => t.http().post(url(ids.coopA, 'fee-rules')).set(bearer(ids.inA.admin)).send({ ruleCode: 'X', kind: 'nonsense' }));
    expect(invalid.result.status).toBe(400);
    expect(invalid.checkouts).toHaveLength(1);
    expect(invalid.checkouts[0].statements).toHaveLength(2);
    expect(invalid.checkouts[0].outcome).toBe('ROLLBACK');

    const unknown = await watch.record(() => t.http().get(url(ids.coopB, 'fee-rules')).set(bearer(ids.inA.officer)));
    expect(unknown.result.status).toBe(404);
    expect(unknown.checkouts).toHaveLength(1);
    expect(unknown.checkouts[0].outcome).toBe('ROLLBACK');
  });

  it('writes with an Idempotency-Key: the key is claimed in the guard\'s transaction, committed before the write', async () => {
    const body = { ruleCode: 'ROADS', fundCode: 'ROADS', kind: 'percent', rateBp: 50, validFrom: '2021-01-01' };
    const { result, checkouts } = await watch.record(() => t.http().post(url(ids.coopA, 'fee-rules')).set(bearer(ids.inA.admin)).set('Idempotency-Key', 'rt-fee-rule-0001').send(body));
    expect(result.status).toBe(201);
    expect(checkouts).toHaveLength(3);
    expect(checkouts[0].statements[0]).toMatch(/app_resolve_access/);
    expect(checkouts[0].statements.some((sql) => /INSERT INTO idempotency_keys/.test(sql))).toBe(true);
    expect(checkouts.every((c) => c.outcome === 'COMMIT')).toBe(true);
    const replay = await t.http().post(url(ids.coopA, 'fee-rules')).set(bearer(ids.inA.admin)).set('Idempotency-Key', 'rt-fee-rule-0001').send(body).expect(201);
    expect(replay.headers['idempotent-replay']).toBe('true');
    expect(replay.body).toEqual(result.body);
  });

  it('refuses a removed role and a revoked session on the very next request', async () => {
    const officer = await member(t, ids.operator, ids.coopA, 'officer', 'revoked');
    await t.http().get(url(ids.coopA, 'fee-rules')).set(bearer(officer)).expect(200);
    await t.http().patch(url(ids.coopA, `users/${officer.userId}`)).set(bearer(ids.inA.admin)).send({ roles: ['auditor'] }).expect(200);
    // Now an auditor: reads, and writes nothing.
    await t.http().get(url(ids.coopA, 'fee-rules')).set(bearer(officer)).expect(200);
    await t.http().post(url(ids.coopA, 'miners')).set(bearer(officer)).send({}).expect(403);
    // Disabled here: every role removed and every session ended.
    await t.http().patch(url(ids.coopA, `users/${officer.userId}`)).set(bearer(ids.inA.admin)).send({ disabled: true }).expect(200);
    await t.http().get(url(ids.coopA, 'fee-rules')).set(bearer(officer)).expect(401);

    const treasurer = ids.inA.treasurer;
    await t.http().get(url(ids.coopA, 'fee-rules')).set(bearer(treasurer)).expect(200);
    await t.http().post('/api/v1/auth/logout-everywhere').set(bearer(treasurer)).expect(204);
    await t.http().get(url(ids.coopA, 'fee-rules')).set(bearer(treasurer)).expect(401);
  });
});
