import { bearer, twoCooperatives, type TwoCooperatives } from '../support/identity-fixture.js';
import { registerActiveMember } from '../support/member-fixture.js';
import { pdfText } from '../support/pdf-text.js';
import { accessibilityViolations, downloaded, logIn, screenshot, startConsole, type ConsoleHarness } from './support/browser.js';

/**
 * Issue 19, reports and supervision: an admin produces a month's report and a year's (queued,
 * its progress followed), produces the month again after a change and sees what changed; an
 * auditor reads without producing; a supervisor sorts the dashboard and queues the province's
 * report, follows the job and downloads it.
 */
describe('regulator reports in the web console', () => {
  let harness: ConsoleHarness;
  let coops: TwoCooperatives & { readonly lualabaSupervisor: NonNullable<TwoCooperatives['lualabaSupervisor']> };

  beforeAll(async () => {
    harness = await startConsole();
    coops = await twoCooperatives(harness.t, { supervisor: true });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('lets an admin produce a month and a year, then a second version that says what changed', async () => {
    const { page } = await harness.phone();
    await logIn(page, 'admin.a@test.ushirika.org');
    await page.getByRole('link', { name: 'Rapports' }).first().click();
    await page.getByRole('heading', { name: 'Produire un rapport' }).waitFor();
    await page.getByLabel('Année').selectOption('2026');
    await page.getByLabel('Mois').selectOption({ label: 'octobre' });
    await page.getByRole('button', { name: 'Produire le rapport 2026-10' }).click();
    await page.getByText('Rapport 2026-10 produit.').waitFor();
    await page.getByRole('region', { name: 'Période 2026-10' }).getByText(/^Version 1 du /).waitFor();

    // A year is long: it is queued, and its progress is followed to the end.
    await page.getByLabel('Période', { exact: true }).selectOption('year');
    await page.getByLabel('Année').selectOption('2025');
    await page.getByRole('button', { name: 'Produire le rapport 2025' }).click();
    await page.getByText('Terminé.').waitFor();
    await page.getByRole('region', { name: 'Période 2025' }).waitFor();

    // A member admitted in October is recorded late: the second version of October names the figures that changed.
    await registerActiveMember(harness.t, coops.inA.officer, coops.coopA, '2026-10-10');
    await page.getByLabel('Période', { exact: true }).selectOption('month');
    await page.getByLabel('Année').selectOption('2026');
    await page.getByLabel('Mois').selectOption({ label: 'octobre' });
    await page.getByRole('button', { name: 'Produire le rapport 2026-10' }).click();
    const october = page.getByRole('region', { name: 'Période 2026-10' });
    await october.locator('li[data-version="2"]').waitFor();
    await october.getByText(/chiffre\(s\) changé\(s\) depuis la version précédente/).click();
    expect(await october.locator('.report-changes li').allTextContents()).toContain('Membres · nouveaux sur la période : 0 → 1');
    await screenshot(page, 'admin-reports');
    expect(await accessibilityViolations(page)).toEqual([]);
    const pdf = await downloaded(page, () => october.locator('li[data-version="2"]').getByRole('button', { name: 'Télécharger 2026-10 (PDF)' }).click());
    expect(pdf.name).toBe('rapport-2026-10-v2.pdf');
    expect(await pdfText(pdf.bytes)).toContain('Tujenge');

    const stored = await harness.t.http().get(`/api/v1/cooperatives/${coops.coopA}/reports`).set(bearer(coops.inA.admin)).expect(200);
    expect(stored.body.map((r: { periodKey: string; version: number }) => `${r.periodKey} v${r.version}`).sort()).toEqual(['2025 v1', '2026-10 v1', '2026-10 v2']);
  });

  it('lets an auditor read and download, never produce', async () => {
    const { page } = await harness.phone();
    await logIn(page, 'auditor.a@test.ushirika.org');
    await page.getByRole('link', { name: 'Rapports' }).first().click();
    await page.getByRole('region', { name: 'Période 2026-10' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Produire un rapport' }).count()).toBe(0);
    const json = await downloaded(page, () => page.getByRole('button', { name: '2025 (JSON)' }).click());
    expect(JSON.parse(json.bytes.toString('utf8'))).toMatchObject({ period: { key: '2025' } });
  });

  it('lets a supervisor sort the dashboard and queue the province report, following the job', async () => {
    const { page } = await harness.phone();
    await page.setViewportSize({ width: 1366, height: 768 });
    await logIn(page, 'supervisor.lualaba@test.ushirika.org');
    await page.getByRole('link', { name: 'Supervision' }).first().click();
    await page.getByLabel('Trier par').selectOption('name');
    await page.locator('tbody tr').first().waitFor();
    expect(await page.locator('tbody tr td:first-child a').allTextContents()).toEqual(['Tujenge', 'Umoja']);
    await page.getByRole('link', { name: 'Rapports de province' }).click();
    await page.getByLabel('Année').selectOption('2026');
    await page.getByLabel('Mois').selectOption({ label: 'octobre' });
    await page.getByRole('button', { name: 'Demander le rapport 2026-10' }).click();
    await page.getByText('Terminé.').waitFor();
    const row = page.locator('ul.list li').filter({ hasText: 'Lualaba · 2026-10 · v1' });
    await row.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    const pdf = await downloaded(page, () => row.getByRole('button', { name: 'Télécharger 2026-10 (PDF)' }).click());
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await pdfText(pdf.bytes)).toContain('Lualaba');
  });
});
