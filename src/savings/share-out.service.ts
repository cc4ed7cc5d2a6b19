import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import type { SavingsShareOutView } from './dto/savings-share-out.view.js';
import { assertIsoDateFromYear100 } from '../common/calendar-date.js';
import { requireNotBeforeLastMovement } from './rules/cycle-state.js';
import { cycleShareOut, shareOutMovements } from './rules/settlement.js';
import { SavingsBooks } from './savings-books.js';
import { SavingsCyclesRepository } from './savings-cycles.repository.js';
import { SavingsMeetingsRepository } from './savings-meetings.repository.js';
import { SavingsSettlements } from './savings-settlements.js';

/** The cycle-end share-out: its preview on a day, and its confirmation, which closes the cycle. */
@Injectable()
export class SavingsShareOutService {
  constructor(
    private readonly db: Db,
    private readonly books: SavingsBooks,
    private readonly settlements: SavingsSettlements,
    private readonly cycles: SavingsCyclesRepository,
    private readonly meetings: SavingsMeetingsRepository,
    private readonly audit: AuditService,
  ) {}

  shareOut(auth: TenantAuthContext, groupId: string, cycleId: string, on?: string): Promise<SavingsShareOutView> {
    return this.db.tenant(auth, async (tx) => this.books.shareOutView(tx, await this.books.readableState(tx, auth, groupId, cycleId), groupId, on));
  }

  /**
   * Confirms the share-out: the debts netted are recorded as repayments of the loans, each
   * member's gross as a payout, the social-fund shares as payouts, debts the payout could not
   * cover as carried debts; then the cycle closes. What stays in the box is the remainder.
   */
  confirmShareOut(auth: TenantAuthContext, groupId: string, cycleId: string, on: string): Promise<SavingsShareOutView> {
    const asOf = assertIsoDateFromYear100(on);
    return this.db.tenant(auth, async (tx) => {
      const state = await this.books.lockedOpenBooks(tx, auth, groupId, cycleId, { allLoans: true });
      const open = (await this.meetings.meetingsOfCycle(tx, cycleId)).filter((meeting) => meeting.status === 'open');
      if (open.length > 0) throw new DomainError('MEETINGS_STILL_OPEN', { count: open.length }, 'conflict');
      requireNotBeforeLastMovement(state, asOf, 'SHARE_OUT_BEFORE_LAST_MOVEMENT');
      const preview = cycleShareOut(state, await this.books.memberIds(tx, groupId), asOf);
      await this.settlements.recordPayouts(tx, cycleId, shareOutMovements(state, preview, asOf), preview.lines, auth.userId);
      const result: SavingsShareOutView = { cycleId, on: asOf, status: 'confirmed', ...preview };
      await this.cycles.insertShareOut(tx, cycleId, asOf, result, auth.userId);
      await this.cycles.closeCycle(tx, cycleId, asOf, auth.userId);
      await this.settlements.assertLoanFundLeft(tx, cycleId, preview.remainderMinor, 'share-out');
      await this.audit.record(tx, auth, {
        action: 'savings.cycle.shared_out', entity: 'savings_cycle', entityId: cycleId,
        before: { status: 'open' }, after: { status: 'closed', closedOn: asOf, totals: preview.totals },
      });
      return result;
    });
  }
}
