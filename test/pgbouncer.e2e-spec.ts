import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { createApp } from '../src/app.js';
import { addDays } from '../src/common/calendar-date.js';
import { localDateIn } from '../src/common/time-zone.js';
import { loadConfig } from '../src/config/config.js';
import type { DatabaseTarget } from '../src/database/database-target.js';
import { Db, STATEMENT_TIMEOUT_MS } from '../src/database/db.js';
import { migrateAndPrepare } from '../src/database/migrate.js';
import { Scopes } from '../src/database/scopes.js';
import type { JobView } from '../src/jobs/dto/job.view.js';
import { deriveCardKey, signCardToken } from '../src/miners/card-token.js';
import { waitForJob } from './reports-support.js';
import { bearer, member, twoCooperatives, type Session } from './support/identity-fixture.js';
import { activeCardHolder, registerMiner, type RegisteredMiner } from './support/member-fixture.js';
import { startPgBouncer, type PgBouncer } from './support/pgbouncer.js';
import { watchSessionState, type SessionStateWatch } from './support/session-state.js';
import { heterogenitePurchase, registerSeller } from './support/purchase-fixture.js';
import { SAVINGS_RULES } from './support/savings-fixture.js';
import { TEST_JWT_SECRET, type TestApp } from './support/test-app.js';
import { adminQuery, createTestDatabase } from './support/test-database.js';

/**
 * The API behind a real PgBouncer in TRANSACTION pooling mode with two server connections per
 * pool, while the application's own pool opens twelve client connections to it: consecutive
 * transactions of one client run on different server connections, so anything kept in a
 * session between transactions (a SET without LOCAL, a session advisory lock, a named prepared
 * statement, LISTEN, a temporary table) breaks a request or is left behind for the next client,
 * and both are checked. Migrations and the operator's bootstrap go through the pooler too.
 */
const POOL_SIZE = 2;
const TIMEZONE = 'Africa/Lubumbashi';

interface PoolRow {
  database: string;
  user: string;
  cl_active: string;
  cl_waiting: string;
  sv_active: string;
  sv_idle: string;
  sv_used: string;
  sv_tested: string;
  sv_login: string;
}

const count = (value: string | number): number => Number(value);
const serversOf = (row: PoolRow): number => count(row.sv_active) + count(row.sv_idle) + count(row.sv_used) + count(row.sv_tested) + count(row.sv_login);

describe('behind PgBouncer in transaction pooling mode', () => {
  let direct: DatabaseTarget;
  let pooled: DatabaseTarget;
  let drop: () => Promise<void>;
  let bouncer: PgBouncer;
  let t: TestApp;
  let dataDir: string;
  let database: string;
  let watch: SessionStateWatch;
  const url = (coop: string, path: string): string => `/api/v1/cooperatives/${coop}/${path}`;
  const appPool = async (): Promise<PoolRow> => {
    const rows = await bouncer.admin<PoolRow>('SHOW POOLS');
    const row = rows.find((candidate) => candidate.database === database && candidate.user === direct.appUser);
    if (!row) throw new Error(`no pool for ${direct.appUser}: ${JSON.stringify(rows)}`);
    return row;
  };
  /** A client of the pooler as `target`'s user (the app's or the owner's), with a transaction open on a server of its pool. */
  async function holdServer(connectionString: string): Promise<{ pid: number; client: pg.Client }> {
    const client = new pg.Client({ connectionString });
    await client.connect();
    await client.query('BEGIN');
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return { pid: rows[0].pid, client };
  }
  const release = async (held: { client: pg.Client }[]): Promise<void> => {
    for (const { client } of held) await client.query('COMMIT').then(() => client.end());
  };
  /** Holds server connections of the owner's pool until the one left free is not `pid`'s. */
  async function leaveFreeOnlyAnotherThan(pid: number): Promise<{ client: pg.Client }[]> {
    const first = await holdServer(pooled.ownerUrl);
    if (first.pid === pid) return [first];
    const second = await holdServer(pooled.ownerUrl);
    expect(second.pid).toBe(pid);
    await release([first]);
    return [second];
  }

  beforeAll(async () => {
    watch = watchSessionState();
    ({ target: direct, drop } = await createTestDatabase());
    database = decodeURIComponent(new URL(direct.ownerUrl).pathname.slice(1));
    bouncer = await startPgBouncer({ serverUrls: [direct.ownerUrl, direct.appUrl], defaultPoolSize: POOL_SIZE });
    pooled = { ...direct, ownerUrl: bouncer.through(direct.ownerUrl), appUrl: bouncer.through(direct.appUrl) };
    // Two instances starting together through the pooler: the migration lock must serialise them and go away.
    let late: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([1, 2].map(() => migrateAndPrepare(pooled.ownerUrl, pooled.appUser, pooled.appPassword))),
      new Promise((_, reject) => {
        late = setTimeout(() => reject(new Error('two migrations through the pooler never finished: a lock left on a shared server connection?')), 20_000);
      }),
    ]).finally(() => clearTimeout(late));
    dataDir = mkdtempSync(join(tmpdir(), 'ushirika-pgbouncer-data-'));
    const config = loadConfig({
      NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: dataDir, JOBS_POLL_MS: '200', DATABASE_POOL_SIZE: '12',
    });
    const app = await createApp(config, pooled);
    t = { app, target: pooled, config, http: () => request(app.getHttpServer()), close: () => app.close() };
  }, 60_000);

  afterAll(async () => {
    watch?.stop();
    await t?.close();
    await bouncer?.stop();
    await drop?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('is a real transaction pooler: a named prepared statement or a session lock does not survive its transaction', async () => {
    const probe = new pg.Client({ connectionString: pooled.ownerUrl });
    watch.exclude(probe);
    await probe.connect();
    try {
      const prepared = { name: 'ushirika_probe', text: 'SELECT pg_backend_pid() AS pid' };
      const [{ pid }] = (await probe.query<{ pid: number }>(prepared)).rows;
      let held = await leaveFreeOnlyAnotherThan(pid);
      await expect(probe.query(prepared)).rejects.toThrow(/prepared statement "ushirika_probe" does not exist/);
      await release(held);

      const [{ locker }] = (await probe.query<{ locker: number }>('SELECT pg_backend_pid() AS locker, pg_advisory_lock(4242)')).rows;
      held = await leaveFreeOnlyAnotherThan(locker);
      expect((await probe.query<{ unlocked: boolean }>('SELECT pg_advisory_unlock(4242) AS unlocked')).rows[0].unlocked).toBe(false);
      await release(held);
      const left = await adminQuery<{ pid: number }>(direct.ownerUrl, `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242`);
      expect(left).toEqual([{ pid: locker }]);
      await adminQuery(direct.ownerUrl, 'SELECT pg_terminate_backend($1)', [locker]);
    } finally {
      await probe.end();
    }
  });

  it('runs a day of work through two server connections: purchases, gate, savings, a report and a job, tenants kept apart', async () => {
    const today = localDateIn(TIMEZONE);
    const { operator, coopA, coopB, inA, adminB } = await twoCooperatives(t);
    const officerB = await member(t, operator, coopB, 'officer', 'b');

    // Sites, a zone of four places, sellers and miners with cards.
    const site = (await t.http().post(url(coopA, 'sites')).set(bearer(inA.admin))
      .send({ name: 'Kasulo', code: 'KAS', location: { latitudeE6: -10712345, longitudeE6: 25468000 } }).expect(201)).body.id as string;
    const zone = (await t.http().post(url(coopA, `sites/${site}/zones`)).set(bearer(inA.admin)).send({ name: 'Fosse', capacity: 4 }).expect(201)).body.id as string;
    const seller = await registerSeller(t, inA.officer, coopA, addDays(today, -10));
    const crowd: RegisteredMiner[] = [];
    for (let i = 0; i < 6; i += 1) crowd.push(await registerMiner(t, inA.officer, coopA, activeCardHolder(addDays(today, -10))));

    // 30 purchases at once, while the other cooperative reads its own (empty) ledger.
    let sampling = true;
    const peaks = { clients: 0, waiting: 0, servers: 0 };
    const sampler = (async () => {
      while (sampling) {
        const pool = await appPool();
        peaks.clients = Math.max(peaks.clients, count(pool.cl_active) + count(pool.cl_waiting));
        peaks.waiting = Math.max(peaks.waiting, count(pool.cl_waiting));
        peaks.servers = Math.max(peaks.servers, serversOf(pool));
      }
    })();
    const [purchases, othersReads] = await Promise.all([
      Promise.all(Array.from({ length: 30 }, () => t.http().post(url(coopA, 'purchases')).set(bearer(inA.officer)).send(heterogenitePurchase(seller, site)))),
      Promise.all(Array.from({ length: 10 }, () => t.http().get(url(coopB, 'purchases')).set(bearer(officerB)))),
    ]);
    sampling = false;
    await sampler;
    expect(purchases.map((response) => response.status)).toEqual(Array(30).fill(201));
    expect(othersReads.map((response) => [response.status, response.body.items])).toEqual(Array(10).fill([200, []]));
    expect(peaks.servers).toBeLessThanOrEqual(POOL_SIZE);
    expect(peaks.clients).toBeGreaterThan(POOL_SIZE);

    const chain = await adminQuery<{ sequence: number; previous_hash: string; hash: string }>(
      direct.ownerUrl, 'SELECT sequence, previous_hash, hash FROM purchase_ledger WHERE cooperative_id = $1 ORDER BY sequence', [coopA],
    );
    expect(chain.map((row) => row.sequence)).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
    chain.slice(1).forEach((row, index) => expect(row.previous_hash).toBe(chain[index].hash));
    const verified = await t.http().get(url(coopA, 'ledger/verify')).set(bearer(inA.admin)).expect(200);
    expect(verified.body).toEqual({ ok: true, count: 30, headHash: chain[29].hash });

    // Six scans at once into four places: exactly four get in.
    const key = deriveCardKey(TEST_JWT_SECRET);
    const scans = await Promise.all(crowd.map((miner) => t.http().post(url(coopA, `sites/${site}/gate`)).set(bearer(inA.officer)).send({
      qrToken: signCardToken({ cooperativeId: coopA, minerId: miner.id, memberNumber: miner.memberNumber, issued: today }, key),
      zoneId: zone, direction: 'in', capturedAt: new Date().toISOString(),
    })));
    expect(scans.map((response) => response.status)).toEqual(Array(6).fill(201));
    expect(scans.filter((response) => response.body.allowed)).toHaveLength(4);
    const presence = await t.http().get(url(coopA, `sites/${site}/presence`)).set(bearer(inA.officer)).expect(200);
    expect(presence.body.headcount).toBe(4);

    // A savings meeting.
    const groups = url(coopA, 'savings-groups');
    const group = (await t.http().post(groups).set(bearer(inA.admin)).send({ name: 'Tujenge Mama', meetingPlace: 'École', frequency: 'weekly', meetingWeekday: 1 }).expect(201)).body.id as string;
    await t.http().put(`${groups}/${group}/treasurers`).set(bearer(inA.admin)).send({ userIds: [inA.treasurer.userId] }).expect(200);
    const savers: string[] = [];
    for (const firstName of ['Amani', 'Bahati']) {
      savers.push((await t.http().post(`${groups}/${group}/members`).set(bearer(inA.admin)).send({ firstName, lastName: 'Ilunga', sex: 'F' }).expect(201)).body.id as string);
    }
    const cycle = (await t.http().post(`${groups}/${group}/cycles`).set(bearer(inA.treasurer)).send({ startsOn: '2026-01-05', plannedEndOn: '2026-12-28', rules: SAVINGS_RULES }).expect(201)).body.id as string;
    const meeting = await t.http().post(`${groups}/${group}/cycles/${cycle}/meetings`).set(bearer(inA.treasurer)).send({
      heldOn: '2026-01-05',
      attendance: savers.map((memberId) => ({ memberId, status: 'present' })),
      entries: savers.map((memberId) => ({ memberId, shares: 2, socialFundMinor: 200 })),
      cashCount: { loanFundMinor: 4000, socialFundMinor: 400, countedBy: 'Kapinga, Mwamba' },
    }).expect(201);
    expect(meeting.body.balances).toEqual({ loanFundMinor: 4000, socialFundMinor: 400 });

    // A report at once, and one as a job run by the worker.
    const month = today.slice(0, 7);
    const report = await t.http().post(url(coopA, 'reports')).set(bearer(inA.admin)).send({ period: month }).expect(201);
    expect(report.body.id).toEqual(expect.any(String));
    const queued = (await t.http().post(url(coopA, 'reports')).set(bearer(inA.admin)).set('Prefer', 'respond-async')
      .send({ periodFrom: addDays(today, -40), periodTo: today }).expect(202)).body as JobView;
    expect(await waitForJob(t, inA.admin, queued.id)).toMatchObject({ state: 'succeeded' });

    // The other cooperative sees none of it.
    const purchaseId = purchases[0].body.id as string;
    const foreign: Session[] = [officerB, adminB];
    for (const session of foreign) {
      await t.http().get(url(coopA, `purchases/${purchaseId}`)).set(bearer(session)).expect(404);
      await t.http().get(url(coopA, 'ledger/verify')).set(bearer(session)).expect(404);
      await t.http().get(url(coopA, `sites/${site}/presence`)).set(bearer(session)).expect(404);
    }
    expect((await t.http().get(url(coopB, 'purchases')).set(bearer(adminB)).expect(200)).body.items).toEqual([]);
  }, 40_000);

  it('leaves nothing behind on the server connections: settings, prepared statements, listeners, temporary tables, advisory locks', async () => {
    expect(serversOf(await appPool())).toBeLessThanOrEqual(POOL_SIZE);

    const fresh = new pg.Client({ connectionString: direct.appUrl });
    await fresh.connect();
    const defaults = (await fresh.query(`SELECT current_setting('statement_timeout') AS timeout, current_setting('TimeZone') AS zone`)).rows[0];
    await fresh.end();
    // Both server connections of the app's pool at once: each transaction has one to itself.
    const held = [await holdServer(pooled.appUrl), await holdServer(pooled.appUrl)];
    try {
      expect(new Set(held.map((h) => h.pid)).size).toBe(POOL_SIZE);
      for (const { client } of held) {
        const [state] = (await client.query(
          `SELECT coalesce(current_setting('app.cooperative_ids', true), '') AS "cooperativeIds", coalesce(current_setting('app.user_id', true), '') AS "userId",
                  coalesce(current_setting('app.operator', true), '') IN ('', 'off') AS "notOperator", current_setting('statement_timeout') AS timeout,
                  current_setting('TimeZone') AS zone, current_setting('transaction_read_only') AS "readOnly", current_setting('synchronous_commit') AS "synchronousCommit",
                  (SELECT count(*)::int FROM pg_prepared_statements) AS prepared, (SELECT count(*)::int FROM pg_listening_channels()) AS listening,
                  pg_my_temp_schema()::int AS "tempSchema"`,
        )).rows;
        expect(state).toEqual({
          cooperativeIds: '', userId: '', notOperator: true, timeout: defaults.timeout, zone: defaults.zone, readOnly: 'off', synchronousCommit: 'on',
          prepared: 0, listening: 0, tempSchema: 0,
        });
      }
    } finally {
      await release(held);
    }
    // The API's own transactions still cut a statement off: the timeout travels with each BEGIN.
    const timeout = await t.app.get(Db).run(Scopes.system(), (tx) => tx.query<{ timeout: string }[]>(`SELECT current_setting('statement_timeout') AS timeout`));
    expect(timeout).toEqual([{ timeout: `${STATEMENT_TIMEOUT_MS / 1000}s` }]);
    const locks = await adminQuery(direct.ownerUrl, `SELECT pid, objid FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
    expect(locks).toEqual([]);
    // Every statement the application, its migrations and its bootstrap sent in this file.
    expect(watch.seen()).toBeGreaterThan(500);
    expect(watch.offences()).toEqual([]);
    expect(bouncer.log()).not.toMatch(/unsupported startup parameter|prepared statement .* does not exist/);
  });
});
