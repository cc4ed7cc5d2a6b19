#!/usr/bin/env node
// Gate benchmark of the built code (run `npm run build:server` first, or `npm run bench:gate`):
//   node bench/gate.mjs [--inside 10000] [--history 4] [--decisions 2000] [--concurrency 4] [--profile]
//
// A site with `--inside` members inside one zone (seeded with SQL: members, valid cards,
// `--history` earlier in/out events each over the past days, then the entry that put them
// inside; the presence table filled by the migration's own backfill query), then
// `--decisions` gate decisions through the service layer (SitesService.scan from dist/ inside
// the Nest application: tenant transaction, row-level security, zone and member locks, the
// pure decision, the event insert, the presence update, the audit record; no HTTP), half of
// them entries of members who are outside, half exits of members who are inside, issued
// `--concurrency` at a time.
//
// Figures: decisions per second, latency p50 / p99. Baseline, same run, same database, same
// concurrency: the bare "look up member by id" query (SELECT ... FROM miners WHERE
// cooperative_id = $1 AND id = $2, on a plain pg pool as the API role under the same
// row-level security settings), with the ratios gate / baseline. The two take turns in 10
// rounds so that a shared machine's drifting load weighs on both alike. For scale, the cost the gate
// used to pay on every decision, folding every allowed event of the site, is timed too.
//
// Goal (issue 20): gate decisions per second ≥ 0.5 × the bare lookup's, printed as a ratio.
// `--profile` samples the process's CPU (node:inspector) during the timed decisions and times
// each SQL statement of the scans by its first words (wall time, waits included), and prints
// where the time goes.
//
// Server: postgres://postgres@127.0.0.1:5432 (trust auth) unless BENCH_POSTGRES_URL names
// another owner URL; a fresh database is created and dropped, with a login role of its own.
// Prints the figures and writes them to bench/results/gate.json.

import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { Session } from 'node:inspector/promises';
import pg from 'pg';
import { JWT_SECRET, load, percentile, query, requireBuilt, resultsFile, round, say, seedMembers, startBenchApp, timedPool, writeResults } from './support.mjs';

const { values: options } = parseArgs({
  options: {
    inside: { type: 'string', default: '10000' },
    history: { type: 'string', default: '4' },
    decisions: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '4' },
    profile: { type: 'boolean', default: false },
  },
});
const INSIDE = Number(options.inside);
const HISTORY = Number(options.history);
const DECISIONS = Number(options.decisions);
const CONCURRENCY = Number(options.concurrency);
const APP_USER = 'ushirika_bench_gate_app';
const APP_PASSWORD = 'bench-gate-app-password';
const SERVER = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const WARM_UP = 50;
const RESULTS_FILE = resultsFile('gate');
const PROFILE = options.profile;
const GOAL = 0.5;
const ROUNDS = 10;

requireBuilt(['src/app.js', 'src/sites/gate.service.js', 'migrations/1763902100000-gate-presence.js'], 'npm run build:server');
const { SitesService } = await load('src/sites/sites.service.js');
const { ZonesService } = await load('src/sites/zones.service.js');
const { GateService } = await load('src/sites/gate.service.js');
const { PresenceService } = await load('src/sites/presence.service.js');
const { foldPresence } = await load('src/sites/rules/presence.js');
const { deriveCardKey, signCardToken } = await load('src/miners/card-token.js');
const { PRESENCE_FOLDED_FROM_EVENTS } = await load('migrations/1763902100000-gate-presence.js');
// The headcounts kept in place since migration 1764000300000 (absent when measuring an older build).
const { ZONE_HEADCOUNTS_FROM_PRESENCE } = await load('migrations/1764000300000-h3-gate-scan-in-one-call.js').catch(() => ({}));

function summary(latencies, seconds) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    perSecond: round(sorted.length / seconds, 1),
    p50Ms: round(percentile(sorted, 50), 3),
    p99Ms: round(percentile(sorted, 99), 3),
  };
}

/** Self CPU time of in-process .cpuprofiles, added up by where the code lives (a package, a dist/ file, node core, the engine). */
function cpuTally() {
  const byPlace = new Map();
  const byFunction = new Map();
  return {
    add(profile) {
      const hits = new Map();
      for (const nodeId of profile.samples) hits.set(nodeId, (hits.get(nodeId) ?? 0) + 1);
      const interval = (profile.endTime - profile.startTime) / Math.max(profile.samples.length, 1);
      for (const node of profile.nodes) {
        const url = node.callFrame.url ?? '';
        const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
        let place;
        if (pkg) place = pkg[1];
        else if (url.includes('/dist/')) place = url.slice(url.indexOf('/dist/') + 6);
        else if (url.startsWith('node:')) place = 'node core';
        else place = node.callFrame.functionName || '(engine)';
        const us = (hits.get(node.id) ?? 0) * interval;
        byPlace.set(place, (byPlace.get(place) ?? 0) + us);
        const name = `${node.callFrame.functionName || '(anonymous)'} ${place}`;
        byFunction.set(name, (byFunction.get(name) ?? 0) + us);
      }
    },
    summary() {
      const idle = (place) => place.startsWith('(idle)') || place.startsWith('(program)');
      const busy = [...byPlace.entries()].filter(([place]) => !idle(place));
      const total = busy.reduce((sum, [, us]) => sum + us, 0);
      const top = (entries, count) =>
        entries
          .filter(([place]) => !idle(place))
          .sort((a, b) => b[1] - a[1])
          .slice(0, count)
          .map(([place, us]) => ({ place, cpuMs: round(us / 1000), share: `${round((100 * us) / total, 1)} %` }));
      return { busyCpuMs: round(total / 1000), byPlace: top(busy, 12), byFunction: top([...byFunction.entries()], 12) };
    },
  };
}

/** Times every statement the application's transactions send, by its first words; returns the table and a stop. */
function timeStatements(dataSource) {
  const byStatement = new Map();
  const createQueryRunner = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = (...args) => {
    const runner = createQueryRunner(...args);
    const query = runner.query.bind(runner);
    runner.query = async (sql, ...rest) => {
      const started = performance.now();
      try {
        return await query(sql, ...rest);
      } finally {
        const key = (typeof sql === 'string' ? sql : sql.text).trim().split(/\s+/).slice(0, 4).join(' ');
        const entry = byStatement.get(key) ?? { count: 0, ms: 0 };
        entry.count += 1;
        entry.ms += performance.now() - started;
        byStatement.set(key, entry);
      }
    };
    return runner;
  };
  return {
    stop: () => {
      dataSource.createQueryRunner = createQueryRunner;
      return [...byStatement.entries()]
        .sort((a, b) => b[1].ms - a[1].ms)
        .map(([statement, { count, ms }]) => ({ statement, count, meanMs: round(ms / count, 3), totalMs: round(ms) }));
    },
  };
}

/** EXPLAIN ANALYZE of the statement that reads a scan's facts, as the API role under row-level security. */
async function scanFactsPlan(app, cooperativeId, siteId, zoneId, minerId) {
  const { DataSource } = await import('typeorm');
  const { GateRepository } = await load('src/sites/gate.repository.js');
  const sql = app.get(GateRepository).scanFactsSql;
  if (sql === undefined) return ['(this build reads a scan in many statements)'];
  return app.get(DataSource).transaction(async (manager) => {
    await manager.query(`SELECT set_config('app.cooperative_ids', $1, true)`, [cooperativeId]);
    const rows = await manager.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, [cooperativeId, siteId, zoneId, randomUUID(), minerId, null, new Date()]);
    return rows.map((row) => row['QUERY PLAN']);
  });
}

async function main() {
  say(`gate benchmark: ${INSIDE} people inside one zone, ${HISTORY} earlier events each, ${DECISIONS} decisions ${CONCURRENCY} at a time, on ${cpus().length} CPU(s)`);
  const bench = await startBenchApp({
    server: SERVER, name: 'ushirika_bench_gate', appUser: APP_USER, appPassword: APP_PASSWORD,
    env: { DATABASE_POOL_SIZE: String(CONCURRENCY + 2) },
  });
  const { app, ownerUrl } = bench;
  let baselinePool;
  try {
    const [officer] = await query(ownerUrl, `SELECT cooperative_id, user_id FROM user_roles WHERE role = 'officer' LIMIT 1`);
    const cooperativeId = officer.cooperative_id;
    const sites = app.get(SitesService);
    const zones = app.get(ZonesService);
    const gateService = app.get(GateService);
    const presence = app.get(PresenceService);
    const scope = { cooperativeIds: [cooperativeId], userId: officer.user_id, readOnly: false };
    const auth = { userId: officer.user_id, requestId: 'bench-gate', cooperativeId, roles: ['officer', 'admin'], scope };

    const seedStarted = performance.now();
    const site = await sites.createSite(auth, { name: 'Kasulo (banc)', code: 'BENCH', location: { latitudeE6: -10712345, longitudeE6: 25468000 } });
    const zone = await zones.createZone(auth, site.id, { name: 'Puits', hazardous: true, ppeRequired: ['helmet', 'boots'], capacity: INSIDE * 2 });
    const insideIds = await seedMembers(ownerUrl, cooperativeId, officer.user_id, 'IN', INSIDE);
    const outsideIds = await seedMembers(ownerUrl, cooperativeId, officer.user_id, 'OUT', Math.ceil(DECISIONS / 2) + WARM_UP);
    // History: HISTORY alternating in/out events on the past days, then the entry of an hour ago.
    await query(
      ownerUrl,
      `INSERT INTO gate_events (cooperative_id, site_id, zone_id, miner_id, identified_by, direction, captured_at, allowed,
                                reasons, warnings, flags, declarations, recorded_by)
       SELECT $1, $2, $3, m.id, 'qr', CASE WHEN k % 2 = 0 THEN 'in' ELSE 'out' END,
              now() - interval '1 hour' - make_interval(hours => 6 * ($5 - k)), true, '[]', '[]', '[]', '{"ppeWorn": [], "pregnant": null}', $4
         FROM miners m, generate_series(0, $5::int) k
        WHERE m.cooperative_id = $1 AND m.member_number LIKE 'IN-%'`,
      [cooperativeId, site.id, zone.id, officer.user_id, HISTORY % 2 === 0 ? HISTORY : HISTORY + 1],
    );
    await query(ownerUrl, `INSERT INTO gate_presence (cooperative_id, site_id, miner_id, zone_id, entered_at) ${PRESENCE_FOLDED_FROM_EVENTS}`);
    const [{ kept }] = await query(ownerUrl, `SELECT count(*)::int AS kept FROM information_schema.columns WHERE table_name = 'site_zones' AND column_name = 'arrivals'`);
    if (kept > 0) await query(ownerUrl, ZONE_HEADCOUNTS_FROM_PRESENCE);
    await query(ownerUrl, 'ANALYZE');
    const [{ count: events }] = await query(ownerUrl, 'SELECT count(*)::int AS count FROM gate_events');
    const headcount = (await presence.presence(auth, site.id)).headcount;
    say(`seeded ${insideIds.length + outsideIds.length} members and ${events} gate events in ${round((performance.now() - seedStarted) / 1000, 1)} s; headcount ${headcount}`);
    if (headcount !== INSIDE) throw new Error(`expected ${INSIDE} inside, found ${headcount}`);

    const cardKey = deriveCardKey(JWT_SECRET);
    const today = new Date().toISOString().slice(0, 10);
    const tokens = new Map(
      (await query(ownerUrl, 'SELECT id, member_number FROM miners WHERE cooperative_id = $1', [cooperativeId])).map((row) => [
        row.id,
        signCardToken({ cooperativeId, minerId: row.id, memberNumber: row.member_number, issued: today }, cardKey),
      ]),
    );
    const scan = async ({ minerId, direction }) => {
      const answer = await gateService.scan(auth, site.id, {
        id: randomUUID(),
        qrToken: tokens.get(minerId),
        zoneId: zone.id,
        direction,
        capturedAt: new Date().toISOString(),
        declarations: { ppeWorn: ['helmet', 'boots'] },
      }, 'fr');
      if (!answer.allowed) throw new Error(`denied: ${answer.reasons.map((reason) => reason.code).join(', ')}`);
    };
    // Warm-up: entries of the extra outsiders, not measured.
    await timedPool(outsideIds.slice(-WARM_UP).map((minerId) => ({ minerId, direction: 'in' })), CONCURRENCY, scan);

    const entries = outsideIds.slice(0, Math.ceil(DECISIONS / 2)).map((minerId) => ({ minerId, direction: 'in' }));
    const exits = insideIds.slice(0, Math.floor(DECISIONS / 2)).map((minerId) => ({ minerId, direction: 'out' }));
    const work = entries.flatMap((entry, i) => (exits[i] ? [entry, exits[i]] : [entry]));
    // Baseline: the bare member lookup by id, as the API role under row-level security.
    baselinePool = new pg.Pool({ connectionString: bench.target.appUrl, max: CONCURRENCY });
    const lookup = async (minerId) => {
      const client = await baselinePool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SELECT set_config('app.cooperative_ids', $1, true)`, [cooperativeId]);
        await client.query('SELECT id, member_number, first_name, last_name, status, date_of_birth FROM miners WHERE cooperative_id = $1 AND id = $2', [cooperativeId, minerId]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    };
    await timedPool(insideIds.slice(0, WARM_UP), CONCURRENCY, lookup);

    // The gate and the baseline take turns, ROUNDS slices each, so that a shared machine's
    // load drifting during the run weighs on both alike.
    say(`deciding ${work.length} scans, in ${ROUNDS} rounds taking turns with as many bare lookups…`);
    let statements;
    let inspector;
    const cpu = cpuTally();
    if (PROFILE) {
      const { DataSource } = await import('typeorm');
      statements = timeStatements(app.get(DataSource));
      inspector = new Session();
      inspector.connect();
      await inspector.post('Profiler.enable');
    }
    const gate = { latencies: [], seconds: 0 };
    const baseline = { latencies: [], seconds: 0 };
    const slice = Math.ceil(work.length / ROUNDS);
    for (let start = 0; start < work.length; start += slice) {
      const chunk = work.slice(start, start + slice);
      if (inspector) await inspector.post('Profiler.start');
      const decided = await timedPool(chunk, CONCURRENCY, scan);
      if (inspector) cpu.add((await inspector.post('Profiler.stop')).profile);
      const looked = await timedPool(chunk.map((item) => item.minerId), CONCURRENCY, lookup);
      gate.latencies.push(...decided.latencies);
      gate.seconds += decided.seconds;
      baseline.latencies.push(...looked.latencies);
      baseline.seconds += looked.seconds;
    }
    let profile;
    if (inspector) {
      inspector.disconnect();
      profile = { cpu: cpu.summary(), statements: statements.stop(), scanFactsPlan: await scanFactsPlan(app, cooperativeId, site.id, zone.id, insideIds.at(-1)) };
    }
    const gateFigures = summary(gate.latencies, gate.seconds);
    const baselineFigures = summary(baseline.latencies, baseline.seconds);
    const after = (await presence.presence(auth, site.id)).headcount;
    say(`headcount after: ${after} (expected ${INSIDE + entries.length + WARM_UP - exits.length})`);

    // For scale: what each decision used to read, the site's whole allowed history, folded.
    const fullFold = await timedPool(Array.from({ length: 20 }, (_, i) => i), 1, async () => {
      const client = await baselinePool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SELECT set_config('app.cooperative_ids', $1, true)`, [cooperativeId]);
        const { rows } = await client.query(
          'SELECT miner_id, zone_id, direction, captured_at FROM gate_events WHERE cooperative_id = $1 AND site_id = $2 AND allowed AND miner_id IS NOT NULL',
          [cooperativeId, site.id],
        );
        foldPresence(rows.map((row) => ({ memberId: row.miner_id, zoneId: row.zone_id, direction: row.direction, capturedAt: row.captured_at, allowed: true })));
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    });
    const fullFoldFigures = summary(fullFold.latencies, fullFold.seconds);

    const results = {
      at: new Date().toISOString(),
      cpus: cpus().length,
      inside: INSIDE,
      gateEvents: events,
      concurrency: CONCURRENCY,
      layer: 'service (SitesService.scan in the Nest application, no HTTP)',
      gate: gateFigures,
      baseline: { query: 'SELECT … FROM miners WHERE cooperative_id = $1 AND id = $2 (in its own RLS transaction)', ...baselineFigures },
      goal: { throughputAtLeast: GOAL, ratio: round(gateFigures.perSecond / baselineFigures.perSecond, 3), met: gateFigures.perSecond >= GOAL * baselineFigures.perSecond },
      ratios: {
        p50: round(gateFigures.p50Ms / baselineFigures.p50Ms, 1),
        p99: round(gateFigures.p99Ms / baselineFigures.p99Ms, 1),
        throughput: round(baselineFigures.perSecond / gateFigures.perSecond, 1),
      },
      wholeHistoryFold: fullFoldFigures,
      ...(profile ? { profile } : {}),
    };
    writeResults(RESULTS_FILE, results);
    console.log(`
| ${INSIDE} inside, ${events} events, ${CONCURRENCY} at a time | per second | p50 ms | p99 ms |
|---|---:|---:|---:|
| gate decision (service layer)          | ${gateFigures.perSecond} | ${gateFigures.p50Ms} | ${gateFigures.p99Ms} |
| baseline: member by id (SQL)           | ${baselineFigures.perSecond} | ${baselineFigures.p50Ms} | ${baselineFigures.p99Ms} |
| ratio gate / baseline                  | 1/${results.ratios.throughput} | ×${results.ratios.p50} | ×${results.ratios.p99} |
| before: fold of the site's whole history (read + fold, once per decision) | ${fullFoldFigures.perSecond} | ${fullFoldFigures.p50Ms} | ${fullFoldFigures.p99Ms} |

goal: gate ≥ ${GOAL} × baseline decisions per second; now ${results.goal.ratio} × (${results.goal.met ? 'met' : 'NOT met'})
`);
    if (profile) {
      console.log('statements of the timed scans (wall time, waits included):');
      console.table(profile.statements);
      console.log(`CPU of this process during the timed scans: ${profile.cpu.busyCpuMs} ms busy`);
      console.table(profile.cpu.byPlace);
      console.table(profile.cpu.byFunction);
      console.log(`the scan's read, EXPLAIN ANALYZE:\n${profile.scanFactsPlan.join('\n')}`);
    }
    say(`written to ${RESULTS_FILE}`);
  } finally {
    await baselinePool?.end();
    await bench.close();
  }
}

await main();
