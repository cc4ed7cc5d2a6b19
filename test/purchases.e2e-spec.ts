import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from './support/test-app.js';
import { localDateIn } from '../src/common/time-zone.js';
import { adminQuery } from './support/test-database.js';
import { bearer, createCooperative, member, twoCooperatives, type Session } from './support/identity-fixture.js';
import { binaryBody, pdfText } from './support/pdf-text.js';
import { registerMiner as registerIn } from './support/member-fixture.js';
import { heterogenitePurchase } from './support/purchase-fixture.js';
import { addDays } from '../src/common/calendar-date.js';
import { verifyLedgerFromCli } from '../src/purchases/ledger-verify.command.js';
import type { CooperativeRole } from '../src/auth/roles.js';
import { seedSite } from './support/site-fixture.js';

interface PurchaseBody {
  id: string;
  sequence: number;
  kind: string;
  reversesId: string | null;
  amountMinor: number;
  netPaidMinor: number;
  fees: { fundCode: string; amountMinor: number }[];
  hash: string;
  previousHash: string;
}

const TIMEZONE = 'Africa/Lubumbashi';
const SITE_ID = '0b8f6a4e-7a2d-4f43-9a53-2f1d3c4b5a69';
let counter = 0;

describe('purchase ledger', () => {
  let t: TestApp;
  let operator: Session;
  let coopA: string;
  let coopC: string;
  let inA: Record<CooperativeRole, Session>;
  let adminB: Session;
  let officerC: Session;
  let lualabaSupervisor: Session;
  let today: string;
  let activeSeller: string;

  const url = (coop: string, path: string): string => `/api/v1/cooperatives/${coop}/${path}`;

  async function registerMiner(coop: string, session: Session, card: { issuedOn: string; expiresOn?: string } | null, activate = true): Promise<string> {
    counter += 1;
    const cardFields = card === null ? {} : { cardNumber: `CEA-${counter}`, cardIssuedOn: card.issuedOn, cardExpiresOn: card.expiresOn };
    const { id } = await registerIn(t, session, coop, { dateOfBirth: '1988-02-03', ...cardFields });
    if (activate) await t.http().post(url(coop, `miners/${id}/status`)).set(bearer(session)).send({ to: 'active', reason: 'admission' }).expect(200);
    return id;
  }

  function purchase(sellerId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    counter += 1;
    return heterogenitePurchase(sellerId, SITE_ID, { paymentMethod: 'mobile_money', paymentReference: `MP-${counter}`, ...overrides });
  }

  const record = (body: Record<string, unknown>, session: Session = inA.officer, coop = coopA) => t.http().post(url(coop, 'purchases')).set(bearer(session)).send(body);

  beforeAll(async () => {
    t = await startTestApp();
    ({ operator, coopA, inA, adminB, lualabaSupervisor } = await twoCooperatives(t, { supervisor: true }));
    coopC = await createCooperative(t, operator, 'Amani');
    officerC = await member(t, operator, coopC, 'officer', 'c');
    for (const coop of [coopA, coopC]) await seedSite(t, coop, SITE_ID);
    today = localDateIn(TIMEZONE);
    activeSeller = await registerMiner(coopA, inA.officer, { issuedOn: addDays(today, -30) });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('fee rules', () => {
    it('lets an admin add dated fee rules, refuses overlapping versions and officers', async () => {
      await t.http().post(url(coopA, 'fee-rules')).set(bearer(inA.admin))
        .send({ ruleCode: 'PROVINCIAL_LEVY', fundCode: 'PROVINCIAL_LEVY', kind: 'percent', rateBp: 100, validFrom: addDays(today, -365) }).expect(201);
      await t.http().post(url(coopA, 'fee-rules')).set(bearer(inA.admin))
        .send({ ruleCode: 'COOPERATIVE_DUES', fundCode: 'COOPERATIVE_DUES', kind: 'fixed', amountMinor: 50, currency: 'USD', validFrom: addDays(today, -365) }).expect(201);
      const overlap = await t.http().post(url(coopA, 'fee-rules')).set(bearer(inA.admin))
        .send({ ruleCode: 'PROVINCIAL_LEVY', fundCode: 'PROVINCIAL_LEVY', kind: 'percent', rateBp: 200, validFrom: today }).expect(422);
      expect(overlap.body.code).toBe('FEE_RULE_PERIODS_OVERLAP');
      await t.http().post(url(coopA, 'fee-rules')).set(bearer(inA.officer))
        .send({ ruleCode: 'X', fundCode: 'X', kind: 'percent', rateBp: 1, validFrom: today }).expect(403);
      const list = await t.http().get(url(coopA, 'fee-rules')).set(bearer(inA.auditor)).expect(200);
      expect(list.body).toHaveLength(2);
      const audits = await adminQuery(t.target.ownerUrl, `SELECT 1 FROM audit_log WHERE action = 'fee_rule.created' AND cooperative_id = $1`, [coopA]);
      expect(audits).toHaveLength(2);
    });
  });

  describe('recording', () => {
    it('computes the amount, withholds the fees in force and chains the entry', async () => {
      const response = await record(purchase(activeSeller, { tagId: 'QR-FIRST' })).expect(201);
      const body = response.body as PurchaseBody;
      // 12.5 kg × 92 % dry × 14.2 % Co = 1.633 kg Co × 9.50 USD = 15.51 USD
      expect(body.amountMinor).toBe(1551);
      expect(body.fees).toEqual([
        { fundCode: 'COOPERATIVE_DUES', amountMinor: 50 },
        { fundCode: 'PROVINCIAL_LEVY', amountMinor: 16 },
      ]);
      expect(body.netPaidMinor).toBe(1485);
      expect(body.sequence).toBe(1);
      expect(body.previousHash).toBe('0'.repeat(64));
      expect(body.hash).toMatch(/^[0-9a-f]{64}$/);
      const audits = await adminQuery(t.target.ownerUrl, `SELECT actor_user_id FROM audit_log WHERE action = 'purchase.recorded' AND entity_id = $1`, [body.id]);
      expect(audits).toEqual([{ actor_user_id: inA.officer.userId }]);
    });

    it('accepts a matching client amount and refuses a different one with AMOUNT_MISMATCH', async () => {
      await record(purchase(activeSeller, { amountMinor: 1551 })).expect(201);
      const refused = await record(purchase(activeSeller, { amountMinor: 1550 })).expect(422);
      expect(refused.body.code).toBe('AMOUNT_MISMATCH');
    });

    it('refuses a seller who is not active, whose card expired, or who has no card', async () => {
      const applicant = await registerMiner(coopA, inA.officer, { issuedOn: addDays(today, -30) }, false);
      expect((await record(purchase(applicant)).expect(422)).body.code).toBe('SELLER_NOT_ACTIVE');
      const expired = await registerMiner(coopA, inA.officer, { issuedOn: addDays(today, -800), expiresOn: addDays(today, -400) });
      expect((await record(purchase(expired)).expect(422)).body.code).toBe('SELLER_CARD_EXPIRED');
      const noCard = await registerMiner(coopA, inA.officer, null);
      expect((await record(purchase(noCard)).expect(422)).body.code).toBe('SELLER_NO_CARD');
    });

    it('refuses a seller or a site of another cooperative with the answer an unknown id gets, storing nothing', async () => {
      const foreignSeller = await record(purchase(activeSeller), officerC, coopC).expect(422);
      const unknownSeller = await record(purchase(randomUUID()), officerC, coopC).expect(422);
      expect(foreignSeller.body.code).toBe('SELLER_NOT_FOUND');
      expect(unknownSeller.body.code).toBe(foreignSeller.body.code);
      const sellerC = await registerMiner(coopC, officerC, { issuedOn: addDays(today, -30) });
      const siteOnlyInA = randomUUID();
      await seedSite(t, coopA, siteOnlyInA);
      const foreignSite = await record(purchase(sellerC, { siteId: siteOnlyInA }), officerC, coopC);
      const unknownSite = await record(purchase(sellerC, { siteId: randomUUID() }), officerC, coopC);
      expect(foreignSite.status).toBeGreaterThanOrEqual(400);
      expect(foreignSite.status).toBeLessThan(500);
      expect({ status: unknownSite.status, code: unknownSite.body.code }).toEqual({ status: foreignSite.status, code: foreignSite.body.code });
      const stored = await adminQuery(t.target.ownerUrl, 'SELECT 1 FROM purchase_ledger WHERE cooperative_id = $1 AND (seller_id = $2 OR site_id = $3)', [coopC, activeSeller, siteOnlyInA]);
      expect(stored).toEqual([]);
    });

    it('refuses a tag already used in the cooperative', async () => {
      const refused = await record(purchase(activeSeller, { tagId: 'QR-FIRST' })).expect(409);
      expect(refused.body.code).toBe('PURCHASE_TAG_TAKEN');
    });

    it('requires a mobile money reference and refuses unknown minerals', async () => {
      expect((await record(purchase(activeSeller, { paymentReference: undefined })).expect(422)).body.code).toBe('PAYMENT_REFERENCE_REQUIRED');
      expect((await record(purchase(activeSeller, { mineral: 'UNOBTAINIUM' })).expect(422)).body.code).toBe('MINERAL_UNKNOWN');
    });

    it('lets only admins and officers record; auditors and supervisors read; another cooperative gets 404', async () => {
      await record(purchase(activeSeller), inA.auditor).expect(403);
      await record(purchase(activeSeller), lualabaSupervisor).expect(403);
      await record(purchase(activeSeller), adminB).expect(404);
      await t.http().get(url(coopA, 'purchases')).set(bearer(lualabaSupervisor)).expect(200);
      await t.http().get(url(coopA, 'purchases')).set(bearer(adminB)).expect(404);
      await t.http().get(url(coopA, 'ledger/verify')).set(bearer(inA.officer)).expect(403);
      await t.http().get(url(coopA, 'ledger/verify')).set(bearer(adminB)).expect(404);
    });
  });

  describe('reversal', () => {
    it('appends a negated entry once, refuses a second reversal and the reversal of a reversal', async () => {
      const original = (await record(purchase(activeSeller)).expect(201)).body as PurchaseBody;
      const reversal = (await t.http().post(url(coopA, `purchases/${original.id}/reversal`)).set(bearer(inA.officer)).send({ reason: 'wrong scale' }).expect(201))
        .body as PurchaseBody;
      expect(reversal).toMatchObject({ kind: 'reversal', reversesId: original.id, amountMinor: -original.amountMinor, netPaidMinor: -original.netPaidMinor });
      expect(reversal.fees.map((fee) => fee.amountMinor)).toEqual(original.fees.map((fee) => -fee.amountMinor));
      const twice = await t.http().post(url(coopA, `purchases/${original.id}/reversal`)).set(bearer(inA.officer)).send({ reason: 'again' }).expect(409);
      expect(twice.body.code).toBe('PURCHASE_ALREADY_REVERSED');
      const ofReversal = await t.http().post(url(coopA, `purchases/${reversal.id}/reversal`)).set(bearer(inA.officer)).send({ reason: 'undo' }).expect(422);
      expect(ofReversal.body.code).toBe('REVERSAL_OF_REVERSAL');
      const audits = await adminQuery(t.target.ownerUrl, `SELECT after FROM audit_log WHERE action = 'purchase.reversed' AND entity_id = $1`, [original.id]);
      expect(audits).toHaveLength(1);
      await t.http().post(url(coopA, `purchases/${original.id}/reversal`)).set(bearer(inA.auditor)).send({ reason: 'x' }).expect(403);
    });
  });

  describe('receipt', () => {
    it('prints the amount, net paid and the hash prefix, in French by default and on a 58 mm roll', async () => {
      const entry = (await record(purchase(activeSeller)).expect(201)).body as PurchaseBody;
      const a4 = await t.http().get(url(coopA, `purchases/${entry.id}/receipt.pdf`)).set(bearer(inA.officer)).buffer(true)
        .parse(binaryBody).expect(200);
      expect(a4.headers['content-type']).toBe('application/pdf');
      const text = await pdfText(a4.body as Buffer);
      expect(text).toContain('Montant');
      expect(text).toMatch(/15,51\s?USD/);
      expect(text).toMatch(/14,85\s?USD/);
      expect(text).toContain(entry.hash.slice(0, 12));
      const roll = await t.http().get(url(coopA, `purchases/${entry.id}/receipt.pdf?format=58mm&lang=en`)).set(bearer(inA.officer)).buffer(true)
        .parse(binaryBody).expect(200);
      const rollText = await pdfText(roll.body as Buffer);
      expect(rollText).toContain('Net paid');
      expect(rollText).toContain(entry.hash.slice(0, 12));
    });
  });

  describe('hash chain', () => {
    it('serialises 50 parallel purchases into sequences 1..50 without fork and verifies OK', async () => {
      const seller = await registerMiner(coopC, officerC, { issuedOn: addDays(today, -10) });
      const responses = await Promise.all(Array.from({ length: 50 }, () => record(purchase(seller), officerC, coopC)));
      for (const response of responses) expect(response.status).toBe(201);
      const rows = await adminQuery<{ sequence: number; previous_hash: string; hash: string }>(
        t.target.ownerUrl,
        'SELECT sequence, previous_hash, hash FROM purchase_ledger WHERE cooperative_id = $1 ORDER BY sequence',
        [coopC],
      );
      expect(rows.map((row) => row.sequence)).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
      rows.slice(1).forEach((row, index) => expect(row.previous_hash).toBe(rows[index].hash));
      const adminC = await member(t, operator, coopC, 'admin', 'c');
      const verified = await t.http().get(url(coopC, 'ledger/verify')).set(bearer(adminC)).expect(200);
      expect(verified.body).toEqual({ ok: true, count: 50, headHash: rows[49].hash });
      const head = await adminQuery(t.target.ownerUrl, 'SELECT last_sequence, last_hash FROM ledger_heads WHERE cooperative_id = $1', [coopC]);
      expect(head).toEqual([{ last_sequence: 50, last_hash: rows[49].hash }]);
    });

    it('refuses UPDATE and DELETE on the ledger, through the app role and by trigger', async () => {
      const asApp = (sql: string) => adminQuery(t.target.appUrl, `SET app.cooperative_ids = '${coopA}'; ${sql}`);
      await expect(asApp('UPDATE purchase_ledger SET reason = $$x$$')).rejects.toThrow(/permission denied/);
      await expect(asApp('DELETE FROM purchase_ledger')).rejects.toThrow(/permission denied/);
      await expect(adminQuery(t.target.ownerUrl, 'UPDATE purchase_ledger SET reason = $1 WHERE cooperative_id = $2', ['x', coopA])).rejects.toThrow();
      await expect(adminQuery(t.target.ownerUrl, 'DELETE FROM purchase_ledger WHERE cooperative_id = $1', [coopA])).rejects.toThrow();
    });

    it('reports the first altered sequence after a direct SQL change, in the API and the CLI', async () => {
      const before = await t.http().get(url(coopA, 'ledger/verify')).set(bearer(inA.auditor)).expect(200);
      expect(before.body.ok).toBe(true);
      expect((await verifyLedgerFromCli(t.target.ownerUrl, coopA)).ok).toBe(true);
      await adminQuery(t.target.ownerUrl, 'ALTER TABLE purchase_ledger DISABLE TRIGGER USER');
      try {
        await adminQuery(t.target.ownerUrl, 'UPDATE purchase_ledger SET net_paid_minor = net_paid_minor + 100 WHERE cooperative_id = $1 AND sequence = 2', [coopA]);
      } finally {
        await adminQuery(t.target.ownerUrl, 'ALTER TABLE purchase_ledger ENABLE TRIGGER USER');
      }
      const after = await t.http().get(url(coopA, 'ledger/verify')).set(bearer(lualabaSupervisor)).expect(200);
      expect(after.body).toMatchObject({ ok: false, firstBadSequence: 2, problem: 'CONTENT_ALTERED', count: 1 });
      expect(await verifyLedgerFromCli(t.target.ownerUrl, coopA)).toMatchObject({ ok: false, firstBadSequence: 2 });
      // The other cooperative's chain is untouched.
      expect((await verifyLedgerFromCli(t.target.ownerUrl, coopC)).ok).toBe(true);
    });
  });
});
