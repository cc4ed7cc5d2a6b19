import { randomUUID } from 'node:crypto';
import { runCli } from '../src/cli.js';
import { migrateAndPrepare, revertLastMigration } from '../src/database/migrate.js';
import { verifyBalancesFromCli } from '../src/savings/balances-verify.command.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';
import { bearer, type Session } from './support/identity-fixture.js';
import { SAVINGS_RULES, savingsWorld } from './support/savings-fixture.js';

const MIGRATION = 'H4SavingsCachedBalances1764000400000';

/** `npm run cli -- <args>` against a database: its exit code and what it wrote. */
async function cli(url: string, args: string[]): Promise<{ code: number; output: string }> {
  const previous = process.env.DATABASE_URL;
  const written: string[] = [];
  const [out, err] = [process.stdout.write.bind(process.stdout), process.stderr.write.bind(process.stderr)];
  const capture = (chunk: string | Uint8Array): boolean => written.push(String(chunk)) > 0;
  process.env.DATABASE_URL = url;
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    return { code: await runCli(args), output: written.join('') };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
  }
}

interface Balances {
  loanFundMinor: number;
  socialFundMinor: number;
}

interface Meeting {
  id: string;
  movements: { id: string; kind: string; memberId: string | null; loanId: string | null; amountMinor: number }[];
  balances: Balances;
  closingBalances: Balances;
}

/** Twelve weekly meetings, Mondays from 5 January 2026. */
const DATES = Array.from({ length: 12 }, (_, index) => new Date(Date.UTC(2026, 0, 5 + 7 * index)).toISOString().slice(0, 10));
const MEMBERS = 6;

/**
 * The cached balances a write reads (per fund, per member, per loan) against the movements,
 * after every step of a twelve-meeting cycle: meetings, loans, repayments, corrections by
 * reversal of a share purchase, a disbursement and a repayment, an amendment, a write-off, a
 * member's exit with a debt netted, a social-fund grant and the share-out. After each step the
 * verification command finds nothing, and what the writes answer from the cache equals what
 * the reads fold from the movements. Then a tampered cache is named, and the migration's
 * backfill rebuilds the same cache from the movements.
 */
describe('cached savings balances against the movements, step by step through a cycle', () => {
  let t: TestApp;
  let coopA: string;
  let admin: Session;
  let auditor: Session;
  let cycleUrl: string;
  const m: string[] = [];
  const meetingIds = DATES.map(() => randomUUID());
  const loans = { m0: randomUUID(), m1: randomUUID(), m2: randomUUID(), m3: randomUUID(), m4: randomUUID() };
  const exited = new Set<number>();
  let socialFundContributionMinor: number = SAVINGS_RULES.socialFundContributionMinor;
  let steps = 0;

  /** The check after every step: the verification finds no difference, and the cache (cycle list) equals the fold (meeting list). */
  async function expectCacheMatchesMovements(answered?: Meeting): Promise<void> {
    steps += 1;
    const verification = await verifyBalancesFromCli(t.target.ownerUrl, coopA);
    expect(verification.differences).toEqual([]);
    expect(verification.cycles).toBe(1);
    const [cycle] = (await t.http().get(cycleUrl.replace(/\/[^/]+$/, '')).set(bearer(auditor)).expect(200)).body as { balances: Balances }[];
    const meetings = (await t.http().get(`${cycleUrl}/meetings`).set(bearer(auditor)).expect(200)).body as Meeting[];
    for (const folded of meetings) expect(folded.balances).toEqual(cycle?.balances);
    if (answered) {
      const folded = meetings.find((candidate) => candidate.id === answered.id) as Meeting;
      expect(answered.balances).toEqual(folded.balances);
      expect(answered.closingBalances).toEqual(folded.closingBalances);
      expect(answered.movements).toEqual(folded.movements);
    }
  }

  async function hold(k: number, extra: Record<number, Record<string, unknown>> = {}, only?: number[]): Promise<Meeting> {
    const entries = m
      .map((memberId, i) => ({ i, memberId }))
      .filter(({ i }) => !exited.has(i) && (only === undefined || only.includes(i)))
      .map(({ i, memberId }) => ({ memberId, shares: (i % 3) + 1, socialFundMinor: socialFundContributionMinor, ...extra[i] }));
    const response = await t.http().post(`${cycleUrl}/meetings`).set(bearer(admin)).send({ id: meetingIds[k - 1], heldOn: DATES[k - 1], entries }).expect(201);
    return response.body as Meeting;
  }

  const close = async (k: number): Promise<Meeting> =>
    (await t.http().post(`${cycleUrl}/meetings/${meetingIds[k - 1]}/close`).set(bearer(admin)).expect(200)).body as Meeting;
  const correct = async (k: number, movementId: string, reason: string): Promise<Meeting> =>
    (await t.http().post(`${cycleUrl}/meetings/${meetingIds[k - 1]}/corrections`).set(bearer(admin)).send({ movementId, reason }).expect(201)).body as Meeting;
  const movementOf = (meeting: Meeting, kind: string, memberId: string) => meeting.movements.find((mv) => mv.kind === kind && mv.memberId === memberId)?.id as string;

  beforeAll(async () => {
    t = await startTestApp();
    const world = await savingsWorld(t);
    coopA = world.coopA;
    admin = world.inA.admin;
    auditor = world.inA.auditor;
    const base = `/api/v1/cooperatives/${coopA}/savings-groups`;
    const group = await t.http().post(base).set(bearer(admin)).send({ name: 'AVEC Hesabu', meetingPlace: 'Kasulo', frequency: 'weekly', meetingWeekday: 1 }).expect(201);
    for (let i = 0; i < MEMBERS; i += 1) {
      const added = await t.http().post(`${base}/${group.body.id as string}/members`).set(bearer(admin))
        .send({ firstName: `Membre${i}`, lastName: 'Hesabu', sex: i % 2 === 0 ? 'F' : 'M', joinedOn: DATES[0] }).expect(201);
      m.push(added.body.id as string);
    }
    const cycle = await t.http().post(`${base}/${group.body.id as string}/cycles`).set(bearer(admin))
      .send({ startsOn: DATES[0], plannedEndOn: '2026-03-30', rules: SAVINGS_RULES }).expect(201);
    cycleUrl = `${base}/${group.body.id as string}/cycles/${cycle.body.id as string}`;
  });
  afterAll(async () => {
    await t.close();
  });

  it('holds at every step of twelve meetings, the share-out included', async () => {
    await expectCacheMatchesMovements();
    await expectCacheMatchesMovements(await hold(1));
    await expectCacheMatchesMovements(await close(1));

    // Meeting 2: two loans, a fine; then the share purchase of member 1 reversed.
    const second = await hold(2, { 0: { loan: { id: loans.m0, principalMinor: 3_000, termMonths: 1 } }, 3: { fines: [{ code: 'late' }] } });
    await expectCacheMatchesMovements(second);
    await expectCacheMatchesMovements(await correct(2, movementOf(second, 'share_purchase', m[1]), 'Parts inscrites au mauvais membre'));
    await expectCacheMatchesMovements(await close(2));

    // Meeting 3: a loan granted by mistake, its disbursement reversed before any repayment.
    const third = await hold(3, { 1: { loan: { id: loans.m1, principalMinor: 2_000, termMonths: 1 } } });
    await expectCacheMatchesMovements(third);
    await expectCacheMatchesMovements(await correct(3, movementOf(third, 'loan_disbursement', m[1]), 'Prêt accordé sans décision du comité'));
    await expectCacheMatchesMovements(await close(3));

    // Meeting 4: a repayment recorded on the wrong amount, reversed, then recorded again at meeting 5.
    const fourth = await hold(4, { 0: { repayment: { loanId: loans.m0, amountMinor: 1_000 } }, 2: { loan: { id: loans.m2, principalMinor: 2_000, termMonths: 2 } } });
    await expectCacheMatchesMovements(fourth);
    await expectCacheMatchesMovements(await correct(4, movementOf(fourth, 'loan_repayment', m[0]), 'Montant mal lu'));
    await expectCacheMatchesMovements(await close(4));
    const fifth = await hold(5, { 0: { repayment: { loanId: loans.m0, amountMinor: 1_500 } }, 3: { loan: { id: loans.m3, principalMinor: 2_000, termMonths: 1 } } });
    await expectCacheMatchesMovements(fifth);

    // An amendment voted at meeting 5, in force from meeting 6 (no movement, the cache stays right).
    await t.http().post(`${cycleUrl}/amendments`).set(bearer(admin))
      .send({ meetingId: meetingIds[4], votesFor: 5, votesAgainst: 1, votesAbstaining: 0, reason: 'Caisse sociale trop faible', changes: { socialFundContributionMinor: 300 } })
      .expect(201);
    socialFundContributionMinor = 300;
    await expectCacheMatchesMovements();
    await expectCacheMatchesMovements(await close(5));

    // Meetings 6–7: the rest of member 0's loan repaid (two periods of service charge), a batch added to meeting 7.
    await expectCacheMatchesMovements(await hold(6));
    await expectCacheMatchesMovements(await close(6));
    await expectCacheMatchesMovements(await hold(7, {}, [1, 2, 3, 4, 5]));
    const loanM0 = (await t.http().get(`${cycleUrl}/loans/${loans.m0}?on=${DATES[6]}`).set(bearer(auditor)).expect(200)).body as { balance: { totalOutstandingMinor: number } };
    await expectCacheMatchesMovements(await hold(7, { 0: { repayment: { loanId: loans.m0, amountMinor: loanM0.balance.totalOutstandingMinor } } }, [0]));
    await expectCacheMatchesMovements(await close(7));

    // Meeting 8: the loan to member 2 written off by the group's decision.
    await expectCacheMatchesMovements(await hold(8));
    await t.http().post(`${cycleUrl}/loans/${loans.m2}/write-off`).set(bearer(admin)).send({ meetingId: meetingIds[7], reason: 'Parti sans adresse' }).expect(201);
    await expectCacheMatchesMovements();
    await expectCacheMatchesMovements(await close(8));

    // Member 3 leaves owing on their loan: the debt is netted as a repayment, the rest paid out.
    const exit = await t.http().post(`${cycleUrl}/members/${m[3]}/exit`).set(bearer(admin)).send({ on: DATES[7], reason: 'Déménage' }).expect(200);
    expect(exit.body.line.debtNettedMinor).toBeGreaterThan(0);
    exited.add(3);
    await expectCacheMatchesMovements();

    // Meetings 9–12: a social-fund grant, a last loan repaid in part, then everything closed.
    await expectCacheMatchesMovements(await hold(9, { 5: { socialGrant: { amountMinor: 1_000, purpose: 'Deuil' } } }));
    await expectCacheMatchesMovements(await close(9));
    await expectCacheMatchesMovements(await hold(10, { 4: { loan: { id: loans.m4, principalMinor: 2_000, termMonths: 1 } } }));
    await expectCacheMatchesMovements(await close(10));
    await expectCacheMatchesMovements(await hold(11, { 4: { repayment: { loanId: loans.m4, amountMinor: 500 } } }));
    await expectCacheMatchesMovements(await close(11));
    await expectCacheMatchesMovements(await hold(12));
    await expectCacheMatchesMovements(await close(12));

    // The share-out nets member 4's debt and pays everyone: the cache follows to the remainder.
    const preview = (await t.http().get(`${cycleUrl}/share-out?on=${DATES[11]}`).set(bearer(auditor)).expect(200)).body as { lines: unknown[] };
    const confirmed = await t.http().post(`${cycleUrl}/share-out`).set(bearer(admin)).send({ on: DATES[11] }).expect(200);
    expect(confirmed.body.lines).toEqual(preview.lines);
    await expectCacheMatchesMovements();
    const [cycle] = (await t.http().get(cycleUrl.replace(/\/[^/]+$/, '')).set(bearer(auditor)).expect(200)).body as { balances: Balances }[];
    expect(cycle?.balances.loanFundMinor).toBe(confirmed.body.remainderMinor);
    expect(steps).toBeGreaterThan(30);
  });

  it('names each figure a tampered cache holds otherwise than the movements', async () => {
    const cycleId = cycleUrl.split('/').at(-1) as string;
    await adminQuery(t.target.ownerUrl, `UPDATE savings_member_balances SET shares = shares + 2 WHERE cooperative_id = $1 AND member_id = $2`, [coopA, m[0]]);
    await adminQuery(t.target.ownerUrl, `UPDATE savings_fund_balances SET balance_minor = balance_minor - 100 WHERE cooperative_id = $1 AND fund = 'social_fund'`, [coopA]);
    await adminQuery(t.target.ownerUrl, `UPDATE savings_loan_balances SET repayments = repayments + 1 WHERE cooperative_id = $1 AND loan_id = $2`, [coopA, loans.m4]);
    try {
      const { differences } = await verifyBalancesFromCli(t.target.ownerUrl, coopA);
      expect(differences).toHaveLength(3);
      expect(differences[0]).toMatch(new RegExp(`^cycle ${cycleId}: social_fund is -?\\d+ in the cache, -?\\d+ from the movements$`));
      expect(differences[1]).toMatch(new RegExp(`shares of member ${m[0]} is \\d+ in the cache`));
      expect(differences[2]).toMatch(new RegExp(`loan_repayments of loan ${loans.m4} is \\d+ in the cache, \\d+ from the movements$`));
      // Without --cooperative every cooperative is verified; the other one holds no cycle.
      const all = await verifyBalancesFromCli(t.target.ownerUrl);
      expect(all.cooperatives).toBeGreaterThanOrEqual(2);
      expect(all.differences).toEqual(differences);
      const command = await cli(t.target.ownerUrl, ['savings:verify-balances', '--cooperative', coopA]);
      expect(command.code).toBe(1);
      expect(command.output).toContain('3 cached savings balances differ from the movements');
      for (const difference of differences) expect(command.output).toContain(difference);
    } finally {
      await adminQuery(t.target.ownerUrl, `UPDATE savings_member_balances SET shares = shares - 2 WHERE cooperative_id = $1 AND member_id = $2`, [coopA, m[0]]);
      await adminQuery(t.target.ownerUrl, `UPDATE savings_fund_balances SET balance_minor = balance_minor + 100 WHERE cooperative_id = $1 AND fund = 'social_fund'`, [coopA]);
      await adminQuery(t.target.ownerUrl, `UPDATE savings_loan_balances SET repayments = repayments - 1 WHERE cooperative_id = $1 AND loan_id = $2`, [coopA, loans.m4]);
    }
    expect((await verifyBalancesFromCli(t.target.ownerUrl, coopA)).differences).toEqual([]);
    expect(await cli(t.target.ownerUrl, ['savings:verify-balances'])).toEqual({ code: 0, output: expect.stringMatching(/^Savings balances OK: 1 cycles in \d+ cooperatives match their movements\.\n$/) as unknown });
  });

  it('backfills the cache of existing cycles from their movements when the migration runs', async () => {
    const url = t.target.ownerUrl;
    const snapshot = async () => ({
      funds: await adminQuery(url, `SELECT cycle_id, fund, balance_minor, movements, last_movement_on FROM savings_fund_balances ORDER BY cycle_id, fund`),
      members: await adminQuery(url, `SELECT cycle_id, member_id, shares FROM savings_member_balances WHERE shares <> 0 ORDER BY cycle_id, member_id`),
      loans: await adminQuery(url, `SELECT loan_id, disbursements, repaid_minor, repayments FROM savings_loan_balances
                                     WHERE disbursements <> 0 OR repayments <> 0 ORDER BY loan_id`),
    });
    const kept = await snapshot();
    expect(kept.loans.length).toBeGreaterThanOrEqual(4);
    for (let reverted = await revertLastMigration(url); reverted !== MIGRATION; reverted = await revertLastMigration(url)) {
      if (reverted === undefined) throw new Error(`${MIGRATION} was never applied`);
    }
    await migrateAndPrepare(url, t.target.appUser, t.target.appPassword);
    expect(await snapshot()).toEqual(kept);
    expect((await verifyBalancesFromCli(url, coopA)).differences).toEqual([]);
  });
});
