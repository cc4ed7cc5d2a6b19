import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../src/app.js';
import { localDateIn } from '../src/common/time-zone.js';
import { loadConfig } from '../src/config/config.js';
import { cardTokenDigest, deriveCardKey, signCardToken, verifyCardToken } from '../src/miners/card-token.js';
import { addDays } from '../src/common/calendar-date.js';
import type { GateSnapshot, GateSnapshotMember, SignedGateSnapshot } from '../src/sites/gate-snapshot.js';
import { qrCodesIn } from './support/card-qr.js';
import { bearer, twoCooperatives, type Session } from './support/identity-fixture.js';
import { activeCardHolder, registerMiner, type RegisteredMiner } from './support/member-fixture.js';
import { binaryBody } from './support/pdf-text.js';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';
import type { CooperativeRole } from '../src/auth/roles.js';

const TIMEZONE = 'Africa/Lubumbashi';

interface GateBody {
  allowed: boolean;
  reasons: { code: string; message: string }[];
}

describe('member card tokens: who prints, revocation, key rotation', () => {
  let t: TestApp;
  let coopA: string;
  let inA: Record<CooperativeRole, Session>;
  let lualaba: Session;
  let today: string;
  let base: string;
  let sites: string;
  let siteId: string;
  let zoneId: string;

  const member = (): Promise<RegisteredMiner> => registerMiner(t, inA.officer, coopA, activeCardHolder(addDays(today, -5)));
  const print = async (miner: RegisteredMiner, session: Session = inA.officer, http = t.http()): Promise<string> => {
    const pdf = (await http.get(`${base}/${miner.id}/card.pdf`).set(bearer(session)).buffer(true).parse(binaryBody).expect(200)).body as Buffer;
    const codes = await qrCodesIn(pdf);
    expect(codes).toHaveLength(1);
    return codes[0];
  };
  const scan = async (qrToken: string, http = t.http()): Promise<GateBody> => {
    const response = await http.post(`${sites}/${siteId}/gate`).set(bearer(inA.officer)).set('Accept-Language', 'en')
      .send({ qrToken, zoneId, direction: 'in', capturedAt: new Date().toISOString() }).expect(201);
    const body = response.body as GateBody;
    // Leave again so that the next entry is not ALREADY_INSIDE.
    if (body.allowed) await http.post(`${sites}/${siteId}/gate`).set(bearer(inA.officer)).send({ qrToken, zoneId, direction: 'out', capturedAt: new Date().toISOString() }).expect(201);
    return body;
  };
  const snapshotMember = async (miner: RegisteredMiner): Promise<GateSnapshotMember | undefined> => {
    const signed = (await t.http().get(`${sites}/${siteId}/gate-snapshot`).set(bearer(inA.officer)).expect(200)).body as SignedGateSnapshot;
    return (JSON.parse(signed.payload) as GateSnapshot).members.find((candidate) => candidate.minerId === miner.id);
  };
  const legacyToken = (miner: RegisteredMiner): string =>
    signCardToken({ cooperativeId: coopA, minerId: miner.id, memberNumber: miner.memberNumber, issued: today }, deriveCardKey(TEST_JWT_SECRET));

  beforeAll(async () => {
    t = await startTestApp();
    ({ coopA, inA, lualabaSupervisor: lualaba } = await twoCooperatives(t, { supervisor: true }));
    today = localDateIn(TIMEZONE);
    base = `/api/v1/cooperatives/${coopA}/miners`;
    sites = `/api/v1/cooperatives/${coopA}/sites`;
    siteId = ((await t.http().post(sites).set(bearer(inA.admin)).send({ name: 'Cartes', code: 'CARD', location: { latitudeE6: -10712345, longitudeE6: 25468000 } }).expect(201)).body as { id: string }).id;
    zoneId = ((await t.http().post(`${sites}/${siteId}/zones`).set(bearer(inA.admin)).send({ name: 'Bureau' }).expect(201)).body as { id: string }).id;
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('lets only admins and officers print a card: auditors, supervisors and treasurers get a 403 problem and no token exists', async () => {
    const miner = await member();
    for (const session of [inA.auditor, lualaba, inA.treasurer]) {
      const refused = await t.http().get(`${base}/${miner.id}/card.pdf`).set(bearer(session)).expect(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
    }
    const rows = await adminQuery<{ count: string }>(t.target.ownerUrl, 'SELECT count(*) FROM miner_card_credentials WHERE miner_id = $1', [miner.id]);
    expect(rows[0].count).toBe('0');
    const reads = await adminQuery<{ count: string }>(t.target.ownerUrl, `SELECT count(*) FROM audit_log WHERE entity_id = $1 AND after -> 'fields' @> '["card.pdf"]'`, [miner.id]);
    expect(reads[0].count).toBe('0');
    expect((await scan(await print(miner, inA.admin))).allowed).toBe(true);
  });

  it('revokes the earlier card when a card is printed again: the gate says TOKEN_REVOKED, the new card opens, the snapshot lists the new one only', async () => {
    const miner = await member();
    const first = await print(miner);
    expect((await scan(first)).allowed).toBe(true);
    const second = await print(miner);
    expect(verifyCardToken(second, deriveCardKey(TEST_JWT_SECRET))).toMatchObject({ minerId: miner.id, keyId: 'k1', serial: 2 });
    const refused = await scan(first);
    expect(refused.allowed).toBe(false);
    expect(refused.reasons.map((reason) => reason.code)).toEqual(['TOKEN_REVOKED']);
    expect(refused.reasons[0].message).toContain('replaced or declared lost');
    expect((await scan(second)).allowed).toBe(true);
    const listed = await snapshotMember(miner);
    expect(listed?.tokenDigests).toEqual([cardTokenDigest(second)]);
    expect(listed?.cardToken).toEqual({ id: verifyCardToken(second, deriveCardKey(TEST_JWT_SECRET))?.tokenId, serial: 2, keyId: 'k1' });
  });

  it('revokes the printed card when the miner\'s card is renewed, online and in the snapshot, until a reprint', async () => {
    const miner = await member();
    const printed = await print(miner);
    await t.http().post(`${base}/${miner.id}/cards`).set(bearer(inA.officer)).send({ cardNumber: `CEA-RENEW-${miner.id.slice(0, 6)}`, cardIssuedOn: today }).expect(201);
    expect((await scan(printed)).reasons.map((reason) => reason.code)).toEqual(['TOKEN_REVOKED']);
    expect(await snapshotMember(miner)).toMatchObject({ cardToken: null, tokenDigests: [] });
    const reprinted = await print(miner);
    expect((await scan(reprinted)).allowed).toBe(true);
    expect((await snapshotMember(miner))?.tokenDigests).toEqual([cardTokenDigest(reprinted)]);
  });

  it('revokes every token of a card declared lost, online and in the snapshot, and audits the declaration', async () => {
    const miner = await member();
    const printed = await print(miner);
    const answer = await t.http().post(`${base}/${miner.id}/cards/lost`).set(bearer(inA.officer)).send({ note: 'Perdue au puits' }).expect(200);
    expect(answer.body).toMatchObject({ minerId: miner.id, lastSerial: 1 });
    expect((await scan(printed)).reasons.map((reason) => reason.code)).toEqual(['TOKEN_REVOKED']);
    expect(await snapshotMember(miner)).toMatchObject({ cardToken: null, tokenDigests: [] });
    const audits = await adminQuery<{ action: string }>(t.target.ownerUrl, `SELECT action FROM audit_log WHERE entity_id = $1 AND action = 'miner.card_declared_lost'`, [miner.id]);
    expect(audits).toHaveLength(1);
    await t.http().post(`${base}/00000000-0000-4000-8000-000000000000/cards/lost`).set(bearer(inA.officer)).send({}).expect(404);
  });

  it('accepts a card printed before token ids until the member\'s card is printed again or declared lost', async () => {
    const kept = await member();
    const replaced = await member();
    expect((await scan(legacyToken(kept))).allowed).toBe(true);
    expect((await scan(legacyToken(replaced))).allowed).toBe(true);
    await print(replaced);
    expect((await scan(legacyToken(replaced))).reasons.map((reason) => reason.code)).toEqual(['TOKEN_REVOKED']);
    await t.http().post(`${base}/${kept.id}/cards/lost`).set(bearer(inA.officer)).send({}).expect(200);
    expect((await scan(legacyToken(kept))).reasons.map((reason) => reason.code)).toEqual(['TOKEN_REVOKED']);
  });

  describe('key rotation', () => {
    let rotated: NestFastifyApplication;
    let retired: NestFastifyApplication;
    const NEW_SECRET = 'a-new-card-secret-a-new-card-secret-0123';

    beforeAll(async () => {
      const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: t.config.DATA_DIR };
      rotated = await createApp(loadConfig({ ...env, CARD_KEYS: `k2:${NEW_SECRET},k1:${TEST_JWT_SECRET}` }), t.target);
      retired = await createApp(loadConfig({ ...env, CARD_KEYS: `k2:${NEW_SECRET}` }), t.target);
    }, 60_000);
    afterAll(async () => {
      await rotated.close();
      await retired.close();
    });

    it('signs new cards with the new key while cards of the old key still open the gate, and refuses them once the old key is retired', async () => {
      const old = await member();
      const fresh = await member();
      const oldToken = await print(old);
      const freshToken = await print(fresh, inA.officer, request(rotated.getHttpServer()));
      expect(verifyCardToken(freshToken, deriveCardKey(NEW_SECRET))).toMatchObject({ keyId: 'k2', minerId: fresh.id });
      expect(verifyCardToken(freshToken, deriveCardKey(TEST_JWT_SECRET))).toBeNull();
      expect((await scan(oldToken, request(rotated.getHttpServer()))).allowed).toBe(true);
      expect((await scan(freshToken, request(rotated.getHttpServer()))).allowed).toBe(true);
      expect((await scan(freshToken, request(retired.getHttpServer()))).allowed).toBe(true);
      expect((await scan(oldToken, request(retired.getHttpServer()))).reasons.map((reason) => reason.code)).toEqual(['INVALID_TOKEN']);
    });
  });
});
