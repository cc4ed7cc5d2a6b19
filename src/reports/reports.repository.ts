import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../database/tx.js';
import type { FlagSeverity } from '../risk/rules/categories.js';
import type { FlagState } from '../risk/rules/lifecycle.js';
import { ledgerLoanOf, ledgerMovementOf } from '../savings/rules/ledger.js';
import type { LedgerLoanColumns, LedgerMovementColumns } from '../savings/savings-rows.js';
import type { CycleLoanBook } from './rules/loan-portfolio.js';
import type { ReportPeriod } from './rules/period.js';

export interface CooperativeRow {
  id: string; name: string; legal_form: string; registration_number: string; approval_number: string | null;
  country: string; province: string; territory: string | null; timezone: string;
}
export interface PurchaseAggregateRow { site_id: string | null; site_name: string | null; mineral: string; currency: string; count: string; net_mg: string; value_minor: string; reversals: string }
export interface MinerRow { id: string; sex: 'F' | 'M'; date_of_birth: string | null; birth_year: number | null; birth_date_estimated: boolean }
export interface StatusChangeRow { miner_id: string; to_status: string; effective_on: string }
export interface CardRow { miner_id: string; card_number: string; issued_on: string; expires_on: string }
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

/** Local date a purchase counts on: capture for purchases, recording for reversals. */
const PURCHASE_LOCAL_DATE = localDate("CASE p.kind WHEN 'reversal' THEN p.recorded_at ELSE coalesce(p.captured_at, p.recorded_at) END");

/** The aggregate queries behind the regulator's report; each one reads one module's tables. */
@Injectable()
export class ReportsRepository {
  async cooperative(tx: TenantTx): Promise<CooperativeRow | null> {
    const rows = await tx.query<CooperativeRow[]>(
      `SELECT id, name, legal_form, registration_number, approval_number, country, province, territory, timezone FROM cooperatives WHERE id = $1`,
      [tx.cooperativeId],
    );
    return rows[0] ?? null;
  }

  /** Purchases captured in the period and reversals recorded in it, netted per site, mineral and currency. */
  async purchases(tx: TenantTx, period: ReportPeriod): Promise<PurchaseAggregateRow[]> {
    return tx.query<PurchaseAggregateRow[]>(
      `SELECT p.site_id, s.name AS site_name, p.mineral, p.currency,
              SUM(CASE p.kind WHEN 'reversal' THEN -1 ELSE 1 END)::text AS count,
              SUM(CASE p.kind WHEN 'reversal' THEN -p.net_mg ELSE p.net_mg END)::text AS net_mg,
              SUM(p.amount_minor)::text AS value_minor,
              SUM(CASE p.kind WHEN 'reversal' THEN 1 ELSE 0 END)::text AS reversals
         FROM purchase_ledger p
         JOIN cooperatives c ON c.id = p.cooperative_id
         LEFT JOIN sites s ON s.cooperative_id = p.cooperative_id AND s.id = p.site_id
        WHERE p.cooperative_id = $1
          AND ${PURCHASE_LOCAL_DATE} BETWEEN $2 AND $3
        GROUP BY p.site_id, s.name, p.mineral, p.currency
        ORDER BY s.name NULLS LAST, p.site_id, p.mineral, p.currency`,
      [tx.cooperativeId, period.from, period.to],
    );
  }

  /**
   * Fees and levies withheld in the period, per fund and currency, from the fee lines each
   * ledger entry carries (what the fee rules computed when the purchase was recorded).
   * Reversals carry negated lines and count as minus one purchase, as in `purchases`; an
   * entry with two lines for the same fund counts once.
   */
  async feesByFund(tx: TenantTx, period: ReportPeriod): Promise<FeeAggregateRow[]> {
    return tx.query<FeeAggregateRow[]>(
      `SELECT fund_code, currency, SUM(amount)::text AS amount_minor, SUM(CASE kind WHEN 'reversal' THEN -1 ELSE 1 END)::text AS purchases
         FROM (SELECT p.id, p.kind, p.currency::text AS currency, f.value->>'fundCode' AS fund_code, SUM((f.value->>'amountMinor')::bigint) AS amount
                 FROM purchase_ledger p
                 JOIN cooperatives c ON c.id = p.cooperative_id
                CROSS JOIN LATERAL jsonb_array_elements(p.fees) AS f(value)
                WHERE p.cooperative_id = $1 AND ${PURCHASE_LOCAL_DATE} BETWEEN $2 AND $3
                GROUP BY p.id, p.kind, p.currency, f.value->>'fundCode') lines
        GROUP BY fund_code, currency
        ORDER BY fund_code, currency`,
      [tx.cooperativeId, period.from, period.to],
    );
  }

  async miners(tx: TenantTx): Promise<MinerRow[]> {
    return tx.query<MinerRow[]>('SELECT id, sex, date_of_birth::text, birth_year, birth_date_estimated FROM miners WHERE cooperative_id = $1', [tx.cooperativeId]);
  }

  async statusChanges(tx: TenantTx, to: string): Promise<StatusChangeRow[]> {
    return tx.query<StatusChangeRow[]>(
      `SELECT miner_id, to_status, effective_on::text FROM miner_status_changes
        WHERE cooperative_id = $1 AND effective_on <= $2 ORDER BY miner_id, effective_on, decided_at, id`,
      [tx.cooperativeId, to],
    );
  }

  async cards(tx: TenantTx): Promise<CardRow[]> {
    return tx.query<CardRow[]>('SELECT miner_id, card_number, issued_on::text, expires_on::text FROM miner_cards WHERE cooperative_id = $1 ORDER BY recorded_at, id', [tx.cooperativeId]);
  }

  async gate(tx: TenantTx, period: ReportPeriod): Promise<{ entries: string; denials: string; minors: string }> {
    const [row] = await tx.query<{ entries: string; denials: string; minors: string }[]>(
      `SELECT count(*) FILTER (WHERE g.allowed AND g.direction = 'in')::text AS entries,
              count(*) FILTER (WHERE NOT g.allowed)::text AS denials,
              count(*) FILTER (WHERE NOT g.allowed AND (g.reasons @> '[{"code":"UNDER_18"}]' OR (g.unknown_person->>'apparentMinor')::boolean))::text AS minors
         FROM gate_events g JOIN cooperatives c ON c.id = g.cooperative_id
        WHERE g.cooperative_id = $1 AND ${localDate('g.captured_at')} BETWEEN $2 AND $3`,
      [tx.cooperativeId, period.from, period.to],
    );
    return row;
  }

  async denialsByReason(tx: TenantTx, period: ReportPeriod): Promise<{ code: string; count: string }[]> {
    return tx.query<{ code: string; count: string }[]>(
      `SELECT r->>'code' AS code, count(*)::text AS count
         FROM gate_events g JOIN cooperatives c ON c.id = g.cooperative_id, jsonb_array_elements(g.reasons) r
        WHERE g.cooperative_id = $1 AND NOT g.allowed AND ${localDate('g.captured_at')} BETWEEN $2 AND $3
        GROUP BY 1 ORDER BY 1`,
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
      `SELECT to_char(${PURCHASE_LOCAL_DATE}, 'YYYY-MM') AS month, p.mineral,
              SUM(CASE p.kind WHEN 'reversal' THEN -1 ELSE 1 END)::text AS count,
              SUM(CASE p.kind WHEN 'reversal' THEN -p.net_mg ELSE p.net_mg END)::text AS net_mg
         FROM purchase_ledger p JOIN cooperatives c ON c.id = p.cooperative_id
        WHERE p.cooperative_id = $1 AND ${PURCHASE_LOCAL_DATE} BETWEEN $2 AND $3
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [tx.cooperativeId, period.from, period.to],
    );
  }

  /** The loan books of the savings cycles running on `to`: loans, movements and write-offs up to that day. */
  async loanBooks(tx: TenantTx, to: string): Promise<CycleLoanBook[]> {
    const running = `SELECT id, rules->>'currency' AS currency FROM savings_cycles
                      WHERE cooperative_id = $1 AND starts_on <= $2 AND (closed_on IS NULL OR closed_on >= $2)`;
    const cycles = await tx.query<{ id: string; currency: string }[]>(running, [tx.cooperativeId, to]);
    const loans = await tx.query<(LedgerLoanColumns & { cycle_id: string })[]>(
      `SELECT l.id, l.cycle_id, l.member_id, l.principal_minor::text, l.disbursed_on::text, l.term_months, l.service_charge_rate_bp, l.service_charge_method
         FROM savings_loans l JOIN (${running}) cy ON cy.id = l.cycle_id
        WHERE l.cooperative_id = $1 AND l.disbursed_on <= $2`,
      [tx.cooperativeId, to],
    );
    const movements = await tx.query<(LedgerMovementColumns & { cycle_id: string })[]>(
      `SELECT m.id, m.cycle_id, m.kind, m.fund, m.member_id, m.loan_id, m.amount_minor::text, m.shares, m.occurred_on::text, m.reverses_movement_id
         FROM savings_movements m JOIN (${running}) cy ON cy.id = m.cycle_id
        WHERE m.cooperative_id = $1 AND m.occurred_on <= $2 AND (m.loan_id IS NOT NULL OR m.kind = 'reversal')
        ORDER BY m.seq`,
      [tx.cooperativeId, to],
    );
    const writeOffs = await tx.query<{ loan_id: string; cycle_id: string; written_off_on: string; principal_minor: string; service_charge_minor: string }[]>(
      `SELECT w.loan_id, w.cycle_id, w.written_off_on::text, w.principal_minor::text, w.service_charge_minor::text
         FROM savings_loan_write_offs w JOIN (${running}) cy ON cy.id = w.cycle_id
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
