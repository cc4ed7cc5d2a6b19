import { Injectable } from '@nestjs/common';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { localDateIn } from '../common/time-zone.js';
import type { TenantTx } from '../database/tx.js';
import type { SavingsMeetingView } from './dto/savings-meeting.view.js';
import type { SavingsShareOutView } from './dto/savings-share-out.view.js';
import { assertIsoDateFromYear100, type IsoDate } from '../common/calendar-date.js';
import { balancesOf, closingBalances, cycleStateOf, type CycleState } from './rules/cycle-state.js';
import { cycleShareOut } from './rules/settlement.js';
import { assertCanReadGroup, assertCanRecordGroup } from './savings-access.js';
import { SavingsCyclesRepository } from './savings-cycles.repository.js';
import { SavingsGroupsRepository } from './savings-groups.repository.js';
import { SavingsLoansRepository } from './savings-loans.repository.js';
import { SavingsMeetingsRepository } from './savings-meetings.repository.js';
import type { CycleRow, GroupRow, MeetingRow } from './savings-rows.js';
import { cashCountView, movementView } from './savings-views.js';

/**
 * What every savings use case loads inside its transaction: the group the caller may read or
 * write, a cycle's books as one CycleState, a meeting. Every write to a cycle locks the cycle's
 * row first and derives the cash from the movements inside the same transaction, so two
 * treasurers recording at once are serialised and cannot lend the same cash twice.
 */
@Injectable()
export class SavingsBooks {
  constructor(
    private readonly groups: SavingsGroupsRepository,
    private readonly cycles: SavingsCyclesRepository,
    private readonly meetings: SavingsMeetingsRepository,
    private readonly loans: SavingsLoansRepository,
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

  async lockedOpenCycle(tx: TenantTx, auth: TenantAuthContext, groupId: string, cycleId: string): Promise<CycleState> {
    return this.stateOf(tx, await this.lockOpenCycle(tx, auth, groupId, cycleId));
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

  async meetingView(tx: TenantTx, meeting: MeetingRow, state: CycleState): Promise<SavingsMeetingView> {
    return {
      id: meeting.id,
      cycleId: meeting.cycle_id,
      heldOn: meeting.held_on,
      status: meeting.status,
      attendance: (await this.meetings.attendanceOfMeeting(tx, meeting.id)).map((row) => ({ memberId: row.member_id, status: row.status })),
      movements: state.movements.filter((m) => m.meeting_id === meeting.id).map(movementView),
      cashCounts: (await this.meetings.cashCountsOfMeeting(tx, meeting.id)).map(cashCountView),
      balances: balancesOf(state),
      closingBalances: closingBalances(state.movements, meeting.held_on),
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
