import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { Db } from '../database/db.js';
import type { SavingsMemberExitView } from './dto/savings-share-out.view.js';
import type { MemberExitDto } from './dto/savings.dto.js';
import { assertIsoDateFromYear100 } from '../common/calendar-date.js';
import { requireNotBeforeLastMovement } from './rules/cycle-state.js';
import { exitSettlement, settlementMovements } from './rules/settlement.js';
import { SavingsBooks } from './savings-books.js';
import { SavingsCyclesRepository } from './savings-cycles.repository.js';
import { SavingsSettlements } from './savings-settlements.js';

/** A member leaving mid-cycle: the preview of their settlement on a day, and the exit as recorded. */
@Injectable()
export class SavingsMemberExitsService {
  constructor(
    private readonly db: Db,
    private readonly books: SavingsBooks,
    private readonly settlements: SavingsSettlements,
    private readonly cycles: SavingsCyclesRepository,
    private readonly audit: AuditService,
  ) {}

  memberExit(auth: TenantAuthContext, groupId: string, cycleId: string, memberId: string, on?: string): Promise<SavingsMemberExitView> {
    return this.db.tenant(auth, async (tx) => {
      const state = await this.books.readableState(tx, auth, groupId, cycleId);
      const memberIds = await this.books.memberIds(tx, groupId);
      const recorded = state.exits.get(memberId);
      if (recorded) return recorded.result as SavingsMemberExitView;
      const asOf = await this.books.asOfDate(tx, on);
      return { cycleId, memberId, on: asOf, status: 'preview', reason: null, ...exitSettlement(state, memberIds, memberId, asOf) };
    });
  }

  /**
   * A member leaves mid-cycle: the share-out for that one member (value per share from the
   * cash in the box now), their debts netted as repayments of their loans, a debt the payout
   * cannot cover carried, the payout paid. The shares leave with them: the cycle-end
   * share-out divides among the members who stay.
   */
  confirmMemberExit(auth: TenantAuthContext, groupId: string, cycleId: string, memberId: string, dto: MemberExitDto): Promise<SavingsMemberExitView> {
    const asOf = assertIsoDateFromYear100(dto.on);
    const reason = dto.reason.trim();
    return this.db.tenant(auth, async (tx) => {
      const state = await this.books.lockedOpenBooks(tx, auth, groupId, cycleId, { memberIds: [memberId] });
      requireNotBeforeLastMovement(state, asOf, 'EXIT_BEFORE_LAST_MOVEMENT');
      const settlement = exitSettlement(state, await this.books.memberIds(tx, groupId), memberId, asOf);
      const { line } = settlement;
      await this.settlements.recordPayouts(tx, cycleId, settlementMovements(state, line, asOf), [line], auth.userId);
      const result: SavingsMemberExitView = { cycleId, memberId, on: asOf, status: 'confirmed', reason, ...settlement };
      await this.cycles.insertMemberExit(tx, cycleId, { member_id: memberId, exited_on: asOf, reason, result }, auth.userId);
      await this.settlements.assertLoanFundLeft(tx, cycleId, settlement.loanFundCashAfterMinor, 'member exit');
      await this.audit.record(tx, auth, {
        action: 'savings.member.exited', entity: 'savings_group_member', entityId: memberId,
        after: { cycleId, on: asOf, reason, line, paidMinor: settlement.paidMinor },
      });
      return result;
    });
  }
}
