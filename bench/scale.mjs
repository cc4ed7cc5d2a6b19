#!/usr/bin/env node
// Several API instances against one instance, same run (issue 23; `npm run bench:scale`, or
// `npm run build:server` first):
//   node bench/scale.mjs [--instances 3] [--purchases 1200] [--scans 1200] [--clients 24] [--cooperatives 6] [--rounds 4]
// (`--purchases` and `--scans` per mode: as many go to one instance as are spread over all)
//
// `--instances` processes of the built server (dist/src/main.js) start together on one fresh
// database (migrations run once, under the advisory lock) with one JWT secret. The same load
// then goes, in alternating rounds so that a shared machine's drifting load weighs on both
// alike, (1) to the first instance only and (2) round-robin over all of them, one request to
// the next instance in turn, as a load balancer would spread it:
//   - purchases: POST …/purchases from `--clients` keep-alive clients over `--cooperatives`
//     cooperatives (each cooperative's chain serialises on its head row: more cooperatives,
//     more parallelism);
//   - gate scans: POST …/sites/{id}/gate, members of one zone going in and out, QR cards signed
//     with the shared key.
// Figures: requests per second, p50/p95/p99 latency, failures; after the run the chains are
// verified on every cooperative and the zone's headcount is checked against the scans.
// On one machine the instances share its CPUs with PostgreSQL and the load generator: the
// ratio says what several processes gain (or cost) there, not what separate machines would.
//
// Server: postgres://postgres@127.0.0.1:5432 (trust auth) unless BENCH_POSTGRES_URL names another
// owner URL; a fresh database is created and dropped, with a login role of the benchmark's own.
// Prints the figures and writes them to bench/results/scale.json.

import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { dist, freePort, JWT_SECRET, load as loadBuilt, query, requireBuilt, resultsFile, root, round, say, seedMembers, sleep, withDatabase, writeResults } from './support.mjs';
import { BENCH_PASSWORD, expectStatus, jsonClient, load, purchaseBody, seedCooperatives } from './http-load.mjs';

const { values: options } = parseArgs({
  options: {
    instances: { type: 'string', default: '3' },
    purchases: { type: 'string', default: '1200' },
    scans: { type: 'string', default: '1200' },
    clients: { type: 'string', default: '24' },
    cooperatives: { type: 'string', default: '6' },
    rounds: { type: 'string', default: '4' },
  },
});
const INSTANCES = Number(options.instances);
const PURCHASES = Number(options.purchases);
const SCANS = Number(options.scans);
const CLIENTS = Number(options.clients);
const COOPERATIVES = Number(options.cooperatives);
const ROUNDS = Number(options.rounds);
const APP_USER = 'ushirika_bench_scale_app';
const APP_PASSWORD = 'bench-scale-app-password';
const SERVER = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RESULTS_FILE = resultsFile('scale');

requireBuilt(['src/main.js', 'src/admin/shared-secrets.js'], 'npm run build:server');
const { createOperator } = await loadBuilt('src/admin/bootstrap.js');
const { deriveCardKey, signCardToken } = await loadBuilt('src/miners/card-token.js');

const live = new Set();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

const client = jsonClient({ port: undefined, maxSockets: CLIENTS * INSTANCES + 8 });

/** `count` servers of dist/ on `databaseUrl`, started together; resolves once all are ready. */
async function startServers(databaseUrl, count) {
  const servers = await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const port = await freePort();
      const env = { ...process.env };
      for (const key of ['NODE_OPTIONS', 'DATA_DIR', 'EMBEDDED_DB_PORT']) delete env[key];
      const dataDir = mkdtempSync(join(tmpdir(), `ushirika-bench-scale-${index}-`));
      Object.assign(env, {
        NODE_ENV: 'production', DATABASE_URL: databaseUrl, DATABASE_APP_USER: APP_USER, DATABASE_APP_PASSWORD: APP_PASSWORD, JWT_SECRET,
        PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', JOBS_POLL_MS: '0', DATA_DIR: dataDir,
      });
      const child = spawn(process.execPath, [dist('src/main.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
      live.add(child);
      const output = [];
      child.stdout.on('data', (chunk) => output.push(chunk));
      child.stderr.on('data', (chunk) => output.push(chunk));
      const exited = new Promise((done) => child.once('exit', done));
      return {
        port,
        output: () => Buffer.concat(output).toString('utf8'),
        async stop() {
          child.kill('SIGTERM');
          await exited;
          live.delete(child);
          rmSync(dataDir, { recursive: true, force: true });
        },
        child,
      };
    }),
  );
  const deadline = performance.now() + 180_000;
  for (const server of servers) {
    for (;;) {
      const status = await client.httpTo(server.port, 'GET', '/health/ready').then((r) => r.status, () => 0);
      if (status === 200) break;
      if (performance.now() > deadline || server.child.exitCode !== null) throw new Error(`server not ready:\n${server.output()}`);
      await sleep(50);
    }
  }
  return servers;
}

/** A zone of one site with `count` members outside it, and the signed QR card of each. */
async function seedGate(ownerUrl, cooperative, count) {
  const http = client.http;
  const base = `/api/v1/cooperatives/${cooperative.id}`;
  const zone = await expectStatus(http('POST', `${base}/sites/${cooperative.siteId}/zones`, { token: cooperative.admin, body: { name: 'Fosse', capacity: count * 2 } }), 201, 'zone');
  const [{ user_id: userId }] = await query(ownerUrl, `SELECT user_id FROM user_roles WHERE cooperative_id = $1 AND role = 'officer'`, [cooperative.id]);
  const ids = await seedMembers(ownerUrl, cooperative.id, userId, 'GATE', count);
  const numbers = new Map((await query(ownerUrl, 'SELECT id, member_number FROM miners WHERE cooperative_id = $1', [cooperative.id])).map((row) => [row.id, row.member_number]));
  const key = deriveCardKey(JWT_SECRET);
  const issued = new Date().toISOString().slice(0, 10);
  const tokens = ids.map((minerId) => signCardToken({ cooperativeId: cooperative.id, minerId, memberNumber: numbers.get(minerId), issued }, key));
  return { zoneId: zone.id, tokens };
}

async function main() {
  const database = `ushirika_bench_scale_${randomBytes(4).toString('hex')}`;
  const ownerUrl = withDatabase(SERVER, database);
  await query(SERVER, `CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  const result = { benchmark: 'scale', date: new Date().toISOString(), node: process.version, cpus: cpus().length, settings: { instances: INSTANCES, purchases: PURCHASES, scans: SCANS, clients: CLIENTS, cooperatives: COOPERATIVES, rounds: ROUNDS } };
  let servers = [];
  try {
    say(`scale benchmark on ${database}: ${INSTANCES} instances vs one, ${CLIENTS} clients, ${cpus().length} CPU(s)`);
    const startedAt = performance.now();
    servers = await startServers(ownerUrl, INSTANCES);
    result.startAllMs = round(performance.now() - startedAt);
    const [{ count: migrated, names }] = await query(ownerUrl, 'SELECT count(*)::int AS count, count(DISTINCT name)::int AS names FROM migrations');
    result.migrations = { rows: migrated, distinct: names };
    client.port = servers[0].port;
    await createOperator(ownerUrl, 'operator@bench.ushirika.org', BENCH_PASSWORD, 'Bench operator');
    const { cooperatives } = await seedCooperatives(client, ownerUrl, COOPERATIVES);
    const gate = await seedGate(ownerUrl, cooperatives[0], Math.ceil(SCANS / ROUNDS / 2));

    // One instance, or the next one in turn for every request.
    const ports = servers.map((server) => server.port);
    let turn = 0;
    const pick = (spread) => (spread ? ports[turn++ % ports.length] : ports[0]);
    let tag = 0;
    const purchase = (spread) => (clientIndex) => {
      const cooperative = cooperatives[clientIndex % cooperatives.length];
      tag += 1;
      return client.httpTo(pick(spread), 'POST', `/api/v1/cooperatives/${cooperative.id}/purchases`, { token: cooperative.officer, body: purchaseBody(cooperative, clientIndex, tag) })
        .then((r) => (r.status === 201 ? { ok: true } : { ok: false, why: `${r.status} ${JSON.stringify(r.body)}` }));
    };
    // A pass lets every member of the zone in, `CLIENTS` gate phones at a time, then out again.
    const scan = (spread, direction) => async (_clientIndex, n) => {
      const r = await client.httpTo(pick(spread), 'POST', `/api/v1/cooperatives/${cooperatives[0].id}/sites/${cooperatives[0].siteId}/gate`, {
        token: cooperatives[0].officer, body: { id: randomUUID(), qrToken: gate.tokens[n], zoneId: gate.zoneId, direction, capturedAt: new Date().toISOString() },
      });
      return r.status === 201 && r.body.allowed ? { ok: true } : { ok: false, why: `${r.status} ${JSON.stringify(r.body)}` };
    };
    const pass = async (spread) => [await load(gate.tokens.length, CLIENTS, scan(spread, 'in')), await load(gate.tokens.length, CLIENTS, scan(spread, 'out'))];

    say('  warm-up');
    await load(CLIENTS * 4, CLIENTS, purchase(true));
    const figures = { one: { purchases: [], scans: [] }, spread: { purchases: [], scans: [] } };
    for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex += 1) {
      say(`  round ${roundIndex + 1}/${ROUNDS}`);
      for (const [mode, spread] of [['one', false], ['spread', true]]) {
        figures[mode].purchases.push(await load(Math.ceil(PURCHASES / ROUNDS), CLIENTS, purchase(spread)));
      }
      for (const [mode, spread] of [['one', false], ['spread', true]]) figures[mode].scans.push(...(await pass(spread)));
    }
    const merge = (runs) => {
      const total = runs.reduce((sum, run) => sum + run.total, 0);
      const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
      const worst = (field) => round(Math.max(...runs.map((run) => run[field])), 1);
      const median = (field) => round([...runs.map((run) => run[field])].sort((x, y) => x - y)[Math.floor(runs.length / 2)], 1);
      return { total, perSecond: round(total / seconds, 1), p50Ms: median('p50Ms'), p99Ms: worst('p99Ms'), failures: runs.reduce((sum, run) => sum + run.failures, 0), firstFailure: runs.find((run) => run.firstFailure)?.firstFailure };
    };
    for (const mode of ['one', 'spread']) result[mode] = { purchases: merge(figures[mode].purchases), scans: merge(figures[mode].scans) };

    const verified = [];
    for (const cooperative of cooperatives) {
      const port = ports[verified.length % ports.length];
      verified.push((await client.httpTo(port, 'GET', `/api/v1/cooperatives/${cooperative.id}/ledger/verify`, { token: cooperative.admin })).body);
    }
    const headcounts = await Promise.all(ports.map((port) => client.httpTo(port, 'GET', `/api/v1/cooperatives/${cooperatives[0].id}/sites/${cooperatives[0].siteId}/presence`, { token: cooperatives[0].officer }).then((r) => r.body.headcount)));
    result.checks = { ledgersOk: verified.every((v) => v.ok), entries: verified.reduce((sum, v) => sum + v.count, 0), headcountOnEachInstance: headcounts };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await query(SERVER, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`).catch((error) => say(`could not drop ${database}: ${error.message}`));
    await query(SERVER, `DROP ROLE IF EXISTS ${pg.escapeIdentifier(APP_USER)}`).catch((error) => say(`could not drop role ${APP_USER}: ${error.message}`));
    client.destroy();
  }

  const row = (what, f) => `| ${what} | ${f.perSecond} | ${f.p50Ms} | ${f.p99Ms} | ${f.failures} |`;
  const ratio = (field) => round(result.spread[field].perSecond / result.one[field].perSecond, 2);
  result.markdown = [
    `${INSTANCES} instances started together on an empty database in ${result.startAllMs} ms; ${result.migrations.rows} migration rows, ${result.migrations.distinct} distinct (each applied once).`,
    '',
    '| load | per second | p50 ms (median round) | p99 ms (worst round) | failures |',
    '| --- | ---: | ---: | ---: | ---: |',
    row(`purchases, one instance (${CLIENTS} clients, ${COOPERATIVES} cooperatives)`, result.one.purchases),
    row(`purchases, round-robin over ${INSTANCES}`, result.spread.purchases),
    row(`gate scans, one instance (${CLIENTS} gate phones, one zone)`, result.one.scans),
    row(`gate scans, round-robin over ${INSTANCES}`, result.spread.scans),
    '',
    `round-robin / one: purchases ×${ratio('purchases')}, scans ×${ratio('scans')}; ledgers verify: ${result.checks.ledgersOk} (${result.checks.entries} entries); headcount seen by each instance: ${result.checks.headcountOnEachInstance.join(', ')}.`,
  ].join('\n');
  console.log(result.markdown);
  writeResults(RESULTS_FILE, result);
  say(`\nwrote ${RESULTS_FILE}`);
  const failures = result.one.purchases.failures + result.spread.purchases.failures + result.one.scans.failures + result.spread.scans.failures;
  if (failures > 0 || !result.checks.ledgersOk) process.exitCode = 1;
}

await main();
