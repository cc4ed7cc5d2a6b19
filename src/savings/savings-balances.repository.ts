import { Injectable } from '@nestjs/common';
import type { ClientBase } from 'pg';
import type { TenantTx } from '../database/tx.js';
import type { Balances } from './rules/cycle-state.js';
import type { CachedBalances, CachedLoanBalance } from './rules/cached-balances.js';
import type { CycleRow, LedgerLoanColumns, LedgerMovementColumns, LoanRow, MovementRow } from './savings-rows.js';

// The cached balances of a cycle (migration 1764000400000: kept by a trigger on the
// movements, never written here) and the few movements a write reads besides them: one
// movement and whether it stands reversed, the repayments of named loans, a meeting's own
// movements and what moved after its day. Every query is bounded by what it names, not by
// the length of the cycle's ledger.
//
// The cooperative is compared as text (`cooperative_id::text = $1`) where the table has more
// than one index led by cooperative_id: next to the row-level security predicate
// (cooperative_id = ANY (app_cooperative_ids())), whose array the planner cannot size, a
// second indexable condition on the cooperative makes every such index cost the same, and the
// planner may pick one that scans the whole cooperative and filters the meeting or the loan.
// As a filter the check still holds; the index is chosen by the key the query names.

const MOVEMENT_COLUMNS = `m.id, m.meeting_id, m.member_id, m.loan_id, m.kind, m.fund, m.amount_minor, m.shares, m.fine_code, m.purpose,
  m.reverses_movement_id, m.reason, to_char(m.occurred_on, 'YYYY-MM-DD') AS occurred_on, m.recorded_by`;

const LOAN_COLUMNS = `l.id, l.meeting_id, l.member_id, l.principal_minor, to_char(l.disbursed_on, 'YYYY-MM-DD') AS disbursed_on, l.term_months,
  l.service_charge_rate_bp, l.service_charge_method, l.carried_debt_id, l.carried_from_cycle_id`;

interface FundRow {
  fund: 'loan_fund' | 'social_fund';
  balance_minor: string;
  movements: string;
  last_movement_on: string;
}

interface LoanBalanceRow {
  loan_id: string;
  disbursements: number;
  repaid_minor: string;
  repayments: number;
}

/** Which loans a write reads: those of some members, some named ones, or every loan of the cycle (the share-out). */
export type LoanScope = { readonly memberIds: readonly string[]; readonly loanIds: readonly string[] } | 'all';

export interface FundBalances extends Balances {
  /** Movements recorded in the cycle, both funds. */
  readonly movements: number;
  /** The last day a movement occurred, null before the first. */
  readonly lastMovementOn: string | null;
}

function fundBalancesOf(rows: readonly FundRow[]): FundBalances {
  const fund = (name: FundRow['fund']) => rows.find((row) => row.fund === name);
  const last = rows.map((row) => row.last_movement_on).sort().at(-1) ?? null;
  return {
    loanFundMinor: Number(fund('loan_fund')?.balance_minor ?? 0),
    socialFundMinor: Number(fund('social_fund')?.balance_minor ?? 0),
    movements: rows.reduce((sum, row) => sum + Number(row.movements), 0),
    lastMovementOn: last,
  };
}

const FUND_SQL = `SELECT fund, balance_minor, movements, to_char(last_movement_on, 'YYYY-MM-DD') AS last_movement_on
  FROM savings_fund_balances WHERE cooperative_id = $1 AND cycle_id = $2`;
const SHARES_SQL = 'SELECT member_id, shares FROM savings_member_balances WHERE cooperative_id = $1 AND cycle_id = $2';
const LOAN_BALANCES_SQL = 'SELECT loan_id, disbursements, repaid_minor, repayments FROM savings_loan_balances WHERE cooperative_id = $1 AND cycle_id = $2';

@Injectable()
export class SavingsBalancesRepository {
  async fundBalances(tx: TenantTx, cycleId: string): Promise<FundBalances> {
    return fundBalancesOf(await tx.query<FundRow[]>(FUND_SQL, [tx.cooperativeId, cycleId]));
  }

  /** Shares each member holds in the cycle (members who never bought are absent). */
  async sharesByMember(tx: TenantTx, cycleId: string): Promise<Map<string, number>> {
    const rows = await tx.query<{ member_id: string; shares: number }[]>(SHARES_SQL, [tx.cooperativeId, cycleId]);
    return new Map(rows.map((row) => [row.member_id, row.shares]));
  }

  /**
   * The loans in scope whose disbursement stands, in the order the fold keeps them
   * (disbursed_on, recorded_at, id), each with its standing repayments in recording order.
   */
  async standingLoans(tx: TenantTx, cycleId: string, scope: LoanScope): Promise<{ loans: LoanRow[]; repayments: Map<string, { paidOn: string; amountMinor: number }[]> }> {
    const where = scope === 'all' ? '' : 'AND (l.member_id = ANY ($3::uuid[]) OR l.id = ANY ($4::uuid[]))';
    const params = scope === 'all' ? [tx.cooperativeId, cycleId] : [tx.cooperativeId, cycleId, scope.memberIds, scope.loanIds];
    if (scope !== 'all' && scope.memberIds.length === 0 && scope.loanIds.length === 0) return { loans: [], repayments: new Map() };
    const loans = await tx.query<LoanRow[]>(
      `SELECT ${LOAN_COLUMNS}
         FROM savings_loans l JOIN savings_loan_balances b ON b.cooperative_id::text = $1 AND b.loan_id = l.id AND b.disbursements > 0
        WHERE l.cooperative_id::text = $1 AND l.cycle_id = $2 ${where}
        ORDER BY l.disbursed_on, l.recorded_at, l.id`,
      params,
    );
    const repayments = new Map<string, { paidOn: string; amountMinor: number }[]>();
    if (loans.length === 0) return { loans, repayments };
    // The loans' repayments and the reversals that take some back (a reversal carries the loan
    // of the row it reverses), through the loan index alone: no anti-join over the movements.
    const rows = await tx.query<{ id: string; loan_id: string; kind: string; reverses_movement_id: string | null; paid_on: string; amount_minor: string }[]>(
      `SELECT m.id, m.loan_id, m.kind, m.reverses_movement_id, to_char(m.occurred_on, 'YYYY-MM-DD') AS paid_on, m.amount_minor
         FROM savings_movements m
        WHERE m.cooperative_id::text = $1 AND m.loan_id = ANY ($2::uuid[]) AND m.kind IN ('loan_repayment', 'reversal')
        ORDER BY m.seq`,
      [tx.cooperativeId, loans.map((loan) => loan.id)],
    );
    const reversed = new Set(rows.flatMap((row) => (row.reverses_movement_id === null ? [] : [row.reverses_movement_id])));
    for (const row of rows) {
      if (row.kind !== 'loan_repayment' || reversed.has(row.id)) continue;
      const list = repayments.get(row.loan_id) ?? [];
      list.push({ paidOn: row.paid_on, amountMinor: Number(row.amount_minor) });
      repayments.set(row.loan_id, list);
    }
    return { loans, repayments };
  }

  /** One movement of the cycle, and whether a reversal names it. */
  async movement(tx: TenantTx, cycleId: string, movementId: string): Promise<{ movement: MovementRow; reversed: boolean } | undefined> {
    const [row] = await tx.query<(MovementRow & { reversed: boolean })[]>(
      `SELECT ${MOVEMENT_COLUMNS},
              EXISTS (SELECT 1 FROM savings_movements r WHERE r.cooperative_id = m.cooperative_id AND r.reverses_movement_id = m.id) AS reversed
         FROM savings_movements m WHERE m.cooperative_id = $1 AND m.cycle_id = $2 AND m.id = $3`,
      [tx.cooperativeId, cycleId, movementId],
    );
    if (!row) return undefined;
    const { reversed, ...movement } = row;
    return { movement, reversed };
  }

  /** A meeting's movements in recording order (reversals recorded at it included). */
  movementsOfMeeting(tx: TenantTx, meetingId: string): Promise<MovementRow[]> {
    return tx.query<MovementRow[]>(
      `SELECT ${MOVEMENT_COLUMNS} FROM savings_movements m WHERE m.cooperative_id::text = $1 AND m.meeting_id = $2 ORDER BY m.seq`,
      [tx.cooperativeId, meetingId],
    );
  }

  /**
   * Cash after a meeting held on `heldOn` (see closingBalances in rules/cycle-state.ts): the
   * cached cash less what moved later, the movements of meetings held after that day and the
   * settlements outside meetings from that day on. A meeting's movements, reversals included,
   * are dated on its day, so "held later" is "occurred later". Both parts are read through
   * exact keys (the cycle's later meetings, the settlements' own index): a range over the
   * movements lets the planner, under row-level security and stale statistics, scan the whole
   * cooperative instead.
   */
  async closingBalances(tx: TenantTx, cycleId: string, heldOn: string, total: Balances): Promise<Balances> {
    const rows = await tx.query<{ fund: 'loan_fund' | 'social_fund'; amount_minor: string }[]>(
      `SELECT m.fund, sum(m.amount_minor) AS amount_minor
         FROM savings_meetings g
         JOIN savings_movements m ON m.meeting_id = g.id AND m.cooperative_id::text = $1
        WHERE g.cooperative_id::text = $1 AND g.cycle_id = $2 AND g.held_on > $3
        GROUP BY m.fund
       UNION ALL
       SELECT fund, sum(amount_minor)
         FROM savings_movements
        WHERE cooperative_id::text = $1 AND cycle_id = $2 AND meeting_id IS NULL AND occurred_on >= $3
        GROUP BY fund`,
      [tx.cooperativeId, cycleId, heldOn],
    );
    const later = (fund: 'loan_fund' | 'social_fund') => rows.filter((row) => row.fund === fund).reduce((sum, row) => sum + Number(row.amount_minor), 0);
    return { loanFundMinor: total.loanFundMinor - later('loan_fund'), socialFundMinor: total.socialFundMinor - later('social_fund') };
  }

  /**
   * For `savings:verify-balances`, on a connection whose transaction is scoped to the
   * cooperative: each cycle with its movements and loans (the fold's input) and its cache.
   */
  static async *cyclesOnClient(client: ClientBase, cooperativeId: string): AsyncGenerator<{
    cycle: Pick<CycleRow, 'id' | 'group_id'>; movements: LedgerMovementColumns[]; loans: LedgerLoanColumns[]; cached: CachedBalances;
  }> {
    const cycles = (await client.query<Pick<CycleRow, 'id' | 'group_id'>>(
      'SELECT id, group_id FROM savings_cycles WHERE cooperative_id = $1 ORDER BY group_id, starts_on, id', [cooperativeId])).rows;
    for (const cycle of cycles) {
      const params = [cooperativeId, cycle.id];
      const movements = (await client.query<LedgerMovementColumns>(
        `SELECT m.id, m.kind, m.fund, m.member_id, m.loan_id, m.amount_minor, m.shares, to_char(m.occurred_on, 'YYYY-MM-DD') AS occurred_on, m.reverses_movement_id
           FROM savings_movements m WHERE m.cooperative_id = $1 AND m.cycle_id = $2 ORDER BY m.seq`, params)).rows;
      const loans = (await client.query<LedgerLoanColumns>(
        `SELECT ${LOAN_COLUMNS} FROM savings_loans l WHERE l.cooperative_id = $1 AND l.cycle_id = $2 ORDER BY l.disbursed_on, l.recorded_at, l.id`, params)).rows;
      const funds = fundBalancesOf((await client.query<FundRow>(FUND_SQL, params)).rows);
      const shares = (await client.query<{ member_id: string; shares: number }>(SHARES_SQL, params)).rows;
      const loanRows = (await client.query<LoanBalanceRow>(LOAN_BALANCES_SQL, params)).rows;
      const cached: CachedBalances = {
        ...funds,
        sharesByMember: new Map(shares.map((row) => [row.member_id, row.shares])),
        loans: new Map(loanRows.map((row): [string, CachedLoanBalance] => [row.loan_id, { disbursements: row.disbursements, repaidMinor: Number(row.repaid_minor), repayments: row.repayments }])),
      };
      yield { cycle, movements, loans, cached };
    }
  }
}
