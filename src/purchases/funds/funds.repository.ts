import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../../database/tx.js';
import { assertSafeMinor } from '../../common/money.js';
import { LEDGER_ENTRY_LOCAL_DAY, type StatementPeriod } from '../statement/rules/statement-period.js';
import type { CurrencyAmount, FeeLineGroup, FundTotals, SpendingGroup } from './rules/funds.js';

export interface SpendingRow {
  id: string;
  fund_code: string;
  purpose: string;
  amount_minor: string;
  currency: string;
  spent_on: string;
  decision: 'approved' | 'rejected' | null;
  decided_by: string | null;
  decider_name: string | null;
  decided_at: Date | null;
  reason: string | null;
  recorded_by: string;
  recorded_at: Date;
}

export interface NewSpending {
  readonly id: string;
  readonly fundCode: string;
  readonly purpose: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly spentOn: string;
  readonly recordedBy: string;
}

export interface SpendingDecision {
  readonly spendingId: string;
  readonly decision: 'approved' | 'rejected';
  readonly decidedBy: string;
  readonly reason: string | null;
}

const minor = (value: string | null): number => assertSafeMinor(Number(value ?? '0'), 'amountMinor');

/**
 * The fee lines of the ledger, one row per line, with the entry's local day and the day
 * whose fee rules produced the line (the purchase's, also for its reversal), and the
 * line's rank among the entry's lines crediting the same fund.
 */
const FEE_LINES = `
  SELECT p.kind, p.currency::text AS currency, f.value->>'fundCode' AS fund_code, (f.value->>'amountMinor')::bigint AS amount_minor,
         ${LEDGER_ENTRY_LOCAL_DAY} AS entry_day,
         ((CASE p.kind WHEN 'reversal' THEN coalesce(o.captured_at, o.recorded_at) ELSE coalesce(p.captured_at, p.recorded_at) END)
            AT TIME ZONE c.timezone)::date AS rule_day,
         row_number() OVER (PARTITION BY p.id, f.value->>'fundCode' ORDER BY f.ordinality) AS rank,
         count(*) OVER (PARTITION BY p.id, f.value->>'fundCode') AS lines_for_fund
    FROM purchase_ledger p
    JOIN cooperatives c ON c.id = p.cooperative_id
    LEFT JOIN purchase_ledger o ON p.kind = 'reversal' AND o.cooperative_id = p.cooperative_id AND o.id = p.reverses_id
   CROSS JOIN LATERAL jsonb_array_elements(p.fees) WITH ORDINALITY AS f(value, ordinality)
   WHERE p.cooperative_id = $1 AND f.value->>'fundCode' = $2 AND p.sequence <= $3`;

/** A spending with its decision (none while pending) and the name of who decided. */
const SPENDING_SELECT = `SELECT s.id, s.fund_code, s.purpose, s.amount_minor::text AS amount_minor, s.currency::text AS currency,
  s.spent_on::text AS spent_on, d.decision, d.decided_by, u.name AS decider_name, d.decided_at, d.reason, s.recorded_by, s.recorded_at
  FROM fund_spending s
  LEFT JOIN fund_spending_decisions d ON d.cooperative_id = s.cooperative_id AND d.spending_id = s.id
  LEFT JOIN users u ON u.id = d.decided_by`;

/** Only approved spending leaves a fund: pending and rejected requests move nothing. */
const APPROVED_SPENDING = `(SELECT s.* FROM fund_spending s JOIN fund_spending_decisions d
  ON d.cooperative_id = s.cooperative_id AND d.spending_id = s.id AND d.decision = 'approved')`;

@Injectable()
export class FundsRepository {
  /** The funds the fee schedule names, whether or not anything was credited yet. */
  async namedFunds(tx: TenantTx): Promise<string[]> {
    const rows = await tx.query<{ fund_code: string }[]>(`SELECT DISTINCT fund_code FROM fee_rules WHERE cooperative_id = $1`, [tx.cooperativeId]);
    return rows.map((row) => row.fund_code);
  }

  /** Credited, reversed and spent per fund and currency, over the whole history (one fund when given). */
  async totals(tx: TenantTx, fundCode: string | null = null): Promise<FundTotals[]> {
    const ledger = await tx.query<{ fund_code: string; currency: string; credited: string; reversed: string }[]>(
      `SELECT f.value->>'fundCode' AS fund_code, p.currency::text AS currency,
              coalesce(sum((f.value->>'amountMinor')::bigint) FILTER (WHERE p.kind = 'purchase'), 0)::text AS credited,
              coalesce(sum((f.value->>'amountMinor')::bigint) FILTER (WHERE p.kind = 'reversal'), 0)::text AS reversed
         FROM purchase_ledger p CROSS JOIN LATERAL jsonb_array_elements(p.fees) AS f(value)
        WHERE p.cooperative_id = $1 AND ($2::text IS NULL OR f.value->>'fundCode' = $2)
        GROUP BY 1, 2`,
      [tx.cooperativeId, fundCode],
    );
    const spent = await tx.query<{ fund_code: string; currency: string; spent: string }[]>(
      `SELECT fund_code, currency::text AS currency, sum(amount_minor)::text AS spent FROM ${APPROVED_SPENDING} approved
        WHERE cooperative_id = $1 AND ($2::text IS NULL OR fund_code = $2) GROUP BY 1, 2`,
      [tx.cooperativeId, fundCode],
    );
    return [
      ...ledger.map((row) => ({ fundCode: row.fund_code, currency: row.currency, creditedMinor: minor(row.credited), reversedMinor: minor(row.reversed), spentMinor: 0 })),
      ...spent.map((row) => ({ fundCode: row.fund_code, currency: row.currency, creditedMinor: 0, reversedMinor: 0, spentMinor: minor(row.spent) })),
    ];
  }

  /**
   * Decisions on one fund's spending take turns (per cooperative and fund): the lock stands
   * for the fund's row (a fund has none: it is named by fee rules), so two approvals racing
   * for the same balance are checked one after the other; the lock is released at commit,
   * and READ COMMITTED lets the next one see the first one's decision.
   */
  async lockFund(tx: TenantTx, fundCode: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('fund:' || $1::text || ':' || $2::text))`, [tx.cooperativeId, fundCode]);
  }

  async insertSpending(tx: TenantTx, spending: NewSpending): Promise<void> {
    await tx.query(
      `INSERT INTO fund_spending (cooperative_id, id, fund_code, purpose, amount_minor, currency, spent_on, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [tx.cooperativeId, spending.id, spending.fundCode, spending.purpose, spending.amountMinor, spending.currency, spending.spentOn, spending.recordedBy],
    );
  }

  async insertDecision(tx: TenantTx, decision: SpendingDecision): Promise<void> {
    await tx.query(
      `INSERT INTO fund_spending_decisions (cooperative_id, spending_id, decision, decided_by, reason) VALUES ($1, $2, $3, $4, $5)`,
      [tx.cooperativeId, decision.spendingId, decision.decision, decision.decidedBy, decision.reason],
    );
  }

  async spendingById(tx: TenantTx, id: string): Promise<SpendingRow | null> {
    const [row] = await tx.query<SpendingRow[]>(
      `${SPENDING_SELECT} WHERE s.cooperative_id = $1 AND s.id = $2`,
      [tx.cooperativeId, id],
    );
    return row ?? null;
  }

  /**
   * One fund's spending, newest first: every request whatever its state, or, for a
   * statement's period, the approved spending of that period only.
   */
  async spending(tx: TenantTx, fundCode: string, period: StatementPeriod | null): Promise<SpendingRow[]> {
    return tx.query<SpendingRow[]>(
      `${SPENDING_SELECT}
        WHERE s.cooperative_id = $1 AND s.fund_code = $2 AND ($3::date IS NULL OR (s.spent_on BETWEEN $3 AND $4 AND d.decision = 'approved'))
        ORDER BY s.spent_on DESC, s.recorded_at DESC`,
      [tx.cooperativeId, fundCode, period?.from ?? null, period?.to ?? null],
    );
  }

  /** The fund's balance per currency at the start of a day: ledger lines of earlier days, less spending of earlier days. */
  async openingBalances(tx: TenantTx, fundCode: string, upToSequence: number, from: string): Promise<CurrencyAmount[]> {
    const rows = await tx.query<{ currency: string; amount: string }[]>(
      `SELECT currency, sum(amount)::text AS amount FROM (
          SELECT currency, amount_minor AS amount FROM (${FEE_LINES}) lines WHERE entry_day < $4
          UNION ALL
          SELECT currency::text, -amount_minor FROM ${APPROVED_SPENDING} approved WHERE cooperative_id = $1 AND fund_code = $2 AND spent_on < $4
        ) movements GROUP BY currency`,
      [tx.cooperativeId, fundCode, upToSequence, from],
    );
    return rows.map((row) => ({ currency: row.currency, amountMinor: minor(row.amount) }));
  }

  /** Fee lines of one fund in the period, of the ledger entries up to a sequence (the head the statement prints). */
  async feeLineGroups(tx: TenantTx, fundCode: string, upToSequence: number, period: StatementPeriod): Promise<FeeLineGroup[]> {
    const rows = await tx.query<{ currency: string; kind: 'purchase' | 'reversal'; rule_day: string; rank: string; lines_for_fund: string; count: string; amount: string }[]>(
      `SELECT currency, kind, rule_day::text AS rule_day, rank::text AS rank, lines_for_fund::text AS lines_for_fund,
              count(*)::text AS count, sum(amount_minor)::text AS amount
         FROM (${FEE_LINES}) lines WHERE entry_day BETWEEN $4 AND $5
        GROUP BY currency, kind, rule_day, rank, lines_for_fund`,
      [tx.cooperativeId, fundCode, upToSequence, period.from, period.to],
    );
    return rows.map((row) => ({
      currency: row.currency,
      kind: row.kind,
      ruleDay: row.rule_day,
      rank: Number(row.rank),
      linesForFund: Number(row.lines_for_fund),
      count: Number(row.count),
      amountMinor: minor(row.amount),
    }));
  }

  async spendingGroups(tx: TenantTx, fundCode: string, period: StatementPeriod): Promise<SpendingGroup[]> {
    const rows = await tx.query<{ currency: string; purpose: string; count: string; amount: string }[]>(
      `SELECT currency::text AS currency, purpose, count(*)::text AS count, sum(amount_minor)::text AS amount FROM ${APPROVED_SPENDING} approved
        WHERE cooperative_id = $1 AND fund_code = $2 AND spent_on BETWEEN $3 AND $4 GROUP BY 1, 2`,
      [tx.cooperativeId, fundCode, period.from, period.to],
    );
    return rows.map((row) => ({ currency: row.currency, purpose: row.purpose, count: Number(row.count), amountMinor: minor(row.amount) }));
  }
}
