import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';
import { bearer, type Session } from './support/identity-fixture.js';
import { SAVINGS_RULES, savingsWorld, type SavingsWorld } from './support/savings-fixture.js';
import type { CooperativeRole } from '../src/auth/roles.js';

interface Balances {
  loanFundMinor: number;
  socialFundMinor: number;
}

interface Meeting {
  id: string;
  heldOn: string;
  movements: { id: string; kind: string; memberId: string | null; amountMinor: number; shares: number }[];
  cashCounts: { fund: string; expectedMinor: number; countedMinor: number; differenceMinor: number; outcome: string }[];
  balances: Balances;
  closingBalances: Balances;
}

interface ShareOutLine {
  memberId: string;
  shares: number;
  grossMinor: number;
  debtMinor: number;
  debtNettedMinor: number;
  netPayoutMinor: number;
  carriedDebtMinor: number;
  socialFundShareMinor: number;
  cashToMemberMinor: number;
}

/** Twelve weekly meetings, Mondays from 5 January 2026. */
const DATES = Array.from({ length: 12 }, (_, index) => new Date(Date.UTC(2026, 0, 5 + 7 * index)).toISOString().slice(0, 10));
const MEMBERS = 8;
/** Member i buys (i mod 3) + 1 shares at every meeting. */
const sharesOf = (i: number): number => (i % 3) + 1;

describe('a savings group through a whole cycle of twelve meetings', () => {
  let t: TestApp;
  let coopA: string;
  let inA: Record<CooperativeRole, Session>;
  let otherTreasurer: Session;
  let base: string;
  let groupId: string;
  let otherGroupId: string;
  let cycleId: string;
  const m: string[] = [];
  const meetingIds = DATES.map(() => randomUUID());
  const exited = new Set<number>();
  /** The cash the treasurer really counts, kept apart from what the system records. */
  const cash: Balances = { loanFundMinor: 0, socialFundMinor: 0 };
  let socialFundContributionMinor: number = SAVINGS_RULES.socialFundContributionMinor;

  const cycleUrl = () => `${base}/${groupId}/cycles/${cycleId}`;
  const meetingsUrl = () => `${cycleUrl()}/meetings`;

  function regularEntries(extra: Record<number, Record<string, unknown>> = {}): Record<string, unknown>[] {
    return m
      .map((memberId, i) => ({ i, memberId }))
      .filter(({ i }) => !exited.has(i))
      .map(({ i, memberId }) => ({ memberId, shares: sharesOf(i), socialFundMinor: socialFundContributionMinor, ...extra[i] }));
  }

  /** Records meeting k (1-based) with every member's shares and social fund, the extras given, and the cash as counted. */
  async function holdMeeting(
    k: number,
    extra: Record<number, Record<string, unknown>> = {},
    cashMoves: Partial<Balances> = {},
    session: Session = inA.treasurer,
  ): Promise<Meeting> {
    const entries = regularEntries(extra);
    cash.loanFundMinor += entries.reduce((sum, entry) => sum + (entry.shares as number) * SAVINGS_RULES.sharePriceMinor, 0) + (cashMoves.loanFundMinor ?? 0);
    cash.socialFundMinor += entries.length * socialFundContributionMinor + (cashMoves.socialFundMinor ?? 0);
    const response = await t.http().post(meetingsUrl()).set(bearer(session)).send({
      id: meetingIds[k - 1],
      heldOn: DATES[k - 1],
      attendance: m.filter((_, i) => !exited.has(i)).map((memberId, i) => ({ memberId, status: i === 3 && k === 3 ? 'late' : 'present' })),
      entries,
      cashCount: { loanFundMinor: cash.loanFundMinor, socialFundMinor: cash.socialFundMinor, countedBy: 'Kapinga, Mwamba, Tshala' },
    }).expect(201);
    return response.body as Meeting;
  }

  const close = (k: number) => t.http().post(`${meetingsUrl()}/${meetingIds[k - 1]}/close`).set(bearer(inA.treasurer)).expect(200);
  const meeting = async (k: number): Promise<Meeting> => {
    const list = (await t.http().get(meetingsUrl()).set(bearer(inA.auditor)).expect(200)).body as Meeting[];
    return list.find((candidate) => candidate.id === meetingIds[k - 1]) as Meeting;
  };
  const countOutcomes = (meetingView: Meeting) => meetingView.cashCounts.map((count) => [count.fund, count.outcome, count.differenceMinor]);

  beforeAll(async () => {
    t = await startTestApp();
    let userInA: SavingsWorld['userInA'];
    ({ coopA, inA, userInA } = await savingsWorld(t));
    otherTreasurer = await userInA('treasurer', 'cycle-other');
    base = `/api/v1/cooperatives/${coopA}/savings-groups`;
    const group = await t.http().post(base).set(bearer(inA.admin)).send({ name: 'AVEC Tuungane', meetingPlace: 'Kasulo', frequency: 'weekly', meetingWeekday: 1 }).expect(201);
    groupId = group.body.id as string;
    await t.http().put(`${base}/${groupId}/treasurers`).set(bearer(inA.admin)).send({ userIds: [inA.treasurer.userId] }).expect(200);
    const other = await t.http().post(base).set(bearer(inA.admin)).send({ name: 'AVEC Jirani', meetingPlace: 'Kapata', frequency: 'weekly', meetingWeekday: 3 }).expect(201);
    otherGroupId = other.body.id as string;
    await t.http().put(`${base}/${otherGroupId}/treasurers`).set(bearer(inA.admin)).send({ userIds: [otherTreasurer.userId] }).expect(200);
    const names = ['Amani', 'Baraka', 'Chiku', 'Dunia', 'Eshe', 'Faraji', 'Furaha', 'Hodari'];
    for (const [i, firstName] of names.entries()) {
      const added = await t.http().post(`${base}/${groupId}/members`).set(bearer(inA.treasurer))
        .send({ firstName, lastName: 'Tuungane', sex: i % 2 === 0 ? 'F' : 'M', joinedOn: '2026-01-05' }).expect(201);
      m.push(added.body.id as string);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  describe('management committee, key-holders and box-keeper', () => {
    const election = () => ({
      electedOn: '2026-01-05', president: m[0], secretary: m[1], treasurer: m[2], counters: [m[3], m[4]], keyHolders: [m[5], m[6], m[7]], boxKeeper: m[0],
    });

    it('refuses a key-holder who sits on the committee, with a clear error in the caller\'s language', async () => {
      const refused = await t.http().put(`${base}/${groupId}/committee`).set(bearer(inA.treasurer)).set('Accept-Language', 'en')
        .send({ ...election(), keyHolders: [m[5], m[1], m[7]] }).expect(422);
      expect(refused.body.code).toBe('KEY_HOLDER_ON_COMMITTEE');
      expect(refused.body.detail).toBe(`A key-holder may not sit on the management committee: ${m[1]} is its secretary.`);
      const inFrench = await t.http().put(`${base}/${groupId}/committee`).set(bearer(inA.treasurer))
        .send({ ...election(), boxKeeper: m[6] }).expect(422);
      expect(inFrench.body.code).toBe('BOX_KEEPER_HOLDS_KEY');
      expect(inFrench.body.detail).toContain('gardien de la caisse');
      const stranger = await t.http().put(`${base}/${groupId}/committee`).set(bearer(inA.treasurer)).send({ ...election(), president: randomUUID() }).expect(422);
      expect(stranger.body.code).toBe('SAVINGS_MEMBER_NOT_IN_GROUP');
      expect((await t.http().get(`${base}/${groupId}`).set(bearer(inA.auditor)).expect(200)).body.committee).toBeNull();
    });

    it('records the election, shows it with the group, and lets only the group\'s recorders elect', async () => {
      await t.http().put(`${base}/${groupId}/committee`).set(bearer(otherTreasurer)).send(election()).expect(403);
      await t.http().put(`${base}/${groupId}/committee`).set(bearer(inA.officer)).send(election()).expect(403);
      const elected = await t.http().put(`${base}/${groupId}/committee`).set(bearer(inA.treasurer)).send(election()).expect(200);
      expect(elected.body).toMatchObject({ ...election(), electedOn: '2026-01-05' });
      await t.http().get(`${base}/${groupId}/committee`).set(bearer(inA.officer)).expect(403);
      await t.http().get(`${base}/${groupId}/committee`).set(bearer(otherTreasurer)).expect(403);
      const committee = await t.http().get(`${base}/${groupId}/committee`).set(bearer(inA.auditor)).expect(200);
      expect(committee.body).toEqual(elected.body);
      const group = await t.http().get(`${base}/${groupId}`).set(bearer(inA.auditor)).expect(200);
      expect(group.body.committee).toMatchObject({ president: m[0], keyHolders: [m[5], m[6], m[7]], boxKeeper: m[0] });
      const posts = await adminQuery<{ n: string }>(t.target.ownerUrl, 'SELECT count(*) AS n FROM savings_committee_posts WHERE term_id = $1', [elected.body.termId]);
      expect(posts[0].n).toBe('9');
    });
  });

  describe('twelve meetings from the start of the cycle to the share-out', () => {
    let loanToM0: string;
    let loanToM1: string;
    let loanToM2: string;
    let wrongFineId: string;

    beforeAll(async () => {
      const cycle = await t.http().post(`${base}/${groupId}/cycles`).set(bearer(inA.treasurer)).send({ startsOn: DATES[0], plannedEndOn: '2026-03-30', rules: SAVINGS_RULES }).expect(201);
      cycleId = cycle.body.id as string;
    });

    it('meetings 1–2: savings, then two loans granted from the cash brought', async () => {
      const first = await holdMeeting(1);
      expect(first.balances).toEqual({ loanFundMinor: 15_000, socialFundMinor: 1_600 });
      expect(countOutcomes(first)).toEqual([['loan_fund', 'balanced', 0], ['social_fund', 'balanced', 0]]);
      await close(1);
      loanToM0 = randomUUID();
      loanToM2 = randomUUID();
      const second = await holdMeeting(2, {
        0: { loan: { id: loanToM0, principalMinor: 4_000, termMonths: 1 } },
        2: { loan: { id: loanToM2, principalMinor: 3_000, termMonths: 1 } },
      }, { loanFundMinor: -7_000 });
      expect(second.balances).toEqual({ loanFundMinor: 23_000, socialFundMinor: 3_200 });
      expect(countOutcomes(second)).toEqual([['loan_fund', 'balanced', 0], ['social_fund', 'balanced', 0]]);
      await close(2);
    });

    it('meetings 3–4: a fine recorded by mistake shows as a shortage in the count, never absorbed', async () => {
      const third = await holdMeeting(3, { 3: { fines: [{ code: 'late' }] } });
      wrongFineId = third.movements.find((movement) => movement.kind === 'fine')?.id as string;
      expect(third.balances.loanFundMinor).toBe(38_100);
      expect(countOutcomes(third)).toEqual([['loan_fund', 'shortage', -100], ['social_fund', 'balanced', 0]]);
      await close(3);
      loanToM1 = randomUUID();
      const fourth = await holdMeeting(4, { 1: { loan: { id: loanToM1, principalMinor: 6_000, termMonths: 2 } } }, { loanFundMinor: -6_000 });
      expect(countOutcomes(fourth)).toEqual([['loan_fund', 'shortage', -100], ['social_fund', 'balanced', 0]]);
      expect(fourth.closingBalances).toEqual({ loanFundMinor: 47_100, socialFundMinor: 6_400 });
      await close(4);
    });

    it('corrects meeting 3 by a reversal with a reason: its balances and every later meeting\'s follow, earlier ones do not', async () => {
      const before = await Promise.all([2, 3, 4].map((k) => meeting(k)));
      const closed = await t.http().post(meetingsUrl()).set(bearer(inA.treasurer)).send({ id: meetingIds[2], heldOn: DATES[2], entries: [] }).expect(409);
      expect(closed.body.code).toBe('MEETING_CLOSED');
      await t.http().post(`${meetingsUrl()}/${meetingIds[2]}/corrections`).set(bearer(otherTreasurer)).send({ movementId: wrongFineId, reason: 'x' }).expect(403);
      await t.http().post(`${meetingsUrl()}/${meetingIds[2]}/corrections`).set(bearer(inA.treasurer))
        .send({ movementId: wrongFineId, reason: 'Dunia était à l\'heure : amende inscrite par erreur' }).expect(201);
      const after = await Promise.all([2, 3, 4].map((k) => meeting(k)));
      expect(after[0].closingBalances).toEqual(before[0].closingBalances);
      expect(after[1].closingBalances.loanFundMinor).toBe(before[1].closingBalances.loanFundMinor - 100);
      expect(after[2].closingBalances.loanFundMinor).toBe(before[2].closingBalances.loanFundMinor - 100);
      expect(after[2].closingBalances).toEqual(cash);
      const rows = await adminQuery<{ kind: string; amount_minor: string; reason: string | null }>(
        t.target.ownerUrl, 'SELECT kind, amount_minor, reason FROM savings_movements WHERE id = $1 OR reverses_movement_id = $1 ORDER BY seq', [wrongFineId],
      );
      expect(rows.map((row) => [row.kind, Number(row.amount_minor)])).toEqual([['fine', 100], ['reversal', -100]]);
    });

    it('meeting 5, posted offline twice with the same Idempotency-Key and client ids, is recorded once', async () => {
      const key = `meeting-5-${randomUUID()}`;
      const entries = regularEntries();
      const body = { id: meetingIds[4], heldOn: DATES[4], entries, cashCount: { loanFundMinor: cash.loanFundMinor + 15_000, socialFundMinor: cash.socialFundMinor + 1_600, countedBy: 'Kapinga' } };
      const first = await t.http().post(meetingsUrl()).set(bearer(inA.treasurer)).set('Idempotency-Key', key).send(body).expect(201);
      const replay = await t.http().post(meetingsUrl()).set(bearer(inA.treasurer)).set('Idempotency-Key', key).send(body).expect(201);
      cash.loanFundMinor += 15_000;
      cash.socialFundMinor += 1_600;
      expect(replay.headers['idempotent-replay']).toBe('true');
      expect(replay.body).toEqual(first.body);
      expect(countOutcomes(first.body as Meeting)).toEqual([['loan_fund', 'balanced', 0], ['social_fund', 'balanced', 0]]);
      const counted = await adminQuery<{ movements: string; counts: string }>(
        t.target.ownerUrl,
        `SELECT (SELECT count(*) FROM savings_movements WHERE meeting_id = $1) AS movements, (SELECT count(*) FROM savings_cash_counts WHERE meeting_id = $1) AS counts`,
        [meetingIds[4]],
      );
      expect(counted[0]).toEqual({ movements: String(2 * MEMBERS), counts: '2' });
      // A loan sent again with its client id, without the key, is refused rather than lent twice.
      const again = await t.http().post(meetingsUrl()).set(bearer(inA.treasurer))
        .send({ id: meetingIds[4], heldOn: DATES[4], entries: [{ memberId: m[0], loan: { id: loanToM0, principalMinor: 1_000, termMonths: 1 } }] }).expect(409);
      expect(again.body.code).toBe('SAVINGS_ID_TAKEN');
      await close(5);
    });

    it('meeting 6 votes an amendment that applies from meeting 7 only; the share price cannot change', async () => {
      await holdMeeting(6);
      const amendment = { meetingId: meetingIds[5], votesFor: 6, votesAgainst: 1, votesAbstaining: 1, reason: 'Caisse sociale trop faible', changes: { socialFundContributionMinor: 300 } };
      const fixed = await t.http().post(`${cycleUrl()}/amendments`).set(bearer(inA.treasurer)).send({ ...amendment, changes: { sharePriceMinor: 2000 } }).expect(422);
      expect(fixed.body.code).toBe('AMENDMENT_RULE_FIXED');
      const notAdopted = await t.http().post(`${cycleUrl()}/amendments`).set(bearer(inA.treasurer)).send({ ...amendment, votesFor: 3, votesAgainst: 4 }).expect(422);
      expect(notAdopted.body.code).toBe('AMENDMENT_NOT_ADOPTED');
      const tooEarly = await t.http().post(`${cycleUrl()}/amendments`).set(bearer(inA.treasurer)).send({ ...amendment, meetingId: meetingIds[4] }).expect(409);
      expect(tooEarly.body.code).toBe('AMENDMENT_AFTER_LATER_MEETINGS');
      await t.http().post(`${cycleUrl()}/amendments`).set(bearer(otherTreasurer)).send(amendment).expect(403);
      const adopted = await t.http().post(`${cycleUrl()}/amendments`).set(bearer(inA.treasurer)).send(amendment).expect(201);
      expect(adopted.body).toMatchObject({ votedOn: DATES[5], votesFor: 6, changes: { socialFundContributionMinor: 300 } });
      expect(adopted.body.rulesAfter).toMatchObject({ socialFundContributionMinor: 300, sharePriceMinor: 1000 });
      const sameMeeting = await t.http().post(meetingsUrl()).set(bearer(inA.treasurer)).send({ id: meetingIds[5], heldOn: DATES[5], entries: [{ memberId: m[0], socialFundMinor: 300 }] }).expect(422);
      expect(sameMeeting.body.code).toBe('SOCIAL_FUND_CONTRIBUTION_MISMATCH');
      await close(6);
      const oldAmount = await t.http().post(meetingsUrl()).set(bearer(inA.treasurer)).send({ heldOn: DATES[6], entries: [{ memberId: m[0], socialFundMinor: 200 }] }).expect(422);
      expect(oldAmount.body.code).toBe('SOCIAL_FUND_CONTRIBUTION_MISMATCH');
      const list = await t.http().get(`${cycleUrl()}/amendments`).set(bearer(inA.auditor)).expect(200);
      expect(list.body).toHaveLength(1);
      socialFundContributionMinor = 300;
    });

    it('meeting 7: the overdue loan, shown with its schedule, is repaid with its service charge first', async () => {
      const overdue = await t.http().get(`${cycleUrl()}/loans/${loanToM0}`).query({ on: DATES[6] }).set(bearer(inA.auditor)).expect(200);
      expect(overdue.body).toMatchObject({ state: 'overdue', daysOverdue: 5, termEndsOn: '2026-02-11', serviceChargeMethod: 'flat' });
      expect(overdue.body.schedule.rows).toEqual([
        { period: 1, dueOn: '2026-02-11', principalDueMinor: 4_000, serviceChargeDueMinor: 400, totalDueMinor: 4_400, principalOutstandingAfterMinor: 0 },
      ]);
      expect(overdue.body.balance).toMatchObject({ principalOutstandingMinor: 4_000, serviceChargeOutstandingMinor: 800, totalOutstandingMinor: 4_800 });
      const portfolio = await t.http().get(`${cycleUrl()}/loans`).query({ on: DATES[6] }).set(bearer(inA.auditor)).expect(200);
      // Overdue: 4 000 (m0) + 3 000 (m2); outstanding also 6 000 (m1, within its term): 7 000 ÷ 13 000.
      expect(portfolio.body.portfolioAtRisk).toMatchObject({ atRiskPrincipalMinor: 7_000, outstandingPrincipalMinor: 13_000, basisPoints: 5_385 });
      const seventh = await holdMeeting(7, { 0: { repayment: { loanId: loanToM0, amountMinor: 4_800 } } }, { loanFundMinor: 4_800 });
      expect(countOutcomes(seventh)).toEqual([['loan_fund', 'balanced', 0], ['social_fund', 'balanced', 0]]);
      await close(7);
      const repaid = await t.http().get(`${cycleUrl()}/loans/${loanToM0}`).query({ on: DATES[6] }).set(bearer(inA.auditor)).expect(200);
      expect(repaid.body.state).toBe('repaid');
      expect(repaid.body.repayments).toEqual([expect.objectContaining({ amountMinor: 4_800, toServiceChargeMinor: 800, toPrincipalMinor: 4_000 })]);
    });

    it('meeting 8: a part repayment and a social-fund grant', async () => {
      const eighth = await holdMeeting(8, {
        1: { repayment: { loanId: loanToM1, amountMinor: 2_600 } },
        4: { socialGrant: { amountMinor: 1_000, purpose: 'Funérailles' } },
      }, { loanFundMinor: 2_600, socialFundMinor: -1_000 });
      expect(countOutcomes(eighth)).toEqual([['loan_fund', 'balanced', 0], ['social_fund', 'balanced', 0]]);
      await close(8);
      const loan = await t.http().get(`${cycleUrl()}/loans/${loanToM1}`).query({ on: DATES[7] }).set(bearer(inA.auditor)).expect(200);
      expect(loan.body.balance).toMatchObject({ serviceChargePaidMinor: 600, principalOutstandingMinor: 4_000 });
    });

    it('meeting 9: a member leaves mid-cycle with his share of the fund, and records nothing after', async () => {
      const ninth = await holdMeeting(9);
      await close(9);
      const preview = await t.http().get(`${cycleUrl()}/members/${m[7]}/exit`).query({ on: DATES[8] }).set(bearer(inA.auditor)).expect(200);
      expect(preview.body.status).toBe('preview');
      // Hodari bought 2 shares at each of 9 meetings; all members together 15 × 9 = 135.
      const { numerator, denominator } = preview.body.valuePerShare as { numerator: number; denominator: number };
      expect(numerator * 135).toBe(ninth.balances.loanFundMinor * denominator);
      expect(preview.body.line).toMatchObject({ shares: 18, debtMinor: 0, grossMinor: Math.floor((18 * ninth.balances.loanFundMinor) / 135) });
      await t.http().post(`${cycleUrl()}/members/${m[7]}/exit`).set(bearer(otherTreasurer)).send({ on: DATES[8], reason: 'Déménage à Kolwezi' }).expect(403);
      const confirmed = await t.http().post(`${cycleUrl()}/members/${m[7]}/exit`).set(bearer(inA.treasurer)).send({ on: DATES[8], reason: 'Déménage à Kolwezi' }).expect(200);
      expect(confirmed.body).toMatchObject({ status: 'confirmed', paidMinor: preview.body.paidMinor, loanFundCashAfterMinor: ninth.balances.loanFundMinor - preview.body.paidMinor });
      cash.loanFundMinor -= preview.body.paidMinor as number;
      exited.add(7);
      const again = await t.http().post(`${cycleUrl()}/members/${m[7]}/exit`).set(bearer(inA.treasurer)).send({ on: DATES[8], reason: 'encore' }).expect(409);
      expect(again.body.code).toBe('SAVINGS_MEMBER_EXITED');
      const late = await t.http().post(meetingsUrl()).set(bearer(inA.treasurer)).send({ heldOn: DATES[9], entries: [{ memberId: m[7], shares: 1 }] }).expect(409);
      expect(late.body.code).toBe('SAVINGS_MEMBER_EXITED');
    });

    it('meeting 10: the group writes off a loan it cannot recover; it no longer counts at risk nor as a debt', async () => {
      const tenth = await holdMeeting(10);
      expect(countOutcomes(tenth)).toEqual([['loan_fund', 'balanced', 0], ['social_fund', 'balanced', 0]]);
      const decision = { meetingId: meetingIds[9], reason: 'Chiku a quitté la région sans laisser d\'adresse', decisionRef: 'PV 10/3' };
      await t.http().post(`${cycleUrl()}/loans/${loanToM2}/write-off`).set(bearer(otherTreasurer)).send(decision).expect(403);
      await t.http().post(`${cycleUrl()}/loans/${loanToM2}/write-off`).set(bearer(inA.auditor)).send(decision).expect(403);
      const writtenOff = await t.http().post(`${cycleUrl()}/loans/${loanToM2}/write-off`).set(bearer(inA.treasurer)).send(decision).expect(201);
      // 3 000 lent on 12 January; on 9 March, 56 days: two started periods of 300.
      expect(writtenOff.body).toMatchObject({ state: 'written_off', balance: { totalOutstandingMinor: 0 } });
      expect(writtenOff.body.writeOff).toMatchObject({ writtenOffOn: DATES[9], principalMinor: 3_000, serviceChargeMinor: 600, decisionRef: 'PV 10/3' });
      const twice = await t.http().post(`${cycleUrl()}/loans/${loanToM2}/write-off`).set(bearer(inA.treasurer)).send(decision).expect(409);
      expect(twice.body.code).toBe('LOAN_ALREADY_WRITTEN_OFF');
      const repay = await t.http().post(meetingsUrl()).set(bearer(inA.treasurer)).send({ id: meetingIds[9], heldOn: DATES[9], entries: [{ memberId: m[2], repayment: { loanId: loanToM2, amountMinor: 100 } }] }).expect(409);
      expect(repay.body.code).toBe('LOAN_WRITTEN_OFF');
      const portfolio = await t.http().get(`${cycleUrl()}/loans`).query({ on: DATES[9] }).set(bearer(inA.auditor)).expect(200);
      expect(portfolio.body.portfolioAtRisk).toMatchObject({ atRiskPrincipalMinor: 0, outstandingPrincipalMinor: 4_000, loansOutstanding: 1 });
      await close(10);
    });

    it('meetings 11–12 balance, and a treasurer of another group records nothing here', async () => {
      const foreign = await t.http().post(meetingsUrl()).set(bearer(otherTreasurer)).send({ heldOn: DATES[10], entries: regularEntries() }).expect(403);
      expect(foreign.body.code).toBe('SAVINGS_GROUP_NOT_ASSIGNED');
      await t.http().post(meetingsUrl()).set(bearer(inA.auditor)).send({ heldOn: DATES[10], entries: [] }).expect(403);
      for (const k of [11, 12]) {
        const held = await holdMeeting(k);
        expect(countOutcomes(held)).toEqual([['loan_fund', 'balanced', 0], ['social_fund', 'balanced', 0]]);
        expect(held.balances).toEqual(cash);
        await close(k);
      }
      const rows = await adminQuery<{ n: string }>(t.target.ownerUrl, 'SELECT count(*) AS n FROM savings_meetings WHERE cycle_id = $1', [cycleId]);
      expect(rows[0].n).toBe('12');
    });

    it('shares out the cash to the last unit: debts netted, the leaver left out, payouts + remainder = cash', async () => {
      const on = DATES[11];
      const preview = await t.http().get(`${cycleUrl()}/share-out`).query({ on }).set(bearer(inA.auditor)).expect(200);
      const lines = preview.body.lines as ShareOutLine[];
      expect(lines.map((line) => line.memberId).sort()).toEqual(m.slice(0, 7).sort());
      // The seven who stay bought 13 shares at each of the 12 meetings; Hodari's 18 left with him.
      expect(preview.body.totals.shares).toBe(13 * 12);
      const borrower = lines.find((line) => line.memberId === m[1]) as ShareOutLine;
      // 6 000 lent on 26 January: on 23 March, 56 days, two periods of 600; 600 and 2 000 repaid.
      expect(borrower).toMatchObject({ debtMinor: 4_600, debtNettedMinor: 4_600, carriedDebtMinor: 0 });
      expect(lines.find((line) => line.memberId === m[2])?.debtMinor).toBe(0);
      expect(preview.body.totals.loanFundCashMinor).toBe(cash.loanFundMinor);
      const netPaid = lines.reduce((sum, line) => sum + line.netPayoutMinor, 0);
      expect(netPaid + preview.body.remainderMinor).toBe(cash.loanFundMinor);
      expect(preview.body.remainderMinor).toBeGreaterThanOrEqual(0);
      expect(preview.body.remainderMinor).toBeLessThan(lines.length);
      for (const line of lines) {
        expect(line.grossMinor).toBe(Math.floor((line.shares * preview.body.valuePerShare.numerator) / preview.body.valuePerShare.denominator));
        expect(line.netPayoutMinor).toBe(line.grossMinor - line.debtNettedMinor);
      }
      expect(preview.body.socialFund).toMatchObject({ policy: 'kept', keptForNextCycleMinor: cash.socialFundMinor });

      await t.http().post(`${cycleUrl()}/share-out`).set(bearer(otherTreasurer)).send({ on }).expect(403);
      const confirmed = await t.http().post(`${cycleUrl()}/share-out`).set(bearer(inA.treasurer)).send({ on }).expect(200);
      expect(confirmed.body.lines).toEqual(lines);
      const paid = await adminQuery<{ kind: string; total: string }>(
        t.target.ownerUrl,
        `SELECT kind, sum(amount_minor) AS total FROM savings_movements WHERE cycle_id = $1 AND meeting_id IS NULL AND occurred_on = $2 GROUP BY kind ORDER BY kind`,
        [cycleId, on],
      );
      expect(paid.map((row) => [row.kind, Number(row.total)])).toEqual([
        ['loan_repayment', 4_600],
        ['share_out_payout', -lines.reduce((sum, line) => sum + line.grossMinor, 0)],
      ]);
      const cycles = await t.http().get(`${base}/${groupId}/cycles`).set(bearer(inA.auditor)).expect(200);
      expect(cycles.body[0]).toMatchObject({ status: 'closed', balances: { loanFundMinor: confirmed.body.remainderMinor, socialFundMinor: cash.socialFundMinor } });
      const loans = await t.http().get(`${cycleUrl()}/loans`).query({ on }).set(bearer(inA.auditor)).expect(200);
      expect((loans.body.loans as { id: string; state: string }[]).map((loan) => [loan.id, loan.state]).sort()).toEqual(
        [[loanToM0, 'repaid'], [loanToM1, 'repaid'], [loanToM2, 'written_off']].sort(),
      );
    });
  });

  describe('a borrower leaving mid-cycle owing more than his savings are worth', () => {
    it('nets what his payout covers as a repayment and carries the rest, paying him nothing', async () => {
      const url = `${base}/${otherGroupId}`;
      const add = async (firstName: string) =>
        (await t.http().post(`${url}/members`).set(bearer(otherTreasurer)).send({ firstName, lastName: 'Jirani', sex: 'M' }).expect(201)).body.id as string;
      const [x, y] = [await add('Xavier'), await add('Yusufu')];
      const cycle = (await t.http().post(`${url}/cycles`).set(bearer(otherTreasurer)).send({ startsOn: '2026-01-07', plannedEndOn: '2026-06-24', rules: SAVINGS_RULES }).expect(201)).body.id as string;
      const post = (body: Record<string, unknown>) => t.http().post(`${url}/cycles/${cycle}/meetings`).set(bearer(otherTreasurer)).send(body);
      await post({ heldOn: '2026-01-07', entries: [{ memberId: x, shares: 5 }, { memberId: y, shares: 5 }] }).expect(201);
      const loanId = randomUUID();
      await post({ heldOn: '2026-01-14', entries: [{ memberId: x, loan: { id: loanId, principalMinor: 9_000, termMonths: 1 } }] }).expect(201);
      // Owes 9 000 + 900. Covered, his 5 shares would be worth (1 000 + 9 900) ÷ 10 each, less than he owes:
      // so the box shares only its cash among the others' shares, 1 000 ÷ 5, and his gross is 1 000.
      const exit = await t.http().post(`${url}/cycles/${cycle}/members/${x}/exit`).set(bearer(otherTreasurer)).send({ on: '2026-01-14', reason: 'Part' }).expect(200);
      expect(exit.body.line).toMatchObject({ shares: 5, debtMinor: 9_900, grossMinor: 1_000, debtNettedMinor: 1_000, netPayoutMinor: 0, carriedDebtMinor: 8_900 });
      expect(exit.body).toMatchObject({ paidMinor: 0, loanFundCashBeforeMinor: 1_000, loanFundCashAfterMinor: 1_000, sharesRemaining: 5 });
      const carried = await adminQuery<{ member_id: string; amount_minor: string }>(t.target.ownerUrl, 'SELECT member_id, amount_minor FROM savings_carried_debts WHERE cycle_id = $1', [cycle]);
      expect(carried.map((row) => [row.member_id, Number(row.amount_minor)])).toEqual([[x, 8_900]]);
      const loan = await t.http().get(`${url}/cycles/${cycle}/loans/${loanId}`).query({ on: '2026-01-14' }).set(bearer(inA.auditor)).expect(200);
      expect(loan.body.repayments).toEqual([expect.objectContaining({ amountMinor: 1_000, toServiceChargeMinor: 900, toPrincipalMinor: 100 })]);
      const recorded = await t.http().get(`${url}/cycles/${cycle}/members/${x}/exit`).set(bearer(inA.auditor)).expect(200);
      expect(recorded.body).toEqual(exit.body);
    });
  });
});
