import { Injectable } from '@nestjs/common';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { localDateIn } from '../common/time-zone.js';
import type { TenantTx } from '../database/tx.js';
import type { SavingsMeetingView } from './dto/savings-meeting.view.js';
import type { SavingsShareOutView } from './dto/savings-share-out.view.js';
import { assertIsoDateFromYear100, type IsoDate } from '../common/calendar-date.js';
import { balancesOf, cachedCycleState, closingBalances, cycleStateOf, type Balances, type CycleState } from './rules/cycle-state.js';
import { cycleShareOut } from './rules/settlement.js';
import { assertCanReadGroup, assertCanRecordGroup } from './savings-access.js';
import { SavingsBalancesRepository } from './savings-balances.repository.js';
import { SavingsCyclesRepository } from './savings-cycles.repository.js';
import { SavingsGroupsRepository } from './savings-groups.repository.js';
import { SavingsLoansRepository } from './savings-loans.repository.js';
import { SavingsMeetingsRepository } from './savings-meetings.repository.js';
import type { CycleRow, GroupRow, MeetingRow, MovementRow } from './savings-rows.js';
import { cashCountView, movementView } from './savings-views.js';

/**
 * What a write reads of the books besides the cached balances (see CycleState): the loans of
 * some members (with their repayments), some loans by id, every loan (the share-out), one
 * movement to correct (its loan comes with it).
 */
export interface BooksScope {
  readonly memberIds?: readonly string[];
  readonly loanIds?: readonly string[];
  readonly allLoans?: boolean;
  readonly movementId?: string;
}

/**
 * What every savings use case loads inside its transaction: the group the caller may read or
 * write, a cycle's books as one CycleState, a meeting. Every write to a cycle locks the cycle's
 * row first and reads the cached balances inside the same transaction, so two treasurers
 * recording at once are serialised and cannot lend the same cash twice. Reads fold the
 * movements (stateOf); writes read the cache (booksOf), kept by the database in the
 * transaction that appends each movement.
 */
@Injectable()
export class SavingsBooks {
  constructor(
    private readonly groups: SavingsGroupsRepository,
    private readonly cycles: SavingsCyclesRepository,
    private readonly meetings: SavingsMeetingsRepository,
    private readonly loans: SavingsLoansRepository,
    private readonly balances: SavingsBalancesRepository,
  ) {}

  async requireGroup(tx: TenantTx, groupId: string): Promise<GroupRow> {
    const group = await this.groups.groupById(tx, groupId);
    if (!group) throw new DomainError('SAVINGS_GROUP_NOT_FOUND', {}, 'not_found');
    return group;
  }

  /** The group, if the caller may read its books (see savings-access.ts): the same rule as the PDFs. */
  async readableGroup(tx: TenantTx, auth: TenantAuthContext, groupId: string): Promise<GroupRow> {
    const group = await this.requireGroup(tx, groupId);
    await assertCanReadGroup(tx, this.groups, auth, groupId);
    return group;
  }

  /** The group, if the caller may write its books: admins every group, a treasurer those assigned to them. */
  async writableGroup(tx: TenantTx, auth: TenantAuthContext, groupId: string): Promise<GroupRow> {
    const group = await this.requireGroup(tx, groupId);
    await assertCanRecordGroup(tx, this.groups, auth, groupId);
    return group;
  }

  async readableState(tx: TenantTx, auth: TenantAuthContext, groupId: string, cycleId: string): Promise<CycleState> {
    await this.readableGroup(tx, auth, groupId);
    return this.state(tx, groupId, cycleId);
  }

  /** The open cycle, locked for this transaction after checking the caller may write the group's books. */
  async lockOpenCycle(tx: TenantTx, auth: TenantAuthContext, groupId: string, cycleId: string): Promise<CycleRow> {
    await this.writableGroup(tx, auth, groupId);
    const cycle = await this.cycles.cycleOfGroup(tx, groupId, cycleId, true);
    if (!cycle) throw new DomainError('CYCLE_NOT_FOUND', {}, 'not_found');
    if (cycle.status !== 'open') throw new DomainError('CYCLE_CLOSED', {}, 'conflict');
    return cycle;
  }

  /** The open cycle locked, with the books a write reads (booksOf). */
  async lockedOpenBooks(tx: TenantTx, auth: TenantAuthContext, groupId: string, cycleId: string, scope: BooksScope = {}): Promise<CycleState> {
    return this.booksOf(tx, await this.lockOpenCycle(tx, auth, groupId, cycleId), scope);
  }

  /** The books from the cached balances and the rows in scope: a handful of rows whatever the length of the ledger. */
  async booksOf(tx: TenantTx, cycle: CycleRow, scope: BooksScope = {}): Promise<CycleState> {
    const corrected = scope.movementId === undefined ? undefined : await this.balances.movement(tx, cycle.id, scope.movementId);
    const loanIds = [...(scope.loanIds ?? []), ...(corrected?.movement.loan_id ? [corrected.movement.loan_id] : [])];
    const loans = await this.balances.standingLoans(tx, cycle.id, scope.allLoans ? 'all' : { memberIds: scope.memberIds ?? [], loanIds });
    return cachedCycleState({
      cycle,
      amendments: await this.cycles.amendmentsOfCycle(tx, cycle.id),
      writeOffs: await this.loans.writeOffsOfCycle(tx, cycle.id),
      exits: await this.cycles.memberExitsOfCycle(tx, cycle.id),
      balances: await this.balances.fundBalances(tx, cycle.id),
      sharesByMember: await this.balances.sharesByMember(tx, cycle.id),
      loanRows: loans.loans,
      repaymentsByLoan: loans.repayments,
      movements: corrected ? [corrected.movement] : [],
      reversed: new Set(corrected?.reversed ? [corrected.movement.id] : []),
    });
  }

  /** The cash in each fund now, from the cache. */
  async cash(tx: TenantTx, cycleId: string): Promise<Balances> {
    const { loanFundMinor, socialFundMinor } = await this.balances.fundBalances(tx, cycleId);
    return { loanFundMinor, socialFundMinor };
  }

  async state(tx: TenantTx, groupId: string, cycleId: string): Promise<CycleState> {
    await this.requireGroup(tx, groupId);
    const cycle = await this.cycles.cycleOfGroup(tx, groupId, cycleId);
    if (!cycle) throw new DomainError('CYCLE_NOT_FOUND', {}, 'not_found');
    return this.stateOf(tx, cycle);
  }

  async stateOf(tx: TenantTx, cycle: CycleRow): Promise<CycleState> {
    return cycleStateOf({
      cycle,
      movements: await this.meetings.movementsOfCycle(tx, cycle.id),
      loanRows: await this.loans.loansOfCycle(tx, cycle.id),
      amendments: await this.cycles.amendmentsOfCycle(tx, cycle.id),
      writeOffs: await this.loans.writeOffsOfCycle(tx, cycle.id),
      exits: await this.cycles.memberExitsOfCycle(tx, cycle.id),
    });
  }

  async requireMeeting(tx: TenantTx, cycleId: string, meetingId: string): Promise<MeetingRow> {
    const meeting = await this.meetings.meetingById(tx, meetingId);
    if (!meeting || meeting.cycle_id !== cycleId) throw new DomainError('MEETING_NOT_FOUND', {}, 'not_found');
    return meeting;
  }

  /** Today where the cooperative works. */
  async today(tx: TenantTx): Promise<IsoDate> {
    return localDateIn((await this.groups.cooperative(tx)).timezone);
  }

  /** The day asked for, or today where the cooperative works. */
  async asOfDate(tx: TenantTx, on: string | undefined): Promise<IsoDate> {
    return on === undefined ? this.today(tx) : assertIsoDateFromYear100(on);
  }

  async memberIds(tx: TenantTx, groupId: string): Promise<string[]> {
    return (await this.groups.membersOfGroup(tx, groupId)).map((member) => member.id);
  }

  /** A meeting as the folded books show it (listing a cycle's meetings). */
  meetingView(tx: TenantTx, meeting: MeetingRow, state: CycleState): Promise<SavingsMeetingView> {
    return this.meetingViewOf(tx, meeting, state.movements.filter((m) => m.meeting_id === meeting.id), balancesOf(state), closingBalances(state.movements, meeting.held_on));
  }

  /** A meeting once a write to it is done: its own movements, and the cash from the cache, without reading the rest of the ledger. */
  async meetingViewAfterWrite(tx: TenantTx, meeting: MeetingRow): Promise<SavingsMeetingView> {
    const movements = await this.balances.movementsOfMeeting(tx, meeting.id);
    const balances = await this.cash(tx, meeting.cycle_id);
    return this.meetingViewOf(tx, meeting, movements, balances, await this.balances.closingBalances(tx, meeting.cycle_id, meeting.held_on, balances));
  }

  private async meetingViewOf(tx: TenantTx, meeting: MeetingRow, movements: readonly MovementRow[], balances: Balances, closing: Balances): Promise<SavingsMeetingView> {
    return {
      id: meeting.id,
      cycleId: meeting.cycle_id,
      heldOn: meeting.held_on,
      status: meeting.status,
      attendance: (await this.meetings.attendanceOfMeeting(tx, meeting.id)).map((row) => ({ memberId: row.member_id, status: row.status })),
      movements: movements.map(movementView),
      cashCounts: (await this.meetings.cashCountsOfMeeting(tx, meeting.id)).map(cashCountView),
      balances,
      closingBalances: closing,
    };
  }

  /** The share-out as confirmed once the cycle closed, else its preview on the day. */
  async shareOutView(tx: TenantTx, state: CycleState, groupId: string, on: string | undefined): Promise<SavingsShareOutView> {
    if (state.cycle.status === 'closed') {
      const stored = await this.cycles.shareOutOfCycle(tx, state.cycle.id);
      if (stored) return stored.result as SavingsShareOutView;
    }
    const asOf = await this.asOfDate(tx, on);
    return { cycleId: state.cycle.id, on: asOf, status: 'preview', ...cycleShareOut(state, await this.memberIds(tx, groupId), asOf) };
  }
}
