import type { MigrationInterface, QueryRunner } from 'typeorm';
import { seeAllCooperatives } from './support/all-cooperatives.js';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/**
 * Daily rollups behind the regulator's report, so that a report for any period reads a few
 * rows per day instead of the whole purchase ledger and gate history:
 *
 * - report_purchase_days: purchases and reversals per local day, site, mineral, currency and
 *   reporting currency. `day` is the day the report counts an entry on (capture for a
 *   purchase, recording for a reversal), `stock_day` the day the stock counts it on
 *   (capture, else recording); the two differ only for an entry that carries both dates.
 * - report_fee_days: fee lines per day, fund and currency (an entry with two lines for the
 *   same fund counts once, as the report counts it).
 * - report_gate_days, report_gate_denial_days: gate events per day and site, denials per
 *   reason code.
 *
 * Days are the cooperative's local days; a day is finer than any period (month, quarter,
 * year or any span of dates), so every period is an exact sum of days.
 *
 * They are kept by statement-level triggers on the source tables, in the transaction that
 * writes the rows, whatever statement writes them: one grouped upsert per statement, reading
 * the statement's new rows only. Both sources are append-only (forbid_update_delete), so
 * inserts are all there is to follow. A change of a cooperative's time zone moves its local
 * days: its rollups are then rebuilt from the rows, in that transaction too.
 *
 * The report_*_recomputed(cooperative) functions compute the same figures from the rows: the
 * triggers' aggregate, the backfill, the rebuild and the check (reports:check-rollups, and
 * the report's own check at generation) all share that one definition of each figure.
 */
const PURCHASE_DAY = `(CASE n.kind WHEN 'reversal' THEN n.recorded_at ELSE coalesce(n.captured_at, n.recorded_at) END AT TIME ZONE c.timezone)::date`;
const STOCK_DAY = `(coalesce(n.captured_at, n.recorded_at) AT TIME ZONE c.timezone)::date`;
const GATE_DAY = `(n.captured_at AT TIME ZONE c.timezone)::date`;

const PURCHASE_COLUMNS = 'cooperative_id, day, stock_day, kind, site_id, mineral, currency, reporting_currency, entries, net_mg, amount_minor, amount_reporting_minor, graded_net_mg, grade_bp_mg';
const FEE_COLUMNS = 'cooperative_id, day, kind, currency, fund_code, entries, amount_minor';
const GATE_COLUMNS = 'cooperative_id, day, site_id, events, entries, denials, minors';
const DENIAL_COLUMNS = 'cooperative_id, day, site_id, code, denials';

/** The aggregates over `source` (the ledger, or a statement's new rows), aliased n. */
const whereOf = (...conditions: string[]): string => {
  const present = conditions.filter((condition) => condition !== '');
  return present.length === 0 ? '' : `WHERE ${present.join(' AND ')}`;
};

const purchaseDays = (source: string, condition = ''): string => `
  SELECT n.cooperative_id, ${PURCHASE_DAY} AS day, ${STOCK_DAY} AS stock_day, n.kind, n.site_id, n.mineral, n.currency, n.reporting_currency,
         count(*) AS entries, coalesce(sum(n.net_mg), 0) AS net_mg, coalesce(sum(n.amount_minor), 0) AS amount_minor,
         coalesce(sum(n.amount_reporting_minor), 0) AS amount_reporting_minor,
         coalesce(sum(n.net_mg) FILTER (WHERE n.grade_bp IS NOT NULL), 0) AS graded_net_mg,
         coalesce(sum(n.net_mg::numeric * n.grade_bp), 0) AS grade_bp_mg
    FROM ${source} n JOIN cooperatives c ON c.id = n.cooperative_id ${whereOf(condition)}
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`;

const feeDays = (source: string, condition = ''): string => `
  SELECT cooperative_id, day, kind, currency, fund_code, count(*) AS entries, coalesce(sum(amount), 0) AS amount_minor
    FROM (SELECT n.cooperative_id, n.id, ${PURCHASE_DAY} AS day, n.kind, n.currency::text AS currency, f.value->>'fundCode' AS fund_code,
                 sum((f.value->>'amountMinor')::bigint) AS amount
            FROM ${source} n JOIN cooperatives c ON c.id = n.cooperative_id CROSS JOIN LATERAL jsonb_array_elements(n.fees) AS f(value) ${whereOf(condition)}
           GROUP BY 1, 2, 3, 4, 5, 6) lines
   GROUP BY 1, 2, 3, 4, 5`;

const gateDays = (source: string, condition = ''): string => `
  SELECT n.cooperative_id, ${GATE_DAY} AS day, n.site_id, count(*) AS events,
         count(*) FILTER (WHERE n.allowed AND n.direction = 'in') AS entries,
         count(*) FILTER (WHERE NOT n.allowed) AS denials,
         count(*) FILTER (WHERE NOT n.allowed AND (n.reasons @> '[{"code":"UNDER_18"}]' OR (n.unknown_person->>'apparentMinor')::boolean)) AS minors
    FROM ${source} n JOIN cooperatives c ON c.id = n.cooperative_id ${whereOf(condition)}
   GROUP BY 1, 2, 3`;

const denialDays = (source: string, condition = ''): string => `
  SELECT n.cooperative_id, ${GATE_DAY} AS day, n.site_id, r.value->>'code' AS code, count(*) AS denials
    FROM ${source} n JOIN cooperatives c ON c.id = n.cooperative_id CROSS JOIN LATERAL jsonb_array_elements(n.reasons) AS r(value)
   ${whereOf('NOT n.allowed', condition)}
   GROUP BY 1, 2, 3, 4`;

/** Adds a statement's grouped rows to a rollup, in key order (two writers never lock the same rows crosswise). */
const upsert = (table: string, columns: string, select: string, key: string, sums: readonly string[]): string => `
  INSERT INTO ${table} (${columns})
  SELECT * FROM (${select}) grouped ORDER BY ${key}
  ON CONFLICT ON CONSTRAINT ${table}_key DO UPDATE SET ${sums.map((sum) => `${sum} = ${table}.${sum} + excluded.${sum}`).join(', ')}`;

const PURCHASE_KEY = 'cooperative_id, day, stock_day, kind, site_id, mineral, currency, reporting_currency';
const PURCHASE_SUMS = ['entries', 'net_mg', 'amount_minor', 'amount_reporting_minor', 'graded_net_mg', 'grade_bp_mg'];
const FEE_KEY = 'cooperative_id, day, kind, currency, fund_code';
const GATE_KEY = 'cooperative_id, day, site_id';
const DENIAL_KEY = 'cooperative_id, day, site_id, code';

const ROLLUPS = ['report_purchase_days', 'report_fee_days', 'report_gate_days', 'report_gate_denial_days'] as const;

export class H6ReportRollups1764000600000 implements MigrationInterface {
  name = 'H6ReportRollups1764000600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE report_purchase_days (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        day date NOT NULL,
        stock_day date NOT NULL,
        kind text NOT NULL,
        site_id uuid,
        mineral text,
        currency char(3),
        reporting_currency char(3),
        entries bigint NOT NULL,
        net_mg numeric NOT NULL,
        amount_minor numeric NOT NULL,
        amount_reporting_minor numeric NOT NULL,
        graded_net_mg numeric NOT NULL,
        grade_bp_mg numeric NOT NULL,
        CONSTRAINT report_purchase_days_key UNIQUE NULLS NOT DISTINCT (${PURCHASE_KEY})
      )`);
    await db.query(`
      CREATE TABLE report_fee_days (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        day date NOT NULL,
        kind text NOT NULL,
        currency text,
        fund_code text,
        entries bigint NOT NULL,
        amount_minor numeric NOT NULL,
        CONSTRAINT report_fee_days_key UNIQUE NULLS NOT DISTINCT (${FEE_KEY})
      )`);
    await db.query(`
      CREATE TABLE report_gate_days (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        day date NOT NULL,
        site_id uuid NOT NULL,
        events bigint NOT NULL,
        entries bigint NOT NULL,
        denials bigint NOT NULL,
        minors bigint NOT NULL,
        CONSTRAINT report_gate_days_key UNIQUE (${GATE_KEY})
      )`);
    await db.query(`
      CREATE TABLE report_gate_denial_days (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        day date NOT NULL,
        site_id uuid NOT NULL,
        code text,
        denials bigint NOT NULL,
        CONSTRAINT report_gate_denial_days_key UNIQUE NULLS NOT DISTINCT (${DENIAL_KEY})
      )`);

    // The same figures from the rows, for one cooperative: backfill, rebuild and check.
    const forCooperative = 'n.cooperative_id = p_cooperative';
    const recomputed: ReadonlyArray<readonly [string, string, string]> = [
      ['report_purchase_days_recomputed', purchaseDays('purchase_ledger', forCooperative), `cooperative_id uuid, day date, stock_day date, kind text, site_id uuid, mineral text, currency char(3), reporting_currency char(3),
         entries bigint, net_mg numeric, amount_minor numeric, amount_reporting_minor numeric, graded_net_mg numeric, grade_bp_mg numeric`],
      ['report_fee_days_recomputed', feeDays('purchase_ledger', forCooperative), 'cooperative_id uuid, day date, kind text, currency text, fund_code text, entries bigint, amount_minor numeric'],
      ['report_gate_days_recomputed', gateDays('gate_events', forCooperative), 'cooperative_id uuid, day date, site_id uuid, events bigint, entries bigint, denials bigint, minors bigint'],
      ['report_gate_denial_days_recomputed', denialDays('gate_events', forCooperative), 'cooperative_id uuid, day date, site_id uuid, code text, denials bigint'],
    ];
    for (const [name, select, returns] of recomputed) {
      await db.query(`CREATE FUNCTION ${name}(p_cooperative uuid) RETURNS TABLE (${returns}) LANGUAGE sql STABLE AS $$ ${select} $$`);
    }
    await db.query(`
      CREATE FUNCTION report_rollups_rebuild(p_cooperative uuid) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM report_purchase_days WHERE cooperative_id = p_cooperative;
        DELETE FROM report_fee_days WHERE cooperative_id = p_cooperative;
        DELETE FROM report_gate_days WHERE cooperative_id = p_cooperative;
        DELETE FROM report_gate_denial_days WHERE cooperative_id = p_cooperative;
        INSERT INTO report_purchase_days (${PURCHASE_COLUMNS}) SELECT * FROM report_purchase_days_recomputed(p_cooperative);
        INSERT INTO report_fee_days (${FEE_COLUMNS}) SELECT * FROM report_fee_days_recomputed(p_cooperative);
        INSERT INTO report_gate_days (${GATE_COLUMNS}) SELECT * FROM report_gate_days_recomputed(p_cooperative);
        INSERT INTO report_gate_denial_days (${DENIAL_COLUMNS}) SELECT * FROM report_gate_denial_days_recomputed(p_cooperative);
      END $$`);

    await db.query(`
      CREATE FUNCTION report_rollups_purchases() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${upsert('report_purchase_days', PURCHASE_COLUMNS, purchaseDays('new_rows'), PURCHASE_KEY, PURCHASE_SUMS)};
        ${upsert('report_fee_days', FEE_COLUMNS, feeDays('new_rows'), FEE_KEY, ['entries', 'amount_minor'])};
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION report_rollups_gate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${upsert('report_gate_days', GATE_COLUMNS, gateDays('new_rows'), GATE_KEY, ['events', 'entries', 'denials', 'minors'])};
        ${upsert('report_gate_denial_days', DENIAL_COLUMNS, denialDays('new_rows'), DENIAL_KEY, ['denials'])};
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION report_rollups_time_zone() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM report_rollups_rebuild(NEW.id);
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER purchase_ledger_report_rollups AFTER INSERT ON purchase_ledger
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_rollups_purchases()`);
    await db.query(`
      CREATE TRIGGER gate_events_report_rollups AFTER INSERT ON gate_events
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_rollups_gate()`);
    await db.query(`
      CREATE TRIGGER cooperatives_report_rollups AFTER UPDATE OF timezone ON cooperatives
        FOR EACH ROW WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone) EXECUTE FUNCTION report_rollups_time_zone()`);

    await enableTenantRowSecurity(db, ROLLUPS);
    for (const table of ROLLUPS) await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO ushirika_api`);

    // Backfill from the rows already there.
    const done = await seeAllCooperatives(db);
    await db.query('SELECT report_rollups_rebuild(id) FROM cooperatives');
    await done();
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TRIGGER cooperatives_report_rollups ON cooperatives');
    await db.query('DROP TRIGGER gate_events_report_rollups ON gate_events');
    await db.query('DROP TRIGGER purchase_ledger_report_rollups ON purchase_ledger');
    for (const name of ['report_rollups_time_zone()', 'report_rollups_gate()', 'report_rollups_purchases()', 'report_rollups_rebuild(uuid)']) await db.query(`DROP FUNCTION ${name}`);
    for (const table of ROLLUPS) {
      await db.query(`DROP FUNCTION ${table}_recomputed(uuid)`);
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
