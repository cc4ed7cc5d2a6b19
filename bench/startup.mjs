#!/usr/bin/env node
// Start-up benchmark of the built server (run `npm run build` first):
//   node bench/startup.mjs [--runs 3]
//
//   embedded, cold   fresh empty DATA_DIR: initdb + start of the embedded PostgreSQL, migrations
//   embedded, warm   the same DATA_DIR again: engine start only, nothing to migrate
//   server, cold     a PostgreSQL server: fresh database, migrations applied
//   server, warm     the same database again
//
// Each start is timed from spawn to the first 200 of GET /health/ready, then the resident memory
// of the node process and of the embedded PostgreSQL (postmaster and its children: RSS summed,
// which counts shared buffers once per process, and PSS, which shares them out) is read from
// /proc, then SIGTERM is sent and the time to exit measured; the exit code must be 0.
//
// Server: DATABASE_URL when set (used as is, every run on it, the first may migrate; the app
// connects as DATABASE_APP_USER / DATABASE_APP_PASSWORD from the environment). Otherwise
// postgres://postgres@127.0.0.1:5432 (trust auth), one database created and dropped per run,
// and a login role of the benchmark's own (never the shared ushirika_app role, whose password
// tests running on the same server rely on), dropped at the end.
//
// Prints a markdown table of medians and writes every sample to bench/results/startup.json.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { dist, freePort, JWT_SECRET, query, requireBuilt, resultsFile, root, sleep, withDatabase, writeResults } from './support.mjs';

const mainJs = dist('src/main.js');
const RESULTS_FILE = resultsFile('startup');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;
/** Let the event loop and the engine settle after the first ready answer before reading memory. */
const SETTLE_MS = 250;
const BENCH_APP_USER = 'ushirika_bench_app';
const BENCH_APP_PASSWORD = 'bench-app-password';
const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

requireBuilt(['src/main.js']);

/** Children still running when this script dies are ended with it. */
const live = new Set();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

function getStatus(port, path) {
  return new Promise((done) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => done(0));
    req.end();
  });
}

/** VmRSS and Pss of one process, in KiB; undefined once it is gone. */
function memoryOf(pid) {
  try {
    const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    const pss = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return { rss: rss ? Number(rss[1]) : 0, pss: pss ? Number(pss[1]) : 0 };
  } catch {
    return undefined;
  }
}

function processTable() {
  const table = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      table.push({
        pid: Number(entry),
        ppid: Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? 0),
        name: /Name:\s+(\S+)/.exec(status)?.[1] ?? '',
        cmdline,
      });
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/** The postmaster(s) whose command line names the folder, with all their descendants. */
function postgresProcesses(folder) {
  const table = processTable();
  const roots = table.filter((p) => p.name === 'postgres' && p.cmdline.includes(folder));
  const found = new Map(roots.map((p) => [p.pid, p]));
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of table) {
      if (!found.has(p.pid) && found.has(p.ppid)) {
        found.set(p.pid, p);
        grew = true;
      }
    }
  }
  return [...found.values()];
}

function postgresMemory(folder) {
  const processes = postgresProcesses(folder);
  let rss = 0;
  let pss = 0;
  for (const p of processes) {
    const memory = memoryOf(p.pid);
    if (memory) {
      rss += memory.rss;
      pss += memory.pss;
    }
  }
  return { count: processes.length, rss, pss };
}

/**
 * One start: spawn, poll /health/ready until 200, read memory, SIGTERM, wait for the exit.
 * `postgresFolder` names the embedded engine's data folder to find its processes.
 */
async function measureStart(label, env, postgresFolder) {
  const port = await freePort();
  const childEnv = { ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', JWT_SECRET };
  const output = [];
  const started = performance.now();
  const child = spawn(process.execPath, [mainJs], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.stdout.on('data', (chunk) => output.push(chunk));
  child.stderr.on('data', (chunk) => output.push(chunk));
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal, at: performance.now() })));
  let early;
  void exited.then((exit) => (early = exit));

  const fail = async (why) => {
    child.kill('SIGKILL');
    await exited;
    live.delete(child);
    const text = Buffer.concat(output).toString('utf8').trim();
    throw new Error(`${label}: ${why}${text ? `\n--- server output ---\n${text}` : ''}`);
  };

  let readyMs;
  while (readyMs === undefined) {
    if (early) await fail(`exited before ready (code ${early.code}, signal ${early.signal})`);
    if (performance.now() - started > READY_TIMEOUT_MS) await fail(`not ready after ${READY_TIMEOUT_MS} ms`);
    if ((await getStatus(port, '/health/ready')) === 200) readyMs = performance.now() - started;
    else await sleep(20);
  }

  await sleep(SETTLE_MS);
  const node = memoryOf(child.pid) ?? { rss: 0, pss: 0 };
  const engine = postgresFolder ? postgresMemory(postgresFolder) : undefined;

  const stopAt = performance.now();
  child.kill('SIGTERM');
  const exit = await Promise.race([exited, sleep(STOP_TIMEOUT_MS).then(() => undefined)]);
  if (!exit) await fail(`still running ${STOP_TIMEOUT_MS} ms after SIGTERM`);
  live.delete(child);
  const stopMs = exit.at - stopAt;

  // Anything of the engine left behind after the app exited is a bug worth a line in the report.
  let leftover = 0;
  if (postgresFolder) {
    await sleep(100);
    const rest = postgresProcesses(postgresFolder);
    leftover = rest.length;
    for (const p of rest) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }

  const sample = {
    label,
    readyMs: round(readyMs),
    nodeRssMiB: mib(node.rss),
    nodePssMiB: mib(node.pss),
    postgresProcesses: engine?.count,
    postgresRssMiB: engine ? mib(engine.rss) : undefined,
    postgresPssMiB: engine ? mib(engine.pss) : undefined,
    stopMs: round(stopMs),
    exitCode: exit.code,
    exitSignal: exit.signal,
    leftoverPostgresProcesses: leftover,
    output: exit.code === 0 ? undefined : Buffer.concat(output).toString('utf8').trim(),
  };
  const engineText = engine ? `, postgres ${sample.postgresRssMiB} MiB RSS / ${sample.postgresPssMiB} MiB PSS in ${engine.count} processes` : '';
  console.error(
    `  ${label}: ready ${sample.readyMs} ms, node ${sample.nodeRssMiB} MiB${engineText}, stop ${sample.stopMs} ms, exit ${exit.code ?? exit.signal}` +
      (leftover ? `, ${leftover} postgres processes left behind` : ''),
  );
  return sample;
}

const round = (value) => Math.round(value);
const mib = (kib) => Math.round((kib / 1024) * 10) / 10;

function median(values) {
  const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Environment for the child without the variables that would point it elsewhere. */
function baseEnv() {
  const env = { ...process.env };
  for (const key of ['DATABASE_URL', 'DATABASE_APP_USER', 'DATABASE_APP_PASSWORD', 'DATA_DIR', 'EMBEDDED_DB_PORT', 'PORT', 'HOST', 'NODE_OPTIONS']) delete env[key];
  env.NODE_ENV = 'production';
  return env;
}

function redact(url) {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

async function benchEmbedded(samples) {
  for (let run = 1; run <= RUNS; run += 1) {
    const parent = mkdtempSync(join(tmpdir(), 'ushirika-bench-'));
    // As root the engine runs as the OS user postgres, which must be able to reach the folder.
    chmodSync(parent, 0o755);
    const dataDir = join(parent, 'data');
    try {
      const env = { ...baseEnv(), DATA_DIR: dataDir };
      samples.push({ scenario: 'embedded, cold', run, ...(await measureStart(`embedded cold #${run}`, env, dataDir)) });
      samples.push({ scenario: 'embedded, warm', run, ...(await measureStart(`embedded warm #${run}`, env, dataDir)) });
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }
}

async function benchServer(samples) {
  const given = process.env.DATABASE_URL;
  if (given) {
    const env = { ...baseEnv(), DATABASE_URL: given };
    for (const key of ['DATABASE_APP_USER', 'DATABASE_APP_PASSWORD']) if (process.env[key]) env[key] = process.env[key];
    for (let run = 1; run <= RUNS; run += 1) {
      samples.push({ scenario: 'server (DATABASE_URL)', run, ...(await measureStart(`server #${run}`, env)) });
    }
    return redact(given);
  }
  const appUser = pg.escapeIdentifier(BENCH_APP_USER);
  try {
    for (let run = 1; run <= RUNS; run += 1) {
      const database = `ushirika_bench_${randomBytes(5).toString('hex')}`;
      await query(LOCAL_SERVER, `CREATE DATABASE ${pg.escapeIdentifier(database)}`);
      try {
        const env = {
          ...baseEnv(),
          DATABASE_URL: withDatabase(LOCAL_SERVER, database),
          DATABASE_APP_USER: BENCH_APP_USER,
          DATABASE_APP_PASSWORD: BENCH_APP_PASSWORD,
        };
        samples.push({ scenario: 'server, cold', run, ...(await measureStart(`server cold #${run}`, env)) });
        samples.push({ scenario: 'server, warm', run, ...(await measureStart(`server warm #${run}`, env)) });
      } finally {
        await query(LOCAL_SERVER, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
      }
    }
  } finally {
    // Its grants lived in the dropped databases; membership in the API group role goes with it.
    await query(LOCAL_SERVER, `DROP ROLE IF EXISTS ${appUser}`).catch((error) =>
      console.error(`could not drop role ${BENCH_APP_USER}: ${error.message}`),
    );
  }
  return `${redact(LOCAL_SERVER)} (a fresh database per run)`;
}

function summarise(samples) {
  const scenarios = [...new Set(samples.map((s) => s.scenario))];
  return scenarios.map((scenario) => {
    const of = samples.filter((s) => s.scenario === scenario);
    const pick = (key) => median(of.map((s) => s[key]));
    return {
      scenario,
      runs: of.length,
      readyMs: pick('readyMs'),
      nodeRssMiB: pick('nodeRssMiB'),
      postgresRssMiB: pick('postgresRssMiB'),
      postgresPssMiB: pick('postgresPssMiB'),
      stopMs: pick('stopMs'),
      exitCodes: of.map((s) => s.exitCode ?? s.exitSignal),
      leftoverPostgresProcesses: of.reduce((sum, s) => sum + (s.leftoverPostgresProcesses ?? 0), 0),
    };
  });
}

function table(summary) {
  const show = (value, unit = '') => (value === undefined ? '–' : `${value}${unit}`);
  const lines = [
    '| scenario | runs | ready (ms) | node RSS (MiB) | postgres RSS / PSS (MiB) | SIGTERM → exit (ms) | exit codes |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const row of summary) {
    const engine = row.postgresRssMiB === undefined ? '–' : `${row.postgresRssMiB} / ${row.postgresPssMiB}`;
    lines.push(
      `| ${row.scenario} | ${row.runs} | ${show(row.readyMs)} | ${show(row.nodeRssMiB)} | ${engine} | ${show(row.stopMs)} | ${row.exitCodes.join(', ')} |`,
    );
  }
  return lines.join('\n');
}

async function main() {
  const samples = [];
  const failures = [];
  let server;
  console.error(`Ushirika start-up benchmark, ${RUNS} runs per scenario (medians below)`);
  for (const [name, bench] of [
    ['embedded', () => benchEmbedded(samples)],
    ['server', async () => (server = await benchServer(samples))],
  ]) {
    try {
      await bench();
    } catch (error) {
      failures.push(`${name}: ${error.message}`);
      console.error(`${name} failed: ${error.message}`);
    }
  }
  const summary = summarise(samples);
  const markdown = table(summary);
  console.log(markdown);
  const badExits = samples.filter((s) => s.exitCode !== 0);
  const leftovers = samples.filter((s) => s.leftoverPostgresProcesses > 0);
  if (badExits.length) console.log(`\n${badExits.length} start(s) did not exit 0 after SIGTERM: ${badExits.map((s) => s.label).join(', ')}`);
  if (leftovers.length) console.log(`\n${leftovers.length} start(s) left postgres processes behind: ${leftovers.map((s) => s.label).join(', ')}`);

  const result = {
    benchmark: 'startup',
    date: new Date().toISOString(),
    node: process.version,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30) },
    runsPerScenario: RUNS,
    server,
    settleMsBeforeMemory: SETTLE_MS,
    summary,
    markdown,
    samples,
    failures,
  };
  writeResults(RESULTS_FILE, result);
  console.error(`\nwrote ${RESULTS_FILE}`);
  if (failures.length || badExits.length) process.exitCode = 1;
}

await main();
