#!/usr/bin/env node
// Miner registry benchmark, through the service layer of the built server (`npm run bench:miners`
// builds first; or `npm run build:server && node bench/miners.mjs [--miners 100000] [--concurrency 8]
// [--repeat 40] [--service-seconds 150] [--profile]`).
//
// 1. A fresh database on the PostgreSQL server named by DATABASE_URL (else
//    postgres://postgres@127.0.0.1:5432/postgres), migrated, with an API login role of the
//    benchmark's own; both are dropped at the end. The demo cooperative (seed) holds the miners.
// 2. Registers miners through MinerRegistrationService.register (the code behind POST .../miners: duplicate
//    checks, member-number sequence, card, status history, audit, row-level security),
//    --concurrency at a time, for at most --service-seconds (150), and reports registrations per
//    second. Whatever of --miners (100,000) is left when that time is up is bulk-loaded by SQL in
//    the same shape (member numbers, search text and duplicate key from the same rule functions,
//    cards, status history; no audit rows), so that the queries always run at --miners. The
//    output says how many came through the service. Then checks the counter is gapless: the
//    sequences of the member numbers are exactly 1..n and the counter says n. The baseline of the
//    registrations is the bare gapless counter: --concurrency connections each running
//    `UPDATE … SET last_value = last_value + 1 RETURNING` and COMMIT on one row, for 5 s, in the
//    same run (what a number allocation held until a synchronous commit costs on this disk).
// 3. Runs list and search queries through MinerSearchService.list (text search, filters, cursor pages)
//    --repeat times each and, as the baseline, the plain SQL query returning the same rows on the
//    same data, one statement on an owner connection (no transaction, no row-level security, no
//    mapping). Checks both return the same members, then prints p50/p95 of each and their ratios.
//
// Prints each figure against the goal of issues 20 and 21 (registrations >= 500/s through the
// service with the counter gapless; text search p95 <= 1.5 x plain SQL and < 50 ms; the first page
// <= 2 x plain SQL). `--profile` samples this process's CPU (the service's Node side) during the
// registrations and during the queries and prints the self time by place.
//
// Writes every figure to bench/results/miners.json.

import crypto, { randomBytes } from 'node:crypto';
import { Session } from 'node:inspector/promises';
import pg from 'pg';
import { load, requireBuilt, resultsFile, startBenchApp, timed, writeResults } from './support.mjs';

const RESULTS_FILE = resultsFile('miners');
const arg = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const MINERS = arg('miners', 100_000);
const CONCURRENCY = arg('concurrency', 8);
const REPEAT = arg('repeat', 40);
/** Time given to registrations through the service; the rest of --miners is bulk-loaded by SQL. */
const SERVICE_SECONDS = arg('service-seconds', 150);
const PROFILE = process.argv.includes('--profile');
/** Member numbers carry a five-digit sequence (src/miners/rules/member-number.ts). */
const MAX_MEMBERS_PER_COOPERATIVE = 99_999;
const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const APP_USER = `ushirika_bench_miners_app`;
const APP_PASSWORD = randomBytes(12).toString('hex');

requireBuilt(['src/app.js'], 'npm run build:server');

// ------------------------------------------------------------------ data

const FIRST_F = ['Béatrice', 'Élodie', 'Marie', 'Françoise', 'Chantal', 'Thérèse', 'Aline', 'Esther', 'Grâce', 'Nadège', 'Solange', 'Joséphine', 'Mireille', 'Ruth', 'Annie', 'Clémence'];
const FIRST_M = ['Jean', 'Patrick', 'Joseph', 'Élie', 'Hervé', 'Dieudonné', 'Sébastien', 'Pierre', 'André', 'Trésor', 'Jérémie', 'Benoît', 'Moïse', 'Fiston', 'Héritier', 'Gédéon'];
const LAST = ['Kabila', 'Mbuyi', 'Ilunga', 'Kasongo', 'Mukendi', 'Ngoy', 'Kalenga', 'Tshibangu', 'Mwamba', 'Kazadi', 'Banza', 'Kabongo', 'Lumbu', 'Mutombo', 'Nkulu', 'Kyungu',
  'Mulumba', 'Kalala', 'Kapend', 'Yav', 'Tshisekedi', 'Mbayo', 'Kitenge', 'Numbi', 'Kasanda', 'Mwenze', 'Kahilu', 'Musonda', 'Kanyinda', 'Sompo', 'Kapenda', 'Lukusa'];
const MIDDLE = ['Mwadi', 'Ngalula', 'Kâbila', 'Mujinga', 'Kalombo', 'Ilunga', 'Mpanga', 'Tshala', null, null];
const VILLAGES = ['Kasulo', 'Musonoi', 'Kanina', 'Mutoshi', 'Kapata', 'Luilu', 'Kawama', 'Dilala'];

/** A deterministic generator, so that every run registers the same people. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function isoDate(date) {
  return date.toISOString().slice(0, 10);
}

function minerDto(index, rng, siteIds, today) {
  const pick = (list) => list[Math.floor(rng() * list.length)];
  const sex = rng() < 0.3 ? 'F' : 'M';
  const birth = new Date(Date.UTC(1960 + Math.floor(rng() * 45), Math.floor(rng() * 12), 1 + Math.floor(rng() * 28)));
  const dto = {
    firstName: pick(sex === 'F' ? FIRST_F : FIRST_M),
    lastName: `${pick(LAST)}${index % 7 === 0 ? '' : `-${pick(LAST)}`}`,
    sex,
    placeOfBirth: pick(VILLAGES),
    nationality: 'CD',
    idDocumentType: 'voter_card',
    idDocumentNumber: `BV-${String(index).padStart(7, '0')}`,
    phone: `+24399${String(index).padStart(7, '0')}`,
    address: pick(VILLAGES),
    homeSiteId: pick(siteIds),
    status: rng() < 0.85 ? 'active' : 'applicant',
    // Distinct people who may share names and a birth date: the officer has checked.
    confirmNotDuplicate: true,
  };
  const middle = pick(MIDDLE);
  if (middle) dto.middleName = middle;
  if (rng() < 0.15) {
    dto.birthYear = birth.getUTCFullYear();
    dto.birthDateEstimated = true;
  } else {
    dto.dateOfBirth = isoDate(birth);
  }
  if (rng() < 0.9) {
    const issued = new Date(Date.parse(`${today}T00:00:00Z`) - Math.floor(rng() * 730) * 86_400_000);
    dto.cardNumber = `CEA-${String(index).padStart(7, '0')}`;
    dto.cardIssuedOn = isoDate(issued);
  }
  return dto;
}

// ------------------------------------------------------------------ measurement

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

async function sample(work, repeat) {
  await work(); // warm-up: plans cached, pages in memory
  const times = [];
  let result;
  for (let i = 0; i < repeat; i += 1) {
    const run = await timed(work);
    times.push(run.ms);
    result = run.result;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), result };
}

const fmt = (ms) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

// ------------------------------------------------------------------ bulk load

/**
 * The rest of the miners, inserted as the service would store them: member numbers continue the
 * cooperative's sequence, search text and duplicate key come from the registry's own rules.
 */
async function bulkLoad(pool, cooperativeId, userId, dtos, today) {
  const owner = await pool.connect();
  try {
    const { normaliseName, likelyDuplicateKey } = await load('src/miners/rules/names.js');
    const { formatMemberNumber } = await load('src/miners/rules/member-number.js');
    const { memberPrefix } = await load('src/miners/rules/registry-keys.js');
    const { defaultCardExpiry } = await load('src/miners/rules/card-status.js');
    const { rows: [cooperative] } = await owner.query('SELECT name FROM cooperatives WHERE id = $1', [cooperativeId]);
    const { rows: [counter] } = await owner.query('SELECT last_value FROM member_number_sequences WHERE cooperative_id = $1', [cooperativeId]);
    let sequence = counter?.last_value ?? 0;
    const prefix = memberPrefix(cooperative.name);
    const year = Number(today.slice(0, 4));
    const BATCH = 2000;
    for (let from = 0; from < dtos.length; from += BATCH) {
      const miners = [];
      const cards = [];
      for (const dto of dtos.slice(from, from + BATCH)) {
        sequence += 1;
        const id = crypto.randomUUID();
        const memberNumber = formatMemberNumber(prefix, year, sequence);
        const birth = dto.birthDateEstimated ? { estimated: true, year: dto.birthYear } : { estimated: false, date: dto.dateOfBirth };
        miners.push({
          id, member_number: memberNumber, first_name: dto.firstName, middle_name: dto.middleName ?? null, last_name: dto.lastName, sex: dto.sex,
          date_of_birth: dto.dateOfBirth ?? null, birth_year: dto.birthYear ?? null, birth_date_estimated: dto.birthDateEstimated === true,
          place_of_birth: dto.placeOfBirth, nationality: dto.nationality, id_document_type: dto.idDocumentType, id_document_number: dto.idDocumentNumber,
          phone: dto.phone, address: dto.address, home_site_id: dto.homeSiteId, membership_date: today, status: dto.status,
          search_text: normaliseName([dto.firstName, dto.middleName, dto.lastName, memberNumber, dto.idDocumentNumber, dto.cardNumber].filter(Boolean).join(' ')),
          duplicate_key: likelyDuplicateKey(dto.firstName, dto.middleName, dto.lastName, birth),
        });
        if (dto.cardNumber) cards.push({ miner_id: id, card_number: dto.cardNumber, issued_on: dto.cardIssuedOn, expires_on: defaultCardExpiry(dto.cardIssuedOn) });
      }
      await owner.query('BEGIN');
      await owner.query(
        `INSERT INTO miners (cooperative_id, id, member_number, first_name, middle_name, last_name, sex, date_of_birth, birth_year, birth_date_estimated,
                             place_of_birth, nationality, id_document_type, id_document_number, phone, address, home_site_id, membership_date, status,
                             search_text, duplicate_key, created_by)
         SELECT $1, x.id, x.member_number, x.first_name, x.middle_name, x.last_name, x.sex, x.date_of_birth, x.birth_year, x.birth_date_estimated,
                x.place_of_birth, x.nationality, x.id_document_type, x.id_document_number, x.phone, x.address, x.home_site_id, x.membership_date, x.status,
                x.search_text, x.duplicate_key, $2
           FROM json_to_recordset($3) AS x(id uuid, member_number text, first_name text, middle_name text, last_name text, sex char(1), date_of_birth date,
                birth_year int, birth_date_estimated boolean, place_of_birth text, nationality char(2), id_document_type text, id_document_number text,
                phone text, address text, home_site_id uuid, membership_date date, status text, search_text text, duplicate_key text)`,
        [cooperativeId, userId, JSON.stringify(miners)],
      );
      await owner.query(
        `INSERT INTO miner_status_changes (cooperative_id, miner_id, from_status, to_status, reason, effective_on, decided_by)
         SELECT $1, x.id, NULL, x.status, 'registration', x.membership_date, $2
           FROM json_to_recordset($3) AS x(id uuid, status text, membership_date date)`,
        [cooperativeId, userId, JSON.stringify(miners)],
      );
      await owner.query(
        `INSERT INTO miner_cards (cooperative_id, miner_id, card_number, issued_on, expires_on, recorded_by)
         SELECT $1, x.miner_id, x.card_number, x.issued_on, x.expires_on, $2
           FROM json_to_recordset($3) AS x(miner_id uuid, card_number text, issued_on date, expires_on date)`,
        [cooperativeId, userId, JSON.stringify(cards)],
      );
      await owner.query(
        `INSERT INTO member_number_sequences (cooperative_id, last_value) VALUES ($1, $2)
         ON CONFLICT (cooperative_id) DO UPDATE SET last_value = EXCLUDED.last_value`,
        [cooperativeId, sequence],
      );
      await owner.query('COMMIT');
    }
  } finally {
    owner.release();
  }
}

// ------------------------------------------------------------------ goals, baselines, profile

const TEXT_SEARCH = /^text search/;

function goalLines({ perSecond, gapless, results }) {
  const lines = [{ met: perSecond >= 500 && gapless.ok, text: `registrations ${perSecond.toFixed(1)}/s through the service, goal >= 500/s with the counter gapless (${gapless.ok ? 'gapless' : 'GAPS'}): ${(perSecond / 500).toFixed(2)} of the goal` }];
  for (const r of results.filter((candidate) => TEXT_SEARCH.test(candidate.name))) {
    const ratio = r.service.p95 / r.baseline.p95;
    lines.push({ met: ratio <= 1.5 && r.service.p95 < 50, text: `${r.name}: p95 ${fmt(r.service.p95)} ms vs plain SQL ${fmt(r.baseline.p95)} ms = ${ratio.toFixed(2)}×, goal <= 1.5× and < 50 ms` });
  }
  const first = results.find((candidate) => candidate.name === 'first page, no filter');
  for (const p of ['p50', 'p95']) {
    const ratio = first.service[p] / first.baseline[p];
    lines.push({ met: ratio <= 2, text: `first page ${p}: ${fmt(first.service[p])} ms vs plain SQL ${fmt(first.baseline[p])} ms = ${ratio.toFixed(2)}×, goal <= 2×` });
  }
  return lines;
}

/** Commits per second of the bare gapless counter: one row, `connections` at a time, for `seconds`. */
async function bareCounter(url, connections, seconds) {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  try {
    await pool.query('CREATE TABLE bench_counter (id int PRIMARY KEY, last_value int NOT NULL)');
    await pool.query('INSERT INTO bench_counter VALUES (1, 0)');
    const until = Date.now() + seconds * 1000;
    let commits = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: connections }, async () => {
      const client = await pool.connect();
      try {
        while (Date.now() < until) {
          await client.query('BEGIN');
          await client.query('UPDATE bench_counter SET last_value = last_value + 1 WHERE id = 1 RETURNING last_value');
          await client.query('COMMIT');
          commits += 1;
        }
      } finally {
        client.release();
      }
    }));
    const perSecond = commits / ((performance.now() - started) / 1000);
    await pool.query('DROP TABLE bench_counter');
    return perSecond;
  } finally {
    await pool.end();
  }
}

/** The registrations' member numbers carry the sequences 1..n exactly once and the counter says n. */
async function counterGapless(pool, cooperativeId, registered) {
  const { rows: [row] } = await pool.query(
    `SELECT count(*)::int AS n, count(DISTINCT split_part(member_number, '-', 3)::int)::int AS distinct_sequences,
            coalesce(min(split_part(member_number, '-', 3)::int), 0) AS lowest, coalesce(max(split_part(member_number, '-', 3)::int), 0) AS highest,
            (SELECT last_value FROM member_number_sequences WHERE cooperative_id = $1) AS counter
       FROM miners WHERE cooperative_id = $1`,
    [cooperativeId],
  );
  const ok = row.n === registered && row.distinct_sequences === row.n && (row.n === 0 || (row.lowest === 1 && row.highest === row.n)) && (row.counter ?? 0) === row.n;
  return { ok, detail: `${row.n} miners, sequences ${row.lowest}..${row.highest} (${row.distinct_sequences} distinct), counter ${row.counter ?? 0}` };
}

/** Samples this process's CPU until `stop()`, which returns the self time by place. */
async function startProfile() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      return summariseProfile(profile);
    },
  };
}

function summariseProfile(profile) {
  const hits = new Map();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const interval = (profile.endTime - profile.startTime) / Math.max(1, profile.samples.length) / 1000;
  const byPlace = new Map();
  for (const node of profile.nodes) {
    const url = node.callFrame.url ?? '';
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    let place;
    if (pkg) place = pkg[1];
    else if (url.includes('/dist/')) place = url.slice(url.indexOf('/dist/') + 6);
    else if (url.startsWith('node:')) place = 'node core';
    else place = node.callFrame.functionName || '(engine)';
    byPlace.set(place, (byPlace.get(place) ?? 0) + (hits.get(node.id) ?? 0) * interval);
  }
  const busy = [...byPlace.entries()].filter(([place]) => place !== '(idle)' && place !== '(program)');
  const total = busy.reduce((sum, [, ms]) => sum + ms, 0);
  return busy.sort((a, b) => b[1] - a[1]).slice(0, 15).map(([place, ms]) => ({ place, cpuMs: Math.round(ms), share: `${((100 * ms) / total).toFixed(1)} %` }));
}

function printProfile(title, rows) {
  console.log(`\n${title}`);
  for (const row of rows) console.log(`  ${String(row.cpuMs).padStart(7)} ms  ${row.share.padStart(7)}  ${row.place}`);
}

// ------------------------------------------------------------------ main

async function main() {
  const { DEMO_COOPERATIVE_ID } = await load('src/admin/bootstrap.js');
  const { MinerRegistrationService } = await load('src/miners/miner-registration.service.js');
  const { MinerSearchService } = await load('src/miners/miner-search.service.js');
  const { localDateIn } = await load('src/common/time-zone.js');

  const bench = await startBenchApp({ server: SERVER, name: 'ushirika_bench_miners', appUser: APP_USER, appPassword: APP_PASSWORD, logLevel: 'warn' });
  const { app, ownerUrl } = bench;
  const owner = new pg.Pool({ connectionString: ownerUrl, max: 2 });
  try {
    const cooperativeId = DEMO_COOPERATIVE_ID;
    const { rows: [admin] } = await owner.query(
      `SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.cooperative_id = $1 AND r.role = 'admin'`, [cooperativeId],
    );
    const siteIds = [];
    for (const [code, name] of [['kas', 'Kasulo'], ['mus', 'Musonoi'], ['kan', 'Kanina']]) {
      const { rows } = await owner.query(
        `INSERT INTO sites (cooperative_id, name, code, latitude_e6, longitude_e6, created_by) VALUES ($1, $2, $3, -10712345, 25468000, $4) RETURNING id`,
        [cooperativeId, name, code, admin.id],
      );
      siteIds.push(rows[0].id);
    }

    const registration = app.get(MinerRegistrationService);
    const miners = app.get(MinerSearchService);
    const auth = {
      userId: admin.id,
      requestId: 'bench-miners',
      cooperativeId,
      roles: ['admin'],
      scope: { cooperativeIds: [cooperativeId], userId: admin.id, readOnly: false },
    };
    const today = localDateIn('Africa/Lubumbashi');

    // -------------------------------------------------------------- registrations
    const rng = random(20261123);
    const dtos = Array.from({ length: MINERS }, (_, i) => minerDto(i + 1, rng, siteIds, today));
    const counterBaseline = await bareCounter(ownerUrl, CONCURRENCY, 5);
    const profiler = PROFILE ? await startProfile() : null;
    let next = 0;
    let done = 0;
    const started = process.hrtime.bigint();
    const deadline = Date.now() + SERVICE_SECONDS * 1000;
    let lastReport = Date.now();
    const worker = async () => {
      while (next < Math.min(dtos.length, MAX_MEMBERS_PER_COOPERATIVE) && Date.now() < deadline) {
        const dto = dtos[next];
        next += 1;
        await registration.register(auth, dto);
        done += 1;
        if (Date.now() - lastReport > 15_000) {
          lastReport = Date.now();
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          console.error(`  ${done} registered through the service, ${(done / seconds).toFixed(0)}/s`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const registrationSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const throughService = done;
    const perSecond = throughService / registrationSeconds;
    const registrationProfile = profiler ? await profiler.stop() : null;
    const gapless = await counterGapless(owner, cooperativeId, throughService);
    const bulkStarted = Date.now();
    const searched = Math.min(MINERS, MAX_MEMBERS_PER_COOPERATIVE);
    if (next < searched) {
      console.error(`  service time budget spent: bulk-loading the remaining ${searched - next} miners by SQL`);
      await bulkLoad(owner, cooperativeId, admin.id, dtos.slice(next, searched), today);
    }
    if (MINERS > searched) {
      // Member numbers have a five-digit sequence: one cooperative numbers at most 99,999 members.
      const { rows: [other] } = await owner.query(
        `INSERT INTO cooperatives (name, legal_form, registration_number, approval_number, country, province, territory, minerals, default_currency, timezone, language)
         VALUES ('Coopérative Umoja (bench)', 'COOP_CA', 'BENCH-RCCM-2', 'BENCH-AGR-2', 'CD', 'Lualaba', 'Mutshatsha', ARRAY['HETEROGENITE'], 'USD', 'Africa/Lubumbashi', 'fr')
         RETURNING id`,
      );
      await bulkLoad(owner, other.id, admin.id, dtos.slice(searched).map((dto) => ({ ...dto, homeSiteId: null })), today);
    }
    const bulkSeconds = (Date.now() - bulkStarted) / 1000;
    await owner.query('ANALYZE');

    // -------------------------------------------------------------- queries
    const { rows: [middle] } = await owner.query(
      'SELECT last_name, first_name, id FROM miners WHERE cooperative_id = $1 ORDER BY last_name, first_name, id OFFSET $2 LIMIT 1',
      [cooperativeId, Math.floor(MINERS / 2)],
    );
    const { rows: [someone] } = await owner.query('SELECT member_number FROM miners WHERE cooperative_id = $1 ORDER BY member_number OFFSET $2 LIMIT 1', [cooperativeId, Math.floor(MINERS / 3)]);
    const cardSql = `LEFT JOIN LATERAL (
        SELECT k.card_number, k.issued_on, k.expires_on FROM miner_cards k
         WHERE k.cooperative_id = m.cooperative_id AND k.miner_id = m.id AND k.issued_on <= $2::date
         ORDER BY k.issued_on DESC LIMIT 1) card ON true`;
    const baselineSelect = `SELECT m.id, m.member_number, m.first_name, m.middle_name, m.last_name, m.sex, m.date_of_birth, m.status, m.home_site_id,
                                   card.card_number, card.issued_on, card.expires_on
                              FROM miners m ${cardSql}`;
    /**
     * The plain SQL of a page: without a card filter the page is cut before its cards are read
     * (what the service does too, and the fastest plain SQL for these rows); with one, the cards
     * of every candidate are looked at.
     */
    const baselineSql = (where, cardFilter) => (cardFilter
      ? `${baselineSelect} WHERE m.cooperative_id = $1 ${where} ORDER BY m.last_name, m.first_name, m.id LIMIT ${PAGE}`
      : `SELECT m.id, m.member_number, m.first_name, m.middle_name, m.last_name, m.sex, m.date_of_birth, m.status, m.home_site_id,
                card.card_number, card.issued_on, card.expires_on
           FROM (SELECT * FROM miners m WHERE m.cooperative_id = $1 ${where} ORDER BY m.last_name, m.first_name, m.id LIMIT ${PAGE}) m ${cardSql}
          WHERE $2::date IS NOT NULL ORDER BY m.last_name, m.first_name, m.id`);
    const PAGE = 50;
    /** The words the service searches for (names.ts nameTokens: accents, case and punctuation dropped), one LIKE each. */
    const textScenario = (name, q) => {
      const words = q.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
      return { name, query: { q }, where: words.map((_, i) => `AND (' ' || m.search_text) LIKE $${i + 3}`).join(' '), params: words.map((word) => `% ${word}%`) };
    };
    const scenarios = [
      { name: 'first page, no filter', query: {}, where: '', params: [] },
      textScenario('text search, common name ("kabongo")', 'kabongo'),
      textScenario('text search, two words ("ngoy moïse")', 'ngoy moïse'),
      textScenario('text search, one member number', someone.member_number),
      { name: 'filters: active, site, women', query: { status: 'active', homeSiteId: siteIds[1], sex: 'F' }, where: `AND m.status = 'active' AND m.home_site_id = $3 AND m.sex = 'F'`, params: [siteIds[1]] },
      { name: 'filter: card expired', query: { cardStatus: 'expired' }, where: `AND card.expires_on < $2::date`, params: [] },
      { name: 'cursor page in the middle', query: { cursor: Buffer.from(JSON.stringify([middle.last_name, middle.first_name, middle.id])).toString('base64url') },
        where: `AND (m.last_name, m.first_name, m.id) > ($3, $4, $5::uuid)`, params: [middle.last_name, middle.first_name, middle.id] },
    ];

    const measure = async (scenario) => {
      const service = await sample(() => miners.list(auth, { ...scenario.query, limit: PAGE }), REPEAT);
      const sql = baselineSql(scenario.where, scenario.where.includes('card.'));
      const baseline = await sample(() => owner.query(sql, [cooperativeId, today, ...scenario.params]), REPEAT);
      const serviceIds = service.result.items.map((item) => item.id);
      const baselineIds = baseline.result.rows.map((row) => row.id);
      if (JSON.stringify(serviceIds) !== JSON.stringify(baselineIds)) {
        throw new Error(`${scenario.name}: the service and the baseline returned different members (${serviceIds.length} vs ${baselineIds.length})`);
      }
      return { name: scenario.name, rows: serviceIds.length, service: { p50: service.p50, p95: service.p95 }, baseline: { p50: baseline.p50, p95: baseline.p95 } };
    };
    const queryProfiler = PROFILE ? await startProfile() : null;
    const results = [];
    for (const scenario of scenarios) results.push(await measure(scenario));

    // Walking ten pages one after another with the cursor the service hands back.
    const walk = await sample(async () => {
      let cursor;
      for (let page = 0; page < 10; page += 1) cursor = (await miners.list(auth, { limit: PAGE, ...(cursor ? { cursor } : {}) })).nextCursor;
      return cursor;
    }, Math.max(5, Math.floor(REPEAT / 4)));
    const walkBaseline = await sample(async () => {
      let after = null;
      for (let page = 0; page < 10; page += 1) {
        const { rows } = await owner.query(
          baselineSql(after ? 'AND (m.last_name, m.first_name, m.id) > ($3, $4, $5::uuid)' : '', false),
          after ? [cooperativeId, today, after.last_name, after.first_name, after.id] : [cooperativeId, today],
        );
        after = rows.at(-1);
      }
      return after;
    }, Math.max(5, Math.floor(REPEAT / 4)));
    results.push({ name: 'ten cursor pages in a row', rows: 10 * PAGE, service: { p50: walk.p50, p95: walk.p95 }, baseline: { p50: walkBaseline.p50, p95: walkBaseline.p95 } });
    const queryProfile = queryProfiler ? await queryProfiler.stop() : null;

    const { rows: [{ n: stored }] } = await owner.query('SELECT count(*)::int AS n FROM miners WHERE cooperative_id = $1', [cooperativeId]);
    const { rows: [{ n: inTable }] } = await owner.query('SELECT count(*)::int AS n FROM miners');
    console.log(`\nMiner registry: ${inTable.toLocaleString('en')} miners in the table, ${stored.toLocaleString('en')} of them in the searched cooperative (concurrency ${CONCURRENCY})\n`);
    console.log(`Registrations: ${perSecond.toFixed(1)}/s through MinerRegistrationService.register (${throughService.toLocaleString('en')} in ${registrationSeconds.toFixed(1)} s)`);
    console.log(`  baseline, bare gapless counter (UPDATE … RETURNING + COMMIT on one row, ${CONCURRENCY} connections): ${counterBaseline.toFixed(1)}/s; service / bare counter: ${(perSecond / counterBaseline).toFixed(2)}`);
    console.log(`  counter gapless: ${gapless.ok ? 'yes' : 'NO'} (${gapless.detail})`);
    if (throughService < MINERS) console.log(`The other ${(MINERS - throughService).toLocaleString('en')} were bulk-loaded by SQL in ${bulkSeconds.toFixed(1)} s (service time budget: ${SERVICE_SECONDS} s; past ${MAX_MEMBERS_PER_COOPERATIVE.toLocaleString('en')}, into a second cooperative).`);
    console.log('');
    console.log(`| query (page of ${PAGE}) | rows | service p50 ms | service p95 ms | plain SQL p50 ms | plain SQL p95 ms | p50 ratio | p95 ratio |`);
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of results) {
      console.log(`| ${r.name} | ${r.rows} | ${fmt(r.service.p50)} | ${fmt(r.service.p95)} | ${fmt(r.baseline.p50)} | ${fmt(r.baseline.p95)} | ${(r.service.p50 / r.baseline.p50).toFixed(1)}× | ${(r.service.p95 / r.baseline.p95).toFixed(1)}× |`);
    }
    const goals = goalLines({ perSecond, gapless, results });
    console.log('\nGoals (issues 20 and 21):');
    for (const line of goals) console.log(`  ${line.met ? 'met    ' : 'NOT MET'}  ${line.text}`);
    if (registrationProfile) printProfile('Node CPU during the registrations (self time by place):', registrationProfile);
    if (queryProfile) printProfile('Node CPU during the queries (self time by place):', queryProfile);
    writeResults(RESULTS_FILE, { at: new Date().toISOString(), goals, counterBaseline, gapless, profile: { registrations: registrationProfile, queries: queryProfile }, minersInTable: inTable, minersInSearchedCooperative: stored, concurrency: CONCURRENCY, repeat: REPEAT, registeredThroughService: throughService, registrationsPerSecond: perSecond, registrationSeconds, bulkLoaded: MINERS - throughService, bulkSeconds, queries: results });
    console.log(`\nEvery figure: ${RESULTS_FILE}`);
  } finally {
    await owner.end();
    await bench.close();
  }
}

await main();
