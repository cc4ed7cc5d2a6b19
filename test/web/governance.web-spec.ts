import { bearer, twoCooperatives, type TwoCooperatives } from '../support/identity-fixture.js';
import { accessibilityViolations, logIn, screenshot, startConsole, type ConsoleHarness } from './support/browser.js';

/** Issue 19, defect 7: assemblies in words, and no empty bylaws heading. */
describe('the governance screen in the web console', () => {
  let harness: ConsoleHarness;
  let coops: TwoCooperatives;

  beforeAll(async () => {
    harness = await startConsole();
    coops = await twoCooperatives(harness.t);
    await harness.t.http().post(`/api/v1/cooperatives/${coops.coopA}/assemblies`).set(bearer(coops.inA.admin)).send({
      kind: 'ordinary',
      heldOn: '2027-03-20',
      place: 'Salle paroissiale de Kasulo',
      callNumber: 1,
      noticeOn: '2027-02-01',
      agenda: [{ title: 'Approbation des comptes', decisionKind: 'ordinary' }],
    }).expect(201);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('lists an assembly by its kind, call and status in words, and says when no bylaws are recorded', async () => {
    const { page } = await harness.phone();
    await logIn(page, 'admin.a@test.ushirika.org');
    await page.goto('/admin/governance');
    const assembly = page.locator('li', { hasText: 'Salle paroissiale de Kasulo' });
    await assembly.waitFor();
    expect(await assembly.locator('strong').textContent()).toBe('20 mars 2027 · Assemblée générale ordinaire');
    expect(await assembly.locator('span').textContent()).toBe('Salle paroissiale de Kasulo · 1ʳᵉ convocation · convoquée');
    expect(await page.locator('main').textContent()).not.toMatch(/ordinary|convened/);
    await page.getByText("Aucune version des statuts n'est enregistrée.").waitFor();
    await screenshot(page, 'governance-assemblies');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
