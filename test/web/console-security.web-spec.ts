import type { Page } from 'playwright-core';
import { bearer, twoCooperatives, type TwoCooperatives } from '../support/identity-fixture.js';
import { logIn, startConsole, type ConsoleHarness } from './support/browser.js';

/** Browser-side code, as text: the test's TypeScript has no DOM types. Opens an idb-keyval database (one store). */
const OPEN = `(database, store) => new Promise((resolve, reject) => {
  const request = indexedDB.open(database);
  request.onupgradeneeded = () => request.result.createObjectStore(store);
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
})`;

/** Puts one record into an IndexedDB store the console uses. */
async function putInto(page: Page, database: string, store: string, key: string, value: unknown): Promise<void> {
  await page.evaluate(`(async () => {
    const db = await (${OPEN})(${JSON.stringify(database)}, ${JSON.stringify(store)});
    await new Promise((resolve, reject) => {
      const tx = db.transaction(${JSON.stringify(store)}, 'readwrite');
      tx.objectStore(${JSON.stringify(store)}).put(${JSON.stringify(value)}, ${JSON.stringify(key)});
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  })()`);
}

async function countIn(page: Page, database: string, store: string): Promise<number> {
  return page.evaluate<number>(`(async () => {
    const db = await (${OPEN})(${JSON.stringify(database)}, ${JSON.stringify(store)});
    const count = await new Promise((resolve, reject) => {
      const request = db.transaction(${JSON.stringify(store)}, 'readonly').objectStore(${JSON.stringify(store)}).count();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return count;
  })()`);
}

describe('the web console leaves nothing behind', () => {
  let harness: ConsoleHarness;
  let coops: TwoCooperatives;

  beforeAll(async () => {
    harness = await startConsole();
    coops = await twoCooperatives(harness.t);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('is served with a strict CSP under which the built console runs without a violation', async () => {
    const shell = await harness.t.http().get('/').expect(200);
    expect(shell.headers['content-security-policy']).toContain("script-src 'self'");
    expect(shell.headers['content-security-policy']).not.toContain('unsafe-inline');
    // Its own context, without the harness's CSP bypass: the policy applies as on a phone.
    const context = await harness.browser.newContext({ baseURL: harness.url, locale: 'fr-FR' });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await logIn(page, 'officer.a@test.ushirika.org');
    await page.getByRole('link', { name: 'Barrière' }).first().click().catch(() => undefined);
    await page.waitForTimeout(500);
    expect(violations).toEqual([]);
    // The policy is in force: an inline script is refused.
    await expect(page.addScriptTag({ content: 'window.injected = true' })).rejects.toThrow(/Content Security Policy/);
    await context.close();
  });

  it('never sends a write queued by another person under the signed-in user\'s token', async () => {
    const { page } = await harness.phone();
    await logIn(page, 'admin.b@test.ushirika.org');
    const path = `/api/v1/cooperatives/${coops.coopB}/sites`;
    await putInto(page, 'ushirika-offline', 'writes', 'left-by-someone-else', {
      id: 'left-by-someone-else', kind: 'correction', label: 'Site', path, body: { name: 'Laissé', code: 'LEFT', location: { latitudeE6: -10712345, longitudeE6: 25468000 } },
      createdAt: new Date().toISOString(), state: 'pending', attempts: 0, userId: coops.inA.officer.userId,
    });
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith(path)) sent.push(request.url());
    });
    await page.reload();
    await page.getByRole('navigation', { name: 'Menu principal' }).waitFor();
    await page.waitForTimeout(2_000);
    expect(sent).toEqual([]);
    const sites = await harness.t.http().get(path).set(bearer(coops.adminB)).expect(200);
    expect(JSON.stringify(sites.body)).not.toContain('LEFT');
  });

  it('clears the queue, gate snapshots and kept answers at logout, asking first when writes are unsent', async () => {
    const { page } = await harness.phone();
    await logIn(page, 'officer.a@test.ushirika.org');
    await putInto(page, 'ushirika-offline', 'writes', 'unsent-one', {
      id: 'unsent-one', kind: 'gate', label: 'Scan', path: '/api/v1/cooperatives/x/sites/y/gate', body: {},
      createdAt: new Date().toISOString(), state: 'rejected', attempts: 1, userId: coops.inA.officer.userId,
    });
    await putInto(page, 'ushirika-gate', 'snapshots', 'site-1', { signed: { payload: '{"members":[{"firstName":"Secret"}]}' } });
    await page.evaluate(`localStorage.setItem('ushirika.sellers.kab', JSON.stringify([{ firstName: 'Kept' }]))`);
    await page.reload();
    await page.getByRole('navigation', { name: 'Menu principal' }).waitFor();
    const dialogs: string[] = [];
    page.once('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByLabel('E-mail ou téléphone').waitFor();
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0]).toContain('pas encore été envoyées');
    for (let tries = 0; tries < 20 && (await countIn(page, 'ushirika-offline', 'writes')) > 0; tries++) await page.waitForTimeout(100);
    expect(await countIn(page, 'ushirika-offline', 'writes')).toBe(0);
    expect(await countIn(page, 'ushirika-gate', 'snapshots')).toBe(0);
    const keys = await page.evaluate<string[]>(`Object.keys(localStorage).filter((key) => key.startsWith('ushirika.') && key !== 'ushirika.lang' && key !== 'ushirika.session')`);
    expect(keys).toEqual([]);
    const stored = await page.evaluate<string | null>(`localStorage.getItem('ushirika.session')`);
    expect(stored === null ? null : (JSON.parse(stored) as { tokens: unknown }).tokens).toBeNull();
  });
});
