#!/usr/bin/env node
// Ledger verification against its physical floors, all measured in the same run (run `npm run build:server` first):
//   node bench/verify.mjs [--chain 1000000] [--runs 3] [--baseline] [--keep] [--database NAME]
//
// Chains of 0, chain/10 and chain entries are sealed with the project's own canonical form and
// hash (dist/src/purchases/rules/hash-chain.js) and written by SQL into a migrated database,
// one cooperative each. Then, `--runs` times, interleaved so that the noise of a
// shared machine falls on all of them alike:
//   - COPY floor: PostgreSQL streaming the long chain in sequence order with the very
//     `COPY … TO STDOUT` the verifier uses, read by the verifier's own reader (copy-out.js)
//     into batches that nothing checks;
//   - SHA-256 floor: the same number of chained `crypto.hash` calls over the same bytes
//     (previous hash, '\n', canonical text of real entries of the chain) on one thread, and
//     the same hashes split over one worker thread per core (links are independent);
//   - `node dist/src/cli.js ledger:verify` on each chain, as a child process whose resident
//     memory is sampled from /proc every 20 ms, under a 64 MiB heap cap: a peak that does not
//     grow from 0 to chain/10 to chain entries is the constant-memory proof.
// The figure of merit is ratio = verify(chain) / max(COPY floor, SHA-256 floor on workers),
// medians of the runs; the goal is ≤ 1.0. `--baseline` also times the previous verifier (the
// row-by-row stream of PurchasesRepository.ledgerOnClient into verifyChain) on the long chain.
//
// Server: postgres://postgres@127.0.0.1:5432 (trust auth) unless BENCH_POSTGRES_URL names another
// owner URL; a fresh database is created and dropped (`--keep` keeps it, `--database` reuses one
// kept before). Prints the figures and writes them to bench/results/verify.json.

import { spawn } from 'node:child_process';
import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { dist, JWT_SECRET, load, query, requireBuilt, resultsFile, root, round, say, withDatabase, writeResults } from './support.mjs';

const { values: options } = parseArgs({
  options: {
    chain: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    baseline: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    database: { type: 'string' },
  },
});
const CHAIN = Number(options.chain);
const RUNS = Number(options.runs);
const HEAP_CAP_MIB = 64;
const SERVER = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const APP_USER = 'ushirika_bench_verify_app';
const APP_PASSWORD = 'bench-verify-app-password';
const LENGTHS = [0, Math.round(CHAIN / 10), CHAIN];
/** One cooperative per chain length, the same ids on every run (so that `--database` finds them). */
const cooperativeOf = (length) => `b0000000-0000-4000-8000-${String(length).padStart(12, '0')}`;

requireBuilt(['src/cli.js', 'src/purchases/verify/verify-copy.js']);
const { sealEntry, GENESIS_PREVIOUS_HASH } = await load('src/purchases/rules/hash-chain.js');
const { canonicalLedgerEntry } = await load('src/purchases/rules/canonical.js');
const { ledgerCopySql } = await load('src/purchases/verify/copy-rows.js');
const { CopyOutBatches } = await load('src/purchases/verify/copy-out.js');
const { migrateAndPrepare } = await load('src/database/migrate.js');

const live = new Set();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});
const mib = (kib) => round(kib / 1024, 1);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const seconds = (start) => (performance.now() - start) / 1000;

// ---------------------------------------------------------------------------- seeding

const uuid = (n, kind) => `${kind}0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function entryOf(cooperativeId, sequence, length, recordedAt) {
  return {
    cooperativeId, sequence, kind: 'purchase', id: uuid(sequence, 'e'), reversesId: null, lotNumber: `LOT-${String(sequence).padStart(7, '0')}`,
    tagId: `CHAIN-${sequence}`, sellerId: uuid(sequence % 5000, 'a'), siteId: uuid(1, 'c'), mineral: 'HETEROGENITE', grossMg: 12_800_000, netMg: 12_500_000,
    gradeBp: 1420, moistureBp: 800, unitPriceMinor: 950, priceUnit: 'kg', priceBasis: 'per_unit_contained_metal', currency: 'USD', exchangeRate: null,
    exchangeRateBase: null, reportingCurrency: 'USD', amountMinor: 1551, amountReportingMinor: 1551, fees: [{ fundCode: 'COMMUNITY', amountMinor: 16 }],
    netPaidMinor: 1535, paymentMethod: 'cash', paymentReference: null, capturedAt: new Date(recordedAt.getTime() - (length - sequence) * 1000),
    recordedAt, officerId: uuid(7, 'd'), reason: null,
  };
}

function rowOf(sealed) {
  return {
    cooperative_id: sealed.cooperativeId, id: sealed.id, sequence: sealed.sequence, kind: sealed.kind, reverses_id: null, lot_number: sealed.lotNumber,
    tag_id: sealed.tagId, seller_id: sealed.sellerId, site_id: sealed.siteId, mineral: sealed.mineral, gross_mg: sealed.grossMg, net_mg: sealed.netMg,
    grade_bp: sealed.gradeBp, moisture_bp: sealed.moistureBp, unit_price_minor: sealed.unitPriceMinor, price_unit: sealed.priceUnit,
    price_basis: sealed.priceBasis, currency: sealed.currency, exchange_rate: null, exchange_rate_base: null, reporting_currency: sealed.reportingCurrency,
    amount_minor: sealed.amountMinor, amount_reporting_minor: sealed.amountReportingMinor, fees: sealed.fees, net_paid_minor: sealed.netPaidMinor,
    payment_method: sealed.paymentMethod, payment_reference: null, captured_at: sealed.capturedAt.toISOString(), recorded_at: sealed.recordedAt.toISOString(),
    officer_id: sealed.officerId, reason: null, previous_hash: sealed.previousHash, hash: sealed.hash,
  };
}

/**
 * Seals `length` entries and writes them by SQL in batches, one in flight while the next is
 * sealed (foreign keys off: the bench needs no miners, sites or cooperative rows); the head hash.
 */
async function seedChain(ownerUrl, length) {
  const cooperativeId = cooperativeOf(length);
  const recordedAt = new Date('2026-03-14T09:02:17.250Z');
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  let previous = GENESIS_PREVIOUS_HASH;
  let pending = Promise.resolve();
  try {
    await client.query(`SET session_replication_role = replica`);
    let rows = [];
    for (let sequence = 1; sequence <= length; sequence += 1) {
      const sealed = sealEntry(previous, entryOf(cooperativeId, sequence, length, recordedAt));
      previous = sealed.hash;
      rows.push(rowOf(sealed));
      if (rows.length === 5000 || sequence === length) {
        await pending;
        pending = client.query('INSERT INTO purchase_ledger SELECT * FROM json_populate_recordset(NULL::purchase_ledger, $1::json)', [JSON.stringify(rows)]);
        rows = [];
      }
      if (sequence % 200_000 === 0) say(`    ${sequence} entries written`);
    }
    await pending;
    await client.query('INSERT INTO ledger_heads (cooperative_id, last_sequence, last_hash) VALUES ($1, $2, $3)', [cooperativeId, length, previous]);
  } finally {
    await client.end();
  }
  return previous;
}

/** The hash inputs of the first thousand entries of a chain as long as the longest, for the SHA-256 floor. */
function sampleHashInputs() {
  const recordedAt = new Date('2026-03-14T09:02:17.250Z');
  let previous = GENESIS_PREVIOUS_HASH;
  return Array.from({ length: 1000 }, (_, index) => {
    const sealed = sealEntry(previous, entryOf(cooperativeOf(CHAIN), index + 1, CHAIN, recordedAt));
    const { previousHash, hash: own, ...content } = sealed;
    previous = own;
    return canonicalLedgerEntry(content);
  });
}

// ---------------------------------------------------------------------------- floors

async function copyFloor(ownerUrl) {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(`BEGIN READ ONLY`);
    await client.query(`SELECT set_config('TimeZone', 'UTC', true)`);
    const started = performance.now();
    let bytes = 0;
    // The verifier's own reader (rows copied off the socket into batches), with nothing done with the batches.
    const copy = new CopyOutBatches(ledgerCopySql(cooperativeOf(CHAIN)), 1 << 20, (batch) => {
      bytes += batch.length;
      return true;
    });
    client.query(copy);
    await copy.done;
    const took = seconds(started);
    await client.query('COMMIT');
    return { seconds: took, bytes };
  } finally {
    await client.end();
  }
}

/** `count` chained hashes, each over the previous hash, '\n' and a canonical entry (as the verifier hashes). */
function shaChained(inputs, count) {
  const started = performance.now();
  let previous = '0'.repeat(64);
  for (let index = 0; index < count; index += 1) previous = hash('sha256', `${previous}\n${inputs[index % inputs.length]}`);
  return { seconds: seconds(started), head: previous };
}

const SHA_WORKER = `
const { parentPort } = require('node:worker_threads');
const { hash } = require('node:crypto');
parentPort.on('message', ({ inputs, from, count }) => {
  let previous = '0'.repeat(64);
  for (let index = from; index < from + count; index += 1) previous = hash('sha256', previous + '\\n' + inputs[index % inputs.length]);
  parentPort.postMessage(previous);
});`;

/** The same hashes split over one worker per core (each link is checked on its own), wall time from start to the last answer. */
async function shaOnWorkers(workers, inputs, count) {
  const share = Math.ceil(count / workers.length);
  const started = performance.now();
  await Promise.all(workers.map((worker, index) => new Promise((done) => {
    worker.once('message', done);
    worker.postMessage({ inputs, from: index * share, count: Math.min(share, count - index * share) });
  })));
  return { seconds: seconds(started) };
}

// ---------------------------------------------------------------------------- the command

/** `ledger:verify` in its own process: wall time, its answer, and its resident memory sampled every 20 ms. */
async function verifyInChild(databaseUrl, cooperativeId) {
  const env = { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, DATABASE_APP_USER: APP_USER, DATABASE_APP_PASSWORD: APP_PASSWORD, JWT_SECRET, LOG_LEVEL: 'warn' };
  delete env.DATA_DIR;
  // A small heap cap: a verification that kept entries in memory would die of it long before a million.
  env.NODE_OPTIONS = `--max-old-space-size=${HEAP_CAP_MIB}`;
  const started = performance.now();
  const child = spawn(process.execPath, [dist('src/cli.js'), 'ledger:verify', '--cooperative', cooperativeId], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const output = [];
  child.stdout.on('data', (chunk) => output.push(chunk));
  child.stderr.on('data', (chunk) => output.push(chunk));
  let peakKiB = 0;
  const sample = () => {
    try {
      const text = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      peakKiB = Math.max(peakKiB, Number(/VmHWM:\s+(\d+)/.exec(text)?.[1] ?? 0), Number(/VmRSS:\s+(\d+)/.exec(text)?.[1] ?? 0));
    } catch {
      // exited
    }
  };
  const timer = setInterval(sample, 20);
  const code = await new Promise((done) => child.once('exit', done));
  clearInterval(timer);
  live.delete(child);
  return { seconds: seconds(started), exitCode: code, peakRssMiB: mib(peakKiB), output: Buffer.concat(output).toString('utf8').trim() };
}

/** The verifier before this one, in this process: rows one by one from a cursor into verifyChain. */
async function rowByRow(ownerUrl) {
  const [{ PurchasesRepository }, { verifyChain }] = await Promise.all([load('src/purchases/purchases.repository.js'), load('src/purchases/rules/verify-chain.js')]);
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('BEGIN READ ONLY');
    const started = performance.now();
    const result = await verifyChain(PurchasesRepository.ledgerOnClient(client, cooperativeOf(CHAIN)));
    const took = seconds(started);
    await client.query('COMMIT');
    return { seconds: took, result };
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------- main

async function main() {
  const database = options.database ?? `ushirika_bench_verify_${Math.random().toString(16).slice(2, 10)}`;
  const ownerUrl = withDatabase(SERVER, database);
  const result = {
    benchmark: 'verify',
    date: new Date().toISOString(),
    node: process.version,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30) },
    settings: { chain: CHAIN, runs: RUNS, heapCapMiB: HEAP_CAP_MIB, workers: availableParallelism() },
  };
  const heads = new Map();
  const workers = Array.from({ length: availableParallelism() }, () => new Worker(SHA_WORKER, { eval: true }));
  try {
    if (options.database) {
      say(`Reusing ${database}`);
      for (const length of LENGTHS) {
        const [row] = await query(ownerUrl, 'SELECT last_hash FROM ledger_heads WHERE cooperative_id = $1', [cooperativeOf(length)]);
        heads.set(length, row?.last_hash ?? GENESIS_PREVIOUS_HASH);
      }
    } else {
      say(`Ledger verification benchmark on ${database}`);
      await query(SERVER, `CREATE DATABASE ${pg.escapeIdentifier(database)}`);
      await migrateAndPrepare(ownerUrl, APP_USER, APP_PASSWORD);
      for (const length of LENGTHS) {
        const started = performance.now();
        say(`  chain of ${length}: sealing and writing`);
        heads.set(length, length === 0 ? GENESIS_PREVIOUS_HASH : await seedChain(ownerUrl, length));
        say(`  chain of ${length}: written in ${round(seconds(started), 1)} s`);
      }
      await query(ownerUrl, 'VACUUM ANALYZE purchase_ledger');
    }
    const inputs = sampleHashInputs();
    result.hashInputBytes = Buffer.byteLength(`${GENESIS_PREVIOUS_HASH}\n${inputs[0]}`);
    shaChained(inputs, 50_000); // warm-up
    await shaOnWorkers(workers, inputs, 50_000);
    const runs = [];
    for (let run = 0; run < RUNS; run += 1) {
      say(`  run ${run + 1}/${RUNS}`);
      const figures = { copy: await copyFloor(ownerUrl), sha: shaChained(inputs, CHAIN), shaWorkers: await shaOnWorkers(workers, inputs, CHAIN), verify: {} };
      for (const length of LENGTHS) {
        const verification = await verifyInChild(ownerUrl, cooperativeOf(length));
        const ok = verification.exitCode === 0 && verification.output.includes(heads.get(length)) && verification.output.includes(`${length} entries`);
        figures.verify[length] = { ...verification, ok };
        if (!ok) say(`    ledger:verify on ${length} entries FAILED: ${verification.output}`);
      }
      say(`    COPY ${round(figures.copy.seconds, 2)} s, SHA ${round(figures.sha.seconds, 2)} s (1 thread) ${round(figures.shaWorkers.seconds, 2)} s (${workers.length} workers), verify ${LENGTHS.map((l) => `${l}: ${round(figures.verify[l].seconds, 2)} s`).join(', ')}`);
      runs.push(figures);
    }
    if (options.baseline) {
      say('  baseline: the row-by-row verifier');
      result.baseline = await rowByRow(ownerUrl);
    }
    const copy = median(runs.map((r) => r.copy.seconds));
    const sha = median(runs.map((r) => r.sha.seconds));
    const shaWorkers = median(runs.map((r) => r.shaWorkers.seconds));
    const floor = Math.max(copy, shaWorkers);
    result.floors = { copySeconds: round(copy, 3), copyMiB: round(runs[0].copy.bytes / 2 ** 20, 1), shaOneThreadSeconds: round(sha, 3), shaWorkersSeconds: round(shaWorkers, 3), floorSeconds: round(floor, 3) };
    result.verify = LENGTHS.map((length) => ({
      entries: length,
      seconds: round(median(runs.map((r) => r.verify[length].seconds)), 3),
      peakRssMiB: Math.max(...runs.map((r) => r.verify[length].peakRssMiB)),
      ok: runs.every((r) => r.verify[length].ok),
      output: runs[0].verify[length].output,
    }));
    const long = result.verify[2];
    result.ratio = round(long.seconds / floor, 3);
    result.runs = runs.map((r) => ({ copy: round(r.copy.seconds, 3), sha: round(r.sha.seconds, 3), shaWorkers: round(r.shaWorkers.seconds, 3), verify: Object.fromEntries(LENGTHS.map((l) => [l, round(r.verify[l].seconds, 3)])) }));
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
    if (!options.keep && !options.database) {
      await query(SERVER, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`).catch((error) => say(`could not drop ${database}: ${error.message}`));
      await query(SERVER, `DROP ROLE IF EXISTS ${pg.escapeIdentifier(APP_USER)}`).catch((error) => say(`could not drop role ${APP_USER}: ${error.message}`));
    } else {
      say(`kept ${database}: --database ${database} reuses it`);
    }
  }

  const f = result.floors;
  const lines = [
    `Ledger verification, ${CHAIN} entries, median of ${RUNS} interleaved runs (${result.machine.cpus} cores; hash input ${result.hashInputBytes} B):`,
    '',
    '| measure | seconds |',
    '| --- | ---: |',
    `| floor: COPY … TO STDOUT of the chain (${f.copyMiB} MiB), bytes counted only | ${f.copySeconds} |`,
    `| floor: SHA-256, ${CHAIN} chained hashes, 1 thread | ${f.shaOneThreadSeconds} |`,
    `| floor: SHA-256, the same on ${result.settings.workers} worker threads | ${f.shaWorkersSeconds} |`,
    ...(result.baseline ? [`| before: row-by-row verifyChain over a cursor (in process) | ${round(result.baseline.seconds, 2)} |`] : []),
    '',
    `ledger:verify (child process, --max-old-space-size=${HEAP_CAP_MIB}):`,
    '',
    '| chain entries | wall (s) | entries/s | peak RSS (MiB) | result |',
    '| ---: | ---: | ---: | ---: | --- |',
    ...result.verify.map((v) => `| ${v.entries} | ${v.seconds} | ${v.entries ? round(v.entries / v.seconds) : '–'} | ${v.peakRssMiB} | ${v.ok ? 'OK' : 'FAILED'} |`),
    '',
    `ratio = ledger:verify(${CHAIN}) / max(COPY floor, SHA-256 floor on workers) = ${result.verify[2].seconds} / ${f.floorSeconds} = ${result.ratio} (goal ≤ 1.0)`,
  ];
  result.markdown = lines.join('\n');
  console.log(result.markdown);
  writeResults(resultsFile('verify'), result);
  if (result.verify.some((v) => !v.ok)) process.exitCode = 1;
}

await main();
