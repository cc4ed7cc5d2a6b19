import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import playwright, { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { PASSWORD } from '../../support/identity-fixture.js';
import { WEB_CONSOLE_DIR } from '../../../src/web-console/serve-web-console.js';
import { chooseChromium } from './chromium.js';

const require = createRequire(import.meta.url);
/** A browser journey on a small shared machine takes far longer than an API call. */
const JOURNEY_TIMEOUT_MS = 240_000;
const STEP_TIMEOUT_MS = 60_000;
jest.setTimeout(JOURNEY_TIMEOUT_MS);
export const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');

export interface ConsoleHarness {
  readonly t: TestApp;
  readonly url: string;
  readonly browser: Browser;
  /** A fresh browser profile on a 360 px wide phone screen; the console's CSP is bypassed so that axe and page functions can be injected (console-security.web-spec.ts checks the CSP itself). */
  phone(): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** The real server on its own database, listening on a free port, and a headless Chromium (see chromium.ts). */
export async function startConsole(): Promise<ConsoleHarness> {
  const chromium = await chooseChromium();
  if (!existsSync(join(WEB_CONSOLE_DIR, 'index.html'))) throw new Error(`The console is not built in ${WEB_CONSOLE_DIR}: run npm run build:web`);
  const t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const url = `http://127.0.0.1:${address.port}`;
  const browser = await playwright.chromium.launch({ executablePath: chromium.executablePath, env: chromium.env, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const contexts: BrowserContext[] = [];
  return {
    t,
    url,
    browser,
    async phone() {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, hasTouch: true, acceptDownloads: true, baseURL: url, locale: 'fr-FR', bypassCSP: true });
      context.setDefaultTimeout(STEP_TIMEOUT_MS);
      contexts.push(context);
      return { context, page: await context.newPage() };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await t.close();
    },
  };
}

export async function logIn(page: Page, login: string, password = PASSWORD): Promise<void> {
  await page.goto('/');
  await page.getByLabel('E-mail ou téléphone').fill(login);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('navigation', { name: 'Menu principal' }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: { target: string[] }[];
}

/** Runs axe-core in the page; the serious and critical violations, described for a failure message. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.impact} ${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
}

/** The bytes of a file the page downloads after `action`. */
export async function downloaded(page: Page, action: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), action()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}
