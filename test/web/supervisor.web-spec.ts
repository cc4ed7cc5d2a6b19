import { bearer, twoCooperatives, type TwoCooperatives } from '../support/identity-fixture.js';
import { accessibilityViolations, downloaded, logIn, screenshot, startConsole, type ConsoleHarness } from './support/browser.js';

describe('the supervisor in the web console', () => {
  let harness: ConsoleHarness;
  let coops: TwoCooperatives;

  beforeAll(async () => {
    harness = await startConsole();
    coops = await twoCooperatives(harness.t, { supervisor: true });
    await harness.t.http().post(`/api/v1/cooperatives/${coops.coopA}/reports`).set(bearer(coops.inA.admin)).send({ period: '2026-10' }).expect(201);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('opens the jurisdiction dashboard, a cooperative\'s reports, and downloads one as PDF', async () => {
    const { page } = await harness.phone();
    await page.setViewportSize({ width: 1366, height: 768 });
    await logIn(page, 'supervisor.lualaba@test.ushirika.org');
    await page.getByRole('link', { name: 'Supervision' }).first().click();
    await page.getByRole('link', { name: 'Tujenge' }).waitFor();
    expect(await page.getByRole('link', { name: 'Umoja' }).count()).toBe(1);
    await screenshot(page, 'supervisor-dashboard');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Tujenge' }).click();
    const button = page.getByRole('button', { name: 'Télécharger 2026-10 (PDF)' });
    await button.waitFor();
    // Issue 19, defect 6: the page names the cooperative, leads back, uses a laptop's width and offers every format.
    await page.getByRole('heading', { name: 'Rapports de Tujenge' }).waitFor();
    expect((await page.locator('main').boundingBox())?.width).toBeGreaterThan(1_100);
    await screenshot(page, 'supervisor-reports');
    expect(await accessibilityViolations(page)).toEqual([]);
    const report = await downloaded(page, () => button.click());
    expect(report.name).toBe('rapport-2026-10-v1.pdf');
    expect(report.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const json = await downloaded(page, () => page.getByRole('button', { name: '2026-10 (JSON)' }).click());
    expect(json.name).toBe('rapport-2026-10-v1.json');
    expect(JSON.parse(json.bytes.toString('utf8'))).toMatchObject({ period: { key: '2026-10' }, cooperative: { name: 'Tujenge' } });
    const csv = await downloaded(page, () => page.getByRole('button', { name: '2026-10 (CSV, zip)' }).click());
    expect(csv.name).toBe('rapport-2026-10-v1.csv.zip');
    expect(csv.bytes.subarray(0, 2).toString()).toBe('PK');
    await page.getByRole('link', { name: '← Toutes les coopératives' }).click();
    await page.getByRole('heading', { name: 'Coopératives de ma juridiction' }).waitFor();
    // Supervisors read only: no write screen is offered.
    expect(await page.getByRole('link', { name: 'Barrière' }).count()).toBe(0);
  });
});
