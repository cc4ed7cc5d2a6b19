import { bearer, twoCooperatives, type TwoCooperatives } from '../support/identity-fixture.js';
import { accessibilityViolations, logIn, screenshot, startConsole, type ConsoleHarness } from './support/browser.js';
import { siteWithZone } from './support/site.js';

/** Issue 24: an officer assesses a site against CRAFT from a phone at the site. */
describe('the site assessment screen', () => {
  let harness: ConsoleHarness;
  let coops: TwoCooperatives;
  let siteId: string;

  beforeAll(async () => {
    harness = await startConsole();
    coops = await twoCooperatives(harness.t);
    siteId = await siteWithZone(harness.t, coops.coopA, coops.inA.admin, { name: 'Kasulo', code: 'KAS', latitudeE6: -10712345, longitudeE6: 25468000 }, { name: 'Puits 1' });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('answers every criterion on a phone, sends the assessment, and shows the actions a failed must opened', async () => {
    const { page } = await harness.phone();
    await logIn(page, 'officer.a@test.ushirika.org');
    await page.goto('/assessment');
    await page.getByRole('heading', { name: 'Évaluation du site', level: 1 }).waitFor();
    await page.getByLabel('Site', { exact: true }).selectOption(siteId);
    await page.getByText('Aucune évaluation de ce site pour l\'instant.').waitFor();
    const send = page.getByRole('button', { name: "Enregistrer l'évaluation" });
    const criteria = page.locator('fieldset[data-testid^="criterion-"]');
    expect(await criteria.count()).toBe(13);
    expect(await send.isDisabled()).toBe(true);
    for (let index = 0; index < 13; index += 1) await criteria.nth(index).getByLabel('rempli', { exact: true }).check();
    const forced = page.getByTestId('criterion-craft.abuses.no_forced_labour');
    await forced.getByLabel('non rempli', { exact: true }).check();
    await forced.getByLabel('Note (facultative)').fill('Dette envers le financeur');
    const rehabilitation = page.getByTestId('criterion-craft.mitigation.rehabilitation');
    await rehabilitation.getByLabel('sans objet', { exact: true }).check();
    await page.getByText('12 critère(s) sur 13 renseigné(s)').waitFor();
    expect(await send.isDisabled()).toBe(true);
    await rehabilitation.getByLabel('Pourquoi il est sans objet').fill('Aucune zone épuisée');
    await page.getByText('13 critère(s) sur 13 renseigné(s)').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await send.click();
    const outcome = page.getByTestId('assessment-outcome');
    await outcome.getByText('Évaluation enregistrée : score 91,7 %, niveau atteint : aucun.').waitFor();
    await outcome.getByText('1 action(s) corrective(s) ouverte(s) pour les critères obligatoires non remplis.').waitFor();
    await page.getByTestId('assessment-history').getByText(/score 91,7 % · niveau aucun · première évaluation/).waitFor();
    await screenshot(page, 'officer-site-assessment');

    const list = await harness.t.http().get(`/api/v1/cooperatives/${coops.coopA}/sites/${siteId}/assessments`).set(bearer(coops.inA.auditor)).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ standardId: 'craft', scoreBp: 9167, levelReached: null, assessorUserId: coops.inA.officer.userId })]);
  });
});
