import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrations } from '../migrations/index.js';
import { addDays } from '../src/common/calendar-date.js';
import { localDateIn } from '../src/common/time-zone.js';
import { withDatabase } from '../src/database/database-target.js';
import type { JobView } from '../src/jobs/dto/job.view.js';
import { deriveCardKey, signCardToken } from '../src/miners/card-token.js';
import { bearer, createCooperative, login, member, operatorSession, PASSWORD, type Session } from './support/identity-fixture.js';
import { buildInstances, logLines, spawnInstance, untilReady, type Instance } from './support/instances.js';
import { activeCardHolder, registerMiner, type RegisteredMiner } from './support/member-fixture.js';
import { heterogenitePurchase, registerSeller } from './support/purchase-fixture.js';
import { TEST_JWT_SECRET } from './support/test-app.js';
import { adminQuery, adminUrl } from './support/test-database.js';
import { waitForJob } from './reports-support.js';

/**
 * Issue 23: the server keeps no state between requests, so N instances serve one PostgreSQL.
 * Three real server processes (test/support/instances.ts) start together on one empty
 * database and share one JWT secret, as a deployment behind a load balancer does; each request
 * of a scenario goes to another instance.
 */
const TIMEZONE = 'Africa/Lubumbashi';
const SHARED = { JWT_SECRET: TEST_JWT_SECRET, JOBS_POLL_MS: '200', JOBS_STALE_AFTER_SECONDS: '2' };

interface GateAnswer { allowed: boolean; reasons: { code: string }[] }
interface Presence { headcount: number; zones: { zoneId: string; people: { minerId: string }[] }[] }

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('three API instances on one PostgreSQL', () => {
  const database = `ushirika_t_scale_${randomBytes(5).toString('hex')}`;
  const ownerUrl = withDatabase(adminUrl(), database);
  const running: Instance[] = [];
  let build: string;
  let a: Instance;
  let b: Instance;
  let c: Instance;
  let operator: Session;
  let coop: string;
  let admin: Session;
  let officer: Session;
  let siteId: string;
  let today: string;

  const api = (path: string): string => `/api/v1/cooperatives/${coop}/${path}`;
  const owner = <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> => adminQuery<T>(ownerUrl, sql, params);
  const start = async (name: string, env: Record<string, string | undefined> = SHARED): Promise<Instance> => {
    const instance = await spawnInstance(build, { name, ownerUrl, env });
    running.push(instance);
    return instance;
  };

  beforeAll(async () => {
    build = buildInstances();
    await adminQuery(adminUrl(), `CREATE DATABASE ${pg.escapeIdentifier(database)}`);
    [a, b, c] = await Promise.all(['a', 'b', 'c'].map((name) => start(name)));
    await Promise.all([a, b, c].map((instance) => untilReady(instance)));
    operator = await operatorSession(a);
    coop = await createCooperative(b, operator, 'Pamoja');
    admin = await member(c, operator, coop, 'admin', 'scale');
    officer = await member(a, operator, coop, 'officer', 'scale');
    today = localDateIn(TIMEZONE);
  }, 150_000);

  afterAll(async () => {
    await Promise.all(running.map((instance) => instance.close()));
    await adminQuery(adminUrl(), `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
  });

  it('applies the migrations exactly once when the three start together, and records the shared secrets once', async () => {
    const applied = await owner<{ name: string }>('SELECT name FROM migrations ORDER BY id');
    expect(applied.map((row) => row.name)).toEqual(migrations.map((migration) => migration.name));
    const migrators = [a, b, c].filter((instance) => logLines(instance, 'migrations applied').length > 0);
    expect(migrators).toHaveLength(1);
    expect(logLines(migrators[0], 'migrations applied')[0].applied).toHaveLength(migrations.length);
    expect(await owner('SELECT name, source FROM shared_secret_fingerprints ORDER BY name')).toEqual([
      { name: 'card-key:k1', source: 'environment' },
      { name: 'jwt', source: 'environment' },
    ]);
    expect([a, b, c].filter((instance) => logLines(instance, 'fingerprints of the shared secrets recorded').length > 0)).toHaveLength(1);
  });

  it('counts failed logins in the database: five spread over A, B and C lock the login on every instance', async () => {
    await member(b, operator, coop, 'auditor', 'throttle');
    const loginName = 'auditor.throttle@test.ushirika.org';
    for (const instance of [a, b, c, a, b]) {
      const refused = await instance.http().post('/api/v1/auth/login').send({ login: loginName, password: 'not-the-password' });
      expect(refused.status).toBe(401);
    }
    for (const instance of [c, a]) {
      const locked = await instance.http().post('/api/v1/auth/login').send({ login: loginName, password: PASSWORD }).expect(429);
      expect(locked.body.code).toBe('LOGIN_THROTTLED');
    }
  });

  it('replays an Idempotency-Key used on A when the retry reaches B, and refuses it on C for another body', async () => {
    const key = randomUUID();
    const body = { name: 'Kasulo', code: 'KAS', location: { latitudeE6: -10712345, longitudeE6: 25468000 } };
    const first = await a.http().post(api('sites')).set(bearer(admin)).set('Idempotency-Key', key).send(body).expect(201);
    const replay = await b.http().post(api('sites')).set(bearer(admin)).set('Idempotency-Key', key).send(body).expect(201);
    expect(replay.headers['idempotent-replay']).toBe('true');
    expect(replay.body).toEqual(first.body);
    const reused = await c.http().post(api('sites')).set(bearer(admin)).set('Idempotency-Key', key).send({ ...body, code: 'OTHER' }).expect(409);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    siteId = (first.body as { id: string }).id;

    // The same retry arriving on the three at once: one site, every 201 the same answer.
    const together = randomUUID();
    const answers = await Promise.all(
      [a, b, c].map((instance) => instance.http().post(api('sites')).set(bearer(admin)).set('Idempotency-Key', together).send({ ...body, name: 'Mutoshi', code: 'MUT' })),
    );
    const created = answers.filter((answer) => answer.status === 201);
    expect(answers.every((answer) => answer.status === 201 || (answer.status === 409 && answer.body.code === 'IDEMPOTENCY_IN_PROGRESS'))).toBe(true);
    expect(new Set(created.map((answer) => (answer.body as { id: string }).id)).size).toBe(1);
    expect(await owner('SELECT code FROM sites WHERE cooperative_id = $1 ORDER BY code', [coop])).toEqual([{ code: 'KAS' }, { code: 'MUT' }]);
  });

  it('keeps the purchase chain gapless and fork-free with writers on every instance, and prices with a fee rule added elsewhere', async () => {
    const sellers = [await registerSeller(a, officer, coop, addDays(today, -30)), await registerSeller(b, officer, coop, addDays(today, -30))];
    const rule = (ruleCode: string, terms: Record<string, unknown>) => ({ ruleCode, fundCode: ruleCode, validFrom: addDays(today, -365), ...terms });
    await b.http().post(api('fee-rules')).set(bearer(admin)).send(rule('PROVINCIAL_LEVY', { kind: 'percent', rateBp: 100 })).expect(201);
    const record = (instance: Instance, index: number) => instance.http().post(api('purchases')).set(bearer(officer)).send(heterogenitePurchase(sellers[index % 2], siteId));
    // Each instance prices one purchase, and so keeps the cooperative's terms in its cache.
    for (const instance of [a, b, c]) await record(instance, 0).expect(201);
    await c.http().post(api('fee-rules')).set(bearer(admin)).send(rule('COOPERATIVE_DUES', { kind: 'fixed', amountMinor: 50, currency: 'USD' })).expect(201);

    const answers = await Promise.all(Array.from({ length: 36 }, (_, index) => record([a, b, c][index % 3], index)));
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 201));
    const rows = await owner<{ sequence: number; previous_hash: string; hash: string; funds: string[] }>(
      `SELECT sequence, previous_hash, hash, (SELECT array_agg(f->>'fundCode' ORDER BY f->>'fundCode') FROM jsonb_array_elements(fees) f) AS funds
         FROM purchase_ledger WHERE cooperative_id = $1 ORDER BY sequence`,
      [coop],
    );
    expect(rows.map((row) => row.sequence)).toEqual(Array.from({ length: 39 }, (_, index) => index + 1));
    rows.slice(1).forEach((row, index) => expect(row.previous_hash).toBe(rows[index].hash));
    expect(new Set(rows.map((row) => row.previous_hash)).size).toBe(rows.length);
    // Priced by A and B with the terms they had cached: purchase_append answered stale, and they re-read.
    expect(rows.slice(3).every((row) => row.funds.join() === 'COOPERATIVE_DUES,PROVINCIAL_LEVY')).toBe(true);
    for (const instance of [a, b, c]) {
      const verified = await instance.http().get(api('ledger/verify')).set(bearer(admin)).expect(200);
      expect(verified.body).toEqual({ ok: true, count: 39, headHash: rows[38].hash });
    }
  });

  it('keeps presence and zone capacity right when scans of one zone arrive through different instances', async () => {
    const zone = ((await a.http().post(api(`sites/${siteId}/zones`)).set(bearer(admin)).send({ name: 'Galerie', capacity: 4 }).expect(201)).body as { id: string }).id;
    const crowd: RegisteredMiner[] = [];
    for (let index = 0; index < 10; index += 1) crowd.push(await registerMiner([a, b, c][index % 3], officer, coop, activeCardHolder(addDays(today, -10))));
    const key = deriveCardKey(TEST_JWT_SECRET);
    const scan = (instance: Instance, miner: RegisteredMiner, direction: 'in' | 'out', capturedAt = new Date().toISOString()) =>
      instance.http().post(api(`sites/${siteId}/gate`)).set(bearer(officer))
        .send({ qrToken: signCardToken({ cooperativeId: coop, minerId: miner.id, memberNumber: miner.memberNumber, issued: today }, key), zoneId: zone, direction, capturedAt })
        .expect(201)
        .then((response) => response.body as GateAnswer);
    const presence = async (instance: Instance): Promise<Presence> => (await instance.http().get(api(`sites/${siteId}/presence`)).set(bearer(officer)).expect(200)).body as Presence;
    const inside = (view: Presence): string[] => view.zones.flatMap((z) => z.people.map((person) => person.minerId)).sort();

    const entries = await Promise.all(crowd.map((miner, index) => scan([a, b, c][index % 3], miner, 'in')));
    expect(entries.filter((answer) => answer.allowed)).toHaveLength(4);
    expect(entries.filter((answer) => !answer.allowed).map((answer) => answer.reasons.map((reason) => reason.code).join())).toEqual(Array(6).fill('ZONE_FULL'));
    const admitted = crowd.filter((_, index) => entries[index].allowed);
    const views = await Promise.all([a, b, c].map(presence));
    for (const view of views) {
      expect(view.headcount).toBe(4);
      expect(inside(view)).toEqual(admitted.map((miner) => miner.id).sort());
    }

    // Out through another instance than the one they came in by, all at once: the zone empties.
    const exits = await Promise.all(admitted.map((miner, index) => scan([b, c, a][index % 3], miner, 'out')));
    expect(exits.every((answer) => answer.allowed)).toBe(true);
    for (const view of await Promise.all([a, b, c].map(presence))) expect(view.headcount).toBe(0);
    // One member's card read at one instant by two phones that sync through B and C: let in once.
    const [first] = crowd.filter((_, index) => !entries[index].allowed);
    const instant = new Date().toISOString();
    const twice = await Promise.all([b, c].map((instance) => scan(instance, first, 'in', instant)));
    expect(twice.map((answer) => answer.reasons.map((reason) => reason.code).join()).sort()).toEqual(['', 'ALREADY_INSIDE']);
    expect((await presence(a)).headcount).toBe(1);
    const events = await owner<{ count: string }>('SELECT count(*) FROM gate_events WHERE site_id = $1', [siteId]);
    expect(events[0].count).toBe(String(10 + 4 + 2));
  });

  it('hands a job whose instance was killed (SIGKILL) to exactly one other instance, which finishes it', async () => {
    // A report job that stops just before storing its report, until the lock is released.
    const hold = new pg.Client({ connectionString: ownerUrl });
    await hold.connect();
    try {
      await hold.query('BEGIN');
      await hold.query('LOCK TABLE reports IN SHARE ROW EXCLUSIVE MODE');
      const job = (await a.http().post(api('reports')).set(bearer(admin)).set('Prefer', 'respond-async').send({ period: '2026-01' }).expect(202)).body as JobView;
      const holderOf = async (): Promise<{ state: string; attempts: number; pid: number | null }> => {
        const [row] = await owner<{ state: string; attempts: number; locked_by: string | null }>('SELECT state, attempts, locked_by FROM jobs WHERE id = $1', [job.id]);
        return { state: row.state, attempts: row.attempts, pid: row.locked_by === null ? null : Number(row.locked_by.split(':')[1]) };
      };
      const blocked = async (): Promise<void> => {
        for (;;) {
          const waiting = await owner(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ~* '^\\s*INSERT INTO "?reports"? '`);
          if (waiting.length > 0) return;
          await pause(50);
        }
      };
      await blocked();
      const first = await holderOf();
      expect(first).toMatchObject({ state: 'running', attempts: 1 });
      const victim = [a, b, c].find((instance) => instance.pid === first.pid);
      if (victim === undefined) throw new Error(`no instance holds the job (${JSON.stringify(first)})`);
      // The other two poll every 200 ms meanwhile; the holder's heartbeats keep the job its own.
      await pause(2500);
      expect(await holderOf()).toEqual(first);

      victim.kill('SIGKILL');
      expect(await victim.exited).toBeNull();
      const survivors = [a, b, c].filter((instance) => instance !== victim);
      let second = await holderOf();
      for (const until = Date.now() + 10_000; second.pid === first.pid && Date.now() < until; second = await holderOf()) await pause(100);
      expect(second.state).toBe('running');
      expect(second.attempts).toBe(2);
      expect(survivors.map((instance) => instance.pid)).toContain(second.pid);
      // Held by the new worker's heartbeats: the third instance does not take it as well.
      await pause(2500);
      expect(await holderOf()).toEqual(second);
      await hold.query('ROLLBACK');

      const done = await waitForJob(survivors[0], admin, job.id);
      expect(done).toMatchObject({ state: 'succeeded', attempts: 2 });
      const reports = await owner<{ id: string }>('SELECT id FROM reports WHERE cooperative_id = $1', [coop]);
      expect(reports).toEqual([{ id: (done.result as { reportId: string }).reportId }]);
      // The survivors go on serving, the dead one's sessions are no concern of theirs.
      await login(survivors[1], 'admin.scale@test.ushirika.org');
    } finally {
      await hold.end();
    }
  }, 60_000);

  it('refuses to start an instance whose JWT secret or card key differs from the recorded ones, naming the cause', async () => {
    const generated = await start('generated', { ...SHARED, JWT_SECRET: undefined });
    const otherCardKey = await start('card-key', { ...SHARED, CARD_KEYS: `k1:${'x'.repeat(40)}` });
    expect(await generated.exited).toBe(1);
    expect(await otherCardKey.exited).toBe(1);
    expect(generated.output()).toContain("the JWT secret: this instance's, generated into its DATA_DIR (secrets.json)");
    expect(generated.output()).toContain('holds secrets that differ from those of the instances already using this database');
    expect(otherCardKey.output()).toContain("card key k1: this instance's, from CARD_KEYS");
    expect(otherCardKey.output()).not.toContain('the JWT secret:');
    // Nothing they held was recorded over the first instance's fingerprints.
    expect(await owner('SELECT name, source FROM shared_secret_fingerprints ORDER BY name')).toEqual([
      { name: 'card-key:k1', source: 'environment' },
      { name: 'jwt', source: 'environment' },
    ]);
  }, 60_000);
});
