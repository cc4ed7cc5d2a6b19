import { addDays } from '../../src/common/calendar-date.js';
import { localDateIn } from '../../src/common/time-zone.js';
import { bearer, twoCooperatives, type TwoCooperatives } from '../support/identity-fixture.js';
import { createOrganisation, organisationPerson, partnerIn } from '../support/organisation-fixture.js';
import { accessibilityViolations, logIn, screenshot, startConsole, type ConsoleHarness } from './support/browser.js';

const CHILD = 'Neema Mukendi';

describe('the observer and the child-protection partner in the web console', () => {
  let harness: ConsoleHarness;
  let coops: TwoCooperatives;
  let today: string;

  beforeAll(async () => {
    harness = await startConsole();
    const { t } = harness;
    coops = await twoCooperatives(t);
    today = localDateIn('Africa/Lubumbashi');
    const { coopA, inA, operator } = coops;
    const base = `/api/v1/cooperatives/${coopA}`;
    // An observer granted the funds and the incident counts.
    const ngo = await createOrganisation(t, operator, 'Observatoire des mines', 'ngo');
    await organisationPerson(t, operator, ngo, 'observer', 'web');
    await t.http().post(`${base}/observer-grants`).set(bearer(inA.admin)).send({ organisationId: ngo, views: ['benefit_sharing_funds', 'incident_statistics'], validFrom: today }).expect(201);
    // A partner with one referred case and a plan item.
    const { casePartnerId } = await partnerIn(t, operator, inA.admin, coopA, 'web');
    const flag = await t.http().post(`${base}/risk-flags`).set(bearer(inA.officer)).send({ category: 'worst_forms_child_labour', description: 'Enfant au tri' }).expect(201);
    const opened = await t.http().post(`${base}/child-labour-cases`).set(bearer(inA.officer))
      .send({ flagId: flag.body.id, child: { fullName: CHILD, sex: 'female', ageYears: 11 }, identifiedOn: addDays(today, -2) }).expect(201);
    await t.http().patch(`${base}/child-labour-cases/${opened.body.id}`).set(bearer(inA.officer))
      .send({ to: 'referred', partnerId: casePartnerId, referredOn: addDays(today, -1), planItems: [{ kind: 'schooling', description: 'Frais scolaires', status: 'planned' }] }).expect(200);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('shows the observer the cooperatives it may see and the granted views, with counts only', async () => {
    const { page } = await harness.phone();
    await logIn(page, 'observer.web@test.ushirika.org');
    await page.getByRole('link', { name: 'Observation' }).first().click();
    await page.getByRole('heading', { name: 'Coopératives observées' }).waitFor();
    await page.getByRole('link', { name: 'Tujenge' }).click();
    await page.getByRole('heading', { name: 'Fonds de partage des bénéfices' }).waitFor();
    await page.getByText('Signalements levés : 1').waitFor();
    // Views not granted are not offered, and nothing names the child.
    expect(await page.getByRole('heading', { name: 'Rapport au régulateur' }).count()).toBe(0);
    expect(await page.getByText(CHILD).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Barrière' }).count()).toBe(0);
    await screenshot(page, 'observer-cooperative');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('lets the partner record a visit and a plan item’s progress on its referred case', async () => {
    const { page } = await harness.phone();
    await logIn(page, 'partner.web@test.ushirika.org');
    await page.getByRole('link', { name: 'Cas référés' }).first().click();
    await page.getByRole('link', { name: 'Tujenge' }).click();
    await page.getByRole('heading', { name: CHILD }).waitFor();
    await page.getByRole('button', { name: 'Passer « Frais scolaires » à : en cours' }).click();
    await page.getByRole('button', { name: 'Passer « Frais scolaires » à : fait' }).waitFor();
    await page.getByLabel('Observations').fill('Inscrite en 4e primaire');
    await page.getByRole('button', { name: 'Enregistrer la visite' }).click();
    await page.getByText('Inscrite en 4e primaire').waitFor();
    await screenshot(page, 'partner-case');
    expect(await accessibilityViolations(page)).toEqual([]);
    const recorded = await harness.t.http().get(`/api/v1/cooperatives/${coops.coopA}/child-labour-cases`).set(bearer(coops.inA.admin)).expect(200);
    expect(recorded.body[0].visits.map((visit: { notes: string }) => visit.notes)).toEqual(['Inscrite en 4e primaire']);
    expect(recorded.body[0].planItems[0].status).toBe('in_progress');
  });
});
