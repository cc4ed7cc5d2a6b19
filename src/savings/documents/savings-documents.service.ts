import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TenantAuthContext } from '../../auth/auth-context.js';
import { DomainError } from '../../common/domain-error.js';
import { localDateIn } from '../../common/time-zone.js';
import { Db } from '../../database/db.service.js';
import type { LedgerLoan } from '../ledger.js';
import { requireIsoDate, type IsoDate } from '../rules/calendar-days.js';
import { defineCycleRules, type CycleRulesInput } from '../rules/cycle-rules.js';
import {
  type CycleRow, type GroupRow, ledgerLoanOf, type MeetingRow, type MemberRow, type MovementRow, SavingsRepository, type WriteOffRow,
} from '../savings.repository.js';
import { SavingsService, type ShareOutView } from '../savings.service.js';
import { assertCanReadGroup } from '../savings-access.js';
import { groupIndicators, type GroupIndicators } from './indicators.js';
import { meetingSheet, type MeetingSheet } from './meeting-sheet.js';
import {
  closingBalances, passbookLines, type DocumentMeeting, type DocumentMovement, type DocumentWriteOff, type MemberBalances, type PassbookLine,
} from './passbook.js';
import { SavingsDocumentsRepository } from './savings-documents.repository.js';

/** What heads every savings document. */
export interface DocumentHeader {
  readonly cooperativeName: string;
  readonly groupName: string;
  readonly meetingPlace: string;
  readonly cycle: { readonly id: string; readonly startsOn: IsoDate; readonly plannedEndOn: IsoDate; readonly status: 'open' | 'closed' };
  readonly currency: string;
  readonly sharePriceMinor: number;
  /** Today where the cooperative works. */
  readonly printedOn: IsoDate;
}

export interface PassbookData {
  readonly header: DocumentHeader;
  readonly memberName: string;
  readonly meetings: readonly DocumentMeeting[];
  readonly lines: readonly PassbookLine[];
  readonly closing: MemberBalances;
}

export interface MeetingSheetData {
  readonly header: DocumentHeader;
  readonly meeting: { readonly id: string; readonly heldOn: IsoDate; readonly status: 'open' | 'closed' };
  readonly memberNames: ReadonlyMap<string, string>;
  readonly sheet: MeetingSheet;
}

export interface ShareOutSheetData {
  readonly header: DocumentHeader;
  readonly memberNames: ReadonlyMap<string, string>;
  readonly shareOut: ShareOutView;
}

export interface GroupIndicatorsView extends GroupIndicators {
  readonly groupId: string;
  readonly cycleId: string | null;
  readonly currency: string | null;
}

interface Books {
  readonly meetings: DocumentMeeting[];
  readonly movements: DocumentMovement[];
  readonly loans: LedgerLoan[];
  readonly writeOffs: DocumentWriteOff[];
}

interface Context {
  readonly group: GroupRow;
  readonly cooperativeName: string;
  readonly today: IsoDate;
}

/**
 * The savings group's documents (passbook, meeting sheet, share-out sheet) and indicators.
 * Reads only: each one from a single snapshot of the books, except the share-out sheet, which
 * prints exactly what SavingsService answers for the share-out (preview or confirmed).
 */
@Injectable()
export class SavingsDocumentsService {
  constructor(
    private readonly db: Db,
    private readonly savingsRepository: SavingsRepository,
    private readonly repository: SavingsDocumentsRepository,
    private readonly savings: SavingsService,
  ) {}

  passbook(auth: TenantAuthContext, groupId: string, memberId: string, cycleId?: string): Promise<PassbookData> {
    return this.db.inScope(auth.scope, async (tx) => {
      const context = await this.readableGroup(tx, auth, groupId);
      const members = await this.savingsRepository.members(tx, auth.cooperativeId, groupId);
      const member = members.find((candidate) => candidate.id === memberId);
      if (!member) throw new DomainError('SAVINGS_MEMBER_NOT_FOUND', {}, 'not_found');
      const cycle = await this.cycleOf(tx, auth.cooperativeId, groupId, cycleId);
      const books = await this.books(tx, auth.cooperativeId, cycle.id);
      const lines = passbookLines(memberId, books.movements, books.meetings, books.loans, books.writeOffs);
      return { header: header(context, cycle), memberName: nameOf(member), meetings: books.meetings, lines, closing: closingBalances(lines) };
    });
  }

  meetingSheet(auth: TenantAuthContext, groupId: string, cycleId: string, meetingId: string): Promise<MeetingSheetData> {
    return this.db.inScope(auth.scope, async (tx) => {
      const coop = auth.cooperativeId;
      const context = await this.readableGroup(tx, auth, groupId);
      const cycle = await this.cycleOf(tx, coop, groupId, cycleId);
      const meeting = await this.savingsRepository.meeting(tx, coop, meetingId);
      if (!meeting || meeting.cycle_id !== cycle.id) throw new DomainError('MEETING_NOT_FOUND', {}, 'not_found');
      const members = await this.savingsRepository.members(tx, coop, groupId);
      const books = await this.books(tx, coop, cycle.id);
      const sheet = meetingSheet({
        meetingId,
        meetings: books.meetings,
        movements: books.movements,
        memberIds: members.map((member) => member.id),
        attendance: (await this.savingsRepository.attendance(tx, coop, meetingId)).map((row) => ({ memberId: row.member_id, status: row.status })),
        cashCounts: (await this.savingsRepository.cashCounts(tx, coop, meetingId)).map((row) => ({
          fund: row.fund, expectedMinor: Number(row.expected_minor), countedMinor: Number(row.counted_minor),
          differenceMinor: Number(row.difference_minor), countedBy: row.counted_by,
        })),
      });
      return { header: header(context, cycle), meeting: { id: meeting.id, heldOn: meeting.held_on, status: meeting.status }, memberNames: namesOf(members), sheet };
    });
  }

  async shareOutSheet(auth: TenantAuthContext, groupId: string, cycleId: string, on?: string): Promise<ShareOutSheetData> {
    const { context, cycle, members } = await this.db.inScope(auth.scope, async (tx) => ({
      context: await this.readableGroup(tx, auth, groupId),
      cycle: await this.cycleOf(tx, auth.cooperativeId, groupId, cycleId),
      members: await this.savingsRepository.members(tx, auth.cooperativeId, groupId),
    }));
    const shareOut = await this.savings.shareOut(auth, groupId, cycleId, on);
    return { header: header(context, cycle), memberNames: namesOf(members), shareOut };
  }

  indicators(auth: TenantAuthContext, groupId: string, cycleId?: string, on?: string): Promise<GroupIndicatorsView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const coop = auth.cooperativeId;
      const context = await this.readableGroup(tx, auth, groupId);
      const asOf = on === undefined ? context.today : requireIsoDate(on);
      const members = (await this.savingsRepository.members(tx, coop, groupId)).map((member) => ({ sex: member.sex, joinedOn: member.joined_on }));
      const cycles = await this.savingsRepository.cycles(tx, coop, groupId);
      if (cycleId === undefined && cycles.length === 0) {
        return { groupId, cycleId: null, currency: null, ...groupIndicators({ asOf, members, meetings: [], movements: [], loans: [] }) };
      }
      const cycle = await this.cycleOf(tx, coop, groupId, cycleId);
      const books = await this.books(tx, coop, cycle.id);
      const statuses = new Map<string, string[]>();
      for (const row of await this.repository.cycleAttendance(tx, coop, cycle.id)) statuses.set(row.meeting_id, [...(statuses.get(row.meeting_id) ?? []), row.status]);
      const meetings = books.meetings.map((meeting) => ({ heldOn: meeting.heldOn, statuses: statuses.get(meeting.id) ?? [] }));
      const writeOffs = new Map(books.writeOffs.map((writeOff) => [writeOff.loanId, writeOff]));
      const indicators = groupIndicators({ asOf, members, meetings, movements: books.movements, loans: books.loans, writeOffs });
      return { groupId, cycleId: cycle.id, currency: rulesOf(cycle).currency, ...indicators };
    });
  }

  /** The group, if the caller may read its books: admins, auditors, supervisors, and the treasurers assigned to it. */
  private async readableGroup(tx: EntityManager, auth: TenantAuthContext, groupId: string): Promise<Context> {
    const group = await this.savingsRepository.group(tx, auth.cooperativeId, groupId);
    if (!group) throw new DomainError('SAVINGS_GROUP_NOT_FOUND', {}, 'not_found');
    await assertCanReadGroup(tx, this.savingsRepository, auth, groupId);
    const cooperative = await this.repository.cooperative(tx, auth.cooperativeId);
    return { group, cooperativeName: cooperative?.name ?? '', today: localDateIn(cooperative?.timezone ?? 'UTC') };
  }

  /** The cycle asked for, or the group's open cycle, or its latest. */
  private async cycleOf(tx: EntityManager, cooperativeId: string, groupId: string, cycleId: string | undefined): Promise<CycleRow> {
    const cycle = cycleId === undefined
      ? await this.savingsRepository.cycles(tx, cooperativeId, groupId).then((cycles) => cycles.find((c) => c.status === 'open') ?? cycles[0])
      : await this.savingsRepository.cycle(tx, cooperativeId, groupId, cycleId);
    if (!cycle) throw new DomainError('CYCLE_NOT_FOUND', {}, 'not_found');
    return cycle;
  }

  private async books(tx: EntityManager, cooperativeId: string, cycleId: string): Promise<Books> {
    const [meetings, movements, loans, writeOffs] = [
      await this.savingsRepository.meetings(tx, cooperativeId, cycleId),
      await this.savingsRepository.movements(tx, cooperativeId, cycleId),
      await this.savingsRepository.loans(tx, cooperativeId, cycleId),
      await this.savingsRepository.writeOffs(tx, cooperativeId, cycleId),
    ];
    return {
      meetings: meetings.map(documentMeeting),
      movements: movements.map(documentMovement),
      loans: loans.map(ledgerLoanOf),
      writeOffs: writeOffs.map(documentWriteOff),
    };
  }
}

function rulesOf(cycle: CycleRow): { currency: string; sharePriceMinor: number } {
  return defineCycleRules(cycle.rules as unknown as CycleRulesInput);
}

function header(context: Context, cycle: CycleRow): DocumentHeader {
  const rules = rulesOf(cycle);
  return {
    cooperativeName: context.cooperativeName,
    groupName: context.group.name,
    meetingPlace: context.group.meeting_place,
    cycle: { id: cycle.id, startsOn: cycle.starts_on, plannedEndOn: cycle.planned_end_on, status: cycle.status },
    currency: rules.currency,
    sharePriceMinor: rules.sharePriceMinor,
    printedOn: context.today,
  };
}

function nameOf(member: MemberRow): string {
  return `${member.first_name} ${member.last_name}`;
}

function namesOf(members: readonly MemberRow[]): Map<string, string> {
  return new Map(members.map((member) => [member.id, nameOf(member)]));
}

function documentMeeting(row: MeetingRow): DocumentMeeting {
  return { id: row.id, heldOn: row.held_on };
}

function documentMovement(row: MovementRow): DocumentMovement {
  return {
    id: row.id, meetingId: row.meeting_id, memberId: row.member_id, loanId: row.loan_id, kind: row.kind, fund: row.fund,
    amountMinor: Number(row.amount_minor), shares: row.shares, fineCode: row.fine_code, purpose: row.purpose,
    reversesMovementId: row.reverses_movement_id, reason: row.reason, occurredOn: row.occurred_on,
  };
}

function documentWriteOff(row: WriteOffRow): DocumentWriteOff {
  return {
    loanId: row.loan_id, meetingId: row.meeting_id, writtenOffOn: row.written_off_on,
    principalMinor: Number(row.principal_minor), serviceChargeMinor: Number(row.service_charge_minor),
  };
}
