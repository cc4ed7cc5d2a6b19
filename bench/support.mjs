// What the bench/*.mjs scripts share: the built code in dist/, throw-away databases on a
// PostgreSQL server, the Nest application started on one, and the arithmetic of the figures.

import { mkdirSync, mkdtempSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';

export const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
/** A path inside dist/ (the output of `npm run build`), e.g. dist('src/app.js'). */
export const dist = (path) => join(root, 'dist', path);
/** Imports a module of dist/. */
export const load = (path) => import(pathToFileURL(dist(path)).href);
export const resultsFile = (name) => join(root, 'bench', 'results', `${name}.json`);
export const JWT_SECRET = 'bench-jwt-secret-0123456789abcdefghijklm';

/** Progress lines go to stderr, so that stdout holds only the figures. */
export const say = (line) => console.error(line);
export const round = (value, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;
export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Ends the process (exit code 2) unless every file of dist/ named is there. */
export function requireBuilt(files, command = 'npm run build') {
  for (const file of files) {
    if (!existsSync(dist(file))) {
      console.error(`${dist(file)} is missing: run \`${command}\` first.`);
      process.exit(2);
    }
  }
}

/** The value at percentile `p` of ascending `sorted` (nearest rank, rounded down). */
export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `work` once; its result and how long it took, in milliseconds. */
export async function timed(work) {
  const started = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

/** One statement on a connection of its own; the rows. */
export async function query(url, sql, params = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function withCredentials(url, user, password) {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/** Runs `work` on every item, `limit` at a time, timing each call; latencies in milliseconds. */
export async function timedPool(items, limit, work) {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      const t0 = performance.now();
      await work(item);
      latencies.push(performance.now() - t0);
    }
  });
  await Promise.all(runners);
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

/** A TCP port free on 127.0.0.1 at the time of asking. */
export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** Writes the figures as JSON (bench/results/ is created when missing). */
export function writeResults(file, results) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

/**
 * A fresh database `<name>_<random>` on `server`, migrated with an API login role of the
 * benchmark's own (`appUser`), the demo data seeded unless `seed` is false, and the Nest
 * application of dist/ started on it (production, silent unless `logLevel`; `env` adds to its
 * configuration). `close()` stops the application and drops the database, the role and the
 * data folder; it is safe to call when start-up failed half-way.
 */
export async function startBenchApp({ server, name, appUser, appPassword, seed = true, logLevel = 'silent', env = {} }) {
  const [{ createApp }, { loadConfig }, { migrateAndPrepare }, { seedDemo }] = await Promise.all([
    load('src/app.js'), load('src/config/config.js'), load('src/database/migrate.js'), load('src/admin/bootstrap.js'),
  ]);
  const database = `${name}_${Math.random().toString(16).slice(2, 10)}`;
  const ownerUrl = withDatabase(server, database);
  const target = { ownerUrl, appUrl: withCredentials(ownerUrl, appUser, appPassword), appUser, appPassword };
  const dataDir = mkdtempSync(join(tmpdir(), `${name.replaceAll('_', '-')}-`));
  const bench = { database, ownerUrl, target, dataDir, app: undefined };
  bench.close = async () => {
    await bench.app?.close();
    await query(server, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
    await query(server, `DROP ROLE IF EXISTS ${pg.escapeIdentifier(appUser)}`).catch((error) => say(`role ${appUser} kept: ${error.message}`));
    rmSync(dataDir, { recursive: true, force: true });
  };
  await query(server, `CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  try {
    await migrateAndPrepare(ownerUrl, appUser, appPassword);
    if (seed) await seedDemo(ownerUrl);
    const config = loadConfig({
      NODE_ENV: 'production', LOG_LEVEL: logLevel, JWT_SECRET, DATA_DIR: dataDir,
      DATABASE_URL: ownerUrl, DATABASE_APP_USER: appUser, DATABASE_APP_PASSWORD: appPassword, ...env,
    });
    bench.app = await createApp(config, target);
    return bench;
  } catch (error) {
    await bench.close();
    throw error;
  }
}

/** `count` active adult members with a valid card, named by `prefix`; their ids in order. */
export async function seedMembers(ownerUrl, cooperativeId, userId, prefix, count) {
  const rows = await query(
    ownerUrl,
    `INSERT INTO miners (cooperative_id, member_number, first_name, last_name, sex, date_of_birth, nationality, id_document_type,
                         id_document_number, membership_date, status, search_text, duplicate_key, created_by)
     SELECT $1, $2 || '-' || lpad(n::text, 6, '0'), 'Membre' || n, 'Banc' || $2, CASE WHEN n % 2 = 0 THEN 'F' ELSE 'M' END,
            date '1985-01-01' + (n % 5000), 'CD', 'voter_card', $2 || '-ID-' || n, current_date - 400, 'active',
            'membre' || n, $2 || '-' || n, $3
       FROM generate_series(1, $4::int) n
     RETURNING id`,
    [cooperativeId, prefix, userId, count],
  );
  await query(
    ownerUrl,
    `INSERT INTO miner_cards (cooperative_id, miner_id, card_number, issued_on, expires_on, recorded_by)
     SELECT $1, m.id, 'CEA-' || m.member_number, current_date - 30, current_date + 334, $2 FROM miners m
      WHERE m.cooperative_id = $1 AND m.member_number LIKE $3 || '-%'`,
    [cooperativeId, userId, prefix],
  );
  return rows.map((row) => row.id);
}
