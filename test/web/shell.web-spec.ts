import { bearer, twoCooperatives, PASSWORD, type TwoCooperatives } from '../support/identity-fixture.js';
import { accessibilityViolations, logIn, screenshot, startConsole, type ConsoleHarness } from './support/browser.js';

describe('the web console shell', () => {
  let harness: ConsoleHarness;
  let coops: TwoCooperatives;

  beforeAll(async () => {
    harness = await startConsole();
    coops = await twoCooperatives(harness.t);
    // One person, two cooperatives: the console asks which one.
    const invitation = await harness.t.http().post(`/api/v1/cooperatives/${coops.coopB}/invitations`).set(bearer(coops.adminB)).send({ login: 'officer.a@test.ushirika.org', role: 'officer' }).expect(201);
    await harness.t.http().post(`/api/v1/auth/invitations/${invitation.body.id}/accept`).set(bearer(coops.inA.officer)).expect(200);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('serves the console under / with SPA fallback while the API, docs and health keep their routes', async () => {
    const page = await harness.t.http().get('/members/anything').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    const sw = await harness.t.http().get('/sw.js').expect(200);
    expect(sw.headers['cache-control']).toBe('no-cache');
    const asset = /\/assets\/index-[\w-]+\.js/.exec(page.text)?.[0];
    const js = await harness.t.http().get(asset ?? '/assets/missing.js').set('accept-encoding', 'br').expect(200);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['content-encoding']).toBe('br');
    const missing = await harness.t.http().get('/api/v1/no-such-route').expect(404);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
    await harness.t.http().get('/health').expect(200);
    await harness.t.http().get('/docs/openapi.json').expect(200);
  });

  it('logs in in French, refuses a wrong password in words, switches to English, and passes axe', async () => {
    const { page } = await harness.phone();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Ushirika' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'login');
    await page.getByLabel('E-mail ou téléphone').fill('admin.a@test.ushirika.org');
    await page.getByLabel('Mot de passe').fill('not-the-password');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel('E-mail or phone').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('navigation', { name: 'Main menu' }).waitFor();
    for (const name of ['Users', 'Sites and zones', 'Assemblies and bylaws', 'Gate']) expect(await page.getByRole('link', { name }).count()).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Users' }).first().click();
    await page.getByText('officer.a@test.ushirika.org').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'admin-users');
  });

  it('asks a person with roles in two cooperatives which one, and works by keyboard alone', async () => {
    const { page } = await harness.phone();
    await page.goto('/');
    await page.getByLabel('E-mail ou téléphone').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.type('officer.a@test.ushirika.org');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Choisissez la coopérative' }).waitFor();
    await screenshot(page, 'choose-cooperative');
    await page.getByRole('button', { name: /Umoja/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Bonjour/ }).waitFor();
    expect(await page.locator('.where').textContent()).toBe('Umoja');
    // An officer sees the officer's screens, not the administrator's.
    expect(await page.getByRole('link', { name: 'Barrière' }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: 'Utilisateurs' }).count()).toBe(0);
  });

  it('opens again without the network once visited: the service worker keeps the shell', async () => {
    const { context, page } = await harness.phone();
    await logIn(page, 'admin.a@test.ushirika.org');
    await page.waitForFunction('navigator.serviceWorker.controller !== null');
    await context.setOffline(true);
    await page.goto('/gate');
    await page.getByRole('heading', { name: 'Barrière du site' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Hors ligne' }).count()).toBe(1);
    await screenshot(page, 'gate-offline-shell');
  });

  it('logs in with a session that survives a reload', async () => {
    const { page } = await harness.phone();
    await logIn(page, 'auditor.a@test.ushirika.org');
    await page.reload();
    await page.getByRole('navigation', { name: 'Menu principal' }).waitFor();
    expect(await page.getByRole('link', { name: 'Membres' }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: 'Achat', exact: true }).count()).toBe(0);
  });
});
