// The browser tests drive the console as `npm run build` produces it: build it first (a few
// seconds), pick the Chromium they drive (unpacking the npm one once, before the workers start),
// then share the e2e tests' migrated template database.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import prepareDatabase from '../support/global-setup.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default async function globalSetup() {
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });
  const { chooseChromium } = await tsImport('./support/chromium.ts', import.meta.url);
  const chromium = await chooseChromium();
  process.stderr.write(`\nBrowser tests: ${chromium.source}\n`);
  await prepareDatabase();
}
