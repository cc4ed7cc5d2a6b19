#!/usr/bin/env node
// Web console benchmark (run `npm run build` first, or `npm run bench:web` which builds):
//   node bench/web.mjs [--runs 3]
//
// 1. First-load weight: the JS and CSS that index.html loads (scripts, stylesheets, module
//    preloads), raw and compressed with gzip (level 9) and brotli (quality 11), against the
//    issue's budget of 200 KB compressed. Lazy chunks (the jsQR fallback) are listed apart.
// 2. Time to interactive of the login page on a throttled 3G phone: the built server (an
//    embedded PostgreSQL in a temporary DATA_DIR, so nothing of yours is touched) driven by
//    Debian's Chromium (CHROMIUM_PATH to override) with CDP Network.emulateNetworkConditions
//    (1.6 Mbps down, 750 kbps up, 150 ms RTT) and Emulation.setCPUThrottlingRate 4. TTI is
//    the end of the last long task (> 50 ms) before a 5 s quiet window, and never before the
//    login form is usable (First Contentful Paint and DOMContentLoaded are printed too). A cold
//    load (empty cache) and a warm one (service worker and cache in place) are measured.
//
// Prints a markdown table and writes every sample to bench/results/web.json.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import playwright from 'playwright-core';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const webDir = join(root, 'dist', 'web');
const resultsFile = join(root, 'bench', 'results', 'web.json');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const BUDGET_BYTES = 200 * 1024;
const PROFILE = { downloadKbps: 1600, uploadKbps: 750, rttMs: 150, cpuSlowdown: 4 };
const QUIET_WINDOW_MS = 5000;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function firstLoadFiles() {
  const html = readFileSync(join(webDir, 'index.html'), 'utf8');
  const referenced = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]);
  return [...new Set(referenced)];
}

function weigh(path) {
  const content = readFileSync(join(webDir, path));
  return {
    path,
    raw: content.length,
    gzip: gzipSync(content, { level: 9 }).length,
    brotli: brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function startServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ushirika-bench-web-'));
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [join(root, 'dist', 'src', 'main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const ready = await fetch(`${url}/health/ready`).then((response) => response.ok).catch(() => false);
    if (ready) return { url, async stop() { child.kill('SIGTERM'); await new Promise((done) => child.once('exit', done)); rmSync(dataDir, { recursive: true, force: true }); } };
    await new Promise((done) => setTimeout(done, 500));
  }
  child.kill('SIGKILL');
  throw new Error('the server did not become ready');
}

/** Records long tasks and paints from the first byte of the page on. */
const OBSERVE = () => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, end: entry.startTime + entry.duration });
  }).observe({ type: 'longtask', buffered: true });
};

async function measure(page, url) {
  const client = await page.context().newCDPSession(page);
  await client.send('Network.enable');
  await client.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: PROFILE.rttMs,
    downloadThroughput: (PROFILE.downloadKbps * 1000) / 8,
    uploadThroughput: (PROFILE.uploadKbps * 1000) / 8,
  });
  await client.send('Emulation.setCPUThrottlingRate', { rate: PROFILE.cpuSlowdown });
  let transferred = 0;
  client.on('Network.loadingFinished', (event) => {
    transferred += event.encodedDataLength;
  });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.getByRole('button', { name: 'Se connecter' }).waitFor({ timeout: 120_000 });
  const formReady = await page.evaluate(() => performance.now());
  await page.waitForTimeout(QUIET_WINDOW_MS);
  const timings = await page.evaluate(() => {
    const navigation = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return { domContentLoaded: navigation.domContentLoadedEventEnd, fcp: fcp ? fcp.startTime : null, longTasks: window.__longTasks };
  });
  const lastLongTaskEnd = timings.longTasks.reduce((latest, task) => Math.max(latest, task.end), 0);
  await client.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await client.detach();
  return {
    tti: Math.round(Math.max(formReady, lastLongTaskEnd, timings.domContentLoaded)),
    formReady: Math.round(formReady),
    fcp: timings.fcp === null ? null : Math.round(timings.fcp),
    domContentLoaded: Math.round(timings.domContentLoaded),
    longTasks: timings.longTasks.length,
    transferredBytes: transferred,
  };
}

async function main() {
  if (!existsSync(join(webDir, 'index.html'))) throw new Error('dist/web is missing: run npm run build first');
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH`);

  const files = firstLoadFiles().map(weigh);
  const total = files.reduce((sum, file) => ({ raw: sum.raw + file.raw, gzip: sum.gzip + file.gzip, brotli: sum.brotli + file.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  const lazy = (readFileSync(join(webDir, 'sw.js'), 'utf8').match(/"\/assets\/[^"]+\.js"/g) ?? [])
    .map((quoted) => quoted.slice(1, -1))
    .filter((path) => !files.some((file) => file.path === path))
    .map(weigh);

  const server = await startServer();
  const browser = await playwright.chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const samples = { cold: [], warm: [] };
  try {
    for (let run = 0; run < RUNS; run += 1) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
      await context.addInitScript(OBSERVE);
      const page = await context.newPage();
      samples.cold.push(await measure(page, server.url));
      // The warm load reuses the cache and the service worker the cold one installed.
      const installed = await page.evaluate(() =>
        Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise((done) => setTimeout(() => done(false), 60_000))]),
      );
      if (installed) {
        const again = await context.newPage();
        samples.warm.push(await measure(again, server.url));
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }

  const row = (name, list) => {
    if (list.length === 0) return `| ${name} | n/a (no service worker installed) | | | | |`;
    const pick = (key) => median(list.map((sample) => sample[key]));
    return `| ${name} | ${pick('tti')} ms | ${pick('formReady')} ms | ${pick('fcp')} ms | ${pick('domContentLoaded')} ms | ${kb(pick('transferredBytes'))} |`;
  };
  console.log(`\n## Web console (${cpus().length} CPU, ${RUNS} runs, medians)\n`);
  console.log('| first-load file | raw | gzip | brotli |\n| --- | --- | --- | --- |');
  for (const file of files) console.log(`| ${file.path} | ${kb(file.raw)} | ${kb(file.gzip)} | ${kb(file.brotli)} |`);
  console.log(`| **total JS+CSS** | ${kb(total.raw)} | **${kb(total.gzip)}** (${((100 * total.gzip) / BUDGET_BYTES).toFixed(1)}% of 200 KB) | **${kb(total.brotli)}** (${((100 * total.brotli) / BUDGET_BYTES).toFixed(1)}% of 200 KB) |`);
  for (const file of lazy) console.log(`| (lazy, not in first load) ${file.path} | ${kb(file.raw)} | ${kb(file.gzip)} | ${kb(file.brotli)} |`);
  console.log(`\nLogin page on 3G (${PROFILE.downloadKbps} kbps down, ${PROFILE.uploadKbps} kbps up, ${PROFILE.rttMs} ms RTT, CPU ×${PROFILE.cpuSlowdown}):\n`);
  console.log('| load | TTI | login form usable | FCP | DOMContentLoaded | transferred |\n| --- | --- | --- | --- | --- | --- |');
  console.log(row('cold (empty cache)', samples.cold));
  console.log(row('warm (service worker)', samples.warm));
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify({ profile: PROFILE, budgetBytes: BUDGET_BYTES, files, total, lazy, samples }, null, 2)}\n`);
  console.log(`\nSamples: ${resultsFile}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
