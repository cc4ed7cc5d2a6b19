import pg from 'pg';
import { localDateIn } from '../src/common/time-zone.js';
import QRCode from 'qrcode';
import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';
import { bearer, twoCooperatives, type Session } from './support/identity-fixture.js';
import { addDays } from '../src/common/calendar-date.js';
import type { CooperativeRole } from '../src/auth/roles.js';

interface MinerBody {
  id: string;
  lastName: string;
}

const TIMEZONE = 'Africa/Lubumbashi';
let sequence = 0;

function minerBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    firstName: `Effacé${sequence}`,
    lastName: `Kabwita${String.fromCharCode(65 + (sequence % 26))}${sequence}`,
    sex: 'F',
    dateOfBirth: '1992-02-03',
    nationality: 'CD',
    idDocumentType: 'voter_card',
    idDocumentNumber: `ER-${5000 + sequence}`,
    phone: '+243990000001',
    address: 'Mutoshi',
    nextOfKinName: 'Paul Kabwita',
    ...overrides,
  };
}

describe('erasure of a person who never became a member', () => {
  let t: TestApp;
  let coopA: string;
  let coopB: string;
  let inA: Record<CooperativeRole, Session>;
  let adminB: Session;
  let lualabaSupervisor: Session;
  let base: string;
  let today: string;

  const register = async (overrides: Record<string, unknown> = {}, cooperativeBase = base, session: Session = inA.officer): Promise<MinerBody> =>
    (await t.http().post(cooperativeBase).set(bearer(session)).send(minerBody(overrides)).expect(201)).body as MinerBody;
  const erase = (minerId: string, session: Session = inA.admin) => t.http().delete(`${base}/${minerId}`).set(bearer(session));

  /** Runs SQL as the API's own database role, in a transaction scoped to one cooperative, rolled back. */
  async function asApi(cooperativeId: string, sql: string, params: unknown[] = [], erasureFlag?: string): Promise<void> {
    const client = new pg.Client({ connectionString: t.target.appUrl });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.cooperative_ids', $1, true), set_config('app.erasure', $2, true)`, [cooperativeId, erasureFlag ?? '']);
      await client.query(sql, params);
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end();
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    ({ coopA, coopB, inA, adminB, lualabaSupervisor } = await twoCooperatives(t, { supervisor: true }));
    base = `/api/v1/cooperatives/${coopA}/miners`;
    today = localDateIn(TIMEZONE);
  });
  afterAll(async () => {
    await t.close();
  });

  it('erases an applicant: record, photo, cards and history go, the trail keeps no name, the erasure is audited', async () => {
    const miner = await register({ cardNumber: 'CEA-ERASE-1', cardIssuedOn: addDays(today, -5) });
    const png = await QRCode.toBuffer('portrait', { type: 'png' });
    await t.http().put(`${base}/${miner.id}/photo`).set(bearer(inA.officer)).set('Content-Type', 'image/png').send(png).expect(204);
    await t.http().patch(`${base}/${miner.id}`).set(bearer(inA.officer)).send({ phone: '+243990000002' }).expect(200);
    await t.http().get(`${base}/${miner.id}/personal-data`).set(bearer(inA.admin)).expect(200);
    const aboutBefore = await adminQuery<{ n: string }>(t.target.ownerUrl, `SELECT count(*) AS n FROM audit_log WHERE entity = 'miner' AND entity_id = $1`, [miner.id]);
    expect(Number(aboutBefore[0].n)).toBeGreaterThanOrEqual(3);

    await erase(miner.id).expect(204);

    await t.http().get(`${base}/${miner.id}`).set(bearer(inA.admin)).expect(404);
    for (const [table, column] of [['miners', 'id'], ['miner_cards', 'miner_id'], ['miner_status_changes', 'miner_id'], ['miner_photos', 'miner_id']]) {
      const rows = await adminQuery(t.target.ownerUrl, `SELECT 1 FROM ${table} WHERE ${column} = $1`, [miner.id]);
      expect({ table, rows: rows.length }).toEqual({ table, rows: 0 });
    }
    const named = await adminQuery<{ n: string }>(
      t.target.ownerUrl,
      `SELECT count(*) AS n FROM audit_log WHERE before::text ILIKE $1 OR after::text ILIKE $1`,
      [`%${miner.lastName}%`],
    );
    expect(named[0].n).toBe('0');
    const trail = await adminQuery<{ action: string; actor_user_id: string; before: unknown; after: unknown }>(
      t.target.ownerUrl,
      `SELECT action, actor_user_id, before, after FROM audit_log WHERE entity = 'miner' AND entity_id = $1 ORDER BY id`,
      [miner.id],
    );
    expect(trail).toHaveLength(Number(aboutBefore[0].n) + 1);
    expect(trail.map((row) => row.action)).toContain('miner.registered');
    for (const row of trail.slice(0, -1)) expect([row.before, row.after]).toEqual([{ erased: true }, { erased: true }]);
    expect(trail.at(-1)).toEqual({ action: 'erase_personal_data', actor_user_id: inA.admin.userId, before: null, after: { erased: true } });

    await erase(miner.id).expect(404);
  });

  it('removes the answers the idempotency store kept about the person, whoever sent them, and leaves other people\'s', async () => {
    const body = { firstName: 'Idem', lastName: 'Potence', sex: 'F', dateOfBirth: '1992-05-06', nationality: 'CD', idDocumentType: 'voter_card', idDocumentNumber: 'IDEM-ERASE-1', phone: '+243990000777' };
    const registered = await t.http().post(base).set(bearer(inA.officer)).set('Idempotency-Key', 'erase-me-registration').send(body).expect(201);
    const minerId = (registered.body as MinerBody).id;
    await t.http().post(`${base}/${minerId}/status`).set(bearer(inA.admin)).set('Idempotency-Key', 'erase-me-exit').send({ to: 'exited', reason: 'retrait' }).expect(200);
    const other = await t.http().post(base).set(bearer(inA.officer)).set('Idempotency-Key', 'keep-me-other')
      .send({ ...body, firstName: 'Autre', lastName: 'Personne', idDocumentNumber: 'IDEM-KEEP-1', dateOfBirth: '1980-01-01' });
    expect(other.body).toMatchObject({ id: expect.any(String) });
    const stored = (): Promise<{ key: string }[]> =>
      adminQuery<{ key: string }>(t.target.ownerUrl, `SELECT key FROM idempotency_keys WHERE key IN ('erase-me-registration', 'erase-me-exit', 'keep-me-other') ORDER BY key`);
    expect((await stored()).map((row) => row.key)).toEqual(['erase-me-exit', 'erase-me-registration', 'keep-me-other']);

    await erase(minerId).expect(204);

    expect((await stored()).map((row) => row.key)).toEqual(['keep-me-other']);
    const copies = await adminQuery(t.target.ownerUrl, `SELECT 1 FROM idempotency_keys WHERE response::text LIKE $1 OR path LIKE $1`, [`%${minerId}%`]);
    expect(copies).toHaveLength(0);
    const named = await adminQuery(t.target.ownerUrl, `SELECT 1 FROM audit_log WHERE before::text LIKE '%IDEM-ERASE-1%' OR after::text LIKE '%IDEM-ERASE-1%' OR after::text LIKE '%990000777%'`);
    expect(named).toHaveLength(0);
    expect((other.body as MinerBody).id).not.toBe(minerId);
  });

  it('refuses to delete stored answers of a miner who was not erased, and gives the API role no way round the store\'s owner-only policy', async () => {
    const miner = await register();
    await t.http().post(`${base}/${miner.id}/status`).set(bearer(inA.officer)).set('Idempotency-Key', 'not-erased-exit').send({ to: 'exited', reason: 'retrait' }).expect(200);
    await expect(asApi(coopA, 'SELECT erase_miner_copies($1, $2)', [coopA, miner.id])).rejects.toThrow(/not erased/);
    await asApi(coopA, `DELETE FROM idempotency_keys WHERE key = 'not-erased-exit'`, [], miner.id);
    expect(await adminQuery(t.target.ownerUrl, `SELECT 1 FROM idempotency_keys WHERE key = 'not-erased-exit'`)).toHaveLength(1);
  });

  it('erases an applicant who withdrew before admission', async () => {
    const miner = await register();
    await t.http().post(`${base}/${miner.id}/status`).set(bearer(inA.officer)).send({ to: 'exited', reason: 'retrait de la demande' }).expect(200);
    await erase(miner.id).expect(204);
    expect(await adminQuery(t.target.ownerUrl, 'SELECT 1 FROM miners WHERE id = $1', [miner.id])).toHaveLength(0);
  });

  it('refuses to erase anyone who was a member, even after they left', async () => {
    const member = await register();
    await t.http().post(`${base}/${member.id}/status`).set(bearer(inA.officer)).send({ to: 'active', reason: 'admis' }).expect(200);
    await t.http().post(`${base}/${member.id}/status`).set(bearer(inA.officer)).send({ to: 'exited', reason: 'départ' }).expect(200);
    const refused = await erase(member.id).expect(409);
    expect(refused.body.code).toBe('MINER_WAS_A_MEMBER');
    const direct = await register({ status: 'active' });
    expect((await erase(direct.id).expect(409)).body.code).toBe('MINER_WAS_A_MEMBER');
    expect(await adminQuery(t.target.ownerUrl, 'SELECT 1 FROM miners WHERE id = ANY($1)', [[member.id, direct.id]])).toHaveLength(2);
  });

  it('refuses to erase a person a risk flag names, and says which records hold them', async () => {
    const miner = await register();
    await t.http()
      .post(`/api/v1/cooperatives/${coopA}/risk-flags`)
      .set(bearer(inA.officer))
      .send({ category: 'missing_ppe', description: 'Sans casque au puits', people: [{ minerId: miner.id }] })
      .expect(201);
    const refused = await erase(miner.id).expect(409);
    expect(refused.body).toMatchObject({ code: 'MINER_HAS_RECORDS' });
    expect(refused.body.detail).toContain('risk_flags');
    expect(await adminQuery(t.target.ownerUrl, 'SELECT 1 FROM miners WHERE id = $1', [miner.id])).toHaveLength(1);
  });

  it('lets only an admin of the cooperative erase', async () => {
    const miner = await register();
    for (const role of ['officer', 'treasurer', 'auditor'] as const) await erase(miner.id, inA[role]).expect(403);
    await erase(miner.id, lualabaSupervisor).expect(403);
    await erase(miner.id, adminB).expect(404);
    await t.http().delete(`${base}/${miner.id}`).expect(401);
    const other = await register({}, `/api/v1/cooperatives/${coopB}/miners`, adminB);
    await erase(other.id).expect(404);
    expect(await adminQuery(t.target.ownerUrl, 'SELECT 1 FROM miners WHERE id = ANY($1)', [[miner.id, other.id]])).toHaveLength(2);
  });

  describe('the database wall', () => {
    it('still refuses the API role any update of the audit trail or deletion of cards', async () => {
      const miner = await register({ cardNumber: 'CEA-ERASE-2', cardIssuedOn: addDays(today, -5) });
      await expect(asApi(coopA, `UPDATE audit_log SET after = '{"erased": true}' WHERE entity = 'miner' AND entity_id = $1`, [miner.id])).rejects.toThrow(/permission denied/);
      await expect(asApi(coopA, `DELETE FROM miner_cards WHERE miner_id = $1`, [miner.id])).rejects.toThrow(/permission denied/);
      await expect(asApi(coopA, `DELETE FROM miner_cards WHERE miner_id = $1`, [miner.id], miner.id)).rejects.toThrow(/permission denied/);
      // Even the owner, outside the erasure function and without the flag, meets the trigger.
      await expect(adminQuery(t.target.ownerUrl, `DELETE FROM miner_cards WHERE miner_id = $1`, [miner.id])).rejects.toThrow(/append-only/);
      await expect(adminQuery(t.target.ownerUrl, `UPDATE audit_log SET after = '{"erased": true}' WHERE entity_id = $1`, [miner.id])).rejects.toThrow(/append-only/);
      expect(await adminQuery(t.target.ownerUrl, 'SELECT 1 FROM miner_cards WHERE miner_id = $1', [miner.id])).toHaveLength(1);
    });

    it('refuses, in the function itself, another cooperative\'s miner, a member, and anyone still referenced', async () => {
      const otherCoopMiner = await register({}, `/api/v1/cooperatives/${coopB}/miners`, adminB);
      await expect(asApi(coopA, 'SELECT erase_never_member($1, $2)', [coopB, otherCoopMiner.id])).rejects.toThrow(/erasure refused/);
      await expect(asApi(coopA, 'SELECT erase_never_member($1, $2)', [coopA, otherCoopMiner.id])).rejects.toThrow(/not found/);
      const active = await register({ status: 'active' });
      await expect(asApi(coopA, 'SELECT erase_never_member($1, $2)', [coopA, active.id])).rejects.toMatchObject({ code: 'UE409' });
      const flagged = await register();
      await t.http()
        .post(`/api/v1/cooperatives/${coopA}/risk-flags`)
        .set(bearer(inA.officer))
        .send({ category: 'missing_ppe', description: 'Sans gants', people: [{ minerId: flagged.id }] })
        .expect(201);
      await expect(asApi(coopA, 'SELECT erase_never_member($1, $2)', [coopA, flagged.id])).rejects.toMatchObject({ code: 'UE410', detail: 'risk_flags' });
      expect(await adminQuery(t.target.ownerUrl, 'SELECT 1 FROM miners WHERE id = ANY($1)', [[otherCoopMiner.id, active.id, flagged.id]])).toHaveLength(3);
    });
  });
});
