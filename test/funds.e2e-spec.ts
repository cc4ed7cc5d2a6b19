import { startTestApp, type TestApp } from './support/test-app.js';
import { addDays } from '../src/common/calendar-date.js';
import { localDateIn } from '../src/common/time-zone.js';
import { adminQuery } from './support/test-database.js';
import { seedSite } from './support/site-fixture.js';
import { bearer, member, twoCooperatives, type Session } from './support/identity-fixture.js';
import { heterogenitePurchase, registerSeller } from './support/purchase-fixture.js';
import { binaryBody, cooperativeUrl as url, plainSpaces, SITE_ID } from './support/statement-fixture.js';
import { pdfText } from './support/pdf-text.js';
import type { CooperativeRole } from '../src/auth/roles.js';

const TIMEZONE = 'Africa/Lubumbashi';
const FUND = 'COMMUNITY_DEVELOPMENT';

interface Balance {
  currency: string;
  creditedMinor: number;
  reversedMinor: number;
  spentMinor: number;
  balanceMinor: number;
}

describe('benefit-sharing funds', () => {
  let t: TestApp;
  let operator: Session;
  let coopA: string;
  let inA: Record<CooperativeRole, Session>;
  let secondAdmin: Session;
  let adminB: Session;
  let lualabaSupervisor: Session;
  let today: string;
  let seller: string;
  const spent = { purchases: [] as string[] };

  const day = (offset: number): string => addDays(today, offset);
  const record = (body: Record<string, unknown>) =>
    t.http().post(url(coopA, 'purchases')).set(bearer(inA.officer)).send(body).expect((response) => {
      if (response.status !== 201) throw new Error(`purchase refused: ${JSON.stringify(response.body)}`);
    });
  const spend = (body: Record<string, unknown>, session: Session = inA.officer, fund = FUND) =>
    t.http().post(url(coopA, `funds/${fund}/spending`)).set(bearer(session)).send({ currency: 'USD', spentOn: today, ...body });
  const approve = (id: string, session: Session = inA.admin, fund = FUND) => t.http().post(url(coopA, `funds/${fund}/spending/${id}/approve`)).set(bearer(session)).send({});
  const reject = (id: string, reason: unknown, session: Session = inA.admin, fund = FUND) =>
    t.http().post(url(coopA, `funds/${fund}/spending/${id}/reject`)).set(bearer(session)).send({ reason });
  async function balanceOf(fund: string, currency = 'USD'): Promise<Balance | undefined> {
    const response = await t.http().get(url(coopA, 'funds')).set(bearer(inA.auditor)).expect(200);
    const funds = response.body.funds as { fundCode: string; balances: Balance[] }[];
    return funds.find((candidate) => candidate.fundCode === fund)?.balances.find((line) => line.currency === currency);
  }
  /** What the ledger credited to the fund, summed in SQL straight from the fee lines. */
  async function ledgerSum(fund: string, kind: 'purchase' | 'reversal'): Promise<number> {
    const [row] = await adminQuery<{ sum: string | null }>(
      t.target.ownerUrl,
      `SELECT sum((f->>'amountMinor')::bigint)::text AS sum FROM purchase_ledger p, jsonb_array_elements(p.fees) f
        WHERE p.cooperative_id = $1 AND f->>'fundCode' = $2 AND p.kind = $3`,
      [coopA, fund, kind],
    );
    return Number(row.sum ?? 0);
  }

  beforeAll(async () => {
    t = await startTestApp();
    ({ operator, coopA, inA, adminB, lualabaSupervisor } = await twoCooperatives(t, { supervisor: true }));
    secondAdmin = await member(t, operator, coopA, 'admin', 'a2');
    today = localDateIn(TIMEZONE);
    const rule = (body: Record<string, unknown>) => t.http().post(url(coopA, 'fee-rules')).set(bearer(inA.admin)).send(body).expect(201);
    await rule({ ruleCode: 'COMMUNITY_LEVY', fundCode: FUND, kind: 'percent', rateBp: 100, validFrom: day(-365) });
    await rule({ ruleCode: 'OPERATIONS_DUES', fundCode: 'OPERATIONS', kind: 'fixed', amountMinor: 50, currency: 'USD', validFrom: day(-365) });
    // Named by a rule that starts next month: a fund with no movement yet.
    await rule({ ruleCode: 'SOCIAL', fundCode: 'MINERS_SOCIAL', kind: 'per_kg', amountMinor: 2, currency: 'USD', validFrom: day(30) });
    await seedSite(t, coopA, SITE_ID);
    seller = await registerSeller(t, inA.officer, coopA, day(-60));
    // One purchase ten days ago, three today, one of which is reversed today.
    await record(heterogenitePurchase(seller, SITE_ID, { capturedAt: new Date(Date.now() - 10 * 86_400_000).toISOString() }));
    for (let index = 0; index < 3; index += 1) spent.purchases.push((await record(heterogenitePurchase(seller, SITE_ID, { unitPriceMinor: 1000 * (index + 1) }))).body.id as string);
    await t.http().post(url(coopA, `purchases/${spent.purchases[0]}/reversal`)).set(bearer(inA.officer)).send({ reason: 'double pesée' }).expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('balances', () => {
    it('credits each fund with the fee lines of purchases, debits reversals, and lists funds named by rules', async () => {
      const community = await balanceOf(FUND);
      const credited = await ledgerSum(FUND, 'purchase');
      const reversed = await ledgerSum(FUND, 'reversal');
      expect(credited).toBeGreaterThan(0);
      expect(reversed).toBeLessThan(0);
      expect(community).toEqual({ fundCode: FUND, currency: 'USD', creditedMinor: credited, reversedMinor: reversed, spentMinor: 0, balanceMinor: credited + reversed });
      expect(await balanceOf('OPERATIONS')).toMatchObject({ creditedMinor: 4 * 50, reversedMinor: -50, balanceMinor: 150 });
      const all = await t.http().get(url(coopA, 'funds')).set(bearer(lualabaSupervisor)).expect(200);
      expect(all.body.funds).toContainEqual({ fundCode: 'MINERS_SOCIAL', balances: [] });
    });

    it('answers 404 to another cooperative and to an unknown fund', async () => {
      await t.http().get(url(coopA, 'funds')).set(bearer(adminB)).expect(404);
      const unknown = await t.http().get(url(coopA, 'funds/NO_SUCH_FUND/spending')).set(bearer(inA.admin)).expect(404);
      expect(unknown.body.code).toBe('FUND_NOT_FOUND');
    });
  });

  describe('spending', () => {
    it('is requested by one user and moves money only once another admin approves it, each step audited', async () => {
      const before = (await balanceOf(FUND))?.balanceMinor ?? 0;
      const requested = await spend({ purpose: 'Fournitures scolaires, école de Kasulo', amountMinor: 20 }).expect(201);
      expect(requested.body).toMatchObject({ fundCode: FUND, amountMinor: 20, currency: 'USD', status: 'pending', approvedBy: null, decision: null, recordedBy: inA.officer.userId });
      expect((await balanceOf(FUND))?.balanceMinor).toBe(before);
      const id = requested.body.id as string;

      const approved = await approve(id, inA.admin).expect(200);
      expect(approved.body).toMatchObject({ id, status: 'approved', approvedBy: { id: inA.admin.userId, name: 'admin a' }, decision: { by: { id: inA.admin.userId }, reason: null } });
      expect((await balanceOf(FUND))?.balanceMinor).toBe(before - 20);
      const audits = await adminQuery(t.target.ownerUrl, `SELECT action, actor_user_id FROM audit_log WHERE entity = 'fund_spending' AND entity_id = $1 ORDER BY id`, [id]);
      expect(audits).toEqual([
        { action: 'fund.spending.requested', actor_user_id: inA.officer.userId },
        { action: 'fund.spending.approved', actor_user_id: inA.admin.userId },
      ]);
      const list = await t.http().get(url(coopA, `funds/${FUND}/spending`)).set(bearer(inA.auditor)).expect(200);
      expect(list.body.items).toContainEqual(expect.objectContaining({ id, status: 'approved' }));
    });

    it('refuses a decision by the requester, by a non-admin, twice, or on a spending that is not there', async () => {
      const own = await spend({ purpose: 'Réparation de la pompe', amountMinor: 1 }, inA.admin).expect(201);
      const self = await approve(own.body.id as string, inA.admin).expect(403);
      expect(self.body).toMatchObject({ code: 'SPENDING_SELF_APPROVAL' });
      expect(self.headers['content-type']).toContain('application/problem+json');
      expect((await reject(own.body.id as string, 'non', inA.admin).expect(403)).body.code).toBe('SPENDING_SELF_APPROVAL');
      const en = await t.http().post(url(coopA, `funds/${FUND}/spending/${own.body.id}/approve`)).set(bearer(inA.admin)).set('Accept-Language', 'en').send({});
      expect(en.body.detail ?? en.body.title).toMatch(/another admin/);
      await approve(own.body.id as string, inA.officer).expect(403);
      await approve(own.body.id as string, inA.treasurer).expect(403);
      await approve(own.body.id as string, adminB).expect(404);
      await approve(own.body.id as string, secondAdmin).expect(200);
      const twice = await approve(own.body.id as string, secondAdmin).expect(409);
      expect(twice.body.code).toBe('SPENDING_NOT_PENDING');
      expect((await reject(own.body.id as string, 'trop tard', secondAdmin).expect(409)).body.code).toBe('SPENDING_NOT_PENDING');
      const missing = await approve('00000000-0000-4000-8000-000000000000').expect(404);
      expect(missing.body.code).toBe('FUND_SPENDING_NOT_FOUND');
      // The request names no approver: whoever decides is the approver.
      await spend({ purpose: 'x', amountMinor: 1, approvedBy: inA.admin.userId }).expect(400);
    });

    it('rejects with a reason; a rejected spending moves nothing and cannot be approved afterwards', async () => {
      const before = (await balanceOf(FUND))?.balanceMinor ?? 0;
      const requested = await spend({ purpose: 'Voyage du bureau', amountMinor: 5 }).expect(201);
      const id = requested.body.id as string;
      await reject(id, undefined).expect(400);
      expect((await reject(id, '   ').expect(422)).body.code).toBe('FUND_SPENDING_REASON_REQUIRED');
      const rejected = await reject(id, 'Pas prévu au budget').expect(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', approvedBy: null, decision: { by: { id: inA.admin.userId }, reason: 'Pas prévu au budget' } });
      expect((await approve(id, secondAdmin).expect(409)).body.code).toBe('SPENDING_NOT_PENDING');
      expect((await balanceOf(FUND))?.balanceMinor).toBe(before);
      const audits = await adminQuery<{ action: string; after: { reason: string } }>(
        t.target.ownerUrl, `SELECT action, after FROM audit_log WHERE entity_id = $1 AND action = 'fund.spending.rejected'`, [id],
      );
      expect(audits.map((row) => row.after.reason)).toEqual(['Pas prévu au budget']);
    });

    it('checks the balance when the spending is approved, not when it is requested', async () => {
      const balance = (await balanceOf(FUND))?.balanceMinor ?? 0;
      const big = await spend({ purpose: 'Puits', amountMinor: balance + 1 }).expect(201);
      expect(big.body.status).toBe('pending');
      const over = await approve(big.body.id as string).expect(422);
      expect(over.body).toMatchObject({ code: 'FUND_BALANCE_INSUFFICIENT' });
      const cdf = await spend({ purpose: 'Puits', amountMinor: 1, currency: 'CDF' }).expect(201);
      expect((await approve(cdf.body.id as string).expect(422)).body.code).toBe('FUND_BALANCE_INSUFFICIENT');
      const still = await t.http().get(url(coopA, `funds/${FUND}/spending`)).set(bearer(inA.admin)).expect(200);
      expect(still.body.items).toContainEqual(expect.objectContaining({ id: big.body.id, status: 'pending' }));
      expect((await balanceOf(FUND))?.balanceMinor).toBe(balance);
    });

    it('refuses a future date, an empty purpose, read-only roles and other cooperatives at request', async () => {
      expect((await spend({ purpose: 'Puits', amountMinor: 1, spentOn: day(2) }).expect(422)).body.code).toBe('FUND_SPENT_IN_FUTURE');
      expect((await spend({ purpose: '   ', amountMinor: 1 }).expect(422)).body.code).toBe('FUND_SPENDING_PURPOSE_REQUIRED');
      await spend({ purpose: 'Puits', amountMinor: 1 }, inA.auditor).expect(403);
      await spend({ purpose: 'Puits', amountMinor: 1 }, lualabaSupervisor).expect(403);
      await spend({ purpose: 'Puits', amountMinor: 1 }, adminB).expect(404);
      expect((await spend({ purpose: 'Puits', amountMinor: 1 }, inA.officer, 'NO_SUCH_FUND').expect(404)).body.code).toBe('FUND_NOT_FOUND');
    });

    it('lets exactly one of two racing approvals through when the balance covers only one', async () => {
      // 150 in the fund: each round spends a little more than half of what is left.
      for (let round = 0; round < 3; round += 1) {
        const balance = (await balanceOf('OPERATIONS'))?.balanceMinor ?? 0;
        expect(balance).toBeGreaterThan(1);
        const amount = Math.floor(balance / 2) + 1; // one fits, two do not
        const first = await spend({ purpose: `Carburant ${round}a`, amountMinor: amount }, inA.officer, 'OPERATIONS').expect(201);
        const second = await spend({ purpose: `Carburant ${round}b`, amountMinor: amount }, inA.officer, 'OPERATIONS').expect(201);
        const responses = await Promise.all([approve(first.body.id as string, inA.admin, 'OPERATIONS'), approve(second.body.id as string, secondAdmin, 'OPERATIONS')]);
        expect(responses.map((response) => response.status).sort()).toEqual([200, 422]);
        expect((await balanceOf('OPERATIONS'))?.balanceMinor).toBe(balance - amount);
      }
    });

    it('decides one spending once when two admins approve it at the same time', async () => {
      const requested = await spend({ purpose: 'Carburant partagé', amountMinor: 1 }, inA.officer, 'OPERATIONS').expect(201);
      const responses = await Promise.all([approve(requested.body.id as string, inA.admin, 'OPERATIONS'), approve(requested.body.id as string, secondAdmin, 'OPERATIONS')]);
      expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
      const decisions = await adminQuery(t.target.ownerUrl, 'SELECT decision FROM fund_spending_decisions WHERE spending_id = $1', [requested.body.id]);
      expect(decisions).toEqual([{ decision: 'approved' }]);
    });

    it('is append-only in the database, and the database refuses a decision by the requester', async () => {
      await expect(adminQuery(t.target.ownerUrl, 'UPDATE fund_spending SET amount_minor = 1 WHERE cooperative_id = $1', [coopA])).rejects.toThrow();
      await expect(adminQuery(t.target.ownerUrl, 'DELETE FROM fund_spending WHERE cooperative_id = $1', [coopA])).rejects.toThrow();
      await expect(adminQuery(t.target.ownerUrl, `UPDATE fund_spending_decisions SET decision = 'rejected' WHERE cooperative_id = $1`, [coopA])).rejects.toThrow();
      const pending = await spend({ purpose: 'Pompe', amountMinor: 1 }).expect(201);
      await expect(
        adminQuery(t.target.ownerUrl, `INSERT INTO fund_spending_decisions (cooperative_id, spending_id, decision, decided_by) VALUES ($1, $2, 'approved', $3)`, [
          coopA, pending.body.id, inA.officer.userId,
        ]),
      ).rejects.toThrow(/another user/);
    });
  });

  describe('statement', () => {
    interface Section {
      currency: string;
      openingMinor: number;
      credits: { ruleCode: string | null; count: number; amountMinor: number }[];
      creditedMinor: number;
      reversals: { ruleCode: string | null; count: number; amountMinor: number }[];
      reversedMinor: number;
      spending: { purpose: string; count: number; amountMinor: number }[];
      spentMinor: number;
      closingMinor: number;
    }

    it('gives the opening balance, credits and reversals by rule, spending by purpose and a closing equal to the balance', async () => {
      const response = await t.http().get(url(coopA, `funds/${FUND}/statement?from=${day(-3)}&to=${today}`)).set(bearer(inA.auditor)).expect(200);
      const [usd] = response.body.sections as Section[];
      const [older] = await adminQuery<{ fee: string }>(
        t.target.ownerUrl,
        `SELECT (f->>'amountMinor') AS fee FROM purchase_ledger p, jsonb_array_elements(p.fees) f
          WHERE p.cooperative_id = $1 AND f->>'fundCode' = $2 AND p.captured_at < now() - interval '5 days'`,
        [coopA, FUND],
      );
      expect(usd.openingMinor).toBe(Number(older.fee));
      expect(usd.credits).toEqual([{ ruleCode: 'COMMUNITY_LEVY', count: 3, amountMinor: (await ledgerSum(FUND, 'purchase')) - Number(older.fee) }]);
      expect(usd.reversals).toEqual([{ ruleCode: 'COMMUNITY_LEVY', count: 1, amountMinor: await ledgerSum(FUND, 'reversal') }]);
      expect(usd.spending).toContainEqual({ purpose: 'Fournitures scolaires, école de Kasulo', count: 1, amountMinor: 20 });
      expect(usd.closingMinor).toBe(usd.openingMinor + usd.creditedMinor + usd.reversedMinor - usd.spentMinor);
      expect(usd.closingMinor).toBe((await balanceOf(FUND))?.balanceMinor);
      const [head] = await adminQuery<{ last_hash: string }>(t.target.ownerUrl, 'SELECT last_hash FROM ledger_heads WHERE cooperative_id = $1', [coopA]);
      expect(response.body.ledgerHead.hash).toBe(head.last_hash);
      expect(response.body.cooperative.name).toBe('Tujenge');
    });

    it('opens the next period with the closing balance of the one before', async () => {
      const before = await t.http().get(url(coopA, `funds/${FUND}/statement?from=${day(-30)}&to=${day(-4)}`)).set(bearer(inA.admin)).expect(200);
      const after = await t.http().get(url(coopA, `funds/${FUND}/statement?from=${day(-3)}&to=${today}`)).set(bearer(inA.admin)).expect(200);
      const [first] = before.body.sections as Section[];
      const [second] = after.body.sections as Section[];
      expect(first.openingMinor).toBe(0);
      expect(first.closingMinor).toBeGreaterThan(0);
      expect(second.openingMinor).toBe(first.closingMinor);
    });

    it('prints the statement in French by default and in English on request, with the figures of the JSON', async () => {
      const json = await t.http().get(url(coopA, `funds/${FUND}/statement?from=${day(-3)}&to=${today}`)).set(bearer(inA.admin)).expect(200);
      const [usd] = json.body.sections as Section[];
      const money = (minor: number, locale: string): string =>
        plainSpaces(`${new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(minor / 100)} USD`);
      const fr = await binaryBody(t.http().get(url(coopA, `funds/${FUND}/statement.pdf?from=${day(-3)}&to=${today}`)).set(bearer(inA.officer))).expect(200);
      expect(fr.headers['content-type']).toBe('application/pdf');
      const frText = plainSpaces(await pdfText(fr.body as Buffer));
      expect(frText).toContain(`Relevé du fonds ${FUND}`);
      expect(frText).toContain(`Solde de clôture : ${money(usd.closingMinor, 'fr-FR')}`);
      expect(frText).toContain(`Solde d'ouverture : ${money(usd.openingMinor, 'fr-FR')}`);
      expect(frText).toContain('COMMUNITY_LEVY');
      expect(frText).toContain('Fournitures scolaires');
      expect(frText).toContain('Approuvé par');
      expect(frText).toContain('admin a');
      expect(frText).not.toContain('Voyage du bureau');
      expect(frText).toContain(json.body.ledgerHead.hash as string);
      const en = await binaryBody(t.http().get(url(coopA, `funds/${FUND}/statement.pdf?from=${day(-3)}&to=${today}&lang=en`)).set(bearer(inA.officer))).expect(200);
      const enText = plainSpaces(await pdfText(en.body as Buffer));
      expect(enText).toContain(`Closing balance: ${money(usd.closingMinor, 'en-GB')}`);
    });

    it('refuses a period that ends before it starts, or has no dates', async () => {
      const reversed = await t.http().get(url(coopA, `funds/${FUND}/statement?from=${today}&to=${day(-1)}`)).set(bearer(inA.admin)).expect(422);
      expect(reversed.body.code).toBe('STATEMENT_PERIOD_REVERSED');
      await t.http().get(url(coopA, `funds/${FUND}/statement?to=${today}`)).set(bearer(inA.admin)).expect(400);
      await t.http().get(url(coopA, `funds/${FUND}/statement?from=${today}&to=${today}`)).set(bearer(adminB)).expect(404);
    });
  });
});
