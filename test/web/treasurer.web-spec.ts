import { bearer, twoCooperatives, type TwoCooperatives } from '../support/identity-fixture.js';
import { accessibilityViolations, downloaded, logIn, screenshot, startConsole, type ConsoleHarness } from './support/browser.js';
import { pdfText } from '../support/pdf-text.js';

const RULES = {
  currency: 'USD',
  sharePriceMinor: 1000,
  minSharesPerMeeting: 1,
  maxSharesPerMeeting: 5,
  socialFundContributionMinor: 200,
  loanCapSavingsMultipleBp: 30_000,
  maxLoanTermMonths: 3,
  serviceChargeRateBpPerMonth: 1_000,
  serviceChargeMethod: 'flat',
  fineTypes: [{ code: 'late', amountMinor: 100 }],
};

interface Movement {
  id: string;
  kind: string;
  amountMinor: number;
  reversesMovementId: string | null;
}

describe('the treasurer in the web console', () => {
  let harness: ConsoleHarness;
  let coops: TwoCooperatives;
  let groupId: string;
  let cycleId: string;
  const groups = () => `/api/v1/cooperatives/${coops.coopA}/savings-groups`;

  beforeAll(async () => {
    harness = await startConsole();
    coops = await twoCooperatives(harness.t);
    const http = () => harness.t.http();
    const admin = bearer(coops.inA.admin);
    const group = await http().post(groups()).set(admin).send({ name: 'AVEC Tujenge', meetingPlace: 'École de Kasulo', frequency: 'weekly', meetingWeekday: 1 }).expect(201);
    groupId = group.body.id;
    await http().put(`${groups()}/${groupId}/treasurers`).set(admin).send({ userIds: [coops.inA.treasurer.userId] }).expect(200);
    for (const [firstName, lastName] of [
      ['Amani', 'Kabila'],
      ['Bahati', 'Ilunga'],
    ]) {
      await http().post(`${groups()}/${groupId}/members`).set(admin).send({ firstName, lastName, sex: 'F' }).expect(201);
    }
    const cycle = await http().post(`${groups()}/${groupId}/cycles`).set(admin).send({ startsOn: '2026-01-05', plannedEndOn: '2026-12-28', rules: RULES }).expect(201);
    cycleId = cycle.body.id;
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('records a full meeting as one batch with live balances, reverses an entry and previews the share-out', async () => {
    const { page } = await harness.phone();
    await logIn(page, 'treasurer.a@test.ushirika.org');
    await page.getByRole('link', { name: 'Épargne (AVEC)' }).first().click();
    await page.getByRole('link', { name: /AVEC Tujenge Cycle du/ }).click();
    await page.getByRole('heading', { name: /AVEC Tujenge/ }).waitFor();
    await page.getByLabel('Date de la réunion').fill('2026-01-05');
    const amani = page.locator('fieldset[data-member="Amani Kabila"]');
    const bahati = page.locator('fieldset[data-member="Bahati Ilunga"]');
    await amani.getByLabel('Parts').fill('2');
    await amani.getByLabel(/Cotisation sociale/).check();
    await bahati.getByLabel('Parts').fill('3');
    await bahati.getByLabel(/Cotisation sociale/).check();
    await bahati.getByLabel(/Amende : retard/).check();
    await bahati.getByLabel('Présence').selectOption('late');
    // Live: 5 shares of 10.00 and a 1.00 fine in the loan fund, two contributions of 2.00 in the social fund.
    expect(await page.getByTestId('loan-fund').textContent()).toBe('51,00 USD');
    expect(await page.getByTestId('social-fund').textContent()).toBe('4,00 USD');
    await page.getByLabel('Caisse de crédit comptée (USD)').fill('51');
    await page.getByLabel('Caisse sociale comptée (USD)').fill('4');
    await page.getByLabel('Compté par').fill('Kapinga, Mwamba, Tshala');
    await screenshot(page, 'treasurer-meeting-entry');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Enregistrer la réunion' }).click();
    await page.getByText('Réunion enregistrée.', { exact: true }).waitFor();

    const meetings = await harness.t.http().get(`${groups()}/${groupId}/cycles/${cycleId}/meetings`).set(bearer(coops.inA.treasurer)).expect(200);
    expect(meetings.body).toHaveLength(1);
    expect(meetings.body[0].balances).toEqual({ loanFundMinor: 5100, socialFundMinor: 400 });
    expect(meetings.body[0].attendance).toHaveLength(2);
    const fine = (meetings.body[0].movements as Movement[]).find((movement) => movement.kind === 'fine');
    expect(fine?.amountMinor).toBe(100);

    // The fine was a mistake: reverse it with a reason, never edit it.
    await page.locator('details.meeting summary').first().click();
    await page.locator('li[data-kind="fine"]').getByRole('button', { name: 'Corriger par contre-passation' }).click();
    await page.getByLabel('Motif de la correction').fill('Arrivée à l\'heure, amende saisie par erreur');
    await page.getByRole('button', { name: 'Contre-passer' }).click();
    await page.getByLabel('Motif de la correction').waitFor({ state: 'detached' });
    const corrected = await harness.t.http().get(`${groups()}/${groupId}/cycles/${cycleId}/meetings`).set(bearer(coops.inA.treasurer)).expect(200);
    const movements = corrected.body[0].movements as Movement[];
    expect(movements.filter((movement) => movement.reversesMovementId === fine?.id)).toHaveLength(1);
    expect(corrected.body[0].balances.loanFundMinor).toBe(5000);

    // The next week, Bahati is helped from the social fund for a hospital bill.
    await page.getByLabel('Date de la réunion').fill('12/01/2026');
    await bahati.getByText('Crédit, remboursement ou aide sociale').click();
    await bahati.getByLabel('Aide versée (USD)').fill('3');
    expect(await page.getByTestId('social-fund').textContent()).toBe('1,00 USD');
    await bahati.getByLabel('Pour quoi (maladie, deuil…)').fill("Frais d'hôpital");
    await page.getByRole('button', { name: 'Enregistrer la réunion' }).click();
    await page.locator('details.meeting').nth(1).waitFor();
    const second = await harness.t.http().get(`${groups()}/${groupId}/cycles/${cycleId}/meetings`).set(bearer(coops.inA.treasurer)).expect(200);
    expect(second.body[1].balances.socialFundMinor).toBe(100);
    expect((second.body[1].movements as (Movement & { purpose: string | null })[]).map((m) => [m.kind, m.amountMinor, m.purpose])).toEqual([['social_fund_grant', -300, "Frais d'hôpital"]]);
    expect(await bahati.getByLabel('Aide versée (USD)').inputValue()).toBe('');

    await page.getByLabel('Date du partage').fill('2026-12-28');
    await page.getByRole('button', { name: 'Calculer le partage' }).click();
    const shareOut = page.locator('.share-out');
    await shareOut.waitFor();
    expect(await shareOut.getAttribute('data-status')).toBe('preview');
    expect(await shareOut.locator('tbody tr').count()).toBe(2);
    await screenshot(page, 'treasurer-share-out-preview');

    const sheet = await downloaded(page, () => page.getByRole('button', { name: 'Feuille de partage (PDF)' }).click());
    expect(sheet.name).toBe('partage-2026-12-28.pdf');
    expect(await pdfText(sheet.bytes)).toContain('APERÇU');
    const passbook = await downloaded(page, () => page.getByRole('button', { name: /^Livret de / }).first().click());
    expect(passbook.name).toMatch(/^livret-.+\.pdf$/);
    expect(passbook.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
