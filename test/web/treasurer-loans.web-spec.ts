import { bearer, twoCooperatives, type TwoCooperatives } from '../support/identity-fixture.js';
import { pdfText } from '../support/pdf-text.js';
import { accessibilityViolations, downloaded, logIn, screenshot, startConsole, type ConsoleHarness } from './support/browser.js';

/**
 * Issue 19, treasurer: the cycle's loans with their state and schedule, a late loan written off
 * by the group's recorded decision, the group's indicators, a member leaving mid-cycle with the
 * settlement previewed first, and a meeting's sheet printed and the meeting closed.
 */
const RULES = {
  currency: 'USD', sharePriceMinor: 1000, minSharesPerMeeting: 0, maxSharesPerMeeting: 5, socialFundContributionMinor: 0,
  loanCapSavingsMultipleBp: 30_000, maxLoanTermMonths: 3, serviceChargeRateBpPerMonth: 1_000, serviceChargeMethod: 'flat', fineTypes: [],
};

describe('a treasurer following the loans of a cycle in the web console', () => {
  let harness: ConsoleHarness;
  let coops: TwoCooperatives;
  let groupId: string;
  let cycleId: string;
  let members: Record<string, string>;
  const groups = () => `/api/v1/cooperatives/${coops.coopA}/savings-groups`;

  beforeAll(async () => {
    harness = await startConsole();
    coops = await twoCooperatives(harness.t);
    const http = () => harness.t.http();
    const admin = bearer(coops.inA.admin);
    groupId = (await http().post(groups()).set(admin).send({ name: 'AVEC Jipe Moyo', meetingPlace: 'Kasulo', frequency: 'weekly', meetingWeekday: 1 }).expect(201)).body.id;
    await http().put(`${groups()}/${groupId}/treasurers`).set(admin).send({ userIds: [coops.inA.treasurer.userId] }).expect(200);
    members = {};
    for (const [firstName, lastName, sex] of [['Amani', 'Kabila', 'F'], ['Bahati', 'Ilunga', 'F'], ['Chiku', 'Mbayo', 'M']]) {
      members[firstName] = (await http().post(`${groups()}/${groupId}/members`).set(admin).send({ firstName, lastName, sex }).expect(201)).body.id;
    }
    cycleId = (await http().post(`${groups()}/${groupId}/cycles`).set(admin).send({ startsOn: '2026-01-05', plannedEndOn: '2026-12-28', rules: RULES }).expect(201)).body.id;
    const meetings = `${groups()}/${groupId}/cycles/${cycleId}/meetings`;
    const everyone = Object.values(members).map((memberId) => ({ memberId, status: 'present' }));
    await http().post(meetings).set(bearer(coops.inA.treasurer)).send({
      heldOn: '2026-01-05', attendance: everyone,
      entries: Object.values(members).map((memberId) => ({ memberId, shares: 5 })),
    }).expect(201);
    // Amani borrows 30.00 for a month at the second meeting, and never repays it.
    await http().post(meetings).set(bearer(coops.inA.treasurer)).send({
      heldOn: '2026-01-12', attendance: everyone,
      entries: [{ memberId: members.Amani, shares: 1, loan: { principalMinor: 3000, termMonths: 1 } }, { memberId: members.Bahati, shares: 2 }, { memberId: members.Chiku, shares: 2 }],
    }).expect(201);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('shows the late loan with its schedule, writes it off by the group\'s decision, previews and records an exit, closes a meeting', async () => {
    const { page } = await harness.phone();
    await logIn(page, 'treasurer.a@test.ushirika.org');
    await page.goto(`/savings/${groupId}/cycles/${cycleId}`);
    await page.getByRole('heading', { name: 'Crédits du cycle (1)' }).waitFor();
    // Flat charges accrue each started month while the loan stays unpaid: the API says how much.
    const owed = (await harness.t.http().get(`${groups()}/${groupId}/cycles/${cycleId}/loans`).set(bearer(coops.inA.treasurer)).expect(200)).body.loans[0].balance.totalOutstandingMinor as number;
    expect(owed).toBeGreaterThan(3300);
    const owedText = `${(owed / 100).toFixed(2).replace('.', ',')} USD`;
    await page.getByText(`1 crédit(s) en retard, ${owedText} restant dû.`).waitFor();
    const loan = page.locator('li[data-state="overdue"]');
    expect(await loan.textContent()).toContain('Amani Kabila');
    await loan.getByRole('button', { name: /Amani Kabila/ }).click();
    const schedule = loan.locator('table');
    await schedule.waitFor();
    expect(await schedule.locator('tbody tr').count()).toBe(1);
    expect(await schedule.locator('tbody tr td').allTextContents()).toEqual(['11 févr. 2026', '30,00 USD', '3,00 USD', '33,00 USD']);

    const indicators = page.locator('dl.indicators');
    expect(await indicators.textContent()).toContain('3 (2 femmes, 1 hommes)');
    expect(await indicators.textContent()).toContain('Portefeuille à risque100 %');
    expect(await page.locator('figure.chart svg rect').count()).toBe(2);
    await screenshot(page, 'treasurer-loans');
    expect(await accessibilityViolations(page)).toEqual([]);

    await loan.getByText('Passer ce crédit en perte (décision du groupe)').click();
    await loan.getByLabel('Décision prise à la réunion du').selectOption({ label: '12 janv. 2026' });
    await loan.getByLabel('Motif de la décision').fill('Membre partie du village, décision du groupe');
    await loan.getByRole('button', { name: `Passer en perte (${owedText})` }).click();
    await page.locator('li[data-state="written_off"]').waitFor();
    const loans = await harness.t.http().get(`${groups()}/${groupId}/cycles/${cycleId}/loans`).set(bearer(coops.inA.treasurer)).expect(200);
    expect(loans.body.loans[0]).toMatchObject({ state: 'written_off', writeOff: { reason: 'Membre partie du village, décision du groupe' } });

    // Chiku leaves: the settlement is shown before anything is recorded.
    await page.getByText("Départ d'un membre en cours de cycle").click();
    await page.getByLabel('Membre qui part').selectOption({ label: 'Chiku Mbayo' });
    await page.getByLabel('Date du départ').fill('02/03/2026');
    await page.getByRole('button', { name: 'Calculer ce qui lui revient' }).click();
    await page.getByText('Aperçu du départ de Chiku Mbayo (rien n\'est enregistré)').waitFor();
    const cash = await page.getByTestId('exit-cash').textContent();
    expect(cash).toMatch(/^À lui remettre : \d+,\d\d USD$/);
    const before = await harness.t.http().get(`${groups()}/${groupId}/cycles/${cycleId}/members/${members.Chiku}/exit`).query({ on: '2026-03-02' }).set(bearer(coops.inA.treasurer)).expect(200);
    expect(before.body.status).toBe('preview');
    await page.getByLabel('Motif du départ').fill('Déménage à Kolwezi');
    await page.getByRole('button', { name: /^Enregistrer le départ et remettre/ }).click();
    await page.getByText('Départ de Chiku Mbayo enregistré le 2 mars 2026.').waitFor();
    const recorded = await harness.t.http().get(`${groups()}/${groupId}/cycles/${cycleId}/members/${members.Chiku}/exit`).set(bearer(coops.inA.treasurer)).expect(200);
    expect(recorded.body).toMatchObject({ status: 'confirmed', reason: 'Déménage à Kolwezi' });
    expect(cash).toContain(recorded.body.paidMinor === 0 ? '0,00' : (recorded.body.paidMinor / 100).toFixed(2).replace('.', ','));

    // The second meeting's sheet, then the meeting closed.
    const second = page.locator('details.meeting').first();
    await second.locator('summary').click();
    const sheet = await downloaded(page, () => second.getByRole('button', { name: 'Feuille de réunion (PDF)' }).click());
    expect(sheet.name).toBe('reunion-2026-01-12.pdf');
    expect(await pdfText(sheet.bytes)).toContain('Amani Kabila');
    await second.getByRole('button', { name: 'Clore la réunion' }).click();
    await page.locator('details.meeting').first().getByText('Réunion close.').waitFor();
    const meetings = await harness.t.http().get(`${groups()}/${groupId}/cycles/${cycleId}/meetings`).set(bearer(coops.inA.treasurer)).expect(200);
    expect(meetings.body.map((m: { heldOn: string; status: string }) => [m.heldOn, m.status])).toEqual([['2026-01-05', 'open'], ['2026-01-12', 'closed']]);
  });

  it('marks a debt carried from the previous cycle among the loans, and takes its repayment at the next meeting', async () => {
    const http = () => harness.t.http();
    const treasurer = bearer(coops.inA.treasurer);
    const group = (await http().post(groups()).set(bearer(coops.inA.admin)).send({ name: 'AVEC Deni', meetingPlace: 'Kasulo', frequency: 'weekly', meetingWeekday: 1 }).expect(201)).body.id;
    await http().put(`${groups()}/${group}/treasurers`).set(bearer(coops.inA.admin)).send({ userIds: [coops.inA.treasurer.userId] }).expect(200);
    const ids: string[] = [];
    for (const [firstName, lastName] of [['Amani', 'Deni'], ['Bahati', 'Deni']]) {
      ids.push((await http().post(`${groups()}/${group}/members`).set(treasurer).send({ firstName, lastName, sex: 'F', joinedOn: '2026-01-05' }).expect(201)).body.id);
    }
    const first = (await http().post(`${groups()}/${group}/cycles`).set(treasurer).send({ startsOn: '2026-01-05', plannedEndOn: '2026-03-30', rules: RULES }).expect(201)).body.id;
    const meeting = (await http().post(`${groups()}/${group}/cycles/${first}/meetings`).set(treasurer).send({
      heldOn: '2026-01-05', entries: [{ memberId: ids[0], shares: 1, loan: { principalMinor: 3000, termMonths: 1 } }, { memberId: ids[1], shares: 5 }],
    }).expect(201)).body.id;
    await http().post(`${groups()}/${group}/cycles/${first}/meetings/${meeting}/close`).set(treasurer).expect(200);
    // Amani's 33.00 owed is netted from her 6.00 payout: 27.00 is carried into the next cycle.
    await http().post(`${groups()}/${group}/cycles/${first}/share-out`).set(treasurer).send({ on: '2026-01-12' }).expect(200);
    const second = (await http().post(`${groups()}/${group}/cycles`).set(treasurer).send({ startsOn: '2026-01-19', plannedEndOn: '2026-06-29', rules: RULES }).expect(201)).body.id;

    const { page } = await harness.phone();
    await logIn(page, 'treasurer.a@test.ushirika.org');
    await page.goto(`/savings/${group}/cycles/${second}`);
    await page.getByRole('heading', { name: 'Crédits du cycle (1)' }).waitFor();
    const carried = page.locator('li[data-state="overdue"]');
    expect(await carried.textContent()).toContain('Amani Deni · 27,00 USD · dette reportée du cycle précédent');
    await carried.getByRole('button', { name: /Amani Deni/ }).click();
    await carried.getByText("Dette que le partage du 12 janv. 2026 n'a pas pu couvrir, reprise dans ce cycle", { exact: false }).waitFor();

    await page.getByLabel('Date de la réunion').fill('2026-01-19');
    const line = page.locator('fieldset[data-member="Amani Deni"]');
    await line.getByText('Crédit, remboursement ou aide sociale').click();
    await line.getByLabel('Crédit sur lequel il rembourse').selectOption({ label: 'Dette reportée du cycle précédent, reste dû 27,00 USD' });
    await line.getByLabel('Remboursement (USD)').fill('27');
    expect(await page.getByTestId('loan-fund').textContent()).toBe('27,00 USD');
    await page.getByRole('button', { name: 'Enregistrer la réunion' }).click();
    await page.getByText('Réunion enregistrée.', { exact: true }).waitFor();
    const loans = await http().get(`${groups()}/${group}/cycles/${second}/loans`).query({ on: '2026-01-19' }).set(treasurer).expect(200);
    expect(loans.body.loans).toEqual([expect.objectContaining({ memberId: ids[0], carriedFromCycleId: first, state: 'repaid' })]);
    const cycles = await http().get(`${groups()}/${group}/cycles`).set(treasurer).expect(200);
    expect(cycles.body.find((c: { id: string }) => c.id === second).balances.loanFundMinor).toBe(2700);
  });
});
