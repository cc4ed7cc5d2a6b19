import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import type { TenantTx } from '../database/tx.js';
import type { SavingsMeetingView } from './dto/savings-meeting.view.js';
import type { CorrectionDto, RecordMeetingDto } from './dto/savings.dto.js';
import { assertIsoDateFromYear100, type IsoDate } from '../common/calendar-date.js';
import { correctionOf } from './rules/correction.js';
import {
  checkMeetingBatch, meetingCashCounts, meetingMovements, requireMeetingNotBeforeCycle, type FundCount, type MeetingEntry, type MeetingMovements,
} from './rules/meeting-batch.js';
import { SavingsBooks, type BooksScope } from './savings-books.js';
import { SavingsLoansRepository } from './savings-loans.repository.js';
import { SavingsMeetingsRepository } from './savings-meetings.repository.js';
import type { MeetingRow } from './savings-rows.js';
import { movementView } from './savings-views.js';

/** A group's meetings: recording one (in one or several batches), listing, closing, correcting a movement. */
@Injectable()
export class SavingsMeetingsService {
  constructor(
    private readonly db: Db,
    private readonly books: SavingsBooks,
    private readonly meetings: SavingsMeetingsRepository,
    private readonly loans: SavingsLoansRepository,
    private readonly audit: AuditService,
  ) {}

  /** One meeting as one batch (see meetingMovements); a later batch with the same id adds to the meeting while it is open. */
  recordMeeting(auth: TenantAuthContext, groupId: string, cycleId: string, dto: RecordMeetingDto): Promise<SavingsMeetingView> {
    const heldOn = assertIsoDateFromYear100(dto.heldOn);
    const attendance = dto.attendance ?? [];
    const entries = dto.entries ?? [];
    return this.db.tenant(auth, async (tx) => {
      const state = await this.books.lockedOpenBooks(tx, auth, groupId, cycleId, batchScope(entries));
      requireMeetingNotBeforeCycle(state, heldOn);
      const id = dto.id ?? randomUUID();
      const existing = await this.meetingToAddTo(tx, id, cycleId, heldOn);
      if (!existing) await this.meetings.insertMeeting(tx, { id, cycleId, heldOn }, auth.userId);
      const memberIds = new Set(await this.books.memberIds(tx, groupId));
      const attendanceRecorded = new Set((await this.meetings.attendanceOfMeeting(tx, id)).map((row) => row.member_id));
      checkMeetingBatch(state, { heldOn, memberIds, attendanceRecorded, attendance, entries });
      const movements = meetingMovements(state, id, heldOn, entries);
      for (const loan of movements.loans) {
        if (await this.loans.loanIdTaken(tx, loan.id)) throw new DomainError('SAVINGS_ID_TAKEN', { id: loan.id }, 'conflict');
      }
      const counts = dto.cashCount ? meetingCashCounts(movements.balances, dto.cashCount) : [];
      await this.meetings.insertAttendance(tx, id, attendance, auth.userId);
      for (const loan of movements.loans) await this.loans.insertLoan(tx, cycleId, loan, auth.userId);
      await this.meetings.insertMovements(tx, cycleId, movements.rows, auth.userId);
      await this.meetings.insertCashCounts(tx, id, counts, (dto.cashCount?.countedBy ?? '').trim(), auth.userId);
      await this.audit.record(tx, auth, {
        action: existing ? 'savings.meeting.added_to' : 'savings.meeting.recorded', entity: 'savings_meeting', entityId: id,
        after: meetingAuditOf(cycleId, heldOn, attendance.length, movements, counts),
      });
      return this.books.meetingViewAfterWrite(tx, await this.books.requireMeeting(tx, cycleId, id));
    });
  }

  listMeetings(auth: TenantAuthContext, groupId: string, cycleId: string): Promise<SavingsMeetingView[]> {
    return this.db.tenant(auth, async (tx) => {
      const state = await this.books.readableState(tx, auth, groupId, cycleId);
      const views: SavingsMeetingView[] = [];
      for (const meeting of await this.meetings.meetingsOfCycle(tx, cycleId)) views.push(await this.books.meetingView(tx, meeting, state));
      return views;
    });
  }

  closeMeeting(auth: TenantAuthContext, groupId: string, cycleId: string, meetingId: string): Promise<SavingsMeetingView> {
    return this.db.tenant(auth, async (tx) => {
      await this.books.lockOpenCycle(tx, auth, groupId, cycleId);
      const meeting = await this.books.requireMeeting(tx, cycleId, meetingId);
      if (meeting.status === 'closed') throw new DomainError('MEETING_CLOSED', { heldOn: meeting.held_on }, 'conflict');
      await this.meetings.closeMeeting(tx, meetingId, auth.userId);
      await this.audit.record(tx, auth, {
        action: 'savings.meeting.closed', entity: 'savings_meeting', entityId: meetingId, before: { status: 'open' }, after: { status: 'closed' },
      });
      return this.books.meetingViewAfterWrite(tx, await this.books.requireMeeting(tx, cycleId, meetingId));
    });
  }

  /** Appends the reversal of one movement of the meeting; every later balance follows from it. */
  correct(auth: TenantAuthContext, groupId: string, cycleId: string, meetingId: string, dto: CorrectionDto): Promise<SavingsMeetingView> {
    return this.db.tenant(auth, async (tx) => {
      const state = await this.books.lockedOpenBooks(tx, auth, groupId, cycleId, { movementId: dto.movementId });
      const meeting = await this.books.requireMeeting(tx, cycleId, meetingId);
      const { original, reversal } = correctionOf(state, meeting.id, dto.movementId, dto.reason.trim(), randomUUID());
      await this.meetings.insertMovements(tx, cycleId, [reversal], auth.userId);
      await this.audit.record(tx, auth, {
        action: 'savings.movement.reversed', entity: 'savings_movement', entityId: original.id,
        before: { ...movementView(original) }, after: { reversalId: reversal.id, reason: reversal.reason },
      });
      return this.books.meetingViewAfterWrite(tx, meeting);
    });
  }

  /** The meeting a batch with this id adds to, if one is recorded: it must be this cycle's, open, and held that day. */
  private async meetingToAddTo(tx: TenantTx, id: string, cycleId: string, heldOn: IsoDate): Promise<MeetingRow | undefined> {
    const existing = await this.meetings.meetingById(tx, id);
    if (!existing) return undefined;
    if (existing.cycle_id !== cycleId) throw new DomainError('SAVINGS_ID_TAKEN', { id }, 'conflict');
    if (existing.status === 'closed') throw new DomainError('MEETING_CLOSED', { heldOn: existing.held_on }, 'conflict');
    if (existing.held_on !== heldOn) throw new DomainError('MEETING_DATE_MISMATCH', { heldOn, recordedOn: existing.held_on });
    return existing;
  }
}

/** What a batch reads of the books: the loans of members who borrow (their cap) and the loans repaid. */
function batchScope(entries: readonly MeetingEntry[]): BooksScope {
  return {
    memberIds: entries.filter((entry) => entry.loan).map((entry) => entry.memberId),
    loanIds: entries.flatMap((entry) => (entry.repayment ? [entry.repayment.loanId] : [])),
  };
}

function meetingAuditOf(cycleId: string, heldOn: IsoDate, attendance: number, movements: MeetingMovements, counts: readonly FundCount[]): Record<string, unknown> {
  return {
    cycleId, heldOn, attendance,
    movements: movements.rows.map((m) => ({ id: m.id, kind: m.kind, memberId: m.memberId, amountMinor: m.amountMinor, shares: m.shares })),
    cashCounts: counts.map(({ fund, reconciliation }) => ({ fund, ...reconciliation })),
  };
}
