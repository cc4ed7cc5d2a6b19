import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import playwright from 'playwright-core';
import { chooseChromium } from './chromium.js';

jest.setTimeout(120_000);

/** Which browser the web tests drive, on a machine with Node.js and nothing else. */
describe('the browser tests Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ushirika-chromium-'));
  const absent = join(dir, 'no-such-chromium');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('without CHROMIUM_PATH or a system Chromium, drives the one npm ci installed, with its own libraries and fonts', async () => {
    const chosen = await chooseChromium({ PATH: process.env.PATH, LD_LIBRARY_PATH: '/opt/elsewhere' }, absent);
    expect(chosen.source).toMatch(/^@sparticuz\/chromium 153\./);
    expect(chosen.executablePath).toContain(join('node_modules', '.cache'));
    const [lib, ...rest] = (chosen.env.LD_LIBRARY_PATH ?? '').split(':');
    expect(existsSync(join(lib ?? '', 'libnspr4.so'))).toBe(true);
    expect(rest).toEqual(['/opt/elsewhere']);
    expect(existsSync(join(chosen.env.FONTCONFIG_PATH ?? '', 'fonts.conf'))).toBe(true);

    const browser = await playwright.chromium.launch({ executablePath: chosen.executablePath, env: chosen.env, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    try {
      expect(browser.version()).toMatch(/^153\./);
      const page = await browser.newPage();
      await page.setContent('<p id="t" style="font-family: sans-serif">Coopérative minière</p>');
      expect(await page.textContent('#t')).toBe('Coopérative minière');
      // The text is laid out with a font found through the unpacked fonts.conf.
      expect((await page.locator('#t').boundingBox())?.width ?? 0).toBeGreaterThan(50);
    } finally {
      await browser.close();
    }
  });

  it('prefers the system Chromium when there is one, with the environment unchanged', async () => {
    const system = join(dir, 'chromium');
    writeFileSync(system, '');
    const chosen = await chooseChromium({ PATH: '/usr/bin' }, system);
    expect(chosen).toEqual({ executablePath: system, env: { PATH: '/usr/bin' }, source: `the system's Chromium (${system})` });
  });

  it('takes the browser CHROMIUM_PATH names, and says so when it does not exist', async () => {
    const named = join(dir, 'my-chrome');
    writeFileSync(named, '');
    expect((await chooseChromium({ CHROMIUM_PATH: named }, absent)).executablePath).toBe(named);
    await expect(chooseChromium({ CHROMIUM_PATH: absent }, absent)).rejects.toThrow(`CHROMIUM_PATH names ${absent}, which does not exist`);
  });
});
