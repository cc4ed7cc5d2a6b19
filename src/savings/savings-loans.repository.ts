import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../database/tx.js';
import type { LoanRow, WriteOffRow } from './savings-rows.js';

/** Loans and their write-offs (repayments are movements). Each method reads the cooperative from the transaction. */
@Injectable()
export class SavingsLoansRepository {
  loansOfCycle(tx: TenantTx, cycleId: string): Promise<LoanRow[]> {
    return tx.query<LoanRow[]>(
      `SELECT id, meeting_id, member_id, principal_minor, to_char(disbursed_on, 'YYYY-MM-DD') AS disbursed_on, term_months,
              service_charge_rate_bp, service_charge_method, carried_debt_id, carried_from_cycle_id
         FROM savings_loans WHERE cooperative_id = $1 AND cycle_id = $2 ORDER BY disbursed_on, recorded_at, id`,
      [tx.cooperativeId, cycleId],
    );
  }

  async loanIdTaken(tx: TenantTx, id: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>('SELECT 1 FROM savings_loans WHERE cooperative_id = $1 AND id = $2', [tx.cooperativeId, id]);
    return rows.length > 0;
  }

  async insertLoan(tx: TenantTx, cycleId: string, row: LoanRow, userId: string): Promise<void> {
    await tx.query(
      `INSERT INTO savings_loans (cooperative_id, id, cycle_id, meeting_id, member_id, principal_minor, disbursed_on, term_months,
                                  service_charge_rate_bp, service_charge_method, recorded_by, carried_debt_id, carried_from_cycle_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [tx.cooperativeId, row.id, cycleId, row.meeting_id, row.member_id, row.principal_minor, row.disbursed_on, row.term_months,
        row.service_charge_rate_bp, row.service_charge_method, userId, row.carried_debt_id, row.carried_from_cycle_id],
    );
  }

  writeOffsOfCycle(tx: TenantTx, cycleId: string): Promise<WriteOffRow[]> {
    return tx.query<WriteOffRow[]>(
      `SELECT loan_id, meeting_id, to_char(written_off_on, 'YYYY-MM-DD') AS written_off_on, principal_minor, service_charge_minor, reason,
              decision_ref, recorded_by
         FROM savings_loan_write_offs WHERE cooperative_id = $1 AND cycle_id = $2 ORDER BY written_off_on, loan_id`,
      [tx.cooperativeId, cycleId],
    );
  }

  async insertWriteOff(tx: TenantTx, cycleId: string, row: Omit<WriteOffRow, 'recorded_by'>, userId: string): Promise<void> {
    await tx.query(
      `INSERT INTO savings_loan_write_offs (cooperative_id, loan_id, cycle_id, meeting_id, written_off_on, principal_minor, service_charge_minor,
                                            reason, decision_ref, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [tx.cooperativeId, row.loan_id, cycleId, row.meeting_id, row.written_off_on, row.principal_minor, row.service_charge_minor, row.reason,
        row.decision_ref, userId],
    );
  }
}
