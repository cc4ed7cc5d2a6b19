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
    await page.setViewportSize({ width: 1280, height: 800 });
    await logIn(page, 'supervisor.lualaba@test.ushirika.org');
    await page.getByRole('link', { name: 'Supervision' }).first().click();
    await page.getByRole('link', { name: 'Tujenge' }).waitFor();
    expect(await page.getByRole('link', { name: 'Umoja' }).count()).toBe(1);
    await screenshot(page, 'supervisor-dashboard');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Tujenge' }).click();
    const button = page.getByRole('button', { name: 'Télécharger 2026-10 (PDF)' });
    await button.waitFor();
    await screenshot(page, 'supervisor-reports');
    const report = await downloaded(page, () => button.click());
    expect(report.name).toBe('rapport-2026-10-v1.pdf');
    expect(report.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // Supervisors read only: no write screen is offered.
    expect(await page.getByRole('link', { name: 'Barrière' }).count()).toBe(0);
  });
});
