import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import type { SavingsAmendmentView, SavingsCycleSummaryView, SavingsCycleView } from './dto/savings-cycle.view.js';
import type { AmendRulesDto, StartCycleDto } from './dto/savings.dto.js';
import { addDaysFromYear100, assertIsoDateFromYear100, dayNumberFromYear100 } from '../common/calendar-date.js';
import { carriedDebtOpenings } from './rules/carried-debts.js';
import { rulesOn } from './rules/cycle-state.js';
import { defineCycleRules } from './rules/cycle-rules.js';
import { amendCycleRules } from './rules/rule-amendments.js';
import { SavingsBooks } from './savings-books.js';
import { SavingsCyclesRepository } from './savings-cycles.repository.js';
import { SavingsGroupsRepository } from './savings-groups.repository.js';
import { SavingsLoansRepository } from './savings-loans.repository.js';
import { SavingsMeetingsRepository } from './savings-meetings.repository.js';
import type { AmendmentRow, CycleRow } from './savings-rows.js';
import { amendmentView, cycleView } from './savings-views.js';

/** A group's cycles: starting one, listing them with their cash, and amending a cycle's rules by vote. */
@Injectable()
export class SavingsCyclesService {
  constructor(
    private readonly db: Db,
    private readonly books: SavingsBooks,
    private readonly cycles: SavingsCyclesRepository,
    private readonly groups: SavingsGroupsRepository,
    private readonly meetings: SavingsMeetingsRepository,
    private readonly loans: SavingsLoansRepository,
    private readonly audit: AuditService,
  ) {}

  /** Starts a cycle; the debts carried out of the group's earlier cycles open it as its members' debts (rules/carried-debts.ts). */
  startCycle(auth: TenantAuthContext, groupId: string, dto: StartCycleDto): Promise<SavingsCycleView> {
    const rules = defineCycleRules(dto.rules);
    const startsOn = assertIsoDateFromYear100(dto.startsOn);
    const plannedEndOn = assertIsoDateFromYear100(dto.plannedEndOn);
    if (dayNumberFromYear100(plannedEndOn) <= dayNumberFromYear100(startsOn)) throw new DomainError('CYCLE_END_NOT_AFTER_START', { startsOn, plannedEndOn });
    return this.db.tenant(auth, async (tx) => {
      await this.books.writableGroup(tx, auth, groupId);
      const id = dto.id ?? randomUUID();
      if (await this.cycles.cycleIdTaken(tx, id)) throw new DomainError('SAVINGS_ID_TAKEN', { id }, 'conflict');
      if (await this.cycles.hasOpenCycle(tx, groupId)) throw new DomainError('CYCLE_ALREADY_OPEN', {}, 'conflict');
      await this.cycles.insertCycle(tx, { id, groupId, rules, startsOn, plannedEndOn }, auth.userId);
      const cycle = (await this.cycles.cycleOfGroup(tx, groupId, id)) as CycleRow;
      const openings = carriedDebtOpenings(cycle, await this.cycles.pendingCarriedDebtsOfGroup(tx, groupId));
      for (const loan of openings.loans) await this.loans.insertLoan(tx, id, loan, auth.userId);
      await this.meetings.insertMovements(tx, id, openings.movements, auth.userId);
      const carriedDebts = openings.loans.map((loan) => ({ loanId: loan.id, memberId: loan.member_id, amountMinor: Number(loan.principal_minor), fromCycleId: loan.carried_from_cycle_id }));
      await this.audit.record(tx, auth, { action: 'savings.cycle.started', entity: 'savings_cycle', entityId: id, after: { groupId, rules, startsOn, plannedEndOn, carriedDebts } });
      return cycleView(cycle);
    });
  }

  listCycles(auth: TenantAuthContext, groupId: string): Promise<SavingsCycleSummaryView[]> {
    return this.db.tenant(auth, async (tx) => {
      await this.books.readableGroup(tx, auth, groupId);
      const views: SavingsCycleSummaryView[] = [];
      for (const cycle of await this.cycles.cyclesOfGroup(tx, groupId)) {
        views.push({ ...cycleView(cycle), balances: await this.books.cash(tx, cycle.id) });
      }
      return views;
    });
  }

  listAmendments(auth: TenantAuthContext, groupId: string, cycleId: string): Promise<SavingsAmendmentView[]> {
    return this.db.tenant(auth, async (tx) => (await this.books.readableState(tx, auth, groupId, cycleId)).amendments.map(amendmentView));
  }

  /**
   * Records a change of the cycle's rules voted by the group at one of its meetings. It takes
   * effect from the next meeting, so it may not be recorded once a later meeting exists: that
   * meeting ran under the old rules and its movements stand.
   */
  amendRules(auth: TenantAuthContext, groupId: string, cycleId: string, dto: AmendRulesDto): Promise<SavingsAmendmentView> {
    return this.db.tenant(auth, async (tx) => {
      const state = await this.books.lockedOpenBooks(tx, auth, groupId, cycleId);
      const meeting = await this.books.requireMeeting(tx, cycleId, dto.meetingId);
      const votedOn = meeting.held_on;
      const latest = state.amendments.at(-1);
      if (latest && dayNumberFromYear100(latest.voted_on) > dayNumberFromYear100(votedOn)) throw new DomainError('AMENDMENT_OUT_OF_ORDER', { votedOn, latestVotedOn: latest.voted_on }, 'conflict');
      const laterMeeting = (await this.meetings.meetingsOfCycle(tx, cycleId)).find((candidate) => dayNumberFromYear100(candidate.held_on) > dayNumberFromYear100(votedOn));
      if (laterMeeting) throw new DomainError('AMENDMENT_AFTER_LATER_MEETINGS', { votedOn, heldOn: laterMeeting.held_on }, 'conflict');
      const members = (await this.groups.membersOfGroup(tx, groupId)).filter((member) => !state.exits.has(member.id)).length;
      const changes = JSON.parse(JSON.stringify(dto.changes)) as Record<string, unknown>;
      const current = rulesOn(state, addDaysFromYear100(votedOn, 1));
      const votesAbstaining = dto.votesAbstaining ?? 0;
      const rulesAfter = amendCycleRules(current, changes, { votesFor: dto.votesFor, votesAgainst: dto.votesAgainst, votesAbstaining, members });
      const id = dto.id ?? randomUUID();
      const row: AmendmentRow = {
        id, meeting_id: meeting.id, voted_on: votedOn, votes_for: dto.votesFor, votes_against: dto.votesAgainst, votes_abstaining: votesAbstaining,
        changes, rules_after: rulesAfter as unknown as Record<string, unknown>, reason: dto.reason.trim(), recorded_by: auth.userId,
      };
      await this.cycles.insertAmendment(tx, cycleId, row, auth.userId);
      await this.audit.record(tx, auth, {
        action: 'savings.cycle.rules_amended', entity: 'savings_cycle', entityId: cycleId,
        before: { rules: current }, after: { amendmentId: id, votedOn, changes, rules: rulesAfter },
      });
      return amendmentView(row);
    });
  }
}
