import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrateAndPrepare, revertLastMigration } from '../src/database/migrate.js';
import { verifyBalancesFromCli } from '../src/savings/balances-verify.command.js';
import { bearer, type Session } from './support/identity-fixture.js';
import { binaryBody, pdfText } from './support/pdf-text.js';
import { SAVINGS_RULES, savingsWorld } from './support/savings-fixture.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TEST_APP_PASSWORD, TEST_APP_USER, adminQuery } from './support/test-database.js';

const MIGRATION = 'H10SavingsCarriedDebts1764001900000';

interface Loan {
  id: string;
  memberId: string;
  meetingId: string | null;
  carriedFromCycleId: string | null;
  principalMinor: number;
  disbursedOn: string;
  termMonths: number;
  state: string;
  daysOverdue: number;
  balance: { principalOutstandingMinor: number; serviceChargeOutstandingMinor: number; totalOutstandingMinor: number };
}

/**
 * Cycle 1: Amani (1 share) and Chiku (1 share) each borrow 30,00; Chiku leaves mid-cycle and the
 * share-out follows the same day, neither payout covering its debt. Cycle 2 opens with both
 * debts carried, Amani is refused a new loan until she repays hers at a meeting.
 */
describe('debts carried past a share-out, into the next cycle', () => {
  let t: TestApp;
  let coopA: string;
  let inA: Record<'admin' | 'officer' | 'treasurer' | 'auditor', Session>;
  let adminB: Session;
  let otherTreasurer: Session;
  let group: string;
  let cycle1: string;
  let cycle2: string;
  const [amani, baraka, chiku] = ['', '', ''].map(() => randomUUID());
  const base = () => `/api/v1/cooperatives/${coopA}/savings-groups/${group}`;
  const meetings = (cycle: string) => `${base()}/cycles/${cycle}/meetings`;
  const loansOf = async (cycle: string, on: string, session = inA.auditor): Promise<Loan[]> =>
    (await t.http().get(`${base()}/cycles/${cycle}/loans`).query({ on }).set(bearer(session)).expect(200)).body.loans as Loan[];
  const cashOf = async (cycle: string): Promise<number> => {
    const cycles = (await t.http().get(`${base()}/cycles`).set(bearer(inA.auditor)).expect(200)).body as { id: string; balances: { loanFundMinor: number } }[];
    return cycles.find((c) => c.id === cycle)?.balances.loanFundMinor as number;
  };
  const indicators = async (on: string) => (await t.http().get(`${base()}/indicators`).query({ cycleId: cycle2, on }).set(bearer(inA.auditor)).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp();
    const world = await savingsWorld(t);
    ({ coopA, inA, adminB } = world);
    otherTreasurer = await world.userInA('treasurer', 'carried-other');
    const created = await t.http().post(`/api/v1/cooperatives/${coopA}/savings-groups`).set(bearer(inA.admin))
      .send({ name: 'AVEC Deni', meetingPlace: 'Kasulo', frequency: 'weekly', meetingWeekday: 1 }).expect(201);
    group = created.body.id as string;
    await t.http().put(`${base()}/treasurers`).set(bearer(inA.admin)).send({ userIds: [inA.treasurer.userId] }).expect(200);
    for (const [id, firstName] of [[amani, 'Amani'], [baraka, 'Baraka'], [chiku, 'Chiku']]) {
      await t.http().post(`${base()}/members`).set(bearer(inA.treasurer)).send({ id, firstName, lastName: 'Deni', sex: 'F', joinedOn: '2026-01-05' }).expect(201);
    }
    cycle1 = (await t.http().post(`${base()}/cycles`).set(bearer(inA.treasurer))
      .send({ startsOn: '2026-01-05', plannedEndOn: '2026-03-30', rules: SAVINGS_RULES }).expect(201)).body.id as string;
    const meeting = randomUUID();
    await t.http().post(meetings(cycle1)).set(bearer(inA.treasurer)).send({
      id: meeting, heldOn: '2026-01-05',
      entries: [
        { memberId: amani, shares: 1, loan: { principalMinor: 3000, termMonths: 1 } },
        { memberId: baraka, shares: 5 },
        { memberId: chiku, shares: 1, loan: { principalMinor: 3000, termMonths: 1 } },
      ],
    }).expect(201);
    await t.http().post(`${meetings(cycle1)}/${meeting}/close`).set(bearer(inA.treasurer)).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('carries what the exit and the share-out payouts cannot cover, and the next cycle opens with those debts, no cash lent', async () => {
    const exit = await t.http().post(`${base()}/cycles/${cycle1}/members/${chiku}/exit`).set(bearer(inA.treasurer)).send({ on: '2026-01-12', reason: 'Déménage' }).expect(200);
    expect(exit.body.line).toMatchObject({ debtMinor: 3300, grossMinor: 166, carriedDebtMinor: 3134 });
    const shareOut = await t.http().post(`${base()}/cycles/${cycle1}/share-out`).set(bearer(inA.treasurer)).send({ on: '2026-01-12' }).expect(200);
    const line = (shareOut.body.lines as { memberId: string; carriedDebtMinor: number; grossMinor: number }[]).find((l) => l.memberId === amani);
    expect(line).toMatchObject({ grossMinor: 200, carriedDebtMinor: 3100 });

    await t.http().post(`${base()}/cycles`).set(bearer(otherTreasurer)).send({ startsOn: '2026-01-19', plannedEndOn: '2026-06-29', rules: SAVINGS_RULES }).expect(403);
    cycle2 = (await t.http().post(`${base()}/cycles`).set(bearer(inA.treasurer))
      .send({ startsOn: '2026-01-19', plannedEndOn: '2026-06-29', rules: SAVINGS_RULES }).expect(201)).body.id as string;
    expect(await cashOf(cycle2)).toBe(0);
    const loans = (await loansOf(cycle2, '2026-01-19')).sort((a, b) => a.principalMinor - b.principalMinor);
    expect(loans.map((loan) => [loan.memberId, loan.principalMinor, loan.carriedFromCycleId, loan.meetingId, loan.disbursedOn, loan.termMonths, loan.state, loan.daysOverdue]))
      .toEqual([[amani, 3100, cycle1, null, '2026-01-12', 0, 'overdue', 7], [chiku, 3134, cycle1, null, '2026-01-12', 0, 'overdue', 7]]);
    expect(loans[0].balance).toMatchObject({ principalOutstandingMinor: 3100, serviceChargeOutstandingMinor: 0, totalOutstandingMinor: 3100 });
    const audit = await adminQuery<{ after: { carriedDebts: unknown[] } }>(t.target.ownerUrl,
      `SELECT after FROM audit_log WHERE cooperative_id = $1 AND action = 'savings.cycle.started' AND entity_id = $2`, [coopA, cycle2]);
    expect(audit[0].after.carriedDebts).toHaveLength(2);
    expect((await verifyBalancesFromCli(t.target.ownerUrl, coopA)).differences).toEqual([]);
  });

  it('brings each carried debt in once: the database refuses a second, and the migration rebuilds the same on a reverted database', async () => {
    const [debt] = await adminQuery<{ id: string; recorded_by: string }>(t.target.ownerUrl, 'SELECT id, recorded_by FROM savings_carried_debts WHERE member_id = $1', [amani]);
    const client = new pg.Client({ connectionString: t.target.ownerUrl });
    await client.connect();
    try {
      await client.query(`SELECT set_config('app.cooperative_ids', $1, false)`, [coopA]);
      await expect(client.query(
        `INSERT INTO savings_loans (cooperative_id, cycle_id, member_id, principal_minor, disbursed_on, term_months, service_charge_rate_bp, service_charge_method,
                                    recorded_by, carried_debt_id, carried_from_cycle_id)
         VALUES ($1, $2, $3, 3100, '2026-01-12', 0, 0, 'flat', $4, $5, $6)`,
        [coopA, cycle2, amani, debt.recorded_by, debt.id, cycle1],
      )).rejects.toThrow(/savings_loans_carried_debt_once/);
    } finally {
      await client.end();
    }

    const withoutIds = (loans: Loan[]) => loans.map(({ id: _id, ...loan }) => loan).sort((a, b) => a.principalMinor - b.principalMinor);
    const before = withoutIds(await loansOf(cycle2, '2026-01-19'));
    for (let reverted = await revertLastMigration(t.target.ownerUrl); reverted !== MIGRATION; reverted = await revertLastMigration(t.target.ownerUrl)) {
      if (reverted === undefined) throw new Error(`${MIGRATION} was never applied`);
    }
    const left = await adminQuery<{ n: string }>(t.target.ownerUrl, `SELECT count(*) AS n FROM savings_movements WHERE cycle_id = $1`, [cycle2]);
    expect(left[0].n).toBe('0');
    await migrateAndPrepare(t.target.ownerUrl, TEST_APP_USER, TEST_APP_PASSWORD);
    expect(withoutIds(await loansOf(cycle2, '2026-01-19'))).toEqual(before);
    const opening = await adminQuery<{ occurred_on: string }>(t.target.ownerUrl,
      `SELECT to_char(occurred_on, 'YYYY-MM-DD') AS occurred_on FROM savings_movements WHERE cycle_id = $1 AND kind = 'carried_debt'`, [cycle2]);
    expect(opening).toEqual([{ occurred_on: '2026-01-19' }, { occurred_on: '2026-01-19' }]);
    expect((await verifyBalancesFromCli(t.target.ownerUrl, coopA)).differences).toEqual([]);
  });

  it('counts the carried debts in the indicators: loans outstanding, shown apart, and wholly at risk', async () => {
    const shown = await indicators('2026-01-19');
    expect(shown.loansOutstanding).toEqual({ count: 2, principalMinor: 6234, serviceChargeMinor: 0, totalMinor: 6234 });
    expect(shown.carriedDebtsOutstanding).toEqual(shown.loansOutstanding);
    expect(shown.portfolioAtRisk).toMatchObject({ atRiskPrincipalMinor: 6234, outstandingPrincipalMinor: 6234, basisPoints: 10_000 });
  });

  it('refuses Amani a new loan while she owes it, in the caller\'s language, then takes her repayment into the loan fund and lends', async () => {
    const meeting = randomUUID();
    await t.http().post(meetings(cycle2)).set(bearer(inA.treasurer))
      .send({ id: meeting, heldOn: '2026-01-19', entries: [{ memberId: amani, shares: 2 }, { memberId: baraka, shares: 5 }] }).expect(201);
    expect(await cashOf(cycle2)).toBe(7000);
    const loan = { memberId: amani, loan: { principalMinor: 1000, termMonths: 1 } };
    const refused = await t.http().post(meetings(cycle2)).set(bearer(inA.treasurer)).set('Accept-Language', 'en')
      .send({ id: meeting, heldOn: '2026-01-19', entries: [loan] }).expect(422);
    expect(refused.body.code).toBe('LOAN_CARRIED_DEBT_OUTSTANDING');
    expect(refused.body.detail).toContain('carried from the previous cycle');
    const inFrench = await t.http().post(meetings(cycle2)).set(bearer(inA.treasurer)).send({ id: meeting, heldOn: '2026-01-19', entries: [loan] }).expect(422);
    expect(inFrench.body.detail).toContain('dette reportée du cycle précédent');

    const [carried] = (await loansOf(cycle2, '2026-01-19')).filter((l) => l.memberId === amani);
    await t.http().post(meetings(cycle2)).set(bearer(inA.officer))
      .send({ id: meeting, heldOn: '2026-01-19', entries: [{ memberId: amani, repayment: { loanId: carried.id, amountMinor: 3100 } }] }).expect(403);
    await t.http().post(meetings(cycle2)).set(bearer(adminB))
      .send({ id: meeting, heldOn: '2026-01-19', entries: [{ memberId: amani, repayment: { loanId: carried.id, amountMinor: 3100 } }] }).expect(404);
    const repaid = await t.http().post(meetings(cycle2)).set(bearer(inA.treasurer))
      .send({ id: meeting, heldOn: '2026-01-19', entries: [{ memberId: amani, repayment: { loanId: carried.id, amountMinor: 3100 }, loan: loan.loan }] }).expect(201);
    expect(repaid.body.movements.filter((m: { kind: string }) => m.kind === 'loan_repayment')).toEqual([expect.objectContaining({ loanId: carried.id, amountMinor: 3100 })]);
    expect(await cashOf(cycle2)).toBe(7000 + 3100 - 1000);
    const after = await loansOf(cycle2, '2026-01-19');
    expect(after.find((l) => l.id === carried.id)).toMatchObject({ state: 'repaid', balance: { totalOutstandingMinor: 0 } });
    const shown = await indicators('2026-01-19');
    expect(shown.carriedDebtsOutstanding).toEqual({ count: 1, principalMinor: 3134, serviceChargeMinor: 0, totalMinor: 3134 });
    expect(shown.loansOutstanding.principalMinor).toBe(3134 + 1000);
    expect((await verifyBalancesFromCli(t.target.ownerUrl, coopA)).differences).toEqual([]);
  });

  it('prints the carried debt on the passbook, and keeps the debt of the member who left visible', async () => {
    const pdf = async (member: string) => pdfText((await t.http().get(`${base()}/members/${member}/passbook.pdf`).set(bearer(inA.auditor))
      .buffer(true).parse(binaryBody).expect(200)).body as Buffer);
    const amaniText = (await pdf(amani)).replace(/\s+/g, ' ');
    expect(amaniText).toContain('Ouverture du cycle : dette reportée du cycle précédent');
    expect(amaniText).toContain('Dette reportée du cycle précédent : 31,00 USD');
    expect(amaniText).toContain('Remboursement (intérêts 0,00 USD, capital 31,00 USD)');
    expect(amaniText).toContain('prêt dû 11,00 USD');
    const chikuText = (await pdf(chiku)).replace(/\s+/g, ' ');
    expect(chikuText).toContain('Dette reportée du cycle précédent : 31,34 USD');
    expect(chikuText).toContain('prêt dû 31,34 USD');
  });

  it('shows the loans to the group\'s readers only, as everywhere else', async () => {
    await t.http().get(`${base()}/cycles/${cycle2}/loans`).set(bearer(otherTreasurer)).expect(403);
    await t.http().get(`/api/v1/cooperatives/${coopA}/savings-groups/${group}/cycles/${cycle2}/loans`).set(bearer(adminB)).expect(404);
    expect((await loansOf(cycle2, '2026-01-19', inA.treasurer)).length).toBe(3);
  });
});
