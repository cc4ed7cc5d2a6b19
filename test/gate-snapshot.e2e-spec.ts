import { createHash, createPublicKey, verify } from 'node:crypto';
import { localDateIn } from '../src/common/time-zone.js';
import { deriveCardKey, signCardToken, verifyCardToken } from '../src/miners/card-token.js';
import { qrCodesIn } from './support/card-qr.js';
import { binaryBody } from './support/pdf-text.js';
import { addDays } from '../src/common/calendar-date.js';
import type { GateSnapshot, GateSnapshotKey, SignedGateSnapshot } from '../src/sites/gate-snapshot.js';
import { bearer, twoCooperatives, type Session } from './support/identity-fixture.js';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';
import { registerMiner, type RegisteredMiner } from './support/member-fixture.js';
import type { CooperativeRole } from '../src/auth/roles.js';

const TIMEZONE = 'Africa/Lubumbashi';
const DAY_MS = 24 * 60 * 60_000;

function verifies(signed: SignedGateSnapshot, key: GateSnapshotKey): boolean {
  const publicKey = createPublicKey({ key: { kty: key.jwk.kty, crv: key.jwk.crv, x: key.jwk.x }, format: 'jwk' });
  return verify(null, Buffer.from(signed.payload, 'utf8'), publicKey, Buffer.from(signed.signature, 'base64url'));
}

describe('offline gate snapshot', () => {
  let t: TestApp;
  let coopA: string;
  let coopB: string;
  let inA: Record<CooperativeRole, Session>;
  let adminB: Session;
  let lualaba: Session;
  let today: string;
  let sites: string;
  let siteId: string;
  let pitId: string;
  let printed: RegisteredMiner;
  let applicant: RegisteredMiner;
  let printedToken: string;
  const register = (overrides: Record<string, unknown>): Promise<RegisteredMiner> =>
    registerMiner(t, inA.officer, coopA, { firstName: 'Snap', sex: 'F', dateOfBirth: '1991-02-03', ...overrides });
  const fetchSnapshot = (session: Session, path = `${sites}/${siteId}/gate-snapshot`) => t.http().get(path).set(bearer(session));

  beforeAll(async () => {
    t = await startTestApp();
    ({ coopA, coopB, inA, adminB, lualabaSupervisor: lualaba } = await twoCooperatives(t, { supervisor: true }));
    today = localDateIn(TIMEZONE);
    sites = `/api/v1/cooperatives/${coopA}/sites`;
    siteId = ((await t.http().post(sites).set(bearer(inA.admin)).send({ name: 'Snapshot', code: 'SNAP', location: { latitudeE6: -10712345, longitudeE6: 25468000 }, closingTime: '18:00' }).expect(201)).body as { id: string }).id;
    pitId = ((await t.http().post(`${sites}/${siteId}/zones`).set(bearer(inA.admin))
      .send({ name: 'Puits', hazardous: true, ppeRequired: ['helmet'], capacity: 12, trainingsRequired: ['site_induction'] }).expect(201)).body as { id: string }).id;
    printed = await register({ status: 'active', cardNumber: 'CEA-SNAP-1', cardIssuedOn: addDays(today, -20) });
    applicant = await register({ firstName: 'Attente', birthYear: 1990, birthDateEstimated: true, dateOfBirth: undefined });
    const pdf = (await t.http().get(`/api/v1/cooperatives/${coopA}/miners/${printed.id}/card.pdf`).set(bearer(inA.officer)).buffer(true).parse(binaryBody).expect(200)).body as Buffer;
    [printedToken] = await qrCodesIn(pdf);
    const session = (await t.http().post(`/api/v1/cooperatives/${coopA}/trainings`).set(bearer(inA.officer))
      .send({ topic: 'site_induction', trainer: 'Ir. Mwamba', validityMonths: 12, heldOn: addDays(today, -2) }).expect(201)).body as { id: string };
    await t.http().post(`/api/v1/cooperatives/${coopA}/trainings/${session.id}/attendance`).set(bearer(inA.officer)).send({ minerIds: [printed.id] }).expect(201);
    const token = printedToken;
    await t.http().post(`${sites}/${siteId}/gate`).set(bearer(inA.officer))
      .send({ qrToken: token, zoneId: pitId, direction: 'in', capturedAt: new Date().toISOString(), declarations: { ppeWorn: ['helmet'] } })
      .expect(201);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('publishes the Ed25519 public key without a login', async () => {
    const key = (await t.http().get('/api/v1/gate-snapshot-key').expect(200)).body as GateSnapshotKey;
    expect(key).toMatchObject({ algorithm: 'Ed25519', jwk: { kty: 'OKP', crv: 'Ed25519' } });
    expect(Buffer.from(key.jwk.x, 'base64url')).toHaveLength(32);
    expect(key.pem).toContain('BEGIN PUBLIC KEY');
  });

  it('signs a snapshot that the published key verifies, and that no edit survives', async () => {
    const key = (await t.http().get('/api/v1/gate-snapshot-key').expect(200)).body as GateSnapshotKey;
    const signed = (await fetchSnapshot(inA.officer).expect(200)).body as SignedGateSnapshot;
    expect(signed).toMatchObject({ algorithm: 'Ed25519', keyId: key.keyId });
    expect(verifies(signed, key)).toBe(true);
    expect(verifies({ ...signed, payload: signed.payload.replace('"active"', '"exited"') }, key)).toBe(false);
  });

  it('holds the site, its zones with restrictions, every member with cards, trainings and token digests, and who is inside', async () => {
    const before = Date.now();
    const signed = (await fetchSnapshot(inA.admin).expect(200)).body as SignedGateSnapshot;
    const snapshot = JSON.parse(signed.payload) as GateSnapshot;
    expect(snapshot).toMatchObject({ version: 1, cooperativeId: coopA, siteId, timezone: TIMEZONE, rules: { adultAge: 18 } });
    expect(Date.parse(snapshot.validUntil) - Date.parse(snapshot.generatedAt)).toBe(DAY_MS);
    expect(Date.parse(snapshot.generatedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(snapshot.site).toEqual({ id: siteId, name: 'Snapshot', code: 'SNAP', status: 'open', closedReason: null, closedOn: null, reopensOn: null, closingTime: '18:00' });
    expect(snapshot.zones).toEqual([{ id: pitId, name: 'Puits', hazardous: true, ppeRequired: ['helmet'], forbidsPregnancy: false, capacity: 12, trainingsRequired: ['site_induction'] }]);

    const member = snapshot.members.find((candidate) => candidate.minerId === printed.id);
    const token = printedToken;
    expect(member).toMatchObject({
      memberNumber: printed.memberNumber,
      firstName: 'Snap',
      status: 'active',
      dateOfBirth: '1991-02-03',
      birthDateEstimated: false,
      cards: [{ cardNumber: 'CEA-SNAP-1', issuedOn: addDays(today, -20) }],
      cardExpiresOn: expect.any(String),
      trainings: [{ topic: 'site_induction', date: addDays(today, -2), validityMonths: 12 }],
    });
    expect(member?.tokenDigests).toEqual([createHash('sha256').update(token).digest('hex')]);
    expect(member?.cardToken).toEqual({ id: verifyCardToken(token, deriveCardKey(TEST_JWT_SECRET))?.tokenId, serial: 1, keyId: 'k1' });
    const forged = signCardToken({ cooperativeId: coopA, minerId: printed.id, memberNumber: printed.memberNumber, issued: today }, deriveCardKey('another-secret'));
    expect(member?.tokenDigests).not.toContain(createHash('sha256').update(forged).digest('hex'));

    expect(snapshot.members.find((candidate) => candidate.minerId === applicant.id)).toMatchObject({
      status: 'applicant', dateOfBirth: null, birthYear: 1990, birthDateEstimated: true, cards: [], cardExpiresOn: null, trainings: [], cardToken: null, tokenDigests: [],
    });
    expect(snapshot.inside).toEqual([{ minerId: printed.id, zoneId: pitId, enteredAt: expect.any(String) }]);
  });

  it('audits the read of every member\'s personal data', async () => {
    await fetchSnapshot(inA.officer).expect(200);
    const rows = await adminQuery<{ actor_user_id: string; after: { fields: string[] } }>(
      t.target.ownerUrl,
      `SELECT actor_user_id, after FROM audit_log WHERE action = 'read_personal_data' AND entity = 'site' AND entity_id = $1`,
      [siteId],
    );
    expect(rows.some((row) => row.actor_user_id === inA.officer.userId && row.after.fields.includes('gate-snapshot'))).toBe(true);
  });

  it('is for the gate only: officers and admins, not treasurers, auditors or supervisors', async () => {
    for (const session of [inA.treasurer, inA.auditor, lualaba]) await fetchSnapshot(session).expect(403);
  });

  it('hides another cooperative\'s site and refuses an unknown one', async () => {
    await fetchSnapshot(adminB).expect(404);
    const foreign = await fetchSnapshot(adminB, `/api/v1/cooperatives/${coopB}/sites/${siteId}/gate-snapshot`).expect(404);
    expect(foreign.body.code).toBe('SITE_NOT_FOUND');
    await t.http().get(`${sites}/${siteId}/gate-snapshot`).expect(401);
  });
});
