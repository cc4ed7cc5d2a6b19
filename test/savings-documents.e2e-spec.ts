import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from './support/test-app.js';
import { binaryBody, pdfText } from './support/pdf-text.js';
import { bearer, type Session } from './support/identity-fixture.js';
import { SAVINGS_RULES, savingsWorld, type SavingsWorld } from './support/savings-fixture.js';
import type { CooperativeRole } from '../src/auth/roles.js';

/** The text of a PDF, every run of white space (French number spacing included) made one plain space. */
function flat(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** The PDF's lines that contain `needle`, spaces made plain: a table row reads as one line. */
function linesWith(text: string, needle: string): string[] {
  return text.split('\n').map(flat).filter((line) => line.includes(needle));
}

describe('savings group documents and indicators', () => {
  let t: TestApp;
  let coopA: string;
  let inA: Record<CooperativeRole, Session>;
  let otherTreasurer: Session;
  let supervisor: Session;
  let adminB: Session;
  let base: string;
  let groupId: string;
  let cycleId: string;
  const m = { a: '', b: '', c: '' };
  const meetingIds = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const loanA = randomUUID();
  const loanC = randomUUID();

  const group = (): string => `${base}/${groupId}`;
  const meetingsOf = (): string => `${group()}/cycles/${cycleId}/meetings`;

  async function pdf(path: string, session: Session, headers: Record<string, string> = {}): Promise<string> {
    const response = await t.http().get(path).set(bearer(session)).set(headers).buffer(true).parse(binaryBody).expect(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    return pdfText(response.body as Buffer);
  }

  async function recordMeeting(index: number, body: Record<string, unknown>): Promise<void> {
    await t.http().post(meetingsOf()).set(bearer(inA.treasurer)).send({ id: meetingIds[index], ...body }).expect(201);
  }

  beforeAll(async () => {
    t = await startTestApp();
    let userInA: SavingsWorld['userInA'];
    let lualabaSupervisor: Session;
    ({ coopA, inA, adminB, lualabaSupervisor, userInA } = await savingsWorld(t, { supervisor: true }));
    supervisor = lualabaSupervisor;
    otherTreasurer = await userInA('treasurer', 'other');
    base = `/api/v1/cooperatives/${coopA}/savings-groups`;

    const created = await t.http().post(base).set(bearer(inA.admin)).send({ name: 'Umoja wa Akina Mama', meetingPlace: 'École de Kasulo', frequency: 'weekly', meetingWeekday: 1 }).expect(201);
    groupId = created.body.id as string;
    await t.http().put(`${group()}/treasurers`).set(bearer(inA.admin)).send({ userIds: [inA.treasurer.userId] }).expect(200);
    const add = async (body: Record<string, unknown>): Promise<string> =>
      (await t.http().post(`${group()}/members`).set(bearer(inA.treasurer)).send({ joinedOn: '2026-01-01', ...body }).expect(201)).body.id as string;
    m.a = await add({ firstName: 'Bénédicte', lastName: 'Ngalula', sex: 'F' });
    m.b = await add({ firstName: 'Jérôme', lastName: 'Kasongo', sex: 'M' });
    m.c = await add({ firstName: 'Chausiku', lastName: 'Mbuyi', sex: 'F' });
    cycleId = (await t.http().post(`${group()}/cycles`).set(bearer(inA.treasurer)).send({ startsOn: '2026-01-05', plannedEndOn: '2026-12-28', rules: SAVINGS_RULES }).expect(201)).body.id as string;

    await recordMeeting(0, {
      heldOn: '2026-01-05',
      attendance: [{ memberId: m.a, status: 'present' }, { memberId: m.b, status: 'present' }, { memberId: m.c, status: 'late' }],
      entries: [
        { memberId: m.a, shares: 2, socialFundMinor: 200 },
        { memberId: m.b, shares: 3, socialFundMinor: 200 },
        { memberId: m.c, shares: 1, socialFundMinor: 200 },
      ],
      cashCount: { loanFundMinor: 6000, socialFundMinor: 600, countedBy: 'Kapinga, Mwamba, Tshala' },
    });
    await recordMeeting(1, {
      heldOn: '2026-01-12',
      attendance: [{ memberId: m.a, status: 'present' }, { memberId: m.b, status: 'absent' }, { memberId: m.c, status: 'present' }],
      entries: [
        { memberId: m.a, shares: 2, socialFundMinor: 200, loan: { id: loanA, principalMinor: 5000, termMonths: 1 } },
        { memberId: m.b, shares: 2, socialFundMinor: 200, fines: [{ code: 'late' }] },
        { memberId: m.c, shares: 1, socialFundMinor: 200 },
      ],
      cashCount: { loanFundMinor: 6100, socialFundMinor: 1200, countedBy: 'Kapinga, Mwamba, Tshala' },
    });
    await recordMeeting(2, {
      heldOn: '2026-01-19',
      attendance: [{ memberId: m.a, status: 'present' }, { memberId: m.b, status: 'present' }, { memberId: m.c, status: 'absent_with_leave' }],
      entries: [
        { memberId: m.a, shares: 1, socialFundMinor: 200 },
        { memberId: m.b, shares: 1, socialFundMinor: 200, socialGrant: { amountMinor: 500, purpose: 'Deuil' } },
      ],
      cashCount: { loanFundMinor: 8000, socialFundMinor: 1100, countedBy: 'Kapinga, Mwamba, Tshala' },
    });
    // Jérôme's fine at meeting 2 was a mistake, found after meeting 3: reversed, never edited.
    const meeting2 = await t.http().get(`${meetingsOf()}`).set(bearer(inA.treasurer)).expect(200);
    const fine = (meeting2.body as { id: string; movements: { id: string; kind: string }[] }[])
      .find((meeting) => meeting.id === meetingIds[1])?.movements.find((mv) => mv.kind === 'fine');
    await t.http().post(`${meetingsOf()}/${meetingIds[1]}/corrections`).set(bearer(inA.treasurer))
      .send({ movementId: fine?.id, reason: 'Jérôme était à l\'heure' }).expect(201);
    await recordMeeting(3, {
      heldOn: '2026-01-26',
      attendance: [{ memberId: m.a, status: 'present' }, { memberId: m.b, status: 'present' }, { memberId: m.c, status: 'present' }],
      entries: [
        { memberId: m.a, shares: 1, socialFundMinor: 200, repayment: { loanId: loanA, amountMinor: 5500 } },
        { memberId: m.b, shares: 1, socialFundMinor: 200 },
        { memberId: m.c, shares: 1, socialFundMinor: 200, loan: { id: loanC, principalMinor: 2000, termMonths: 1 } },
      ],
      cashCount: { loanFundMinor: 14_500, socialFundMinor: 1700, countedBy: 'Kapinga, Mwamba, Tshala' },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('member passbook', () => {
    it('lists every meeting\'s movements of the member with running balances, in French by default', async () => {
      const text = await pdf(`${group()}/members/${m.a}/passbook.pdf`, inA.treasurer);
      const all = flat(text);
      expect(all).toContain('Tujenge');
      expect(all).toContain('Livret d\'épargne');
      expect(all).toContain('Membre : Bénédicte Ngalula');
      expect(all).toContain('Groupe : Umoja wa Akina Mama — École de Kasulo');
      expect(all).toContain('Cycle du 5 janv. 2026 au 28 déc. 2026 (en cours)');
      expect(all).toContain('Prix de la part : 10,00 USD');
      for (const day of ['5 janv. 2026', '12 janv. 2026', '19 janv. 2026', '26 janv. 2026']) expect(all).toContain(`Réunion du ${day}`);
      // date, operation, paid in or received, then shares, savings, social fund paid and loan owed after the line
      expect(linesWith(text, 'Achat de parts')).toEqual([
        '5 janv. 2026 Achat de parts : 2 20,00 USD 2 20,00 USD 2,00 USD 0,00 USD',
        '12 janv. 2026 Achat de parts : 2 20,00 USD 4 40,00 USD 4,00 USD 0,00 USD',
        '19 janv. 2026 Achat de parts : 1 10,00 USD 5 50,00 USD 6,00 USD 55,00 USD',
        '26 janv. 2026 Achat de parts : 1 10,00 USD 6 60,00 USD 8,00 USD 55,00 USD',
      ]);
      expect(linesWith(text, 'Prêt reçu')).toEqual(['12 janv. 2026 Prêt reçu 50,00 USD 4 40,00 USD 4,00 USD 55,00 USD']);
      expect(linesWith(text, 'Remboursement')).toEqual(['26 janv. 2026 Remboursement (intérêts 5,00 USD, capital 50,00 USD) 55,00 USD 6 60,00 USD 8,00 USD 0,00 USD']);
      expect(linesWith(text, 'Cotisation à la caisse de solidarité')).toHaveLength(4);
      expect(all).toContain('Soldes : 6 parts, épargne 60,00 USD, solidarité versée 8,00 USD, amendes 0,00 USD, prêt dû 0,00 USD.');
    });

    it('marks a reversed fine and its reversal with the reason, the fines balance following, in English on request', async () => {
      const text = await pdf(`${group()}/members/${m.b}/passbook.pdf?lang=en`, inA.admin);
      expect(flat(text)).toContain('Member: Jérôme Kasongo');
      expect(linesWith(text, 'Fine: late')).toEqual([
        'Jan 12, 2026 Fine: late (reversed) 1.00 USD 5 50.00 USD 4.00 USD 0.00 USD',
        'Jan 12, 2026 REVERSAL of “Fine: late” — reason: Jérôme était à l\'heure -1.00 USD 5 50.00 USD 4.00 USD 0.00 USD',
      ]);
      expect(linesWith(text, 'Social fund grant')).toEqual(['Jan 19, 2026 Social fund grant: Deuil 5.00 USD 6 60.00 USD 6.00 USD 0.00 USD']);
      expect(flat(text)).toContain('Balances: 7 shares, savings 70.00 USD, social fund paid 8.00 USD, fines 0.00 USD, loan owed 0.00 USD.');
      const byHeader = flat(await pdf(`${group()}/members/${m.b}/passbook.pdf`, inA.admin, { 'Accept-Language': 'en-GB,en;q=0.9' }));
      expect(byHeader).toContain('Savings passbook');
      expect(byHeader).toContain('Fine: late (reversed)');
    });

    it('shows the service charge accrued on a loan still owed', async () => {
      const text = await pdf(`${group()}/members/${m.c}/passbook.pdf?cycleId=${cycleId}`, supervisor);
      expect(linesWith(text, 'Prêt reçu')).toEqual(['26 janv. 2026 Prêt reçu 20,00 USD 3 30,00 USD 6,00 USD 22,00 USD']);
      expect(flat(text)).toContain('Soldes : 3 parts, épargne 30,00 USD, solidarité versée 6,00 USD, amendes 0,00 USD, prêt dû 22,00 USD.');
    });
  });

  describe('meeting sheet', () => {
    it('gives attendance, each member\'s movements, totals, and the counted cash against the books as corrected since', async () => {
      const text = await pdf(`${meetingsOf()}/${meetingIds[2]}/sheet.pdf`, inA.auditor);
      const all = flat(text);
      expect(all).toContain('Feuille de réunion');
      expect(all).toContain('Réunion du 19 janv. 2026');
      expect(all).toContain('Présents : 2 sur 3 membres.');
      expect(linesWith(text, 'Kasongo')).toEqual(['Jérôme Kasongo Présent(e) 1 10,00 USD 2,00 USD 5,00 USD']);
      expect(linesWith(text, 'Mbuyi')).toEqual(['Chausiku Mbuyi Absent(e) excusé(e)']);
      expect(linesWith(text, 'Ngalula')).toEqual(['Bénédicte Ngalula Présent(e) 1 10,00 USD 2,00 USD']);
      expect(linesWith(text, 'Total')).toEqual(['Total 2 / 3 2 20,00 USD 4,00 USD 0,00 USD 0,00 USD 0,00 USD 5,00 USD']);
      // opening, in, out, books, counted, difference, counted by
      expect(linesWith(text, 'Caisse de crédit 60,00')).toEqual(['Caisse de crédit 60,00 USD 20,00 USD 0,00 USD 80,00 USD 80,00 USD 0,00 USD Kapinga, Mwamba, Tshala']);
      expect(linesWith(text, 'Caisse de solidarité 12,00')).toEqual(['Caisse de solidarité 12,00 USD 4,00 USD 5,00 USD 11,00 USD 11,00 USD 0,00 USD Kapinga, Mwamba, Tshala']);
      expect(all).toContain('au moment du comptage, les livres indiquaient 81,00 USD (écart -1,00 USD) ; ils ont été corrigés depuis.');
      expect(all).toContain('L\'argent compté correspond aux livres.');
    });

    it('lists the correction of the meeting with its reason and states the difference it leaves with the cash counted', async () => {
      const text = await pdf(`${meetingsOf()}/${meetingIds[1]}/sheet.pdf?lang=en`, inA.treasurer);
      const all = flat(text);
      expect(all).toContain('Meeting sheet');
      expect(all).toContain('Present: 2 of 3 members.');
      expect(linesWith(text, 'reversed')).toEqual(['Jérôme Kasongo — “Fine: late” of 1.00 USD reversed — reason: Jérôme était à l\'heure']);
      expect(linesWith(text, 'Jérôme Kasongo Absent')).toEqual(['Jérôme Kasongo Absent 2 20.00 USD 2.00 USD']);
      expect(linesWith(text, 'Loan fund 60.00')).toEqual(['Loan fund 60.00 USD 50.00 USD 50.00 USD 60.00 USD 61.00 USD 1.00 USD Kapinga, Mwamba, Tshala']);
      expect(all).toContain('Loan fund: 1.00 USD more than the books.');
    });
  });

  describe('share-out sheet and indicators before confirmation', () => {
    it('prints the preview, labelled as such, with value per share, debts netted, net payouts, remainder and signature lines', async () => {
      const text = await pdf(`${group()}/cycles/${cycleId}/share-out.pdf?on=2026-01-26`, inA.auditor);
      const all = flat(text);
      expect(all).toContain('Feuille de partage — APERÇU');
      expect(all).toContain('APERÇU — partage non confirmé, calculé au 26 janv. 2026');
      expect(all).not.toContain('CONFIRMÉ');
      // (145,00 cash + 22,00 owed by Chausiku) ÷ 16 shares
      expect(all).toContain('Valeur d\'une part : 10,43 USD (exactement 4 175 / 4 unités)');
      expect(linesWith(text, 'Kasongo')).toEqual(['Jérôme Kasongo 7 73,06 USD 0,00 USD 73,06 USD 73,06 USD']);
      expect(linesWith(text, 'Mbuyi')).toEqual(['Chausiku Mbuyi 3 31,31 USD 22,00 USD 9,31 USD 9,31 USD']);
      expect(linesWith(text, 'Ngalula')).toEqual(['Bénédicte Ngalula 6 62,62 USD 0,00 USD 62,62 USD 62,62 USD']);
      expect(linesWith(text, 'Total 16')).toEqual(['Total 16 166,99 USD 22,00 USD 144,99 USD 144,99 USD 0,00 USD']);
      expect(all).toContain('Reste d\'arrondi : 0,01 USD, conservé dans la caisse de crédit.');
      expect(all).toContain('Total remis 144,99 USD + reste d\'arrondi 0,01 USD + solidarité conservée 17,00 USD = argent disponible 162,00 USD.');
      expect(all).toContain('Trésorier(ère) : ____');
      expect(all).toContain('Signature');
    });

    it('gives the group indicators as of a day, checked by hand', async () => {
      const response = await t.http().get(`${group()}/indicators`).query({ on: '2026-01-26' }).set(bearer(inA.auditor)).expect(200);
      expect(response.body).toMatchObject({
        groupId, cycleId, currency: 'USD', asOf: '2026-01-26',
        members: { total: 3, women: 2, men: 1 },
        // 3/3 + 2/3 + 2/3 + 3/3: represented and excused absences do not count as attending
        attendance: { meetingsCounted: 4, attended: 10, expected: 12, basisPoints: 8333 },
        savings: { shares: 16, savingsMinor: 16_000 },
        loansOutstanding: { count: 1, principalMinor: 2000, serviceChargeMinor: 200, totalMinor: 2200 },
        portfolioAtRisk: { basisPoints: 0, outstandingPrincipalMinor: 2000 },
        loanFundCashMinor: 14_500,
        socialFundMinor: 1700,
        // worth 145,00 + 22,00 owed for 160,00 saved: 7,00 earned (5,00 + 2,00 of service charge)
        returnOnSavings: { savingsMinor: 16_000, loanFundValueMinor: 16_700, earningsMinor: 700, basisPoints: 438 },
      });
      const earlier = await t.http().get(`${group()}/indicators`).query({ on: '2026-01-19', cycleId }).set(bearer(supervisor)).expect(200);
      expect(earlier.body).toMatchObject({
        attendance: { meetingsCounted: 3, attended: 7, expected: 9, basisPoints: 7778 },
        savings: { shares: 13, savingsMinor: 13_000 },
        loansOutstanding: { count: 1, totalMinor: 5500 },
        loanFundCashMinor: 8000,
        socialFundMinor: 1100,
        returnOnSavings: { earningsMinor: 500, basisPoints: 385 },
      });
      // Chausiku's loan ran out on 25 February: all of the outstanding principal is at risk, a second month charged
      const overdue = await t.http().get(`${group()}/indicators`).query({ on: '2026-03-01' }).set(bearer(inA.treasurer)).expect(200);
      expect(overdue.body).toMatchObject({
        portfolioAtRisk: { basisPoints: 10_000, atRiskPrincipalMinor: 2000, loansAtRisk: 1 },
        loansOutstanding: { serviceChargeMinor: 400, totalMinor: 2400 },
        returnOnSavings: { earningsMinor: 900, basisPoints: 563 },
      });
    });

    it('answers zeros and no rates for a group with no cycle yet', async () => {
      const empty = await t.http().post(base).set(bearer(inA.admin)).send({ name: 'Groupe sans cycle', meetingPlace: 'Kasulo', frequency: 'weekly', meetingWeekday: 3 }).expect(201);
      const response = await t.http().get(`${base}/${empty.body.id}/indicators`).query({ on: '2026-01-26' }).set(bearer(inA.admin)).expect(200);
      expect(response.body).toMatchObject({
        cycleId: null, currency: null, members: { total: 0 }, attendance: { meetingsCounted: 0, basisPoints: null },
        savings: { savingsMinor: 0 }, loansOutstanding: { count: 0 }, returnOnSavings: { basisPoints: null },
      });
      const passbook = await t.http().get(`${base}/${empty.body.id}/members/${m.a}/passbook.pdf`).set(bearer(inA.admin)).expect(404);
      expect(passbook.body.code).toBe('SAVINGS_MEMBER_NOT_FOUND');
    });
  });

  describe('permissions', () => {
    it('lets admins, auditors, supervisors and the group\'s treasurers read; refuses officers and other groups\' treasurers', async () => {
      const passbook = `${group()}/members/${m.a}/passbook.pdf`;
      for (const session of [inA.admin, inA.auditor, supervisor, inA.treasurer]) await t.http().get(passbook).set(bearer(session)).expect(200);
      await t.http().get(passbook).set(bearer(inA.officer)).expect(403);
      const foreign = await t.http().get(passbook).set(bearer(otherTreasurer)).expect(403);
      expect(foreign.body.code).toBe('SAVINGS_GROUP_NOT_ASSIGNED');
      for (const path of [`${meetingsOf()}/${meetingIds[0]}/sheet.pdf`, `${group()}/cycles/${cycleId}/share-out.pdf`, `${group()}/indicators`]) {
        const refused = await t.http().get(path).set(bearer(otherTreasurer)).expect(403);
        expect(refused.body.code).toBe('SAVINGS_GROUP_NOT_ASSIGNED');
      }
    });

    it('hides the group from another cooperative and answers 404 for what is not in the group or cycle', async () => {
      await t.http().get(`${group()}/members/${m.a}/passbook.pdf`).set(bearer(adminB)).expect(404);
      await t.http().get(`${group()}/indicators`).set(bearer(adminB)).expect(404);
      const stranger = await t.http().get(`${group()}/members/${randomUUID()}/passbook.pdf`).set(bearer(inA.admin)).expect(404);
      expect(stranger.body.code).toBe('SAVINGS_MEMBER_NOT_FOUND');
      const meeting = await t.http().get(`${group()}/cycles/${cycleId}/meetings/${randomUUID()}/sheet.pdf`).set(bearer(inA.admin)).expect(404);
      expect(meeting.body.code).toBe('MEETING_NOT_FOUND');
      const cycle = await t.http().get(`${group()}/members/${m.a}/passbook.pdf?cycleId=${randomUUID()}`).set(bearer(inA.admin)).expect(404);
      expect(cycle.body.code).toBe('CYCLE_NOT_FOUND');
      await t.http().get(`${group()}/members/${m.a}/passbook.pdf?lang=de`).set(bearer(inA.admin)).expect(400);
    });
  });

  describe('a loan the group wrote off', () => {
    it('prints the write-off in the passbook and counts it as a loss, not as owed or at risk', async () => {
      const other = (await t.http().post(base).set(bearer(inA.admin)).send({ name: 'Tuungane', meetingPlace: 'Mutshatsha', frequency: 'weekly', meetingWeekday: 1 }).expect(201)).body.id as string;
      const memberId = (await t.http().post(`${base}/${other}/members`).set(bearer(inA.admin)).send({ firstName: 'Désiré', lastName: 'Ilunga', sex: 'M', joinedOn: '2026-01-01' }).expect(201)).body.id as string;
      const cycle = (await t.http().post(`${base}/${other}/cycles`).set(bearer(inA.admin)).send({ startsOn: '2026-01-05', plannedEndOn: '2026-12-28', rules: SAVINGS_RULES }).expect(201)).body.id as string;
      const meetings = `${base}/${other}/cycles/${cycle}/meetings`;
      const loanId = randomUUID();
      await t.http().post(meetings).set(bearer(inA.admin)).send({ heldOn: '2026-01-05', entries: [{ memberId, shares: 5 }] }).expect(201);
      await t.http().post(meetings).set(bearer(inA.admin)).send({ heldOn: '2026-01-12', entries: [{ memberId, loan: { id: loanId, principalMinor: 1000, termMonths: 1 } }] }).expect(201);
      const decision = (await t.http().post(meetings).set(bearer(inA.admin)).send({ heldOn: '2026-03-02', entries: [] }).expect(201)).body.id as string;
      await t.http().post(`${base}/${other}/cycles/${cycle}/loans/${loanId}/write-off`).set(bearer(inA.admin)).send({ meetingId: decision, reason: 'Parti sans laisser d\'adresse' }).expect(201);

      const text = await pdf(`${base}/${other}/members/${memberId}/passbook.pdf`, inA.auditor);
      // two periods of 30 days had started by 2 March: 2 × 1,00 of service charge given up with the principal
      expect(linesWith(text, 'passé en perte')).toEqual(['2 mars 2026 Prêt passé en perte (capital 10,00 USD, intérêts 2,00 USD) 5 50,00 USD 0,00 USD 0,00 USD']);
      expect(linesWith(text, 'Prêt reçu')).toEqual(['12 janv. 2026 Prêt reçu 10,00 USD 5 50,00 USD 0,00 USD 11,00 USD']);
      const indicators = await t.http().get(`${base}/${other}/indicators`).query({ on: '2026-03-02' }).set(bearer(inA.admin)).expect(200);
      expect(indicators.body).toMatchObject({
        loansOutstanding: { count: 0, totalMinor: 0 },
        loansWrittenOff: { count: 1, principalMinor: 1000, serviceChargeMinor: 200 },
        portfolioAtRisk: { basisPoints: 0 },
        loanFundCashMinor: 4000,
        returnOnSavings: { savingsMinor: 5000, loanFundValueMinor: 4000, earningsMinor: -1000, basisPoints: -2000 },
      });
    });
  });

  describe('after the share-out is confirmed', () => {
    beforeAll(async () => {
      for (const meetingId of meetingIds) await t.http().post(`${meetingsOf()}/${meetingId}/close`).set(bearer(inA.treasurer)).expect(200);
      await t.http().post(`${group()}/cycles/${cycleId}/share-out`).set(bearer(inA.treasurer)).send({ on: '2026-01-26' }).expect(200);
    });

    it('prints the confirmed share-out, labelled as confirmed', async () => {
      const text = await pdf(`${group()}/cycles/${cycleId}/share-out.pdf?lang=en`, inA.treasurer);
      const all = flat(text);
      expect(all).toContain('Share-out sheet — CONFIRMED');
      expect(all).toContain('Share-out confirmed on Jan 26, 2026.');
      expect(all).not.toContain('PREVIEW');
      expect(all).toContain('Cycle from Jan 5, 2026 to Dec 28, 2026 (closed)');
      expect(linesWith(text, 'Mbuyi')).toEqual(['Chausiku Mbuyi 3 31.31 USD 22.00 USD 9.31 USD 9.31 USD']);
      expect(all).toContain('Rounding remainder: 0.01 USD, kept in the loan fund.');
    });

    it('ends the passbook with the share-out, outside meetings, the debt netted as a repayment', async () => {
      const text = await pdf(`${group()}/members/${m.c}/passbook.pdf`, inA.auditor);
      const all = flat(text);
      expect(all).toContain('Hors réunion (partage)');
      expect(linesWith(text, 'Remboursement')).toEqual(['26 janv. 2026 Remboursement (intérêts 2,00 USD, capital 20,00 USD) 22,00 USD 3 30,00 USD 6,00 USD 0,00 USD']);
      expect(linesWith(text, 'Partage : versement')).toEqual(['26 janv. 2026 Partage : versement au membre 31,31 USD 0 0,00 USD 6,00 USD 0,00 USD']);
    });

    it('keeps the return on savings the share-out paid out', async () => {
      const response = await t.http().get(`${group()}/indicators`).query({ on: '2026-01-26' }).set(bearer(inA.auditor)).expect(200);
      expect(response.body).toMatchObject({
        loansOutstanding: { count: 0 },
        loanFundCashMinor: 1,
        returnOnSavings: { loanFundValueMinor: 16_700, earningsMinor: 700, basisPoints: 438 },
      });
    });
  });
});
