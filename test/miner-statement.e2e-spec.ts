import { startTestApp, type TestApp } from './support/test-app.js';
import { addDays } from '../src/common/calendar-date.js';
import { minorUnitDigits } from '../src/common/money.js';
import { localDateIn } from '../src/common/time-zone.js';
import { adminQuery } from './support/test-database.js';
import { bearer, twoCooperatives, type Session } from './support/identity-fixture.js';
import { heterogenitePurchase, registerSeller } from './support/purchase-fixture.js';
import { seedSite } from './support/site-fixture.js';
import { binaryBody, cooperativeUrl as url, plainSpaces, SITE_ID } from './support/statement-fixture.js';
import { pdfText } from './support/pdf-text.js';
import type { CooperativeRole } from '../src/auth/roles.js';

const TIMEZONE = 'Africa/Lubumbashi';
const DAY_MS = 86_400_000;

interface SqlTotals {
  currency: string;
  purchases: string;
  reversals: string;
  amount: string;
  fees: string;
  net_paid: string;
}

describe('miner statement', () => {
  let t: TestApp;
  let coopA: string;
  let inA: Record<CooperativeRole, Session>;
  let adminB: Session;
  let lualabaSupervisor: Session;
  let today: string;
  let seller: string;
  let otherSeller: string;

  const day = (offset: number): string => addDays(today, offset);
  const record = async (body: Record<string, unknown>): Promise<string> => {
    const response = await t.http().post(url(coopA, 'purchases')).set(bearer(inA.officer)).send(body);
    if (response.status !== 201) throw new Error(`purchase refused: ${JSON.stringify(response.body)}`);
    return response.body.id as string;
  };
  const statementUrl = (miner: string, from: string, to: string, extra = ''): string => url(coopA, `miners/${miner}/statement.pdf?from=${from}&to=${to}${extra}`);

  /** The totals the statement must print, summed by PostgreSQL straight from the ledger rows of the period. */
  async function sqlTotals(miner: string, from: string, to: string): Promise<SqlTotals[]> {
    return adminQuery<SqlTotals>(
      t.target.ownerUrl,
      `SELECT p.currency::text AS currency,
              count(*) FILTER (WHERE p.kind = 'purchase')::text AS purchases, count(*) FILTER (WHERE p.kind = 'reversal')::text AS reversals,
              sum(p.amount_minor)::text AS amount, sum(p.net_paid_minor)::text AS net_paid,
              sum((SELECT coalesce(sum((f->>'amountMinor')::bigint), 0) FROM jsonb_array_elements(p.fees) f))::text AS fees
         FROM purchase_ledger p JOIN cooperatives c ON c.id = p.cooperative_id
        WHERE p.cooperative_id = $1 AND p.seller_id = $2
          AND ((CASE p.kind WHEN 'reversal' THEN p.recorded_at ELSE p.captured_at END) AT TIME ZONE c.timezone)::date BETWEEN $3 AND $4
        GROUP BY p.currency ORDER BY p.currency`,
      [coopA, miner, from, to],
    );
  }

  const money = (locale: string, minor: string | number, currency: string): string => {
    const digits = minorUnitDigits(currency);
    return plainSpaces(`${new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Number(minor) / 10 ** digits)} ${currency}`);
  };

  beforeAll(async () => {
    t = await startTestApp();
    ({ coopA, inA, adminB, lualabaSupervisor } = await twoCooperatives(t, { supervisor: true }));
    today = localDateIn(TIMEZONE);
    await seedSite(t, coopA, SITE_ID);
    await t.http().post(url(coopA, 'fee-rules')).set(bearer(inA.admin))
      .send({ ruleCode: 'COMMUNITY_LEVY', fundCode: 'COMMUNITY_DEVELOPMENT', kind: 'percent', rateBp: 150, validFrom: day(-400) }).expect(201);
    await t.http().post(url(coopA, 'fee-rules')).set(bearer(inA.admin))
      .send({ ruleCode: 'OPERATIONS', fundCode: 'OPERATIONS', kind: 'percent', rateBp: 200, validFrom: day(-400) }).expect(201);
    seller = await registerSeller(t, inA.officer, coopA, day(-300));
    otherSeller = await registerSeller(t, inA.officer, coopA, day(-300));
    const daysAgo = (days: number): string => new Date(Date.now() - days * DAY_MS).toISOString();
    // Before the period: must not be counted.
    await record(heterogenitePurchase(seller, SITE_ID, { capturedAt: daysAgo(90), unitPriceMinor: 777 }));
    // In the period: USD purchases, one reversed, and a CDF purchase.
    await record(heterogenitePurchase(seller, SITE_ID, { capturedAt: daysAgo(20), unitPriceMinor: 1234 }));
    const reversed = await record(heterogenitePurchase(seller, SITE_ID, { capturedAt: daysAgo(10), unitPriceMinor: 2100 }));
    await record(heterogenitePurchase(seller, SITE_ID, { netMass: { value: '120.75', unit: 'kg' }, grossMass: { value: '130', unit: 'kg' }, unitPriceMinor: 98_765 }));
    await record(heterogenitePurchase(seller, SITE_ID, { currency: 'CDF', unitPriceMinor: 2_700_000, exchangeRate: { base: 'USD', quote: 'CDF', rate: '2850.5' } }));
    await t.http().post(url(coopA, `purchases/${reversed}/reversal`)).set(bearer(inA.officer)).send({ reason: 'Balance non étalonnée' }).expect(201);
    // Another miner's purchase in the period: must not appear.
    await record(heterogenitePurchase(otherSeller, SITE_ID, { unitPriceMinor: 5555 }));
  });
  afterAll(async () => {
    await t.close();
  });

  it('prints totals per currency equal to the sums of the ledger rows of the period, in French by default', async () => {
    const from = day(-30);
    const expected = await sqlTotals(seller, from, today);
    expect(expected.map((row) => row.currency)).toEqual(['CDF', 'USD']);
    expect(expected.find((row) => row.currency === 'USD')).toMatchObject({ purchases: '3', reversals: '1' });

    const response = await binaryBody(t.http().get(statementUrl(seller, from, today)).set(bearer(inA.officer))).expect(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const text = plainSpaces(await pdfText(response.body as Buffer));
    expect(text).toContain('Relevé des achats au mineur');
    expect(text).toContain('Tujenge');
    expect(text).toContain('RCCM-Tujenge');
    for (const row of expected) {
      expect(text).toContain(`Totaux en ${row.currency}`);
      expect(text).toContain(`${row.purchases} achat(s), ${row.reversals} contre-passation(s)`);
      expect(text).toContain(`Montant total : ${money('fr-FR', row.amount, row.currency)}`);
      expect(text).toContain(`Total des retenues : ${money('fr-FR', row.fees, row.currency)}`);
      expect(text).toContain(`Total net payé : ${money('fr-FR', row.net_paid, row.currency)}`);
    }
    const [head] = await adminQuery<{ last_sequence: number; last_hash: string }>(t.target.ownerUrl, 'SELECT last_sequence, last_hash FROM ledger_heads WHERE cooperative_id = $1', [coopA]);
    expect(text).toContain(head.last_hash);
    expect(text).toContain(`n° ${head.last_sequence}`);
  });

  it('prints the same totals in English on request', async () => {
    const from = day(-30);
    const expected = await sqlTotals(seller, from, today);
    const response = await binaryBody(t.http().get(statementUrl(seller, from, today, '&lang=en')).set(bearer(inA.auditor))).expect(200);
    const text = plainSpaces(await pdfText(response.body as Buffer));
    expect(text).toContain('Statement of purchases from the miner');
    for (const row of expected) {
      expect(text).toContain(`Total amount: ${money('en-GB', row.amount, row.currency)}`);
      expect(text).toContain(`Total net paid: ${money('en-GB', row.net_paid, row.currency)}`);
    }
  });

  it('answers the same statement as JSON: only this miner, only the period, totals equal to the ledger', async () => {
    const from = day(-30);
    const response = await t.http().get(url(coopA, `miners/${seller}/statement?from=${from}&to=${today}`)).set(bearer(lualabaSupervisor)).expect(200);
    const body = response.body as {
      entries: { kind: string; amountMinor: number }[];
      totals: { currency: string; purchases: number; reversals: number; amountMinor: number; feesMinor: number; netPaidMinor: number }[];
    };
    expect(body.entries).toHaveLength(5);
    const expected = await sqlTotals(seller, from, today);
    expect(body.totals.map((total) => [total.currency, total.purchases, total.reversals, total.amountMinor, total.feesMinor, total.netPaidMinor])).toEqual(
      expected.map((row) => [row.currency, Number(row.purchases), Number(row.reversals), Number(row.amount), Number(row.fees), Number(row.net_paid)]),
    );
    const wholeHistory = await t.http().get(url(coopA, `miners/${seller}/statement?from=${day(-365)}&to=${today}`)).set(bearer(inA.admin)).expect(200);
    expect(wholeHistory.body.entries).toHaveLength(6);
  });

  it('states an empty period plainly', async () => {
    const response = await binaryBody(t.http().get(statementUrl(seller, day(-200), day(-150))).set(bearer(inA.officer))).expect(200);
    expect(plainSpaces(await pdfText(response.body as Buffer))).toContain('Aucun achat sur la période.');
  });

  it('answers 404 to another cooperative and to an unknown miner, and refuses a reversed period', async () => {
    await t.http().get(statementUrl(seller, day(-30), today)).set(bearer(adminB)).expect(404);
    const unknown = await t.http().get(statementUrl('6d1f2f8e-0000-4000-8000-000000000000', day(-30), today)).set(bearer(inA.admin)).expect(404);
    expect(unknown.body.code).toBe('MINER_NOT_FOUND');
    expect((await t.http().get(statementUrl(seller, today, day(-30))).set(bearer(inA.admin)).expect(422)).body.code).toBe('STATEMENT_PERIOD_REVERSED');
  });
});
