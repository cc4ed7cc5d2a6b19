#!/usr/bin/env node
// Regulator-report benchmark on the built server (run `npm run build` first):
//   node bench/reports.mjs            (npm run bench:reports builds, then runs this)
//
// Seeds one cooperative with 100,000 miners (status history and a card each), 1,000,000
// purchases over a quarter (two minerals) and 200,000 gate events (a fifth of them denials),
// by bulk SQL (generate_series) cloning rows first recorded through the API, so every row has
// a shape the application wrote itself. The cloned ledger rows keep the template's hashes:
// the hash chain is NOT verifiable, so the report's ledger verification stops at the first
// cloned entry and its cost on a valid 1M-entry chain is not part of these figures.
//
// Then, in the same run, times (median of RUNS):
//   sql     hand-written SQL aggregates of the same figures (purchases by site/mineral/currency
//           and by month, gate entries/denials/minors and denials by reason, members by sex,
//           age band and card status, new and exited members, flags)
//   json    the JSON report generation (ReportsService.generate: verification, figures, store)
//   pdf     GET …/reports/{id}.pdf (read the stored report, render it)
// and prints json / sql as the ratio, against the goal (≤ 1.00 and under 2 s).
//
// Province report: PROVINCE_COOPS (100) more cooperatives of Haut-Katanga are cloned from the
// bench cooperative (same ids under another cooperative_id, each with BENCH_PROVINCE_MINERS
// miners, BENCH_PROVINCE_PURCHASES purchases and BENCH_PROVINCE_GATE_EVENTS gate events, by
// default a hundredth of the main seed each), and in the same run are timed:
//   province sql   the hand-written aggregates above for each of its cooperatives for a month
//   province       JurisdictionReportsService.generate for that month (goal: under 10 s)
//
// Database: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres; a database is
// created for the run and dropped at the end.

import pg from 'pg';
import { load, query as admin, requireBuilt, startBenchApp, timed } from './support.mjs';

requireBuilt(['src/app.js']);
const { createOperator } = await load('src/admin/bootstrap.js');
const { ReportsService } = await load('src/reports/reports.service.js');
const { JurisdictionReportsService } = await load('src/reports/jurisdiction-reports.service.js');

const MINERS = Number(process.env.BENCH_MINERS ?? 100_000);
const PURCHASES = Number(process.env.BENCH_PURCHASES ?? 1_000_000);
const GATE_EVENTS = Number(process.env.BENCH_GATE_EVENTS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PROVINCE_COOPS = Number(process.env.BENCH_PROVINCE_COOPS ?? 100);
const PROVINCE_MINERS = Number(process.env.BENCH_PROVINCE_MINERS ?? Math.ceil(MINERS / 100));
const PROVINCE_PURCHASES = Number(process.env.BENCH_PROVINCE_PURCHASES ?? Math.ceil(PURCHASES / 100));
const PROVINCE_GATE_EVENTS = Number(process.env.BENCH_PROVINCE_GATE_EVENTS ?? Math.ceil(GATE_EVENTS / 100));
const PROVINCE_PERIOD = { key: '2026-08', from: '2026-08-01', to: '2026-08-31' };
const PERIOD = { key: '2026-Q3', from: '2026-07-01', to: '2026-09-30' };
const PASSWORD = 'bench-password-123';
const APP_USER = 'ushirika_bench_app';
const APP_PASSWORD = 'bench-app-password';

const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const bench = await startBenchApp({ server, name: 'ushirika_bench_reports', appUser: APP_USER, appPassword: APP_PASSWORD, seed: false, env: { JOBS_POLL_MS: '0' } });
const { app, ownerUrl } = bench;
try {
  const fastify = app.getHttpAdapter().getInstance();
  const call = async (method, url, token, body) => {
    const response = await fastify.inject({ method, url, payload: body, headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response;
  };
  const login = async (name) => JSON.parse((await call('POST', '/api/v1/auth/login', null, { login: name, password: PASSWORD })).body).accessToken;

  // ---- templates recorded through the API -------------------------------------------------
  await createOperator(ownerUrl, 'operator@bench.ushirika.org', PASSWORD, 'Operator');
  const operator = await login('operator@bench.ushirika.org');
  const coop = JSON.parse((await call('POST', '/api/v1/cooperatives', operator, {
    name: 'Bench', legalForm: 'COOP_CA', registrationNumber: 'RCCM-BENCH', approvalNumber: 'AGR-1', country: 'CD', province: 'Lualaba', territory: 'Mutshatsha',
    minerals: ['HETEROGENITE', 'COPPER_ORE'], defaultCurrency: 'USD', timezone: 'Africa/Lubumbashi', language: 'fr',
  })).body).id;
  const base = `/api/v1/cooperatives/${coop}`;
  for (const role of ['admin', 'officer']) await call('POST', `${base}/users`, operator, { login: `${role}@bench.ushirika.org`, password: PASSWORD, name: role, role });
  const adminToken = await login('admin@bench.ushirika.org');
  const officerToken = await login('officer@bench.ushirika.org');
  const adminId = JSON.parse((await call('GET', '/api/v1/auth/me', adminToken)).body).id;
  const site = JSON.parse((await call('POST', `${base}/sites`, adminToken, { name: 'Kasulo', code: 'kas-1', minerals: ['HETEROGENITE', 'COPPER_ORE'], location: { latitudeE6: -10712345, longitudeE6: 25468000 } })).body).id;
  const zone = JSON.parse((await call('POST', `${base}/sites/${site}/zones`, adminToken, { name: 'Carrière' })).body).id;
  const today = new Date().toISOString().slice(0, 10);
  const miner = JSON.parse((await call('POST', `${base}/miners`, officerToken, {
    firstName: 'Modele', lastName: 'Mineur', sex: 'F', dateOfBirth: '1990-04-12', nationality: 'CD', idDocumentType: 'voter_card', idDocumentNumber: 'TPL-1',
    status: 'active', cardNumber: 'CEA-TPL-1', cardIssuedOn: today, cardExpiresOn: '2027-12-31',
  })).body);
  const purchase = JSON.parse((await call('POST', `${base}/purchases`, officerToken, {
    sellerId: miner.id, siteId: site, mineral: 'HETEROGENITE', grossMass: { value: '10', unit: 'kg' }, netMass: { value: '10', unit: 'kg' }, gradePercent: '10', moisturePercent: '8',
    unitPriceMinor: 1000, priceBasis: 'per_unit_contained_metal', currency: 'USD', paymentMethod: 'cash', tagId: 'TAG-TPL',
  })).body);
  await call('POST', `${base}/sites/${site}/gate`, officerToken, { capturedAt: new Date().toISOString(), zoneId: zone, direction: 'in', memberNumber: miner.memberNumber });
  await call('POST', `${base}/sites/${site}/gate`, officerToken, { capturedAt: new Date().toISOString(), zoneId: zone, direction: 'in', unknownPerson: { description: 'inconnu', apparentMinor: true } });

  // ---- bulk clones --------------------------------------------------------------------------
  const seed = new pg.Client({ connectionString: ownerUrl });
  await seed.connect();
  await seed.query(`SELECT set_config('app.cooperative_ids', $1, false)`, [coop]);
  const columns = async (table) => (await seed.query(
    `SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND is_generated = 'NEVER' AND coalesce(identity_generation, '') <> 'ALWAYS' ORDER BY ordinal_position`,
    [table],
  )).rows.map((row) => row.column_name);
  /** INSERT … SELECT of the template row once per generated row, some columns replaced by expressions. */
  const clone = async (table, from, overrides) => {
    const list = await columns(table);
    const exprs = list.map((column) => (column in overrides ? `${overrides[column]} AS ${column}` : `t.${column}`));
    const started = Date.now();
    await seed.query(`INSERT INTO ${table} (${list.join(', ')}) SELECT ${exprs.join(', ')} FROM ${from}`);
    console.error(`seeded ${table} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  await clone('miners', `miners t, generate_series(2, ${MINERS}) g WHERE t.id = '${miner.id}'`, {
    id: 'gen_random_uuid()', member_number: `t.member_number || '-' || g`, id_document_number: `'B-' || g`, sex: `CASE WHEN g % 3 = 0 THEN 'F' ELSE 'M' END`,
    date_of_birth: `date '1960-01-01' + (g % 14000)`, first_name: `'Mineur' || g`, search_text: `t.search_text || ' ' || g`, duplicate_key: `t.duplicate_key || g`,
    membership_date: `date '2026-06-01'`,
  });
  await seed.query(`CREATE TEMP TABLE bench_miners AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM miners WHERE cooperative_id = $1`, [coop]);
  await seed.query('CREATE INDEX ON bench_miners (n)');
  await clone('miner_status_changes', `miner_status_changes t, bench_miners m WHERE t.miner_id = '${miner.id}' AND m.id <> '${miner.id}'`, {
    id: 'gen_random_uuid()', miner_id: 'm.id', effective_on: `date '2026-06-01' + (m.n % 120)::int`,
  });
  await clone('miner_cards', `miner_cards t, bench_miners m WHERE t.miner_id = '${miner.id}' AND m.id <> '${miner.id}'`, {
    id: 'gen_random_uuid()', miner_id: 'm.id', card_number: `'C-' || m.n`, issued_on: `date '2025-10-01' + (m.n % 365)::int`, expires_on: `date '2026-09-30' + (m.n % 365)::int`,
  });
  const spread = (g) => `timestamptz '2026-07-01 06:00:00+02' + ((${g}::bigint * 7919) % (92 * 86400)) * interval '1 second'`;
  await clone('purchase_ledger', `purchase_ledger t, generate_series(2, ${PURCHASES}) g JOIN bench_miners m ON m.n = g % ${MINERS} WHERE t.id = '${purchase.id}'`, {
    id: 'gen_random_uuid()', sequence: 'g', tag_id: `'B' || g`, seller_id: 'm.id', mineral: `CASE WHEN g % 4 = 0 THEN 'COPPER_ORE' ELSE 'HETEROGENITE' END`,
    net_mg: `1000000 + (g % 50) * 100000`, gross_mg: `1100000 + (g % 50) * 100000`, amount_minor: `1000 + (g % 50) * 100`, amount_reporting_minor: `1000 + (g % 50) * 100`,
    net_paid_minor: `1000 + (g % 50) * 100`, captured_at: spread('g'), recorded_at: spread('g'), lot_number: `'LOT-' || g`,
  });
  await seed.query('UPDATE ledger_heads SET last_sequence = $2 WHERE cooperative_id = $1', [coop, PURCHASES]);
  const [allowed, denied] = (await seed.query('SELECT id FROM gate_events WHERE cooperative_id = $1 ORDER BY allowed DESC', [coop])).rows.map((row) => row.id);
  await clone('gate_events', `gate_events t, generate_series(3, ${GATE_EVENTS}) g JOIN bench_miners m ON m.n = g % ${MINERS} WHERE t.id = CASE WHEN g % 5 = 0 THEN '${denied}'::uuid ELSE '${allowed}'::uuid END`, {
    id: 'gen_random_uuid()', miner_id: `CASE WHEN t.allowed THEN m.id END`, captured_at: spread('g'), recorded_at: spread('g'),
  });

  // ---- the province: PROVINCE_COOPS cooperatives cloned from the bench one -------------------
  await seed.query(`CREATE TEMP TABLE bench_coops AS SELECT gen_random_uuid() AS id, n FROM generate_series(1, ${PROVINCE_COOPS}) n`);
  const provinceIds = (await seed.query('SELECT id FROM bench_coops ORDER BY n')).rows.map((row) => row.id);
  await seed.query(`SELECT set_config('app.cooperative_ids', $1, false), set_config('app.operator', 'on', false)`, [[coop, ...provinceIds].join(',')]);
  const from = (table) => `${table} t CROSS JOIN bench_coops k WHERE t.cooperative_id = '${coop}'`;
  await clone('cooperatives', `cooperatives t CROSS JOIN bench_coops k WHERE t.id = '${coop}'`, {
    id: 'k.id', name: `'Province ' || k.n`, registration_number: `'RCCM-P-' || k.n`, province: `'Haut-Katanga'`,
  });
  for (const table of ['sites', 'site_zones']) await clone(table, from(table), { cooperative_id: 'k.id' });
  await clone('miners', `miners t JOIN bench_miners m ON m.id = t.id AND m.n < ${PROVINCE_MINERS} CROSS JOIN bench_coops k WHERE t.cooperative_id = '${coop}'`, { cooperative_id: 'k.id' });
  for (const table of ['miner_status_changes', 'miner_cards']) {
    await clone(table, `${table} t JOIN bench_miners m ON m.id = t.miner_id AND m.n < ${PROVINCE_MINERS} CROSS JOIN bench_coops k WHERE t.cooperative_id = '${coop}'`, { cooperative_id: 'k.id' });
  }
  await clone('purchase_ledger', `purchase_ledger t JOIN bench_miners m ON m.n = t.sequence % ${PROVINCE_MINERS} CROSS JOIN bench_coops k WHERE t.cooperative_id = '${coop}' AND t.sequence <= ${PROVINCE_PURCHASES}`, {
    cooperative_id: 'k.id', seller_id: 'm.id',
  });
  await clone('gate_events', `(SELECT *, row_number() OVER (ORDER BY id) AS rn FROM gate_events WHERE cooperative_id = '${coop}' ORDER BY id LIMIT ${PROVINCE_GATE_EVENTS}) t
      JOIN bench_miners m ON m.n = t.rn % ${PROVINCE_MINERS} CROSS JOIN bench_coops k`, { cooperative_id: 'k.id', miner_id: 'CASE WHEN t.miner_id IS NULL THEN NULL ELSE m.id END' });
  await clone('ledger_heads', from('ledger_heads'), { cooperative_id: 'k.id', last_sequence: String(PROVINCE_PURCHASES) });
  await seed.query('ANALYZE');
  await seed.end();
  await call('POST', '/api/v1/supervisors', operator, { login: 'supervisor@bench.ushirika.org', password: PASSWORD, name: 'Supervisor', jurisdictions: [{ country: 'CD', province: 'Haut-Katanga' }] });
  const supervisorToken = await login('supervisor@bench.ushirika.org');
  const supervisorId = JSON.parse((await call('GET', '/api/v1/auth/me', supervisorToken)).body).id;

  // ---- hand-written SQL of the same figures --------------------------------------------------
  const sql = new pg.Client({ connectionString: ownerUrl });
  await sql.connect();
  await sql.query(`SELECT set_config('app.cooperative_ids', $1, false)`, [coop]);
  const local = (column) => `(${column} AT TIME ZONE 'Africa/Lubumbashi')::date`;
  const pdate = local(`CASE p.kind WHEN 'reversal' THEN p.recorded_at ELSE coalesce(p.captured_at, p.recorded_at) END`);
  const handWritten = async (cooperative = coop, period = PERIOD) => {
    const args = [cooperative, period.from, period.to];
    const out = {};
    out.purchases = (await sql.query(`SELECT site_id, mineral, currency, count(*) FILTER (WHERE kind = 'purchase') - count(*) FILTER (WHERE kind = 'reversal') AS n,
        sum(CASE kind WHEN 'reversal' THEN -net_mg ELSE net_mg END) AS net, sum(amount_minor) AS value
        FROM purchase_ledger p WHERE cooperative_id = $1 AND ${pdate} BETWEEN $2 AND $3 GROUP BY 1, 2, 3`, args)).rows;
    out.monthly = (await sql.query(`SELECT to_char(${pdate}, 'YYYY-MM') AS month, mineral, sum(CASE kind WHEN 'reversal' THEN -net_mg ELSE net_mg END) AS net
        FROM purchase_ledger p WHERE cooperative_id = $1 AND ${pdate} BETWEEN $2 AND $3 GROUP BY 1, 2`, args)).rows;
    out.gate = (await sql.query(`SELECT count(*) FILTER (WHERE allowed AND direction = 'in') AS entries, count(*) FILTER (WHERE NOT allowed) AS denials,
        count(*) FILTER (WHERE NOT allowed AND (reasons @> '[{"code":"UNDER_18"}]' OR (unknown_person->>'apparentMinor')::boolean)) AS minors
        FROM gate_events WHERE cooperative_id = $1 AND ${local('captured_at')} BETWEEN $2 AND $3`, args)).rows;
    out.denials = (await sql.query(`SELECT r->>'code', count(*) FROM gate_events g, jsonb_array_elements(g.reasons) r
        WHERE g.cooperative_id = $1 AND NOT g.allowed AND ${local('g.captured_at')} BETWEEN $2 AND $3 GROUP BY 1`, args)).rows;
    out.members = (await sql.query(`WITH last AS (
          SELECT DISTINCT ON (miner_id) miner_id, to_status FROM miner_status_changes WHERE cooperative_id = $1 AND effective_on <= $3
           ORDER BY miner_id, effective_on DESC, decided_at DESC, id DESC),
        joined AS (SELECT DISTINCT miner_id FROM miner_status_changes WHERE cooperative_id = $1 AND to_status = 'active' AND effective_on BETWEEN $2 AND $3),
        card AS (SELECT DISTINCT ON (miner_id) miner_id, issued_on, expires_on FROM miner_cards WHERE cooperative_id = $1 AND issued_on <= $3 ORDER BY miner_id, expires_on DESC)
        SELECT m.sex, CASE WHEN age < 18 THEN '<18' WHEN age < 25 THEN '18-24' WHEN age < 35 THEN '25-34' WHEN age < 45 THEN '35-44' WHEN age < 55 THEN '45-54' ELSE '55+' END AS band,
               CASE WHEN c.expires_on IS NULL THEN 'none' WHEN c.expires_on < $3 THEN 'expired' WHEN c.expires_on <= $3::date + 30 THEN 'expiring' ELSE 'valid' END AS card,
               count(*) AS n, count(*) FILTER (WHERE j.miner_id IS NOT NULL) AS new_members
          FROM miners m JOIN last l ON l.miner_id = m.id
          CROSS JOIN LATERAL (SELECT extract(year FROM age($3::date, m.date_of_birth))::int AS age) a
          LEFT JOIN card c ON c.miner_id = m.id LEFT JOIN joined j ON j.miner_id = m.id
         WHERE m.cooperative_id = $1 AND l.to_status IN ('active', 'suspended') GROUP BY 1, 2, 3`, args)).rows;
    out.exited = (await sql.query(`SELECT count(*) FROM miner_status_changes WHERE cooperative_id = $1 AND to_status = 'exited' AND effective_on BETWEEN $2 AND $3`, args)).rows;
    out.flags = (await sql.query(`SELECT category, severity, count(*) FROM risk_flags WHERE cooperative_id = $1 AND ${local('raised_at')} BETWEEN $2 AND $3 GROUP BY 1, 2`, args)).rows;
    return out;
  };

  const reports = app.get(ReportsService);
  const auth = { userId: adminId, requestId: 'bench', cooperativeId: coop, roles: ['admin'], scope: { cooperativeIds: [coop], userId: adminId, readOnly: false } };
  const samples = { sql: [], json: [], pdf: [] };
  let last;
  for (let run = 0; run < RUNS; run += 1) {
    samples.sql.push((await timed(handWritten)).ms);
    const json = await timed(() => reports.generate(auth, { period: PERIOD.key }));
    samples.json.push(json.ms);
    last = json.result;
    samples.pdf.push((await timed(() => call('GET', `${base}/reports/${last.id}.pdf`, adminToken))).ms);
  }
  const provinceSql = async () => {
    await sql.query(`SELECT set_config('app.cooperative_ids', $1, false)`, [provinceIds.join(',')]);
    for (const id of provinceIds) await handWritten(id, PROVINCE_PERIOD);
  };
  const jurisdiction = app.get(JurisdictionReportsService);
  const supervisorAuth = { userId: supervisorId, requestId: 'bench', cooperativeId: null, roles: ['supervisor'], scope: { cooperativeIds: [], userId: supervisorId, readOnly: true } };
  const province = { sql: [], report: [] };
  let provinceReport;
  for (let run = 0; run < RUNS; run += 1) {
    province.sql.push((await timed(provinceSql)).ms);
    const report = await timed(() => jurisdiction.generate(supervisorAuth, { period: PROVINCE_PERIOD.key, province: 'Haut-Katanga' }));
    province.report.push(report.ms);
    provinceReport = report.result;
  }
  await sql.end();
  const [counts] = await admin(ownerUrl, `SELECT (SELECT count(*) FROM miners) AS miners, (SELECT count(*) FROM purchase_ledger) AS purchases, (SELECT count(*) FROM gate_events) AS gate_events`);
  const c = last.content;
  console.log(`\nRegulator report benchmark — ${counts.miners} miners, ${counts.purchases} purchases, ${counts.gate_events} gate events, period ${PERIOD.key}, median of ${RUNS}`);
  console.log(`  report: ${c.purchases.totals.map((t) => `${t.count} purchases ${t.currency}`).join(', ')}; ${c.members.total} members; ${c.access.entries} entries, ${c.access.denials} denials; ledger verified: ${c.ledger.verified} (clones are not chained)`);
  console.log(`  province: ${PROVINCE_COOPS} cooperatives of Haut-Katanga, each ${PROVINCE_MINERS} miners, ${PROVINCE_PURCHASES} purchases, ${PROVINCE_GATE_EVENTS} gate events; period ${PROVINCE_PERIOD.key}; `
    + `report rows: ${provinceReport.content.cooperatives?.length ?? '?'}`);
  console.log('| measure | median ms | ratio to its baseline | goal |');
  console.log('|---|---:|---:|---|');
  const sqlMs = median(samples.sql);
  const jsonMs = median(samples.json);
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  console.log(`| hand-written SQL aggregates (baseline) | ${sqlMs.toFixed(0)} | 1.00 | |`);
  console.log(`| JSON report (generate + store) | ${jsonMs.toFixed(0)} | ${(jsonMs / sqlMs).toFixed(2)} | ≤ 1.00 × SQL and < 2000 ms: ${verdict(jsonMs <= sqlMs && jsonMs < 2000)} |`);
  console.log(`| PDF (read stored + render) | ${median(samples.pdf).toFixed(0)} | ${(median(samples.pdf) / sqlMs).toFixed(2)} | |`);
  const provinceSqlMs = median(province.sql);
  const provinceMs = median(province.report);
  console.log(`| province: hand-written SQL per cooperative (baseline) | ${provinceSqlMs.toFixed(0)} | 1.00 | |`);
  console.log(`| province report, ${PROVINCE_COOPS} cooperatives, a month | ${provinceMs.toFixed(0)} | ${(provinceMs / provinceSqlMs).toFixed(2)} | < 10000 ms: ${verdict(provinceMs < 10_000)} |`);
} finally {
  await bench.close();
}
