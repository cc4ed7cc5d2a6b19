#!/usr/bin/env node
// Purchase-ledger benchmark of the built server (run `npm run build` first, or `npm run bench:purchases`):
//   node bench/purchases.mjs [--requests 3000] [--clients 50] [--cooperatives 10] [--profile]
//
// Purchases recorded per second through HTTP: POST …/purchases with everything a real one
// goes through (JWT, AccessGuard, validation, row-level security, the seller's standing, fees,
// the per-cooperative hash chain and its head lock, the audit record), from `--clients`
// concurrent keep-alive clients spread over `--cooperatives` cooperatives. Baseline, same run:
// the same ledger row written by a raw `pg` INSERT (autocommit, owner connection, as many
// concurrent connections as clients). Goal (issue 20): HTTP ≥ 0.6 × raw INSERT and p99 ≤ 50 ms,
// printed against the figures of the run. Also measured: a read through the same guard and tenant
// transaction (GET …/fee-rules) and the unauthenticated floor (GET /health), and the database
// transactions committed per purchase. `--profile` runs the server under --cpu-prof and prints
// where its CPU time went, by package or source file.
//
// Chain verification (a million entries in constant memory, once part (b) of this file) is
// measured by bench/verify.mjs.
//
// Server: postgres://postgres@127.0.0.1:5432 (trust auth) unless BENCH_POSTGRES_URL names another
// owner URL; a fresh database is created and dropped, with a login role of the benchmark's own.
// Prints the figures and writes them to bench/results/purchases.json.

import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  dist, freePort, JWT_SECRET, load as loadBuilt, query, requireBuilt, resultsFile, root, round, say, sleep, withDatabase, writeResults,
} from './support.mjs';
import { BENCH_PASSWORD, jsonClient, load, purchaseBody, seedCooperatives } from './http-load.mjs';

const RESULTS_FILE = resultsFile('purchases');
const { values: options } = parseArgs({
  options: {
    requests: { type: 'string', default: '3000' },
    clients: { type: 'string', default: '50' },
    cooperatives: { type: 'string', default: '10' },
    profile: { type: 'boolean', default: false },
  },
});
const REQUESTS = Number(options.requests);
const CLIENTS = Number(options.clients);
const COOPERATIVES = Number(options.cooperatives);
const WARM_UP = Math.min(500, Math.ceil(REQUESTS / 5));
const APP_USER = 'ushirika_bench_purchases_app';
const APP_PASSWORD = 'bench-purchases-app-password';
/** Issue 20's goal column: the purchase within 0.6 of the raw INSERT of its row, and a p99 of 50 ms. */
const GOAL_RATIO = 0.6;
const GOAL_P99_MS = 50;
const SERVER = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

requireBuilt(['src/main.js']);
const { createOperator } = await loadBuilt('src/admin/bootstrap.js');
const { canonicalTemplate } = await loadBuilt('src/purchases/rules/canonical-template.js');

const live = new Set();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

// ---------------------------------------------------------------------------- HTTP client

const client = jsonClient({ port: undefined, maxSockets: CLIENTS + 8 });
const http = (...args) => client.http(...args);

// ---------------------------------------------------------------------------- server

async function startServer(databaseUrl, profileDir) {
  const port = await freePort();
  client.port = port;
  const env = { ...process.env };
  for (const key of ['NODE_OPTIONS', 'DATA_DIR', 'EMBEDDED_DB_PORT']) delete env[key];
  Object.assign(env, {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    DATABASE_APP_USER: APP_USER,
    DATABASE_APP_PASSWORD: APP_PASSWORD,
    JWT_SECRET,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    JOBS_POLL_MS: '0',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'ushirika-bench-purchases-')),
  });
  const args = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, dist('src/main.js')] : [dist('src/main.js')];
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const output = [];
  child.stdout.on('data', (chunk) => output.push(chunk));
  child.stderr.on('data', (chunk) => output.push(chunk));
  const exited = new Promise((done) => child.once('exit', (code) => done(code)));
  const deadline = performance.now() + 120_000;
  for (;;) {
    const status = await http('GET', '/health/ready').then((r) => r.status, () => 0);
    if (status === 200) break;
    if (performance.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`server not ready:\n${Buffer.concat(output).toString('utf8')}`);
    }
    await sleep(50);
  }
  return {
    pid: child.pid,
    spawnedAt,
    output: () => Buffer.concat(output).toString('utf8'),
    async stop() {
      child.kill('SIGTERM');
      await exited;
      live.delete(child);
      rmSync(env.DATA_DIR, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------- (a) purchases per second

async function transactionsCommitted(ownerUrl) {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await sleep(1200); // backends flush their statistics at most every second
    await client.query('SELECT pg_stat_clear_snapshot()');
    const [row] = (await client.query('SELECT xact_commit::text AS commits, tup_inserted::text AS inserted FROM pg_stat_database WHERE datname = current_database()')).rows;
    return { commits: Number(row.commits), inserted: Number(row.inserted) };
  } finally {
    await client.end();
  }
}

async function benchHttp(ownerUrl, cooperatives) {
  const post = (client, n) => {
    const cooperative = cooperatives[client % cooperatives.length];
    return http('POST', `/api/v1/cooperatives/${cooperative.id}/purchases`, { token: cooperative.officer, body: purchaseBody(cooperative, client, n) }).then((r) =>
      r.status === 201 ? { ok: true } : { ok: false, why: `${r.status} ${JSON.stringify(r.body)}` },
    );
  };
  say(`  warm-up: ${WARM_UP} purchases`);
  const warm = await load(WARM_UP, CLIENTS, (client, n) => post(client, 1_000_000 + n));
  if (warm.failures) throw new Error(`${warm.failures} warm-up purchases refused, the first: ${warm.firstFailure}`);
  const before = await transactionsCommitted(ownerUrl);
  say(`  HTTP: ${REQUESTS} purchases from ${CLIENTS} clients over ${cooperatives.length} cooperatives`);
  const windowStart = performance.now();
  const result = await load(REQUESTS, CLIENTS, post);
  const window = { start: windowStart, end: performance.now() };
  if (result.failures) say(`  ${result.failures} purchases refused, the first: ${result.firstFailure}`);
  const after = await transactionsCommitted(ownerUrl);
  const perPurchase = { transactions: round((after.commits - before.commits) / REQUESTS, 2), rowsInserted: round((after.inserted - before.inserted) / REQUESTS, 2) };
  return { ...result, perPurchase, window };
}

async function benchReads(cooperatives) {
  const guarded = await load(REQUESTS, CLIENTS, (client) => {
    const cooperative = cooperatives[client % cooperatives.length];
    return http('GET', `/api/v1/cooperatives/${cooperative.id}/fee-rules`, { token: cooperative.officer }).then((r) => ({ ok: r.status === 200, why: `${r.status}` }));
  });
  const floor = await load(REQUESTS, CLIENTS, () => http('GET', '/health').then((r) => ({ ok: r.status === 200, why: `${r.status}` })));
  return { guardedRead: guarded, health: floor };
}

/** The same ledger row, written by a plain INSERT: one round trip, one autocommit transaction. */
async function benchRawInsert(ownerUrl, cooperatives) {
  const [template] = await query(ownerUrl, 'SELECT * FROM purchase_ledger WHERE cooperative_id = $1 ORDER BY sequence DESC LIMIT 1', [cooperatives[0].id]);
  const columns = Object.keys(template);
  const sql = `INSERT INTO purchase_ledger (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
  const pool = new pg.Pool({ connectionString: ownerUrl, max: CLIENTS });
  const sequences = new Map(cooperatives.map((c) => [c.id, 10_000_000]));
  try {
    await Promise.all(Array.from({ length: CLIENTS }, () => pool.query('SELECT 1')));
    return await load(REQUESTS, CLIENTS, async (client, n) => {
      const cooperative = cooperatives[client % cooperatives.length];
      const sequence = sequences.get(cooperative.id) + 1;
      sequences.set(cooperative.id, sequence);
      const row = { ...template, cooperative_id: cooperative.id, id: randomUUID(), sequence, tag_id: `RAW-${client}-${n}`, lot_number: `RAW-${sequence}`, seller_id: cooperative.sellers[0], site_id: cooperative.siteId, fees: JSON.stringify(template.fees) };
      await pool.query(sql, columns.map((column) => row[column]));
      return { ok: true };
    });
  } finally {
    await pool.end();
  }
}

/**
 * The database's share of a purchase: the one purchase_append call the service makes, in a
 * tenant transaction as Db.tenant opens it (BEGIN, scope, the call, COMMIT), from as many
 * connections as clients; no HTTP, no guard, no validation. Between the raw INSERT and this,
 * the cost of the checks, the head lock, the hash and the audit row; between this and HTTP, the rest.
 */
async function benchAppendCall(ownerUrl, cooperatives) {
  const timezone = 'Africa/Lubumbashi';
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: timezone }).format(new Date());
  const rules = new Map();
  for (const cooperative of cooperatives) {
    const rows = await query(ownerUrl, 'SELECT id FROM fee_rules WHERE cooperative_id = $1 ORDER BY valid_from, rule_code, created_at', [cooperative.id]);
    rules.set(cooperative.id, rows.map((row) => row.id));
  }
  const pool = new pg.Pool({ connectionString: ownerUrl, max: CLIENTS });
  const officerId = randomUUID();
  try {
    await Promise.all(Array.from({ length: CLIENTS }, () => pool.query('SELECT 1')));
    return await load(REQUESTS, CLIENTS, async (client, n) => {
      const cooperative = cooperatives[client % cooperatives.length];
      const now = new Date();
      const entry = {
        cooperativeId: cooperative.id, kind: 'purchase', id: randomUUID(), reversesId: null, tagId: `CALL-${client}-${n}`,
        sellerId: cooperative.sellers[n % cooperative.sellers.length], siteId: cooperative.siteId, mineral: 'HETEROGENITE', grossMg: 12_800_000,
        netMg: 12_500_000, gradeBp: 1420, moistureBp: 800, unitPriceMinor: 950, priceUnit: 'kg', priceBasis: 'per_unit_contained_metal',
        currency: 'USD', exchangeRate: null, exchangeRateBase: null, reportingCurrency: 'USD', amountMinor: 1551, amountReportingMinor: 1551,
        fees: [{ fundCode: 'COMMUNITY', amountMinor: 16 }], netPaidMinor: 1535, paymentMethod: 'cash', paymentReference: null,
        capturedAt: now, recordedAt: now, officerId, reason: null,
      };
      const template = canonicalTemplate(entry);
      const row = {
        id: entry.id, kind: 'purchase', tag_id: entry.tagId, seller_id: entry.sellerId, site_id: entry.siteId, mineral: entry.mineral,
        gross_mg: entry.grossMg, net_mg: entry.netMg, grade_bp: entry.gradeBp, moisture_bp: entry.moistureBp, unit_price_minor: entry.unitPriceMinor,
        price_unit: entry.priceUnit, price_basis: entry.priceBasis, currency: entry.currency, reporting_currency: entry.reportingCurrency,
        amount_minor: entry.amountMinor, amount_reporting_minor: entry.amountReportingMinor, fees: entry.fees, net_paid_minor: entry.netPaidMinor,
        payment_method: entry.paymentMethod, captured_at: now.toISOString(), recorded_at: now.toISOString(), officer_id: officerId,
      };
      const connection = await pool.connect();
      try {
        await connection.query('BEGIN');
        await connection.query(`SELECT set_config('app.cooperative_ids', $1, true), set_config('app.user_id', $2, true), set_config('app.operator', 'off', true)`, [cooperative.id, officerId]);
        const { rows } = await connection.query(
          `SELECT purchase_append($1, $2, 'bench', $3::date, $4, 'USD', $5::uuid[], $6::jsonb, $7, $8, $9, '{}'::jsonb) AS outcome`,
          [cooperative.id, officerId, day, timezone, rules.get(cooperative.id), JSON.stringify(row), Buffer.from(template.head), Buffer.from(template.middle), Buffer.from(template.tail)],
        );
        await connection.query('COMMIT');
        const { outcome } = rows[0];
        return outcome.hash ? { ok: true } : { ok: false, why: JSON.stringify(outcome) };
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => undefined);
        return { ok: false, why: error.message };
      } finally {
        connection.release();
      }
    });
  } finally {
    await pool.end();
  }
}

/**
 * Self CPU time of a .cpuprofile by where the code lives (a package, a source file, or the
 * engine), counting only the samples taken during the timed HTTP purchases: `fromMs`/`toMs`
 * are measured from the server's spawn, which the profile's start follows within milliseconds.
 */
function summariseProfile(profileDir, fromMs, toMs) {
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) return { byPlace: [], byFunction: [] };
  const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8'));
  const hits = new Map();
  let at = 0;
  profile.samples.forEach((nodeId, index) => {
    at += profile.timeDeltas[index];
    if (at / 1000 >= fromMs && at / 1000 <= toMs) hits.set(nodeId, (hits.get(nodeId) ?? 0) + 1);
  });
  const sampled = [...hits.values()].reduce((sum, n) => sum + n, 0);
  const interval = sampled ? ((toMs - fromMs) * 1000) / sampled : 0;
  const byPlace = new Map();
  const byFunction = new Map();
  for (const node of profile.nodes) {
    const url = node.callFrame.url ?? '';
    let place;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (pkg) place = pkg[1];
    else if (url.includes('/dist/')) place = url.slice(url.indexOf('/dist/') + 6);
    else if (url.startsWith('node:')) place = 'node core';
    else place = node.callFrame.functionName || '(engine)';
    byPlace.set(place, (byPlace.get(place) ?? 0) + (hits.get(node.id) ?? 0) * interval);
    const name = `${node.callFrame.functionName || '(anonymous)'} ${place}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + (hits.get(node.id) ?? 0) * interval);
  }
  const busy = [...byPlace.entries()].filter(([place]) => place !== '(idle)');
  const total = busy.reduce((sum, [, us]) => sum + us, 0);
  const top = (entries, count) =>
    entries
      .filter(([place]) => !place.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([place, us]) => ({ place, cpuMs: round(us / 1000), share: `${round((100 * us) / total, 1)} %` }));
  return { byPlace: top(busy, 15), byFunction: top([...byFunction.entries()], 15) };
}

// ---------------------------------------------------------------------------- main

async function main() {
  const database = `ushirika_bench_purchases_${randomBytes(4).toString('hex')}`;
  const ownerUrl = withDatabase(SERVER, database);
  const profileDir = options.profile ? mkdtempSync(join(tmpdir(), 'ushirika-profile-')) : undefined;
  await query(SERVER, `CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  const result = {
    benchmark: 'purchases',
    date: new Date().toISOString(),
    node: process.version,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30) },
    settings: { requests: REQUESTS, clients: CLIENTS, cooperatives: COOPERATIVES, warmUp: WARM_UP, profile: Boolean(profileDir) },
  };
  let server;
  try {
    say(`Ushirika purchase benchmark on ${database}`);
    server = await startServer(ownerUrl, profileDir);
    await createOperator(ownerUrl, 'operator@bench.ushirika.org', BENCH_PASSWORD, 'Bench operator');
    const { cooperatives } = await seedCooperatives(client, ownerUrl, COOPERATIVES);
    result.http = await benchHttp(ownerUrl, cooperatives);
    result.appendCall = await benchAppendCall(ownerUrl, cooperatives);
    result.rawInsert = await benchRawInsert(ownerUrl, cooperatives);
    result.reads = await benchReads(cooperatives);
    result.ratio = round(result.http.perSecond / result.rawInsert.perSecond, 3);
    result.appendCallRatio = round(result.appendCall.perSecond / result.rawInsert.perSecond, 3);
    result.goal = { ratio: GOAL_RATIO, p99Ms: GOAL_P99_MS, met: result.ratio >= GOAL_RATIO && result.http.p99Ms <= GOAL_P99_MS };
    const output = server.output();
    result.serverOutput = { bytes: output.length, head: output.slice(0, 600) };
    const spawnedAt = server.spawnedAt;
    await server.stop();
    server = undefined;
    if (profileDir && result.http) result.profile = summariseProfile(profileDir, result.http.window.start - spawnedAt, result.http.window.end - spawnedAt);
  } finally {
    await server?.stop();
    await query(SERVER, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`).catch((error) => say(`could not drop ${database}: ${error.message}`));
    await query(SERVER, `DROP ROLE IF EXISTS ${pg.escapeIdentifier(APP_USER)}`).catch((error) => say(`could not drop role ${APP_USER}: ${error.message}`));
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    client.destroy();
  }

  const h = result.http;
  const r = result.rawInsert;
  const reads = result.reads;
  const lines = [
    `| measure | rate (/s) | p50 (ms) | p95 (ms) | p99 (ms) | failures |`,
    `| --- | ---: | ---: | ---: | ---: | ---: |`,
    `| POST purchase via HTTP (${CLIENTS} clients, ${COOPERATIVES} cooperatives) | ${h.perSecond} | ${h.p50Ms} | ${h.p95Ms} | ${h.p99Ms} | ${h.failures} |`,
    `| purchase_append in a tenant transaction, no HTTP (${CLIENTS} connections) | ${result.appendCall.perSecond} | ${result.appendCall.p50Ms} | ${result.appendCall.p95Ms} | ${result.appendCall.p99Ms} | ${result.appendCall.failures} |`,
    `| raw pg INSERT of the same row (${CLIENTS} connections) | ${r.perSecond} | ${r.p50Ms} | ${r.p95Ms} | ${r.p99Ms} | ${r.failures} |`,
    `| GET fee-rules (guard + one tenant read) | ${reads.guardedRead.perSecond} | ${reads.guardedRead.p50Ms} | ${reads.guardedRead.p95Ms} | ${reads.guardedRead.p99Ms} | ${reads.guardedRead.failures} |`,
    `| GET /health (no auth, no database) | ${reads.health.perSecond} | ${reads.health.p50Ms} | ${reads.health.p95Ms} | ${reads.health.p99Ms} | ${reads.health.failures} |`,
    '',
    `HTTP purchases / raw INSERT = ${result.ratio} (${round(1 / result.ratio, 1)}× slower); per purchase: ${h.perPurchase.transactions} committed transactions, ${h.perPurchase.rowsInserted} rows inserted.`,
    `HTTP purchases / GET fee-rules = ${round(h.perSecond / reads.guardedRead.perSecond, 3)}: the write against a read through the same guard and transaction frame.`,
    `purchase_append transaction / raw INSERT = ${result.appendCallRatio}: the database's part of a purchase; HTTP / purchase_append = ${round(h.perSecond / result.appendCall.perSecond, 3)}: the rest (guard, JWT, validation, Node).`,
    '',
    '| goal (issue 20) | measured | goal | |',
    '| --- | ---: | ---: | --- |',
    `| HTTP purchase / raw INSERT | ${result.ratio} | ≥ ${GOAL_RATIO} | ${result.ratio >= GOAL_RATIO ? 'met' : 'NOT met'} |`,
    `| HTTP purchase p99 | ${h.p99Ms} ms | ≤ ${GOAL_P99_MS} ms | ${h.p99Ms <= GOAL_P99_MS ? 'met' : 'NOT met'} |`,
  ];
  if (result.profile) {
    const show = (p) => `  ${p.share.padStart(7)}  ${String(p.cpuMs).padStart(7)} ms  ${p.place}`;
    lines.push('', 'Server CPU by place (self time, idle excluded):', ...result.profile.byPlace.map(show));
    lines.push('', 'Server CPU by function (self time):', ...result.profile.byFunction.map(show));
  }
  result.markdown = lines.join('\n');
  console.log(result.markdown);
  writeResults(RESULTS_FILE, result);
  say(`\nwrote ${RESULTS_FILE}`);
  if (h.failures || r.failures || result.appendCall.failures) process.exitCode = 1;
}

await main();
