import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';
import { bearer, type Session } from './support/identity-fixture.js';
import { SAVINGS_RULES, savingsWorld, type SavingsWorld } from './support/savings-fixture.js';
import type { CooperativeRole } from '../src/auth/roles.js';

interface Movement {
  id: string;
  kind: string;
  memberId: string | null;
  loanId: string | null;
  amountMinor: number;
  shares: number;
  reversesMovementId: string | null;
}

interface Meeting {
  id: string;
  status: string;
  movements: Movement[];
  cashCounts: { fund: string; expectedMinor: number; countedMinor: number; differenceMinor: number; outcome: string; countedBy: string }[];
  balances: { loanFundMinor: number; socialFundMinor: number };
  attendance: { memberId: string; status: string }[];
}

describe('savings groups', () => {
  let t: TestApp;
  let coopA: string;
  let inA: Record<CooperativeRole, Session>;
  let treasurer2: Session;
  let adminB: Session;
  let coopB: string;
  let base: string;
  let rows: SavingsWorld['rows'];

  const audits = (action: string, entityId: string) =>
    adminQuery<{ actor_user_id: string; after: Record<string, unknown> | null }>(
      t.target.ownerUrl,
      'SELECT actor_user_id, after FROM audit_log WHERE action = $1 AND entity_id = $2 ORDER BY id',
      [action, entityId],
    );

  async function createGroup(name: string, treasurers: Session[]): Promise<string> {
    const group = await t.http().post(base).set(bearer(inA.admin)).send({ name, meetingPlace: 'École de Kasulo', frequency: 'weekly', meetingWeekday: 1 }).expect(201);
    await t.http().put(`${base}/${group.body.id}/treasurers`).set(bearer(inA.admin)).send({ userIds: treasurers.map((s) => s.userId) }).expect(200);
    return group.body.id as string;
  }

  async function addMember(groupId: string, body: Record<string, unknown>, session: Session = inA.admin): Promise<string> {
    const response = await t.http().post(`${base}/${groupId}/members`).set(bearer(session)).send(body).expect(201);
    return response.body.id as string;
  }

  async function startCycle(groupId: string, session: Session = inA.admin, rules: Record<string, unknown> = SAVINGS_RULES): Promise<string> {
    const response = await t.http().post(`${base}/${groupId}/cycles`).set(bearer(session)).send({ startsOn: '2026-01-05', plannedEndOn: '2026-12-28', rules }).expect(201);
    return response.body.id as string;
  }

  const meetings = (groupId: string, cycleId: string) => `${base}/${groupId}/cycles/${cycleId}/meetings`;
  const postMeeting = (groupId: string, cycleId: string, body: Record<string, unknown>, session: Session) =>
    t.http().post(meetings(groupId, cycleId)).set(bearer(session)).send(body);
  const closeMeeting = (groupId: string, cycleId: string, meetingId: string, session: Session) =>
    t.http().post(`${meetings(groupId, cycleId)}/${meetingId}/close`).set(bearer(session)).expect(200);

  beforeAll(async () => {
    t = await startTestApp();
    let userInA: SavingsWorld['userInA'];
    ({ coopA, coopB, inA, adminB, rows, userInA } = await savingsWorld(t));
    treasurer2 = await userInA('treasurer', 'a2');
    base = `/api/v1/cooperatives/${coopA}/savings-groups`;
  });
  afterAll(async () => {
    await t.close();
  });

  describe('a full cycle of three members and four meetings', () => {
    let groupId: string;
    let cycleId: string;
    const m: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
    const meetingIds = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    let loanId: string;
    let wrongFineId: string;

    beforeAll(async () => {
      groupId = await createGroup('Tujenge Mama', [inA.treasurer]);
      const miner = await rows.newMember(coopA, {
        firstName: 'Amani', lastName: 'Kabila', sex: 'F', dateOfBirth: '1990-04-12', nationality: 'CD', idDocumentType: 'voter_card', idDocumentNumber: 'VC-SAV-1', phone: '+243990000001', status: 'applicant',
      });
      m.a = await addMember(groupId, { minerId: miner.id });
      m.b = await addMember(groupId, { firstName: 'Bahati', lastName: 'Ilunga', sex: 'M', phone: '+243990000002' }, inA.treasurer);
      m.c = await addMember(groupId, { firstName: 'Chausiku', lastName: 'Mbuyi', sex: 'F' });
      cycleId = await startCycle(groupId, inA.treasurer);
    });

    it('keeps a group with its members, treasurers and one open cycle with its rules fixed', async () => {
      const group = await t.http().get(`${base}/${groupId}`).set(bearer(inA.auditor)).expect(200);
      expect(group.body.treasurerIds).toEqual([inA.treasurer.userId]);
      expect((group.body.members as { firstName: string; minerId: string | null }[]).map((x) => x.firstName).sort()).toEqual(['Amani', 'Bahati', 'Chausiku']);
      expect(group.body.cycles).toHaveLength(1);
      expect(group.body.cycles[0].rules).toMatchObject({ sharePriceMinor: 1000, maxSharesPerMeeting: 5, fineTypes: [{ code: 'late', amountMinor: 100 }] });
      const second = await t.http().post(`${base}/${groupId}/cycles`).set(bearer(inA.admin)).send({ startsOn: '2026-02-01', plannedEndOn: '2026-12-28', rules: SAVINGS_RULES }).expect(409);
      expect(second.body.code).toBe('CYCLE_ALREADY_OPEN');
      const badRules = await t.http().post(`${base}/${groupId}/cycles`).set(bearer(inA.admin)).send({ startsOn: '2026-02-01', plannedEndOn: '2026-12-28', rules: { ...SAVINGS_RULES, minSharesPerMeeting: 6 } }).expect(422);
      expect(badRules.body.code).toBe('CYCLE_RULES_INVALID');
      expect(await audits('savings.cycle.started', cycleId)).toHaveLength(1);
    });

    it('refuses a fractional share or an amount that is not a whole number of shares, recording nothing', async () => {
      const fractional = await postMeeting(groupId, cycleId, { heldOn: '2026-01-05', entries: [{ memberId: m.a, shares: 1.5 }] }, inA.treasurer).expect(422);
      expect(fractional.body.code).toBe('SHARES_NOT_WHOLE');
      const money = await postMeeting(groupId, cycleId, { heldOn: '2026-01-05', entries: [{ memberId: m.b, sharesAmountMinor: 2500 }] }, inA.treasurer).expect(422);
      expect(money.body.code).toBe('SHARE_AMOUNT_NOT_MULTIPLE_OF_PRICE');
      expect(money.body.detail).toContain('2000');
      expect(money.body.detail).toContain('3000');
      const list = await t.http().get(meetings(groupId, cycleId)).set(bearer(inA.auditor)).expect(200);
      expect(list.body).toEqual([]);
    });

    it('meeting 1: attendance, shares and social fund, with a balanced cash count', async () => {
      const response = await postMeeting(groupId, cycleId, {
        id: meetingIds[0],
        heldOn: '2026-01-05',
        attendance: [{ memberId: m.a, status: 'present' }, { memberId: m.b, status: 'present' }, { memberId: m.c, status: 'late' }],
        entries: [
          { memberId: m.a, shares: 2, socialFundMinor: 200 },
          { memberId: m.b, shares: 3, sharesAmountMinor: 3000, socialFundMinor: 200 },
          { memberId: m.c, sharesAmountMinor: 1000, socialFundMinor: 200 },
        ],
        cashCount: { loanFundMinor: 6000, socialFundMinor: 600, countedBy: 'Kapinga, Mwamba, Tshala' },
      }, inA.treasurer).expect(201);
      const meeting = response.body as Meeting;
      expect(meeting.balances).toEqual({ loanFundMinor: 6000, socialFundMinor: 600 });
      expect(meeting.attendance).toHaveLength(3);
      expect(meeting.cashCounts.map((c) => [c.fund, c.outcome, c.differenceMinor])).toEqual([['loan_fund', 'balanced', 0], ['social_fund', 'balanced', 0]]);
      await closeMeeting(groupId, cycleId, meetingIds[0], inA.treasurer);
      const late = await postMeeting(groupId, cycleId, { id: meetingIds[0], heldOn: '2026-01-05', entries: [{ memberId: m.a, shares: 1 }] }, inA.treasurer).expect(409);
      expect(late.body.code).toBe('MEETING_CLOSED');
    });

    it('refuses a loan above three times the member\'s savings', async () => {
      const response = await postMeeting(groupId, cycleId, { heldOn: '2026-01-12', entries: [{ memberId: m.c, shares: 1, loan: { principalMinor: 7000, termMonths: 1 } }] }, inA.treasurer).expect(422);
      expect(response.body.code).toBe('LOAN_ABOVE_SAVINGS_CAP');
      const term = await postMeeting(groupId, cycleId, { heldOn: '2026-01-12', entries: [{ memberId: m.a, loan: { principalMinor: 1000, termMonths: 4 } }] }, inA.treasurer).expect(422);
      expect(term.body.code).toBe('LOAN_TERM_TOO_LONG');
    });

    it('meeting 2: a loan and a wrong fine, corrected by a reversal after the meeting closed', async () => {
      loanId = randomUUID();
      const response = await postMeeting(groupId, cycleId, {
        id: meetingIds[1],
        heldOn: '2026-01-12',
        entries: [
          { memberId: m.a, shares: 2, socialFundMinor: 200, loan: { id: loanId, principalMinor: 5000, termMonths: 1 } },
          { memberId: m.b, shares: 2, socialFundMinor: 200, fines: [{ code: 'late' }] },
          { memberId: m.c, shares: 1, socialFundMinor: 200 },
        ],
      }, inA.treasurer).expect(201);
      const meeting = response.body as Meeting;
      expect(meeting.balances).toEqual({ loanFundMinor: 6100, socialFundMinor: 1200 });
      wrongFineId = meeting.movements.find((mv) => mv.kind === 'fine')?.id as string;
      await closeMeeting(groupId, cycleId, meetingIds[1], inA.treasurer);

      const corrected = await t.http().post(`${meetings(groupId, cycleId)}/${meetingIds[1]}/corrections`).set(bearer(inA.treasurer))
        .send({ movementId: wrongFineId, reason: 'Bahati était à l\'heure' }).expect(201);
      const after = corrected.body as Meeting;
      expect(after.balances).toEqual({ loanFundMinor: 6000, socialFundMinor: 1200 });
      const reversal = after.movements.find((mv) => mv.kind === 'reversal');
      expect(reversal).toMatchObject({ reversesMovementId: wrongFineId, amountMinor: -100, memberId: m.b });
      const again = await t.http().post(`${meetings(groupId, cycleId)}/${meetingIds[1]}/corrections`).set(bearer(inA.treasurer))
        .send({ movementId: wrongFineId, reason: 'encore' }).expect(409);
      expect(again.body.code).toBe('MOVEMENT_ALREADY_REVERSED');
      expect(await audits('savings.movement.reversed', wrongFineId)).toHaveLength(1);
      const rows = await adminQuery<{ n: string }>(t.target.ownerUrl, 'SELECT count(*) AS n FROM savings_movements WHERE id = $1', [wrongFineId]);
      expect(rows[0].n).toBe('1');
    });

    it('reports the loan with its service charge and overdue status, and the portfolio at risk', async () => {
      const onTime = await t.http().get(`${base}/${groupId}/cycles/${cycleId}/loans`).query({ on: '2026-01-19' }).set(bearer(inA.auditor)).expect(200);
      expect(onTime.body.loans).toHaveLength(1);
      expect(onTime.body.loans[0]).toMatchObject({ id: loanId, memberId: m.a, principalMinor: 5000, termEndsOn: '2026-02-11', overdue: false });
      expect(onTime.body.loans[0].balance).toMatchObject({ principalOutstandingMinor: 5000, serviceChargeOutstandingMinor: 500, totalOutstandingMinor: 5500 });
      expect(onTime.body.portfolioAtRisk).toMatchObject({ basisPoints: 0, outstandingPrincipalMinor: 5000 });
      const late = await t.http().get(`${base}/${groupId}/cycles/${cycleId}/loans`).query({ on: '2026-02-20' }).set(bearer(inA.auditor)).expect(200);
      expect(late.body.loans[0]).toMatchObject({ overdue: true, daysOverdue: 9 });
      expect(late.body.portfolioAtRisk).toMatchObject({ basisPoints: 10_000, atRiskPrincipalMinor: 5000 });
    });

    it('meeting 3: a fine, a social-fund grant and a counted-cash shortage recorded as such', async () => {
      const response = await postMeeting(groupId, cycleId, {
        id: meetingIds[2],
        heldOn: '2026-01-19',
        entries: [
          { memberId: m.a, shares: 1, socialFundMinor: 200 },
          { memberId: m.b, shares: 1, socialFundMinor: 200, socialGrant: { amountMinor: 500, purpose: 'Deuil' } },
          { memberId: m.c, shares: 1, socialFundMinor: 200, fines: [{ code: 'late' }] },
        ],
        cashCount: { loanFundMinor: 9000, socialFundMinor: 1300, countedBy: 'Kapinga, Mwamba, Tshala' },
      }, inA.admin).expect(201);
      const meeting = response.body as Meeting;
      expect(meeting.balances).toEqual({ loanFundMinor: 9100, socialFundMinor: 1300 });
      expect(meeting.cashCounts).toEqual([
        expect.objectContaining({ fund: 'loan_fund', expectedMinor: 9100, countedMinor: 9000, differenceMinor: -100, outcome: 'shortage', countedBy: 'Kapinga, Mwamba, Tshala' }),
        expect.objectContaining({ fund: 'social_fund', expectedMinor: 1300, countedMinor: 1300, differenceMinor: 0, outcome: 'balanced' }),
      ]);
      const overGrant = await postMeeting(groupId, cycleId, { id: meetingIds[2], heldOn: '2026-01-19', entries: [{ memberId: m.a, socialGrant: { amountMinor: 5000, purpose: 'Maladie' } }] }, inA.admin).expect(422);
      expect(overGrant.body.code).toBe('SOCIAL_FUND_CASH_SHORT');
      await closeMeeting(groupId, cycleId, meetingIds[2], inA.admin);
    });

    it('meeting 4: the loan repaid, service charge first', async () => {
      const tooMuch = await postMeeting(groupId, cycleId, { heldOn: '2026-01-26', entries: [{ memberId: m.a, repayment: { loanId, amountMinor: 5501 } }] }, inA.treasurer).expect(422);
      expect(tooMuch.body.code).toBe('REPAYMENT_EXCEEDS_AMOUNT_OWED');
      const response = await postMeeting(groupId, cycleId, {
        id: meetingIds[3],
        heldOn: '2026-01-26',
        entries: [
          { memberId: m.a, shares: 1, socialFundMinor: 200, repayment: { loanId, amountMinor: 5500 } },
          { memberId: m.b, shares: 1, socialFundMinor: 200 },
          { memberId: m.c, shares: 1, socialFundMinor: 200 },
        ],
      }, inA.treasurer).expect(201);
      expect((response.body as Meeting).balances).toEqual({ loanFundMinor: 17_600, socialFundMinor: 1900 });
      const loans = await t.http().get(`${base}/${groupId}/cycles/${cycleId}/loans`).query({ on: '2026-01-26' }).set(bearer(inA.treasurer)).expect(200);
      expect(loans.body.loans[0].balance).toMatchObject({ totalOutstandingMinor: 0, serviceChargePaidMinor: 500, principalPaidMinor: 5000 });
    });

    it('shares out the loan fund to the last unit and closes the cycle', async () => {
      const open = await t.http().post(`${base}/${groupId}/cycles/${cycleId}/share-out`).set(bearer(inA.treasurer)).send({ on: '2026-01-26' }).expect(409);
      expect(open.body.code).toBe('MEETINGS_STILL_OPEN');
      await closeMeeting(groupId, cycleId, meetingIds[3], inA.treasurer);

      const preview = await t.http().get(`${base}/${groupId}/cycles/${cycleId}/share-out`).query({ on: '2026-01-26' }).set(bearer(inA.auditor)).expect(200);
      expect(preview.body.status).toBe('preview');
      expect(preview.body.totals).toMatchObject({ shares: 17, loanFundCashMinor: 17_600, debtMinor: 0, cashPaidMinor: 17_599, remainderMinor: 1, cashKeptForNextCycleMinor: 1901 });
      const gross = Object.fromEntries((preview.body.lines as { memberId: string; shares: number; grossMinor: number }[]).map((line) => [line.memberId, [line.shares, line.grossMinor]]));
      expect(gross).toEqual({ [m.a]: [6, 6211], [m.b]: [7, 7247], [m.c]: [4, 4141] });

      const auditorTry = await t.http().post(`${base}/${groupId}/cycles/${cycleId}/share-out`).set(bearer(inA.auditor)).send({ on: '2026-01-26' });
      expect(auditorTry.status).toBe(403);
      const confirmed = await t.http().post(`${base}/${groupId}/cycles/${cycleId}/share-out`).set(bearer(inA.treasurer)).send({ on: '2026-01-26' }).expect(200);
      expect(confirmed.body.status).toBe('confirmed');
      expect(confirmed.body.totals.cashPaidMinor + confirmed.body.remainderMinor).toBe(17_600);

      const payouts = await adminQuery<{ member_id: string; amount_minor: string }>(
        t.target.ownerUrl,
        `SELECT member_id, amount_minor FROM savings_movements WHERE cycle_id = $1 AND kind = 'share_out_payout' ORDER BY amount_minor`,
        [cycleId],
      );
      expect(payouts.map((p) => [p.member_id, Number(p.amount_minor)])).toEqual([[m.b, -7247], [m.a, -6211], [m.c, -4141]]);
      const cycles = await t.http().get(`${base}/${groupId}/cycles`).set(bearer(inA.auditor)).expect(200);
      expect(cycles.body[0]).toMatchObject({ status: 'closed', closedOn: '2026-01-26', balances: { loanFundMinor: 1, socialFundMinor: 1900 } });
      const stored = await t.http().get(`${base}/${groupId}/cycles/${cycleId}/share-out`).set(bearer(inA.auditor)).expect(200);
      expect(stored.body.status).toBe('confirmed');
      const after = await postMeeting(groupId, cycleId, { heldOn: '2026-02-02', entries: [] }, inA.treasurer).expect(409);
      expect(after.body.code).toBe('CYCLE_CLOSED');
      expect(await audits('savings.cycle.shared_out', cycleId)).toHaveLength(1);
    });
  });

  describe('concurrency, replays and permissions', () => {
    let groupId: string;
    let cycleId: string;
    let x: string;
    let y: string;

    beforeAll(async () => {
      groupId = await createGroup('Umoja Wanawake', [treasurer2]);
      x = await addMember(groupId, { firstName: 'Xavier', lastName: 'Kasongo', sex: 'M' });
      y = await addMember(groupId, { firstName: 'Yvette', lastName: 'Mutombo', sex: 'F' });
      cycleId = await startCycle(groupId, treasurer2);
      await postMeeting(groupId, cycleId, { heldOn: '2026-01-05', entries: [{ memberId: x, shares: 5 }, { memberId: y, shares: 5 }] }, treasurer2).expect(201);
    });

    it('never lends the same cash twice: of two concurrent loans that only fit one at a time, exactly one is granted', async () => {
      // Holds both requests inside their transactions, after they could have read the cash, so that
      // they overlap for certain: only the lock on the cycle row keeps the second from lending it again.
      const blocker = new pg.Client({ connectionString: t.target.ownerUrl });
      await blocker.connect();
      try {
        await blocker.query('BEGIN');
        await blocker.query('LOCK TABLE savings_loans IN ACCESS EXCLUSIVE MODE');
        const requests = Promise.all([
          postMeeting(groupId, cycleId, { heldOn: '2026-01-12', entries: [{ memberId: x, loan: { principalMinor: 8000, termMonths: 2 } }] }, treasurer2),
          postMeeting(groupId, cycleId, { heldOn: '2026-01-12', entries: [{ memberId: y, loan: { principalMinor: 8000, termMonths: 2 } }] }, inA.admin),
        ]);
        for (let attempt = 0; attempt < 100; attempt += 1) {
          const waiting = await blocker.query<{ n: string }>(
            'SELECT count(DISTINCT pid) AS n FROM pg_locks WHERE NOT granted',
          );
          if (Number(waiting.rows[0].n) >= 2) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await blocker.query('COMMIT');
        const [first, second] = await requests;
        expect([first.status, second.status].sort()).toEqual([201, 422]);
        const refused = first.status === 422 ? first : second;
        expect(refused.body.code).toBe('LOAN_FUND_CASH_SHORT');
      } finally {
        await blocker.end();
      }
      const loans = await t.http().get(`${base}/${groupId}/cycles/${cycleId}/loans`).query({ on: '2026-01-12' }).set(bearer(inA.auditor)).expect(200);
      expect(loans.body.loans).toHaveLength(1);
      const cycles = await t.http().get(`${base}/${groupId}/cycles`).set(bearer(inA.auditor)).expect(200);
      expect(cycles.body[0].balances.loanFundMinor).toBe(2000);
    });

    it('replays a batch sent twice with the same Idempotency-Key without recording it twice', async () => {
      const body = { id: randomUUID(), heldOn: '2026-01-19', attendance: [{ memberId: x, status: 'present' }], entries: [{ memberId: x, shares: 1 }, { memberId: y, shares: 2 }] };
      const key = `meeting-${randomUUID()}`;
      const first = await t.http().post(meetings(groupId, cycleId)).set(bearer(treasurer2)).set('Idempotency-Key', key).send(body).expect(201);
      const replay = await t.http().post(meetings(groupId, cycleId)).set(bearer(treasurer2)).set('Idempotency-Key', key).send(body).expect(201);
      expect(replay.headers['idempotent-replay']).toBe('true');
      expect(replay.body).toEqual(first.body);
      const rows = await adminQuery<{ n: string }>(t.target.ownerUrl, `SELECT count(*) AS n FROM savings_movements WHERE meeting_id = $1`, [body.id]);
      expect(rows[0].n).toBe('2');
      const list = await t.http().get(meetings(groupId, cycleId)).set(bearer(treasurer2)).expect(200);
      expect((list.body as Meeting[]).filter((meeting) => meeting.id === body.id)).toHaveLength(1);
    });

    it('lets a treasurer record only for the groups assigned to them; auditors only read; officers neither', async () => {
      const entry = { heldOn: '2026-01-26', entries: [{ memberId: x, shares: 1 }] };
      const foreign = await postMeeting(groupId, cycleId, entry, inA.treasurer).expect(403);
      expect(foreign.body.code).toBe('SAVINGS_GROUP_NOT_ASSIGNED');
      await t.http().post(`${base}/${groupId}/members`).set(bearer(inA.treasurer)).send({ firstName: 'Z', lastName: 'Z', sex: 'M' }).expect(403);
      await postMeeting(groupId, cycleId, entry, inA.auditor).expect(403);
      await postMeeting(groupId, cycleId, entry, inA.officer).expect(403);
      await t.http().post(base).set(bearer(inA.treasurer)).send({ name: 'Nope', meetingPlace: 'x', frequency: 'weekly', meetingWeekday: 2 }).expect(403);
      await t.http().put(`${base}/${groupId}/treasurers`).set(bearer(treasurer2)).send({ userIds: [] }).expect(403);
      const notTreasurer = await t.http().put(`${base}/${groupId}/treasurers`).set(bearer(inA.admin)).send({ userIds: [inA.officer.userId] }).expect(422);
      expect(notTreasurer.body.code).toBe('TREASURER_ROLE_REQUIRED');
      await t.http().get(`${base}/${groupId}`).set(bearer(inA.officer)).expect(403);
      await t.http().get(`${base}/${groupId}`).set(bearer(inA.auditor)).expect(200);
      await t.http().get(`${base}/${groupId}/cycles/${cycleId}/meetings`).set(bearer(inA.auditor)).expect(200);
      const assigned = await audits('savings.treasurers.assigned', groupId);
      expect(assigned[0].after).toEqual({ treasurerIds: [treasurer2.userId] });
    });

    it('lets a treasurer read only the groups assigned to them, on every JSON route, with the answer the PDFs give', async () => {
      const cycle = `${base}/${groupId}/cycles/${cycleId}`;
      const [meeting] = (await t.http().get(`${cycle}/meetings`).set(bearer(treasurer2)).expect(200)).body as { id: string }[];
      const reads = [
        `${base}/${groupId}`,
        `${base}/${groupId}/committee`,
        `${base}/${groupId}/cycles`,
        `${cycle}/meetings`,
        `${cycle}/loans`,
        `${cycle}/loans/${randomUUID()}`,
        `${cycle}/amendments`,
        `${cycle}/share-out`,
        `${cycle}/members/${x}/exit`,
        `${base}/${groupId}/indicators`,
      ];
      for (const path of reads) {
        const refused = await t.http().get(path).set(bearer(inA.treasurer));
        expect({ path, status: refused.status, code: refused.body.code }).toEqual({ path, status: 403, code: 'SAVINGS_GROUP_NOT_ASSIGNED' });
        await t.http().get(path).set(bearer(inA.officer)).expect(403);
      }
      const pdf = await t.http().get(`${cycle}/share-out.pdf`).set(bearer(inA.treasurer)).expect(403);
      expect(pdf.body.code).toBe('SAVINGS_GROUP_NOT_ASSIGNED');
      await t.http().get(`${cycle}/meetings/${meeting.id}/sheet.pdf`).set(bearer(inA.treasurer)).expect(403);
      // The group's own treasurer reads it all; the list shows a treasurer only their groups.
      await t.http().get(`${cycle}/share-out`).set(bearer(treasurer2)).expect(200);
      await t.http().get(`${base}/${groupId}`).set(bearer(treasurer2)).expect(200);
      const listed = async (session: Session): Promise<string[]> =>
        ((await t.http().get(base).set(bearer(session)).expect(200)).body as { id: string }[]).map((group) => group.id);
      expect(await listed(treasurer2)).toEqual([groupId]);
      expect(await listed(inA.treasurer)).not.toContain(groupId);
      expect(await listed(inA.auditor)).toContain(groupId);
      await t.http().get(base).set(bearer(inA.officer)).expect(403);
    });

    it('refuses member ids of another cooperative as it refuses ids that do not exist', async () => {
      const baseB = `/api/v1/cooperatives/${coopB}/savings-groups`;
      const groupB = await t.http().post(baseB).set(bearer(adminB)).send({ name: 'Groupe B', meetingPlace: 'Likasi', frequency: 'weekly', meetingWeekday: 1 }).expect(201);
      const memberB = await t.http().post(`${baseB}/${groupB.body.id}/members`).set(bearer(adminB)).send({ firstName: 'Bora', lastName: 'B', sex: 'F' }).expect(201);
      const cycleB = await t.http().post(`${baseB}/${groupB.body.id}/cycles`).set(bearer(adminB))
        .send({ startsOn: '2026-01-05', plannedEndOn: '2026-12-28', rules: SAVINGS_RULES }).expect(201);
      const meetingB = (memberId: string) => t.http().post(`${baseB}/${groupB.body.id}/cycles/${cycleB.body.id}/meetings`).set(bearer(adminB))
        .send({ heldOn: '2026-01-05', entries: [{ memberId: memberB.body.id, shares: 1 }, { memberId, shares: 1 }] });
      const foreign = await meetingB(x).expect(422);
      const unknown = await meetingB(randomUUID()).expect(422);
      expect(foreign.body.code).toBe('SAVINGS_MEMBER_NOT_IN_GROUP');
      expect(unknown.body.code).toBe(foreign.body.code);
      const [minerA] = await adminQuery<{ id: string }>(t.target.ownerUrl, 'SELECT id FROM miners WHERE cooperative_id = $1 LIMIT 1', [coopA]);
      const foreignMiner = await t.http().post(`${baseB}/${groupB.body.id}/members`).set(bearer(adminB)).send({ minerId: minerA.id }).expect(404);
      const unknownMiner = await t.http().post(`${baseB}/${groupB.body.id}/members`).set(bearer(adminB)).send({ minerId: randomUUID() }).expect(404);
      expect(foreignMiner.body.code).toBe('MINER_NOT_FOUND');
      expect(unknownMiner.body.code).toBe(foreignMiner.body.code);
      const stored = await adminQuery(t.target.ownerUrl, 'SELECT 1 FROM savings_group_members WHERE cooperative_id = $1 AND miner_id = $2', [coopB, minerA.id]);
      expect(stored).toEqual([]);
    });

    it('nets a borrower\'s debt from the payout at the share-out and carries what the payout cannot cover', async () => {
      const loans = await t.http().get(`${base}/${groupId}/cycles/${cycleId}/loans`).query({ on: '2026-01-26' }).set(bearer(treasurer2)).expect(200);
      const borrower = loans.body.loans[0].memberId as string;
      expect(loans.body.loans[0].balance.totalOutstandingMinor).toBe(8800);
      const saver = borrower === x ? y : x;
      for (const meeting of (await t.http().get(meetings(groupId, cycleId)).set(bearer(treasurer2)).expect(200)).body as Meeting[]) {
        await closeMeeting(groupId, cycleId, meeting.id, treasurer2);
      }
      const confirmed = await t.http().post(`${base}/${groupId}/cycles/${cycleId}/share-out`).set(bearer(treasurer2)).send({ on: '2026-01-26' }).expect(200);
      const lines = confirmed.body.lines as { memberId: string; grossMinor: number; debtMinor: number; debtNettedMinor: number; netPayoutMinor: number; carriedDebtMinor: number }[];
      const borrowerLine = lines.find((line) => line.memberId === borrower);
      const saverLine = lines.find((line) => line.memberId === saver);
      expect(saverLine).toMatchObject({ grossMinor: 5000, netPayoutMinor: 5000, debtMinor: 0 });
      expect(borrowerLine).toMatchObject({ debtMinor: 8800, netPayoutMinor: 0 });
      expect(borrowerLine?.debtNettedMinor).toBe(borrowerLine?.grossMinor);
      expect((borrowerLine?.debtNettedMinor ?? 0) + (borrowerLine?.carriedDebtMinor ?? 0)).toBe(8800);
      expect(confirmed.body.totals.cashPaidMinor + confirmed.body.remainderMinor).toBe(5000);
      const carried = await adminQuery<{ member_id: string; amount_minor: string }>(t.target.ownerUrl, 'SELECT member_id, amount_minor FROM savings_carried_debts WHERE cycle_id = $1', [cycleId]);
      expect(carried.map((row) => [row.member_id, Number(row.amount_minor)])).toEqual([[borrower, borrowerLine?.carriedDebtMinor]]);
      const cycles = await t.http().get(`${base}/${groupId}/cycles`).set(bearer(inA.auditor)).expect(200);
      expect(cycles.body[0]).toMatchObject({ status: 'closed', balances: { loanFundMinor: confirmed.body.remainderMinor } });
      const after = await t.http().get(`${base}/${groupId}/cycles/${cycleId}/loans`).query({ on: '2026-01-26' }).set(bearer(treasurer2)).expect(200);
      expect(after.body.loans[0].balance.totalOutstandingMinor).toBe(borrowerLine?.carriedDebtMinor);
    });

    it('hides every group of a cooperative from another cooperative', async () => {
      await t.http().get(`${base}/${groupId}`).set(bearer(adminB)).expect(404);
      await t.http().get(base).set(bearer(adminB)).expect(404);
      await postMeeting(groupId, cycleId, { heldOn: '2026-01-26', entries: [] }, adminB).expect(404);
    });
  });
});
