#!/usr/bin/env node
// Access-guard benchmark of the built server (run `npm run build` first):
//   node bench/guard.mjs [--requests 4000] [--clients 50] [--cooperatives 10] [--rounds 3] [--profile]
//
// What an authenticated read costs on top of answering at all. In the same run, from the same
// number of concurrent keep-alive clients, alternately for `--rounds` rounds:
//   - GET /health: no token, no database (the floor: Fastify, Nest routing, serialisation);
//   - GET /api/v1/cooperatives/{id}/fee-rules as each cooperative's officer: JWT verification,
//     the AccessGuard's access resolution, row-level security, one tenant read.
// Figures: rates, p50/p99, the ratio guarded / health against the 0.6 goal (issue 20), and the
// database transactions per guarded request (pg_stat_database xact_commit + xact_rollback delta
// over the guarded phases only). `--profile` runs the server under --cpu-prof and prints where
// its CPU time went during the guarded phases, by package or source file and by function.
//
// Server: postgres://postgres@127.0.0.1:5432 (trust auth) unless BENCH_POSTGRES_URL names another
// owner URL; a fresh database is created and dropped, with a login role of the benchmark's own.
// Prints the figures and writes them to bench/results/guard.json.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { dist, freePort, JWT_SECRET, load as loadBuilt, query, requireBuilt, resultsFile, root, round, say, sleep, withDatabase, writeResults } from './support.mjs';

const RESULTS_FILE = resultsFile('guard');
const { values: options } = parseArgs({
  options: {
    requests: { type: 'string', default: '4000' },
    clients: { type: 'string', default: '50' },
    cooperatives: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    profile: { type: 'boolean', default: false },
  },
});
const REQUESTS = Number(options.requests);
const CLIENTS = Number(options.clients);
const COOPERATIVES = Number(options.cooperatives);
const ROUNDS = Number(options.rounds);
const WARM_UP = Math.min(1000, Math.ceil(REQUESTS / 4));
const GOAL = 0.6;
const APP_USER = 'ushirika_bench_guard_app';
const APP_PASSWORD = 'bench-guard-app-password';
const PASSWORD = 'bench-password-0123';
const SERVER = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

requireBuilt(['src/main.js', 'src/admin/bootstrap.js']);
const { createOperator } = await loadBuilt('src/admin/bootstrap.js');

const live = new Set();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

// ---------------------------------------------------------------------------- HTTP client

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS + 8 });
let port;

function http(method, path, { token, body } = {}) {
  return new Promise((done, fail) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': payload.length });
    const req = request({ host: '127.0.0.1', port, path, method, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = text;
        }
        done({ status: res.statusCode ?? 0, body: json });
      });
    });
    req.on('error', fail);
    if (payload) req.write(payload);
    req.end();
  });
}

async function expectStatus(promise, status, what) {
  const response = await promise;
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

async function login(loginName) {
  return (await expectStatus(http('POST', '/api/v1/auth/login', { body: { login: loginName, password: PASSWORD } }), 200, `login ${loginName}`)).accessToken;
}

/** Runs `total` calls of `call(clientIndex)` from `clients` concurrent loops; raw latencies in ms. */
async function load(total, clients, call) {
  let next = 0;
  const latencies = [];
  const failures = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = next++; n < total; n = next++) {
        const at = performance.now();
        const response = await call(client);
        latencies.push(performance.now() - at);
        if (!response.ok) failures.push(response.why);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000, failures };
}

/** Several timed phases of one kind, summed: rate over all of them, percentiles over every latency. */
function summary(phases) {
  const latencies = phases.flatMap((p) => p.latencies).sort((a, b) => a - b);
  const seconds = phases.reduce((sum, p) => sum + p.seconds, 0);
  const failures = phases.flatMap((p) => p.failures);
  const pick = (q) => round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))], 1);
  return {
    requests: latencies.length, seconds: round(seconds, 2), perSecond: round(latencies.length / seconds, 1), p50Ms: pick(0.5), p99Ms: pick(0.99),
    failures: failures.length, firstFailure: failures[0], perRound: phases.map((p) => round(p.latencies.length / p.seconds, 1)),
  };
}

// ---------------------------------------------------------------------------- server

async function startServer(databaseUrl, profileDir) {
  port = await freePort();
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
    // No job worker: its polling would count among the transactions per request.
    JOBS_POLL_MS: '0',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'ushirika-bench-guard-')),
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

// ---------------------------------------------------------------------------- data

function cooperativeBody(index) {
  return {
    name: `Garde ${index}`, legalForm: 'COOP_CA', registrationNumber: `RCCM-GUARD-${index}-${randomBytes(3).toString('hex')}`, approvalNumber: 'AGR-1',
    country: 'CD', province: 'Lualaba', territory: 'Mutshatsha', minerals: ['HETEROGENITE'], defaultCurrency: 'USD',
    timezone: 'Africa/Lubumbashi', language: 'fr',
  };
}

/** `count` cooperatives, each with an officer (who reads) and an admin's fee rule (what is read). */
async function seedCooperatives(ownerUrl, count) {
  await createOperator(ownerUrl, 'operator@guard.ushirika.org', PASSWORD, 'Bench operator');
  const operator = await login('operator@guard.ushirika.org');
  const cooperatives = [];
  for (let index = 0; index < count; index += 1) {
    const { id } = await expectStatus(http('POST', '/api/v1/cooperatives', { token: operator, body: cooperativeBody(index) }), 201, 'cooperative');
    const base = `/api/v1/cooperatives/${id}`;
    for (const role of ['officer', 'admin']) {
      await expectStatus(http('POST', `${base}/users`, { token: operator, body: { login: `${role}.${index}@guard.ushirika.org`, password: PASSWORD, name: `${role} ${index}`, role } }), 201, 'user');
    }
    const admin = await login(`admin.${index}@guard.ushirika.org`);
    await expectStatus(http('POST', `${base}/fee-rules`, { token: admin, body: { ruleCode: 'COMMUNITY', fundCode: 'COMMUNITY', kind: 'percent', rateBp: 100, validFrom: '2020-01-01' } }), 201, 'fee rule');
    cooperatives.push({ id, officer: await login(`officer.${index}@guard.ushirika.org`) });
  }
  return cooperatives;
}

/** Transactions ended in this database so far (committed and rolled back), once backends have flushed their statistics. */
async function transactionsEnded(ownerUrl) {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await sleep(1200); // backends flush their statistics at most every second
    await client.query('SELECT pg_stat_clear_snapshot()');
    const [row] = (await client.query('SELECT (xact_commit + xact_rollback)::text AS ended FROM pg_stat_database WHERE datname = current_database()')).rows;
    return Number(row.ended);
  } finally {
    await client.end();
  }
}

/** Self CPU time of the .cpuprofile by place (package, source file, engine) within the given windows (ms from spawn). */
function summariseProfile(profileDir, windows) {
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) return { byPlace: [], byFunction: [] };
  const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8'));
  const inside = (ms) => windows.some((w) => ms >= w.start && ms <= w.end);
  const hits = new Map();
  let at = 0;
  let sampled = 0;
  profile.samples.forEach((nodeId, index) => {
    at += profile.timeDeltas[index];
    if (inside(at / 1000)) {
      hits.set(nodeId, (hits.get(nodeId) ?? 0) + 1);
      sampled += 1;
    }
  });
  const windowMs = windows.reduce((sum, w) => sum + (w.end - w.start), 0);
  const interval = sampled ? (windowMs * 1000) / sampled : 0;
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
  return { byPlace: top(busy, 15), byFunction: top([...byFunction.entries()], 20) };
}

// ---------------------------------------------------------------------------- main

async function main() {
  const database = `ushirika_bench_guard_${randomBytes(4).toString('hex')}`;
  const ownerUrl = withDatabase(SERVER, database);
  const profileDir = options.profile ? mkdtempSync(join(tmpdir(), 'ushirika-profile-')) : undefined;
  await query(SERVER, `CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  const result = {
    benchmark: 'guard',
    date: new Date().toISOString(),
    node: process.version,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30) },
    settings: { requests: REQUESTS, clients: CLIENTS, cooperatives: COOPERATIVES, rounds: ROUNDS, warmUp: WARM_UP, profile: Boolean(profileDir) },
  };
  let server;
  try {
    say(`Ushirika guard benchmark on ${database}`);
    server = await startServer(ownerUrl, profileDir);
    const cooperatives = await seedCooperatives(ownerUrl, COOPERATIVES);
    const guarded = (client) => {
      const cooperative = cooperatives[client % cooperatives.length];
      return http('GET', `/api/v1/cooperatives/${cooperative.id}/fee-rules`, { token: cooperative.officer }).then((r) => ({
        ok: r.status === 200 && Array.isArray(r.body) && r.body.length === 1,
        why: `${r.status} ${JSON.stringify(r.body).slice(0, 200)}`,
      }));
    };
    const health = () => http('GET', '/health').then((r) => ({ ok: r.status === 200, why: `${r.status}` }));
    say(`  warm-up: ${WARM_UP} of each`);
    await load(WARM_UP, CLIENTS, health);
    const warm = await load(WARM_UP, CLIENTS, guarded);
    if (warm.failures.length) throw new Error(`${warm.failures.length} warm-up reads refused, the first: ${warm.failures[0]}`);
    const healthPhases = [];
    const guardedPhases = [];
    const windows = [];
    let transactions = 0;
    for (let round_ = 1; round_ <= ROUNDS; round_ += 1) {
      say(`  round ${round_}/${ROUNDS}: ${REQUESTS} GET /health, then ${REQUESTS} GET fee-rules, ${CLIENTS} clients`);
      healthPhases.push(await load(REQUESTS, CLIENTS, health));
      const before = await transactionsEnded(ownerUrl);
      const start = performance.now() - server.spawnedAt;
      guardedPhases.push(await load(REQUESTS, CLIENTS, guarded));
      windows.push({ start, end: performance.now() - server.spawnedAt });
      // The statistics query itself ends one transaction on each side.
      transactions += (await transactionsEnded(ownerUrl)) - before - 1;
    }
    result.health = summary(healthPhases);
    result.guarded = summary(guardedPhases);
    result.ratio = round(result.guarded.perSecond / result.health.perSecond, 3);
    // Each round's own ratio, its two phases back to back: less exposed to a neighbour's load than the totals.
    result.ratioPerRound = result.guarded.perRound.map((rate, i) => round(rate / result.health.perRound[i], 3));
    result.goal = GOAL;
    result.transactionsPerRequest = round(transactions / (REQUESTS * ROUNDS), 2);
    const spawnedAt = server.spawnedAt;
    await server.stop();
    server = undefined;
    if (profileDir) result.profile = summariseProfile(profileDir, windows);
  } finally {
    await server?.stop();
    await query(SERVER, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`).catch((error) => say(`could not drop ${database}: ${error.message}`));
    await query(SERVER, `DROP ROLE IF EXISTS ${pg.escapeIdentifier(APP_USER)}`).catch((error) => say(`could not drop role ${APP_USER}: ${error.message}`));
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    agent.destroy();
  }

  const { health, guarded } = result;
  const lines = [
    `| measure (${CLIENTS} keep-alive clients, ${ROUNDS} × ${REQUESTS} requests) | rate (/s) | per round (/s) | p50 (ms) | p99 (ms) | failures |`,
    `| --- | ---: | --- | ---: | ---: | ---: |`,
    `| GET /health (no token, no database) | ${health.perSecond} | ${health.perRound.join(' ')} | ${health.p50Ms} | ${health.p99Ms} | ${health.failures} |`,
    `| GET …/fee-rules as officer (JWT, guard, one tenant read) | ${guarded.perSecond} | ${guarded.perRound.join(' ')} | ${guarded.p50Ms} | ${guarded.p99Ms} | ${guarded.failures} |`,
    '',
    `guarded / health = ${result.ratio} (goal ≥ ${GOAL}: ${result.ratio >= GOAL ? 'met' : 'NOT met'}; by round: ${result.ratioPerRound.join(' ')}); database transactions per guarded request: ${result.transactionsPerRequest}.`,
  ];
  if (result.profile) {
    const show = (p) => `  ${p.share.padStart(7)}  ${String(p.cpuMs).padStart(7)} ms  ${p.place}`;
    lines.push('', 'Server CPU during the guarded phases, by place (self time, idle excluded):', ...result.profile.byPlace.map(show));
    lines.push('', 'By function (self time):', ...result.profile.byFunction.map(show));
  }
  result.markdown = lines.join('\n');
  console.log(result.markdown);
  writeResults(RESULTS_FILE, result);
  say(`\nwrote ${RESULTS_FILE}`);
  if (health.failures || guarded.failures) process.exitCode = 1;
}

await main();
