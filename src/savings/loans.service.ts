import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import type { SavingsLoanDetailView, SavingsLoansView } from './dto/savings-loan.view.js';
import type { REPAYMENT_PLANS, WriteOffDto } from './dto/savings.dto.js';
import { dayNumberFromYear100 } from '../common/calendar-date.js';
import { positionOf, requireLoan } from './rules/cycle-state.js';
import { portfolioAtRiskOfPositions, writeOffLoan } from './rules/loan-write-off.js';
import { SavingsBooks } from './savings-books.js';
import { SavingsLoansRepository } from './savings-loans.repository.js';
import type { WriteOffRow } from './savings-rows.js';
import { loanDetailView, loanView } from './savings-views.js';

/** A cycle's loans: where each stands on a day, the portfolio at risk, and writing a loan off by the group's decision. */
@Injectable()
export class SavingsLoansService {
  constructor(
    private readonly db: Db,
    private readonly books: SavingsBooks,
    private readonly loans: SavingsLoansRepository,
    private readonly audit: AuditService,
  ) {}

  listLoans(auth: TenantAuthContext, groupId: string, cycleId: string, on?: string): Promise<SavingsLoansView> {
    return this.db.tenant(auth, async (tx) => {
      const state = await this.books.readableState(tx, auth, groupId, cycleId);
      const asOf = await this.books.asOfDate(tx, on);
      const loans = state.ledger.loans.map((loan) => loanView(state, loan, positionOf(state, loan, asOf)));
      const current = state.ledger.loans.filter((loan) => dayNumberFromYear100(loan.terms.disbursedOn) <= dayNumberFromYear100(asOf));
      return { asOf, loans, portfolioAtRisk: portfolioAtRiskOfPositions(current.map((loan) => positionOf(state, loan, asOf))) };
    });
  }

  /** One loan: its position on the day, the split of each repayment, and the schedule it was granted on. */
  loan(auth: TenantAuthContext, groupId: string, cycleId: string, loanId: string, on?: string, plan: (typeof REPAYMENT_PLANS)[number] = 'equal-instalments'): Promise<SavingsLoanDetailView> {
    return this.db.tenant(auth, async (tx) => {
      const state = await this.books.readableState(tx, auth, groupId, cycleId);
      return loanDetailView(state, loanId, await this.books.asOfDate(tx, on), plan);
    });
  }

  /**
   * Writes a loan off by the group's decision taken at a meeting: what was owed that day is
   * recorded as lost and the loan owes nothing more. The cash does not move (it left the box
   * with the disbursement); the loan no longer counts as a debt at the share-out.
   */
  writeOff(auth: TenantAuthContext, groupId: string, cycleId: string, loanId: string, dto: WriteOffDto): Promise<SavingsLoanDetailView> {
    return this.db.tenant(auth, async (tx) => {
      const state = await this.books.lockedOpenBooks(tx, auth, groupId, cycleId, { loanIds: [loanId] });
      const loan = requireLoan(state, loanId);
      if (state.writeOffs.has(loanId)) throw new DomainError('LOAN_ALREADY_WRITTEN_OFF', { loanId }, 'conflict');
      const meeting = await this.books.requireMeeting(tx, cycleId, dto.meetingId);
      const on = meeting.held_on;
      const repayments = state.ledger.repaymentsByLoan.get(loanId) ?? [];
      const laterRepayment = repayments.find((repayment) => dayNumberFromYear100(repayment.paidOn) > dayNumberFromYear100(on));
      if (laterRepayment) throw new DomainError('LOAN_REPAID_AFTER_DECISION', { on, paidOn: laterRepayment.paidOn }, 'conflict');
      const writeOff = writeOffLoan(loan.terms, repayments, on);
      const row: WriteOffRow = {
        loan_id: loanId, meeting_id: meeting.id, written_off_on: on, principal_minor: String(writeOff.principalMinor),
        service_charge_minor: String(writeOff.serviceChargeMinor), reason: dto.reason.trim(), decision_ref: dto.decisionRef?.trim() ?? null, recorded_by: auth.userId,
      };
      await this.loans.insertWriteOff(tx, cycleId, row, auth.userId);
      await this.audit.record(tx, auth, {
        action: 'savings.loan.written_off', entity: 'savings_loan', entityId: loanId, after: { ...writeOff, meetingId: meeting.id, reason: row.reason, decisionRef: row.decision_ref },
      });
      return loanDetailView(await this.books.booksOf(tx, state.cycle, { loanIds: [loanId] }), loanId, on, 'equal-instalments');
    });
  }
}
