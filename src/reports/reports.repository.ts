import { Injectable } from '@nestjs/common';
import type { IsoDate } from '../common/calendar-date.js';
import type { TenantTx } from '../database/tx.js';
import type { FlagSeverity } from '../risk/rules/categories.js';
import type { FlagState } from '../risk/rules/lifecycle.js';
import { ledgerLoanOf, ledgerMovementOf } from '../savings/rules/ledger.js';
import type { LedgerLoanColumns, LedgerMovementColumns } from '../savings/savings-rows.js';
import type { CycleLoanBook } from './rules/loan-portfolio.js';
import { REPORT_ROLLUPS, type RollupDefinition, type RollupRow } from './rules/rollup-check.js';
import type { ReportPeriod } from './rules/period.js';

export interface CooperativeRow {
  id: string; name: string; legal_form: string; registration_number: string; approval_number: string | null;
  country: string; province: string; territory: string | null; timezone: string;
}
export interface PurchaseAggregateRow { site_id: string | null; site_name: string | null; mineral: string; currency: string; count: string; net_mg: string; value_minor: string; reversals: string }
/** A group of members at the period's end ('member'), or the count of those who joined or exited in it. */
export interface MemberGroupRow {
  kind: 'member' | 'joined' | 'exited'; sex: 'F' | 'M' | null; date_of_birth: string | null; birth_year: number | null;
  card: 'valid' | 'expiring' | 'expired' | 'none' | null; count: string;
}
/** Purchased or sold mass and value per mineral, site and reporting currency, up to the opening day and the closing day. */
export interface StockMovementRow {
  side: 'purchased' | 'sold'; mineral: string; site_id: string | null; currency: string | null; at_opening: boolean;
  opening_mass_mg: string; opening_value_minor: string; closing_mass_mg: string; closing_value_minor: string;
}
export interface FlagRow { id: string; category: string; severity: FlagSeverity; state: FlagState; raised_at: Date; opened: boolean; closed: boolean }
export interface ActionRow { flag_id: string; status: 'open' | 'done' | 'cancelled'; due_on: string }
export interface SavingsRow { currency: string; shares_value: string; disbursed: string; repaid: string; loan_fund: string; social_fund: string }
export interface FeeAggregateRow { fund_code: string; currency: string; amount_minor: string; purchases: string }
export interface NewReport {
  readonly id: string; readonly period: ReportPeriod; readonly version: number; readonly content: unknown; readonly contentHash: string;
  readonly changes: unknown; readonly ledgerOk: boolean; readonly generatedBy: string; readonly generatedAt: Date;
}
export interface ReportRow {
  id: string; period_key: string; period_from: string; period_to: string; version: number; content_hash: string;
  ledger_ok: boolean | null; generated_at: Date; generated_by: string; changes: unknown; content?: unknown;
}

/** Local date of a timestamp in the cooperative's time zone, as SQL. */
const localDate = (column: string): string => `(${column} AT TIME ZONE c.timezone)::date`;

/** A query on some connection: a tenant transaction's, or the command line's own client. */
export type RowQuery = (sql: string, parameters: readonly unknown[]) => Promise<Record<string, unknown>[]>;

/** The aggregate queries behind the regulator's report; each one reads one module's tables. */
@Injectable()
export class ReportsRepository {
  /**
   * The rows of one rollup that differ from the same figures recomputed from the source rows
   * (report_*_recomputed, the definition the triggers also use), for one cooperative: rows
   * equal on both sides are left out by the database, the rest are matched by the caller.
   */
  static async rollupMismatches(query: RowQuery, cooperativeId: string, rollup: RollupDefinition): Promise<{ stored: RollupRow[]; recomputed: RollupRow[] }> {
    if (!REPORT_ROLLUPS.includes(rollup)) throw new Error(`Not a report rollup: ${rollup.table}`);
    const rows = await query(
      `WITH stored AS (SELECT t.cooperative_id, to_jsonb(t) - 'cooperative_id' AS j FROM ${rollup.table} t WHERE t.cooperative_id = $1),
            recomputed AS (SELECT t.cooperative_id, to_jsonb(t) - 'cooperative_id' AS j FROM ${rollup.table}_recomputed($1) t)
       SELECT s.j AS stored, r.j AS recomputed
         FROM stored s FULL JOIN recomputed r ON r.cooperative_id = s.cooperative_id AND s.j = r.j WHERE s.j IS NULL OR r.j IS NULL`,
      [cooperativeId],
    );
    return {
      stored: rows.flatMap((row) => (row.stored === null ? [] : [row.stored as RollupRow])),
      recomputed: rows.flatMap((row) => (row.recomputed === null ? [] : [row.recomputed as RollupRow])),
    };
  }

  async rollupMismatches(tx: TenantTx, rollup: RollupDefinition): Promise<{ stored: RollupRow[]; recomputed: RollupRow[] }> {
    return ReportsRepository.rollupMismatches((sql, parameters) => tx.query<Record<string, unknown>[]>(sql, parameters), tx.cooperativeId, rollup);
  }

  /** How many ledger entries and gate events the rollups summarise: what recomputing them would read. */
  async rolledUpRows(tx: TenantTx): Promise<number> {
    const [row] = await tx.query<{ rows: string }[]>(
      `SELECT ((SELECT coalesce(SUM(entries), 0) FROM report_purchase_days WHERE cooperative_id = $1)
             + (SELECT coalesce(SUM(events), 0) FROM report_gate_days WHERE cooperative_id = $1))::text AS rows`,
      [tx.cooperativeId],
    );
    return Number(row.rows);
  }

  async cooperative(tx: TenantTx): Promise<CooperativeRow | null> {
    const rows = await tx.query<CooperativeRow[]>(
      `SELECT id, name, legal_form, registration_number, approval_number, country, province, territory, timezone FROM cooperatives WHERE id = $1`,
      [tx.cooperativeId],
    );
    return rows[0] ?? null;
  }

  /**
   * Purchases captured in the period and reversals recorded in it, netted per site, mineral
   * and currency: from the daily rollup (report_purchase_days), whose `day` is that date.
   */
  async purchases(tx: TenantTx, period: ReportPeriod): Promise<PurchaseAggregateRow[]> {
    return tx.query<PurchaseAggregateRow[]>(
      `SELECT p.site_id, s.name AS site_name, p.mineral, p.currency,
              SUM(CASE p.kind WHEN 'reversal' THEN -p.entries ELSE p.entries END)::text AS count,
              SUM(CASE p.kind WHEN 'reversal' THEN -p.net_mg ELSE p.net_mg END)::text AS net_mg,
              SUM(p.amount_minor)::text AS value_minor,
              SUM(CASE p.kind WHEN 'reversal' THEN p.entries ELSE 0 END)::text AS reversals
         FROM report_purchase_days p
         LEFT JOIN sites s ON s.cooperative_id = p.cooperative_id AND s.id = p.site_id
        WHERE p.cooperative_id = $1 AND p.day BETWEEN $2 AND $3
        GROUP BY p.site_id, s.name, p.mineral, p.currency
        ORDER BY s.name NULLS LAST, p.site_id, p.mineral, p.currency`,
      [tx.cooperativeId, period.from, period.to],
    );
  }

  /**
   * Fees and levies withheld in the period, per fund and currency, from the fee lines each
   * ledger entry carries (what the fee rules computed when the purchase was recorded), as
   * rolled up per day (report_fee_days). Reversals carry negated lines and count as minus
   * one purchase, as in `purchases`; an entry with two lines for the same fund counts once.
   */
  async feesByFund(tx: TenantTx, period: ReportPeriod): Promise<FeeAggregateRow[]> {
    return tx.query<FeeAggregateRow[]>(
      `SELECT fund_code, currency, SUM(amount_minor)::text AS amount_minor, SUM(CASE kind WHEN 'reversal' THEN -entries ELSE entries END)::text AS purchases
         FROM report_fee_days
        WHERE cooperative_id = $1 AND day BETWEEN $2 AND $3
        GROUP BY fund_code, currency
        ORDER BY fund_code, currency`,
      [tx.cooperativeId, period.from, period.to],
    );
  }

  /**
   * Stock movements up to the end of `opening` and of `closing` in one pass: purchases and
   * reversals from the daily rollup by the stock's own day (capture, else recording), sold
   * lots at their purchase mass and cost by the sale's date, summed per mineral, site and
   * reporting currency as the stock service sums them.
   */
  async stockMovements(tx: TenantTx, opening: IsoDate, closing: IsoDate): Promise<StockMovementRow[]> {
    return tx.query<StockMovementRow[]>(
      `SELECT side, mineral, site_id, currency,
              coalesce(SUM(mass_mg) FILTER (WHERE day <= $2::date), 0)::text AS opening_mass_mg,
              coalesce(SUM(value_minor) FILTER (WHERE day <= $2::date), 0)::text AS opening_value_minor,
              bool_or(day <= $2::date) AS at_opening,
              SUM(mass_mg)::text AS closing_mass_mg, SUM(value_minor)::text AS closing_value_minor
         FROM (SELECT 'purchased' AS side, p.mineral, p.site_id, p.reporting_currency::text AS currency, p.stock_day AS day,
                      CASE p.kind WHEN 'reversal' THEN -p.net_mg ELSE p.net_mg END AS mass_mg, p.amount_reporting_minor AS value_minor
                 FROM report_purchase_days p WHERE p.cooperative_id = $1 AND p.stock_day <= $3::date
               UNION ALL
               SELECT 'sold', e.mineral, e.site_id, e.reporting_currency::text, s.sold_on, e.net_mg, COALESCE(e.amount_reporting_minor, 0)
                 FROM sale_lots l
                 JOIN sales s ON s.cooperative_id = l.cooperative_id AND s.id = l.sale_id
                 JOIN purchase_ledger e ON e.cooperative_id = l.cooperative_id AND e.id = l.purchase_id
                WHERE l.cooperative_id = $1 AND s.sold_on <= $3::date) movements
        GROUP BY side, mineral, site_id, currency`,
      [tx.cooperativeId, opening, closing],
    );
  }

  /**
   * Members at the end of the period in one grouped pass, never one row per miner back: miners
   * whose last status change on or before `to` (by effective date, decision time, id) leaves
   * them active or suspended, grouped by sex, birth (date, or year when only that is known:
   * the age band is the caller's, on the report's date) and card standing on `to` (the
   * latest-issued card covering the day; none issued by then: none; all lapsed: expired).
   * Two more rows count the miners who joined in the period (became active from no status
   * or from applicant) and the exits recorded in it. Status, cards and the miner's own row are
   * folded per miner in one aggregate over the three (no join of per-miner sets, whose size
   * the planner cannot estimate once filtered).
   */
  async memberGroups(tx: TenantTx, period: ReportPeriod, expiringWithinDays: number): Promise<MemberGroupRow[]> {
    return tx.query<MemberGroupRow[]>(
      `WITH changes AS (
              SELECT miner_id, to_status, effective_on,
                     lag(to_status) OVER w AS before, lead(true) OVER w IS NULL AS last
                FROM miner_status_changes
               WHERE cooperative_id = $1 AND effective_on <= $3
              WINDOW w AS (PARTITION BY miner_id ORDER BY effective_on, decided_at, id)),
            per_miner AS (
              SELECT miner_id,
                     max(to_status) FILTER (WHERE source = 'status' AND last) AS status,
                     max(sex) AS sex, max(date_of_birth) AS date_of_birth, max(birth_year) AS birth_year,
                     bool_or(source = 'card') AS carded,
                     (array_agg(expires_on ORDER BY issued_on DESC, expires_on DESC) FILTER (WHERE source = 'card' AND expires_on >= $3))[1] AS covering_expires_on
                FROM (SELECT 'status' AS source, miner_id, to_status, last, NULL::date AS issued_on, NULL::date AS expires_on, NULL::text AS sex, NULL::date AS date_of_birth, NULL::integer AS birth_year FROM changes
                      UNION ALL
                      SELECT 'card', miner_id, NULL, NULL, issued_on, expires_on, NULL, NULL, NULL FROM miner_cards WHERE cooperative_id = $1 AND issued_on <= $3
                      UNION ALL
                      SELECT 'miner', id, NULL, NULL, NULL, NULL, sex, date_of_birth, birth_year FROM miners WHERE cooperative_id = $1) facts
               GROUP BY miner_id)
       SELECT 'member' AS kind, sex, date_of_birth::text, birth_year,
              CASE WHEN NOT carded THEN 'none' WHEN covering_expires_on IS NULL THEN 'expired'
                   WHEN covering_expires_on - $3::date <= $4 THEN 'expiring' ELSE 'valid' END AS card,
              count(*)::text AS count
         FROM per_miner
        WHERE status IN ('active', 'suspended')
        GROUP BY sex, date_of_birth, birth_year, 5
       UNION ALL
       SELECT 'joined', NULL, NULL, NULL, NULL, count(DISTINCT miner_id)::text FROM changes
        WHERE to_status = 'active' AND effective_on >= $2 AND (before IS NULL OR before = 'applicant')
       UNION ALL
       SELECT 'exited', NULL, NULL, NULL, NULL, count(*)::text FROM changes WHERE to_status = 'exited' AND effective_on >= $2`,
      [tx.cooperativeId, period.from, period.to, expiringWithinDays],
    );
  }

  async gate(tx: TenantTx, period: ReportPeriod): Promise<{ entries: string; denials: string; minors: string }> {
    const [row] = await tx.query<{ entries: string; denials: string; minors: string }[]>(
      `SELECT coalesce(SUM(entries), 0)::text AS entries, coalesce(SUM(denials), 0)::text AS denials, coalesce(SUM(minors), 0)::text AS minors
         FROM report_gate_days WHERE cooperative_id = $1 AND day BETWEEN $2 AND $3`,
      [tx.cooperativeId, period.from, period.to],
    );
    return row;
  }

  async denialsByReason(tx: TenantTx, period: ReportPeriod): Promise<{ code: string; count: string }[]> {
    return tx.query<{ code: string; count: string }[]>(
      `SELECT code, SUM(denials)::text AS count FROM report_gate_denial_days
        WHERE cooperative_id = $1 AND day BETWEEN $2 AND $3 GROUP BY code ORDER BY code`,
      [tx.cooperativeId, period.from, period.to],
    );
  }

  /** Flags raised in the period, closed in it, or still being worked on. */
  async flags(tx: TenantTx, period: ReportPeriod): Promise<FlagRow[]> {
    return tx.query<FlagRow[]>(
      `SELECT f.id, f.category, f.severity, f.state, f.raised_at,
              ${localDate('f.raised_at')} BETWEEN $2 AND $3 AS opened,
              (f.state IN ('resolved', 'closed', 'dismissed') AND ${localDate('f.state_changed_at')} BETWEEN $2 AND $3) AS closed
         FROM risk_flags f JOIN cooperatives c ON c.id = f.cooperative_id
        WHERE f.cooperative_id = $1 AND ${localDate('f.raised_at')} <= $3`,
      [tx.cooperativeId, period.from, period.to],
    );
  }

  async correctiveActions(tx: TenantTx): Promise<ActionRow[]> {
    return tx.query<ActionRow[]>('SELECT flag_id, status, due_on::text FROM corrective_actions WHERE cooperative_id = $1', [tx.cooperativeId]);
  }

  /**
   * Corrective actions counted from their rows, on the cooperative's local dates. "At the
   * end" is the period's last day, or today when that is earlier: an action is open then when
   * it was created by that day and not closed (done or cancelled) by it, and overdue when its
   * due date is before that day.
   */
  async correctiveActionCounts(tx: TenantTx, period: ReportPeriod): Promise<{ created: string; completed: string; cancelled: string; open: string; overdue: string }> {
    const [row] = await tx.query<{ created: string; completed: string; cancelled: string; open: string; overdue: string }[]>(
      `WITH actions AS (
              SELECT a.status, a.due_on, ${localDate('a.created_at')} AS created_on, ${localDate('a.completed_at')} AS completed_on,
                     least($3::date, (now() AT TIME ZONE c.timezone)::date) AS end_on
                FROM corrective_actions a JOIN cooperatives c ON c.id = a.cooperative_id
               WHERE a.cooperative_id = $1),
            standing AS (SELECT *, created_on <= end_on AND (status = 'open' OR completed_on IS NULL OR completed_on > end_on) AS open_at_end FROM actions)
       SELECT count(*) FILTER (WHERE created_on BETWEEN $2 AND $3)::text AS created,
              count(*) FILTER (WHERE status = 'done' AND completed_on BETWEEN $2 AND $3)::text AS completed,
              count(*) FILTER (WHERE status = 'cancelled' AND completed_on BETWEEN $2 AND $3)::text AS cancelled,
              count(*) FILTER (WHERE open_at_end)::text AS open,
              count(*) FILTER (WHERE open_at_end AND due_on < end_on)::text AS overdue
         FROM standing`,
      [tx.cooperativeId, period.from, period.to],
    );
    return row;
  }

  async childLabourCases(tx: TenantTx, period: ReportPeriod): Promise<{ state: string; total: string; opened: string }[]> {
    return tx.query<{ state: string; total: string; opened: string }[]>(
      `SELECT state, count(*)::text AS total, count(*) FILTER (WHERE identified_on >= $2)::text AS opened
         FROM child_labour_cases WHERE cooperative_id = $1 AND identified_on <= $3 GROUP BY state ORDER BY state`,
      [tx.cooperativeId, period.from, period.to],
    );
  }

  async assemblies(tx: TenantTx, period: ReportPeriod): Promise<{ id: string; kind: string; held_on: string; quorum_reached: boolean | null }[]> {
    return tx.query(
      `SELECT id, kind, held_on::text, quorum_reached FROM assemblies
        WHERE cooperative_id = $1 AND held_on BETWEEN $2 AND $3 AND status = 'open' ORDER BY held_on, id`,
      [tx.cooperativeId, period.from, period.to],
    );
  }

  async elections(tx: TenantTx, period: ReportPeriod): Promise<{ held: string; certified: string }> {
    const [row] = await tx.query<{ held: string; certified: string }[]>(
      `SELECT count(*)::text AS held, count(*) FILTER (WHERE e.status = 'certified')::text AS certified
         FROM elections e JOIN assemblies a ON a.cooperative_id = e.cooperative_id AND a.id = e.assembly_id
        WHERE e.cooperative_id = $1 AND a.held_on BETWEEN $2 AND $3`,
      [tx.cooperativeId, period.from, period.to],
    );
    return row;
  }

  async bylawVersions(tx: TenantTx, to: string): Promise<{ adopted_on: string; declared_on: string | null }[]> {
    return tx.query(
      `SELECT adopted_on::text, CASE WHEN declared_on <= $2 THEN declared_on::text END AS declared_on
         FROM bylaw_versions WHERE cooperative_id = $1 AND adopted_on <= $2`,
      [tx.cooperativeId, to],
    );
  }

  async savingsCounts(tx: TenantTx, to: string): Promise<{ groups: string; members: string }> {
    const [row] = await tx.query<{ groups: string; members: string }[]>(
      `SELECT (SELECT count(*) FROM savings_groups WHERE cooperative_id = $1 AND (created_at AT TIME ZONE c.timezone)::date <= $2)::text AS groups,
              (SELECT count(*) FROM savings_group_members WHERE cooperative_id = $1 AND joined_on <= $2)::text AS members
         FROM cooperatives c WHERE c.id = $1`,
      [tx.cooperativeId, to],
    );
    return row ?? { groups: '0', members: '0' };
  }

  /**
   * Balances at the end of the period of the cycles running then, per currency. Cash is
   * the plain sum of movements (reversals carry negated amounts); shares and loans count
   * only rows that stand (not reversed).
   */
  async savingsBalances(tx: TenantTx, to: string): Promise<SavingsRow[]> {
    return tx.query<SavingsRow[]>(
      `SELECT cy.rules->>'currency' AS currency,
              coalesce(SUM(m.amount_minor) FILTER (WHERE m.kind = 'share_purchase' AND r.id IS NULL), 0)::text AS shares_value,
              coalesce(SUM(abs(m.amount_minor)) FILTER (WHERE m.kind = 'loan_disbursement' AND r.id IS NULL), 0)::text AS disbursed,
              coalesce(SUM(abs(m.amount_minor)) FILTER (WHERE m.kind = 'loan_repayment' AND r.id IS NULL), 0)::text AS repaid,
              coalesce(SUM(m.amount_minor) FILTER (WHERE m.fund = 'loan_fund'), 0)::text AS loan_fund,
              coalesce(SUM(m.amount_minor) FILTER (WHERE m.fund = 'social_fund'), 0)::text AS social_fund
         FROM savings_cycles cy
         JOIN savings_movements m ON m.cooperative_id = cy.cooperative_id AND m.cycle_id = cy.id AND m.occurred_on <= $2
         LEFT JOIN savings_movements r ON r.cooperative_id = m.cooperative_id AND r.reverses_movement_id = m.id AND r.occurred_on <= $2
        WHERE cy.cooperative_id = $1 AND cy.starts_on <= $2 AND (cy.closed_on IS NULL OR cy.closed_on >= $2)
        GROUP BY 1 ORDER BY 1`,
      [tx.cooperativeId, to],
    );
  }

  /** Net purchases per local month and mineral in the period: the bars of the report's chart. */
  async monthlyPurchases(tx: TenantTx, period: ReportPeriod): Promise<{ month: string; mineral: string; count: string; net_mg: string }[]> {
    return tx.query(
      `SELECT to_char(p.day, 'YYYY-MM') AS month, p.mineral,
              SUM(CASE p.kind WHEN 'reversal' THEN -p.entries ELSE p.entries END)::text AS count,
              SUM(CASE p.kind WHEN 'reversal' THEN -p.net_mg ELSE p.net_mg END)::text AS net_mg
         FROM report_purchase_days p
        WHERE p.cooperative_id = $1 AND p.day BETWEEN $2 AND $3
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [tx.cooperativeId, period.from, period.to],
    );
  }

  /** The loan books of the savings cycles running on `to`: loans, movements and write-offs up to that day. */
  async loanBooks(tx: TenantTx, to: string): Promise<CycleLoanBook[]> {
    const running = `SELECT cooperative_id, id, rules->>'currency' AS currency FROM savings_cycles
                      WHERE cooperative_id = $1 AND starts_on <= $2 AND (closed_on IS NULL OR closed_on >= $2)`;
    const cycles = await tx.query<{ id: string; currency: string }[]>(running, [tx.cooperativeId, to]);
    const loans = await tx.query<(LedgerLoanColumns & { cycle_id: string })[]>(
      `SELECT l.id, l.cycle_id, l.member_id, l.principal_minor::text, l.disbursed_on::text, l.term_months, l.service_charge_rate_bp, l.service_charge_method
         FROM savings_loans l JOIN (${running}) cy ON cy.cooperative_id = l.cooperative_id AND cy.id = l.cycle_id
        WHERE l.cooperative_id = $1 AND l.disbursed_on <= $2
          -- a debt carried out of a cycle that closed that very day is still counted in that cycle's books: not twice
          AND (l.carried_from_cycle_id IS NULL OR NOT EXISTS (SELECT 1 FROM (${running}) r WHERE r.id = l.carried_from_cycle_id))`,
      [tx.cooperativeId, to],
    );
    const movements = await tx.query<(LedgerMovementColumns & { cycle_id: string })[]>(
      `SELECT m.id, m.cycle_id, m.kind, m.fund, m.member_id, m.loan_id, m.amount_minor::text, m.shares, m.occurred_on::text, m.reverses_movement_id
         FROM savings_movements m JOIN (${running}) cy ON cy.cooperative_id = m.cooperative_id AND cy.id = m.cycle_id
        WHERE m.cooperative_id = $1 AND m.occurred_on <= $2 AND (m.loan_id IS NOT NULL OR m.kind = 'reversal')
        ORDER BY m.seq`,
      [tx.cooperativeId, to],
    );
    const writeOffs = await tx.query<{ loan_id: string; cycle_id: string; written_off_on: string; principal_minor: string; service_charge_minor: string }[]>(
      `SELECT w.loan_id, w.cycle_id, w.written_off_on::text, w.principal_minor::text, w.service_charge_minor::text
         FROM savings_loan_write_offs w JOIN (${running}) cy ON cy.cooperative_id = w.cooperative_id AND cy.id = w.cycle_id
        WHERE w.cooperative_id = $1 AND w.written_off_on <= $2`,
      [tx.cooperativeId, to],
    );
    return cycles.map((cycle) => ({
      currency: cycle.currency,
      loans: loans.filter((l) => l.cycle_id === cycle.id).map(ledgerLoanOf),
      movements: movements.filter((m) => m.cycle_id === cycle.id).map(ledgerMovementOf),
      writeOffs: new Map(writeOffs.filter((w) => w.cycle_id === cycle.id).map((w) => [w.loan_id, {
        writtenOffOn: w.written_off_on, principalMinor: Number(w.principal_minor), serviceChargeMinor: Number(w.service_charge_minor),
      }])),
    }));
  }

  async ledgerHead(tx: TenantTx): Promise<{ last_sequence: number; last_hash: string } | null> {
    const rows = await tx.query<{ last_sequence: number; last_hash: string }[]>('SELECT last_sequence, last_hash FROM ledger_heads WHERE cooperative_id = $1', [tx.cooperativeId]);
    return rows[0] ?? null;
  }

  async latestVersion(tx: TenantTx, period: ReportPeriod): Promise<{ version: number; content: unknown } | null> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`report:${tx.cooperativeId}:${period.from}:${period.to}`]);
    const rows = await tx.query<{ version: number; content: unknown }[]>(
      `SELECT version, content FROM reports WHERE cooperative_id = $1 AND kind = 'regulator' AND period_from = $2 AND period_to = $3
        ORDER BY version DESC LIMIT 1`,
      [tx.cooperativeId, period.from, period.to],
    );
    return rows[0] ?? null;
  }

  async list(tx: TenantTx): Promise<ReportRow[]> {
    return tx.query<ReportRow[]>(
      `SELECT id, period_key, period_from::text, period_to::text, version, content_hash, ledger_ok, generated_at, generated_by, changes
         FROM reports WHERE cooperative_id = $1 ORDER BY generated_at DESC, id`,
      [tx.cooperativeId],
    );
  }

  async get(tx: TenantTx, id: string): Promise<ReportRow | null> {
    const rows = await tx.query<ReportRow[]>(
      `SELECT id, period_key, period_from::text, period_to::text, version, content_hash, ledger_ok, generated_at, generated_by, changes, content
         FROM reports WHERE cooperative_id = $1 AND id = $2`,
      [tx.cooperativeId, id],
    );
    return rows[0] ?? null;
  }

  async insertReport(tx: TenantTx, report: NewReport): Promise<void> {
    await tx.query(
      `INSERT INTO reports (cooperative_id, id, kind, period_key, period_from, period_to, version, content, content_hash, changes, ledger_ok, generated_by, generated_at)
       VALUES ($1, $2, 'regulator', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [tx.cooperativeId, report.id, report.period.key, report.period.from, report.period.to, report.version, JSON.stringify(report.content), report.contentHash,
        JSON.stringify(report.changes), report.ledgerOk, report.generatedBy, report.generatedAt],
    );
  }
}
