import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from './support/test-app.js';
import { localDateIn } from '../src/common/time-zone.js';
import { addDays } from '../src/common/calendar-date.js';
import { adminQuery } from './support/test-database.js';
import { bearer, createCooperative, member, twoCooperatives, type Session } from './support/identity-fixture.js';
import { heterogenitePurchase, registerSeller } from './support/purchase-fixture.js';
import { seedSite } from './support/site-fixture.js';
import type { CooperativeRole } from '../src/auth/roles.js';
import { Db } from '../src/database/db.js';
import { SalesService } from '../src/purchases/sales/sales.service.js';
import { StockService } from '../src/purchases/sales/stock.service.js';

interface Lot {
  id: string;
  tagId: string;
  netMg: number;
  amountReportingMinor: number;
}

interface StockLine {
  mineral: string;
  siteId: string;
  purchasedMg: number;
  soldMg: number;
  onHandMg: number;
  values: { currency: string; purchasedMinor: number; soldMinor: number; onHandMinor: number }[];
}

const TIMEZONE = 'Africa/Lubumbashi';
const SITE_1 = '1a1e9b1c-1111-4c3e-8d5a-0f1e2d3c4b5a';
const SITE_2 = '2a1e9b1c-2222-4c3e-8d5a-0f1e2d3c4b5a';
const DAY_MS = 86_400_000;

describe('sales to buyers, buyer measurements and stock', () => {
  let t: TestApp;
  let operator: Session;
  let coopA: string;
  let coopB: string;
  let inA: Record<CooperativeRole, Session>;
  let adminB: Session;
  let lualabaSupervisor: Session;
  let today: string;
  let sellerA: string;
  let sellerB: string;
  let buyerId: string;

  const url = (coop: string, path: string): string => `/api/v1/cooperatives/${coop}/${path}`;
  const daysAgo = (days: number): string => new Date(Date.now() - days * DAY_MS).toISOString();

  async function buy(overrides: Record<string, unknown> = {}, coop = coopA, session = inA.officer, seller = sellerA, site = SITE_1): Promise<Lot> {
    const response = await t.http().post(url(coop, 'purchases')).set(bearer(session)).send(heterogenitePurchase(seller, site, overrides));
    if (response.status !== 201) throw new Error(JSON.stringify(response.body));
    return response.body as Lot;
  }

  function sell(lots: { purchaseIds?: string[]; tagIds?: string[] }, extra: Record<string, unknown> = {}, session = inA.officer, coop = coopA) {
    return t.http()
      .post(url(coop, 'sales'))
      .set(bearer(session))
      .send({ buyerId, amountMinor: 150_000, currency: 'USD', ...lots, ...extra });
  }

  const measure = (saleId: string, body: Record<string, unknown>, session = inA.officer) =>
    t.http().post(url(coopA, `sales/${saleId}/buyer-measurement`)).set(bearer(session)).send(body);

  const stock = async (coop: string, on: string, session: Session): Promise<StockLine[]> =>
    (await t.http().get(url(coop, `stock?on=${on}`)).set(bearer(session)).expect(200)).body.lines as StockLine[];

  beforeAll(async () => {
    t = await startTestApp();
    ({ operator, coopA, coopB, inA, adminB, lualabaSupervisor } = await twoCooperatives(t, { supervisor: true }));
    today = localDateIn(TIMEZONE);
    for (const site of [SITE_1, SITE_2]) await seedSite(t, coopA, site);
    await seedSite(t, coopB, SITE_1);
    sellerA = await registerSeller(t, inA.officer, coopA, addDays(today, -60));
    sellerB = await registerSeller(t, adminB, coopB, addDays(today, -60));
  });
  afterAll(async () => {
    await t.close();
  });

  describe('buyers', () => {
    it('lets officers record buyers, refuses a second buyer with the same licence, and lets read-only roles list them', async () => {
      const created = await t.http().post(url(coopA, 'buyers')).set(bearer(inA.officer))
        .send({ name: 'Comptoir Kolwezi Minerals', licenceNumber: 'CAMI/AG/0042', type: 'comptoir' }).expect(201);
      buyerId = created.body.id as string;
      expect(created.body).toMatchObject({ name: 'Comptoir Kolwezi Minerals', licenceNumber: 'CAMI/AG/0042', type: 'comptoir', createdBy: inA.officer.userId });
      const again = await t.http().post(url(coopA, 'buyers')).set(bearer(inA.admin))
        .send({ name: 'Autre', licenceNumber: 'CAMI/AG/0042', type: 'processor' }).expect(409);
      expect(again.body.code).toBe('BUYER_LICENCE_TAKEN');
      await t.http().post(url(coopA, 'buyers')).set(bearer(inA.admin)).send({ name: 'EGC', licenceNumber: 'EGC-001', type: 'egc' }).expect(201);
      await t.http().post(url(coopA, 'buyers')).set(bearer(inA.officer)).send({ name: 'X', licenceNumber: 'X-1', type: 'trader' }).expect(400);
      await t.http().post(url(coopA, 'buyers')).set(bearer(inA.auditor)).send({ name: 'X', licenceNumber: 'X-2', type: 'other' }).expect(403);
      await t.http().post(url(coopA, 'buyers')).set(bearer(adminB)).send({ name: 'X', licenceNumber: 'X-3', type: 'other' }).expect(404);
      const listed = await t.http().get(url(coopA, 'buyers')).set(bearer(lualabaSupervisor)).expect(200);
      expect((listed.body as { type: string }[]).map((buyer) => buyer.type)).toEqual(['comptoir', 'egc']);
      const audits = await adminQuery(t.target.ownerUrl, `SELECT 1 FROM audit_log WHERE action = 'buyer.created' AND cooperative_id = $1`, [coopA]);
      expect(audits).toHaveLength(2);
    });
  });

  describe('recording a sale', () => {
    it('groups lots named by id or by tag, with their total net mass and mass-weighted grade', async () => {
      const first = await buy();
      const second = await buy({ netMass: { value: '37.5', unit: 'kg' }, grossMass: { value: '38', unit: 'kg' }, gradePercent: '15.01' });
      const response = await sell({ purchaseIds: [first.id], tagIds: [second.tagId] }, { reference: 'FACT-2026-001', unitPriceMinor: 1200, priceBasis: 'per_unit_contained_metal' }).expect(201);
      // (12.5 × 1420 + 37.5 × 1501) / 50 = 1480.75 → 1481 bp
      expect(response.body).toMatchObject({
        soldOn: today,
        mineral: 'HETEROGENITE',
        lotCount: 2,
        netMg: 50_000_000,
        gradeBp: 1481,
        amountMinor: 150_000,
        currency: 'USD',
        reportingCurrency: 'USD',
        amountReportingMinor: 150_000,
        unitPriceMinor: 1200,
        priceUnit: 'kg',
        buyer: { id: buyerId, type: 'comptoir' },
        buyerMeasurement: null,
        measurements: [],
      });
      expect((response.body.lots as { purchaseId: string }[]).map((lot) => lot.purchaseId)).toEqual([first.id, second.id]);
      const saleId = response.body.id as string;
      const fetched = await t.http().get(url(coopA, `sales/${saleId}`)).set(bearer(lualabaSupervisor)).expect(200);
      expect(fetched.body.lots).toHaveLength(2);
      const listed = await t.http().get(url(coopA, `sales?buyerId=${buyerId}`)).set(bearer(inA.auditor)).expect(200);
      expect((listed.body.items as { id: string }[]).map((sale) => sale.id)).toContain(saleId);
      const audits = await adminQuery<{ actor_user_id: string }>(t.target.ownerUrl, `SELECT actor_user_id FROM audit_log WHERE action = 'sale.recorded' AND entity_id = $1`, [saleId]);
      expect(audits).toEqual([{ actor_user_id: inA.officer.userId }]);
    });

    it('converts a sale in another currency to the reporting currency with the rate given', async () => {
      const lot = await buy();
      const response = await sell({ purchaseIds: [lot.id] }, { currency: 'CDF', amountMinor: 28_500_000, exchangeRate: { base: 'USD', quote: 'CDF', rate: '2850' } }).expect(201);
      // 285 000.00 CDF at 2 850 CDF per USD = 100.00 USD
      expect(response.body).toMatchObject({ currency: 'CDF', amountMinor: 28_500_000, reportingCurrency: 'USD', amountReportingMinor: 10_000, exchangeRate: { base: 'USD', rate: '2850' } });
      const missing = await sell({ purchaseIds: [(await buy()).id] }, { currency: 'CDF', amountMinor: 285_000 }).expect(422);
      expect(missing.body.code).toBe('EXCHANGE_RATE_REQUIRED');
    });

    it('refuses a reversed lot, a lot already sold, mixed minerals, a reversal entry and an empty sale', async () => {
      const reversed = await buy();
      const reversal = await t.http().post(url(coopA, `purchases/${reversed.id}/reversal`)).set(bearer(inA.officer)).send({ reason: 'Mauvaise balance' }).expect(201);
      expect((await sell({ purchaseIds: [reversed.id] }).expect(409)).body.code).toBe('SALE_LOT_REVERSED');
      expect((await sell({ purchaseIds: [reversal.body.id as string] }).expect(422)).body.code).toBe('SALE_LOT_NOT_A_PURCHASE');

      const sold = await buy();
      await sell({ purchaseIds: [sold.id] }).expect(201);
      const twice = await sell({ tagIds: [sold.tagId] }).expect(409);
      expect(twice.body).toMatchObject({ code: 'SALE_LOT_ALREADY_SOLD' });

      const cassiterite = await buy({ mineral: 'CASSITERITE', moisturePercent: undefined, gradePercent: '65', priceBasis: 'per_unit_net_mass', unitPriceMinor: 1500 });
      const mixed = await sell({ purchaseIds: [(await buy()).id, cassiterite.id] }).expect(422);
      expect(mixed.body.code).toBe('SALE_MINERALS_MIXED');

      expect((await sell({}).expect(422)).body.code).toBe('SALE_LOTS_EMPTY');
      expect((await sell({ purchaseIds: [cassiterite.id, cassiterite.id] }).expect(422)).body.code).toBe('SALE_LOT_DUPLICATED');
      expect((await sell({ purchaseIds: [cassiterite.id] }, { soldOn: addDays(today, 1) }).expect(422)).body.code).toBe('SALE_DATE_IN_FUTURE');
      // Nothing refused was recorded.
      const lots = await adminQuery(t.target.ownerUrl, 'SELECT 1 FROM sale_lots WHERE cooperative_id = $1 AND purchase_id = ANY ($2::uuid[])', [coopA, [reversed.id, cassiterite.id]]);
      expect(lots).toEqual([]);
    });

    it("refuses another cooperative's lot as unknown, and another cooperative's caller with 404", async () => {
      const lotOfB = await buy({}, coopB, adminB, sellerB);
      const refused = await sell({ purchaseIds: [lotOfB.id] }).expect(422);
      expect(refused.body).toMatchObject({ code: 'SALE_LOT_NOT_FOUND' });
      expect((await sell({ tagIds: [lotOfB.tagId] }).expect(422)).body.code).toBe('SALE_LOT_NOT_FOUND');
      const lotOfA = await buy();
      await sell({ purchaseIds: [lotOfA.id] }, {}, adminB).expect(404);
      await t.http().get(url(coopA, 'sales')).set(bearer(adminB)).expect(404);
      await t.http().get(url(coopA, 'stock')).set(bearer(adminB)).expect(404);
    });

    it('records a sale once when a phone replays it with the same Idempotency-Key', async () => {
      const lot = await buy();
      const body = { buyerId, purchaseIds: [lot.id], amountMinor: 9_000, currency: 'USD' };
      const send = () => t.http().post(url(coopA, 'sales')).set(bearer(inA.officer)).set('Idempotency-Key', `sale-${lot.id}`).send(body);
      const first = await send().expect(201);
      const replay = await send().expect(201);
      expect(replay.body.id).toBe(first.body.id);
      const rows = await adminQuery(t.target.ownerUrl, 'SELECT 1 FROM sales WHERE cooperative_id = $1 AND id = $2', [coopA, first.body.id]);
      expect(rows).toHaveLength(1);
    });

    it('lets only admins and officers sell; auditors and supervisors are refused', async () => {
      const lot = await buy();
      await sell({ purchaseIds: [lot.id] }, {}, inA.auditor).expect(403);
      await sell({ purchaseIds: [lot.id] }, {}, lualabaSupervisor).expect(403);
      await sell({ purchaseIds: [lot.id] }, {}, inA.treasurer).expect(403);
      await sell({ purchaseIds: [lot.id] }, {}, inA.admin).expect(201);
    });

    it('refuses to reverse a sold purchase', async () => {
      const lot = await buy();
      const sale = await sell({ purchaseIds: [lot.id] }).expect(201);
      const refused = await t.http().post(url(coopA, `purchases/${lot.id}/reversal`)).set(bearer(inA.officer)).send({ reason: 'Erreur' }).expect(409);
      expect(refused.body).toMatchObject({ code: 'PURCHASE_SOLD' });
      expect(refused.body.detail).toContain(sale.body.id as string);
      const reversals = await adminQuery(t.target.ownerUrl, 'SELECT 1 FROM purchase_ledger WHERE cooperative_id = $1 AND reverses_id = $2', [coopA, lot.id]);
      expect(reversals).toEqual([]);
    });

    it('sells a lot once when several sales of it race: one wins, the others get 409', async () => {
      const lot = await buy();
      const responses = await Promise.all(Array.from({ length: 6 }, () => sell({ purchaseIds: [lot.id] })));
      expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      for (const response of responses.filter((r) => r.status === 409)) expect(response.body.code).toBe('SALE_LOT_ALREADY_SOLD');
      const rows = await adminQuery(t.target.ownerUrl, 'SELECT sale_id FROM sale_lots WHERE cooperative_id = $1 AND purchase_id = $2', [coopA, lot.id]);
      expect(rows).toHaveLength(1);
    });

    it('races a sale against the reversal of its lot: exactly one of them happens', async () => {
      const lot = await buy();
      const [sale, reversal] = await Promise.all([
        sell({ purchaseIds: [lot.id] }),
        t.http().post(url(coopA, `purchases/${lot.id}/reversal`)).set(bearer(inA.officer)).send({ reason: 'Doublon' }),
      ]);
      expect([sale.status, reversal.status].sort()).toEqual([201, 409]);
      const sold = await adminQuery(t.target.ownerUrl, 'SELECT 1 FROM sale_lots WHERE cooperative_id = $1 AND purchase_id = $2', [coopA, lot.id]);
      const reversed = await adminQuery(t.target.ownerUrl, 'SELECT 1 FROM purchase_ledger WHERE cooperative_id = $1 AND reverses_id = $2', [coopA, lot.id]);
      expect(sold.length + reversed.length).toBe(1);
    });

    it('keeps a lot in one sale by database key, and refuses UPDATE and DELETE on sales', async () => {
      const lot = await buy();
      const sale = (await sell({ purchaseIds: [lot.id] }).expect(201)).body as { id: string };
      const other = (await sell({ purchaseIds: [(await buy()).id] }).expect(201)).body as { id: string };
      await expect(adminQuery(t.target.ownerUrl, 'INSERT INTO sale_lots (cooperative_id, purchase_id, sale_id) VALUES ($1, $2, $3)', [coopA, lot.id, other.id])).rejects.toThrow(/sale_lots_pkey/);
      await expect(adminQuery(t.target.ownerUrl, 'UPDATE sales SET amount_minor = 1 WHERE cooperative_id = $1 AND id = $2', [coopA, sale.id])).rejects.toThrow(/append-only/);
      await expect(adminQuery(t.target.ownerUrl, 'DELETE FROM sale_lots WHERE cooperative_id = $1 AND sale_id = $2', [coopA, sale.id])).rejects.toThrow(/append-only/);
    });
  });

  describe('buyer measurement', () => {
    async function saleOfTwoLots(): Promise<string> {
      const lots = [await buy(), await buy()];
      return (await sell({ purchaseIds: lots.map((lot) => lot.id) }).expect(201)).body.id as string;
    }

    const discrepancyFlags = (saleId: string) =>
      adminQuery<{ id: string; category: string; severity: string; source: string; site_id: string | null; description_params: Record<string, unknown> }>(
        t.target.ownerUrl,
        `SELECT id, category, severity, source, site_id, description_params FROM risk_flags WHERE cooperative_id = $1 AND dedupe_key = $2`,
        [coopA, `buyer_discrepancy:sale:${saleId}`],
      );

    it('raises no flag at the tolerance (2 % of mass, 0.5 grade points) and one beyond it, on a correction with a reason', async () => {
      const saleId = await saleOfTwoLots();
      // Ours: 25 kg at 14.2 %. The buyer: 24.5 kg (−2 % exactly) at 13.7 % (−0.5 point exactly).
      const within = await measure(saleId, { netMass: { value: '24.5', unit: 'kg' }, gradePercent: '13.7', reference: 'TICKET-881' }).expect(201);
      expect(within.body).toMatchObject({ ours: { netMg: 25_000_000, gradeBp: 1420 }, massDiffMg: -500_000, massDiffBp: -200, gradeDiffBp: -50, exceeds: false, reasons: [], riskFlagId: null, correctsId: null });
      expect(await discrepancyFlags(saleId)).toEqual([]);

      const noReason = await measure(saleId, { netMass: { value: '24.499', unit: 'kg' }, gradePercent: '13.7' }).expect(422);
      expect(noReason.body.code).toBe('BUYER_MEASUREMENT_REASON_REQUIRED');

      const beyond = await measure(saleId, { netMass: { value: '24.499', unit: 'kg' }, gradePercent: '13.69', reason: 'Ticket du pont-bascule mal lu' }).expect(201);
      expect(beyond.body).toMatchObject({ correctsId: within.body.id, massDiffMg: -501_000, gradeDiffBp: -51, exceeds: true, reasons: ['MASS_DIFFERENCE_ABOVE_TOLERANCE', 'GRADE_DIFFERENCE_ABOVE_TOLERANCE'] });
      const flags = await discrepancyFlags(saleId);
      expect(flags).toHaveLength(1);
      expect(flags[0]).toMatchObject({ id: beyond.body.riskFlagId, category: 'weight_grade_discrepancy', severity: 'medium', source: 'buyer_discrepancy', site_id: SITE_1 });
      expect(flags[0].description_params).toMatchObject({ saleId, ourNetMassMg: 25_000_000, buyerNetMassMg: 24_499_000, massDifferenceMg: -501_000, massToleranceBp: 200, gradeDifferenceBp: -51, gradeToleranceBp: 50 });

      const detail = await t.http().get(url(coopA, `sales/${saleId}`)).set(bearer(inA.auditor)).expect(200);
      expect((detail.body.measurements as { id: string }[]).map((m) => m.id)).toEqual([within.body.id, beyond.body.id]);
      expect(detail.body.buyerMeasurement.id).toBe(beyond.body.id);
      const audits = await adminQuery(t.target.ownerUrl, `SELECT 1 FROM audit_log WHERE action = 'sale.buyer_measurement.recorded' AND entity_id = $1`, [saleId]);
      expect(audits).toHaveLength(2);
      await expect(adminQuery(t.target.ownerUrl, 'DELETE FROM sale_buyer_measurements WHERE cooperative_id = $1', [coopA])).rejects.toThrow(/append-only/);
    });

    it('raises a high-severity flag beyond twice the tolerance, from the first measurement', async () => {
      const saleId = await saleOfTwoLots();
      const response = await measure(saleId, { netMass: { value: '23', unit: 'kg' } }).expect(201);
      expect(response.body).toMatchObject({ massDiffBp: -800, gradeDiffBp: null, exceeds: true, reasons: ['MASS_DIFFERENCE_ABOVE_TOLERANCE'] });
      const [flag] = await discrepancyFlags(saleId);
      expect(flag).toMatchObject({ id: response.body.riskFlagId, severity: 'high' });
    });

    it("applies the cooperative's own tolerance, which only an admin may set", async () => {
      const defaults = await t.http().get(url(coopA, 'reconciliation-settings')).set(bearer(inA.auditor)).expect(200);
      expect(defaults.body).toEqual({ massBp: 200, gradeBp: 50, updatedAt: null });
      await t.http().put(url(coopA, 'reconciliation-settings')).set(bearer(inA.officer)).send({ massToleranceBp: 500, gradeToleranceBp: 100 }).expect(403);
      const saved = await t.http().put(url(coopA, 'reconciliation-settings')).set(bearer(inA.admin)).send({ massToleranceBp: 500, gradeToleranceBp: 100 }).expect(200);
      expect(saved.body).toMatchObject({ massBp: 500, gradeBp: 100 });

      const saleId = await saleOfTwoLots();
      // −4 % and −1 point: beyond the defaults, within this cooperative's 5 % and 1 point.
      const response = await measure(saleId, { netMass: { value: '24', unit: 'kg' }, gradePercent: '13.2' }).expect(201);
      expect(response.body).toMatchObject({ massDiffBp: -400, gradeDiffBp: -100, tolerance: { massBp: 500, gradeBp: 100 }, exceeds: false, riskFlagId: null });
      expect(await discrepancyFlags(saleId)).toEqual([]);
      await t.http().put(url(coopA, 'reconciliation-settings')).set(bearer(inA.admin)).send({ massToleranceBp: 200, gradeToleranceBp: 50 }).expect(200);
    });

    it('refuses read-only roles, a measurement dated before the sale, and a correction of nothing', async () => {
      const saleId = await saleOfTwoLots();
      await measure(saleId, { netMass: { value: '25', unit: 'kg' } }, inA.auditor).expect(403);
      await measure(saleId, { netMass: { value: '25', unit: 'kg' } }, lualabaSupervisor).expect(403);
      expect((await measure(saleId, { netMass: { value: '25', unit: 'kg' }, measuredOn: addDays(today, -1) }).expect(422)).body.code).toBe('BUYER_MEASUREMENT_BEFORE_SALE');
      expect((await measure(saleId, { netMass: { value: '25', unit: 'kg' }, reason: 'x' }).expect(422)).body.code).toBe('BUYER_MEASUREMENT_NOTHING_TO_CORRECT');
      await measure(randomUUID(), { netMass: { value: '25', unit: 'kg' } }).expect(404);
    });
  });

  describe('stock', () => {
    let coopS: string;
    let officerS: Session;
    let sellerS: string;

    beforeAll(async () => {
      coopS = await createCooperative(t, operator, 'Stock');
      officerS = await member(t, operator, coopS, 'officer', 's');
      for (const site of [SITE_1, SITE_2]) await seedSite(t, coopS, site);
      sellerS = await registerSeller(t, officerS, coopS, addDays(today, -60));
      buyerId = (await t.http().post(url(coopS, 'buyers')).set(bearer(officerS)).send({ name: 'Processeur', licenceNumber: 'PROC-1', type: 'processor' }).expect(201)).body.id as string;
    });

    it('is purchased − sold per mineral and site at the end of each day, reversals from their own day, in mass and value', async () => {
      const buyIn = (days: number, site: string, overrides: Record<string, unknown> = {}) => buy({ capturedAt: daysAgo(days), ...overrides }, coopS, officerS, sellerS, site);
      const l1 = await buyIn(10, SITE_1);
      const l2 = await buyIn(5, SITE_1, { netMass: { value: '20', unit: 'kg' }, grossMass: { value: '21', unit: 'kg' } });
      const l3 = await buyIn(5, SITE_2, { mineral: 'CASSITERITE', moisturePercent: undefined, gradePercent: '65', priceBasis: 'per_unit_net_mass', unitPriceMinor: 1500 });
      const l4 = await buyIn(5, SITE_1);
      await t.http().post(url(coopS, `purchases/${l4.id}/reversal`)).set(bearer(officerS)).send({ reason: 'Lot compté deux fois' }).expect(201);

      expect(await stock(coopS, addDays(today, -11), officerS)).toEqual([]);
      expect(await stock(coopS, addDays(today, -7), officerS)).toEqual([
        { mineral: 'HETEROGENITE', siteId: SITE_1, purchasedMg: l1.netMg, soldMg: 0, onHandMg: l1.netMg, values: [{ currency: 'USD', purchasedMinor: l1.amountReportingMinor, soldMinor: 0, onHandMinor: l1.amountReportingMinor }] },
      ]);
      // Yesterday the reversed lot was still in stock; today it is not.
      const yesterday = await stock(coopS, addDays(today, -1), officerS);
      expect(yesterday.find((line) => line.mineral === 'HETEROGENITE')?.onHandMg).toBe(l1.netMg + l2.netMg + l4.netMg);
      const before = await stock(coopS, today, officerS);
      expect(before.map((line) => [line.mineral, line.siteId, line.onHandMg])).toEqual([
        ['CASSITERITE', SITE_2, l3.netMg],
        ['HETEROGENITE', SITE_1, l1.netMg + l2.netMg],
      ]);

      const refused = await sell({ purchaseIds: [l2.id] }, { soldOn: addDays(today, -6) }, officerS, coopS).expect(422);
      expect(refused.body.code).toBe('SALE_BEFORE_PURCHASE');
      await sell({ purchaseIds: [l1.id] }, { soldOn: addDays(today, -3) }, officerS, coopS).expect(201);

      // Four days ago the sale had not happened yet, and the lot reversed today was still counted.
      expect((await stock(coopS, addDays(today, -4), officerS)).find((line) => line.mineral === 'HETEROGENITE')?.onHandMg).toBe(l1.netMg + l2.netMg + l4.netMg);
      const after = await stock(coopS, today, lualabaSupervisor);
      expect(after.find((line) => line.mineral === 'HETEROGENITE')).toEqual({
        mineral: 'HETEROGENITE',
        siteId: SITE_1,
        purchasedMg: l1.netMg + l2.netMg,
        soldMg: l1.netMg,
        onHandMg: l2.netMg,
        values: [{ currency: 'USD', purchasedMinor: l1.amountReportingMinor + l2.amountReportingMinor, soldMinor: l1.amountReportingMinor, onHandMinor: l2.amountReportingMinor }],
      });

      // Everything sold leaves zero, never less.
      await sell({ purchaseIds: [l2.id] }, {}, officerS, coopS).expect(201);
      await sell({ purchaseIds: [l3.id] }, {}, officerS, coopS).expect(201);
      const empty = await stock(coopS, today, officerS);
      expect(empty.map((line) => line.onHandMg)).toEqual([0, 0]);
      expect(empty.flatMap((line) => line.values.map((value) => value.onHandMinor))).toEqual([0, 0]);
    });

    it('gives other modules the stock and the sales of a period inside their own read-only transaction', async () => {
      const caller = { cooperativeId: coopS, userId: officerS.userId, requestId: randomUUID(), scope: { cooperativeIds: [coopS], userId: officerS.userId, readOnly: true } };
      const [lines, sales] = await t.app.get(Db).tenant(caller, async (tx) => [
        await t.app.get(StockService).stockOn(tx, today),
        await t.app.get(SalesService).salesBetween(tx, addDays(today, -3), today),
      ] as const);
      expect(lines).toEqual(await stock(coopS, today, officerS));
      expect(sales.map((sale) => sale.soldOn)).toEqual([today, today, addDays(today, -3)]);
      expect(sales.every((sale) => sale.buyer.type === 'processor' && sale.buyerMeasurement === null)).toBe(true);
      expect(await t.app.get(Db).tenant(caller, (tx) => t.app.get(SalesService).salesBetween(tx, addDays(today, -30), addDays(today, -4)))).toEqual([]);
    });

    it('pages the sales newest first and the ledger in sequence order, each with an opaque cursor', async () => {
      const list = (path: string) => t.http().get(url(coopS, path)).set(bearer(officerS)).expect(200);
      const all = (await list('sales?limit=200')).body as { items: { id: string }[]; nextCursor: string | null };
      expect(all.nextCursor).toBeNull();
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page = (await list(`sales?limit=1${cursor === null ? '' : `&cursor=${cursor}`}`)).body as { items: { id: string }[]; nextCursor: string | null };
        expect(page.items.length).toBeLessThanOrEqual(1);
        paged.push(...page.items.map((sale) => sale.id));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(paged).toEqual(all.items.map((sale) => sale.id));

      const first = (await list('purchases?limit=2')).body as { items: { sequence: number }[]; nextCursor: string };
      const second = (await list(`purchases?limit=2&cursor=${first.nextCursor}`)).body as { items: { sequence: number }[] };
      const sequences = [...first.items, ...second.items].map((entry) => entry.sequence);
      expect(first.items).toHaveLength(2);
      expect(sequences).toEqual(sequences.map((_, index) => index + 1));
      await t.http().get(url(coopS, 'sales?cursor=not-a-cursor')).set(bearer(officerS)).expect(400);
    });

    it('refuses to show a negative stock made by altering records, rather than a negative figure', async () => {
      const l5 = await buy({ capturedAt: daysAgo(2) }, coopS, officerS, sellerS, SITE_1);
      // A sale dated before its lot was bought, written past the API.
      const saleId = randomUUID();
      await adminQuery(
        t.target.ownerUrl,
        `INSERT INTO sales (cooperative_id, id, buyer_id, sold_on, mineral, lot_count, net_mg, currency, amount_minor, reporting_currency, amount_reporting_minor, recorded_by)
         VALUES ($1, $2, $3, $4, 'HETEROGENITE', 1, $5, 'USD', 1, 'USD', 1, $6)`,
        [coopS, saleId, buyerId, addDays(today, -20), l5.netMg, officerS.userId],
      );
      await adminQuery(t.target.ownerUrl, 'INSERT INTO sale_lots (cooperative_id, purchase_id, sale_id) VALUES ($1, $2, $3)', [coopS, l5.id, saleId]);
      const refused = await t.http().get(url(coopS, `stock?on=${addDays(today, -15)}`)).set(bearer(officerS)).expect(422);
      expect(refused.body.code).toBe('STOCK_NEGATIVE');
    });
  });
});
