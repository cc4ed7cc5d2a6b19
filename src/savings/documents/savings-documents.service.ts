import { Injectable } from '@nestjs/common';
import type { TenantAuthContext } from '../../auth/auth-context.js';
import { DomainError } from '../../common/domain-error.js';
import { localDateIn } from '../../common/time-zone.js';
import { Db } from '../../database/db.js';
import type { TenantTx } from '../../database/tx.js';
import type { SavingsGroupIndicatorsView } from '../dto/savings-indicators.view.js';
import type { SavingsShareOutView } from '../dto/savings-share-out.view.js';
import type { LedgerLoan } from '../rules/ledger.js';
import { assertIsoDateFromYear100, type IsoDate } from '../../common/calendar-date.js';
import { defineCycleRules, type CycleRulesInput } from '../rules/cycle-rules.js';
import { SavingsBooks } from '../savings-books.js';
import { SavingsCyclesRepository } from '../savings-cycles.repository.js';
import { SavingsGroupsRepository } from '../savings-groups.repository.js';
import { SavingsLoansRepository } from '../savings-loans.repository.js';
import { SavingsMeetingsRepository } from '../savings-meetings.repository.js';
import { ledgerLoanOf } from '../rules/ledger.js';
import type { CycleRow, GroupRow, MeetingRow, MemberRow, WriteOffRow } from '../savings-rows.js';
import { cashCountView, movementView } from '../savings-views.js';
import { groupIndicators } from './indicators.js';
import { meetingSheet, type MeetingSheet } from './meeting-sheet.js';
import { closingBalances, passbookLines, type DocumentMeeting, type DocumentMovement, type DocumentWriteOff, type MemberBalances, type PassbookLine } from './passbook.js';

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
  readonly shareOut: SavingsShareOutView;
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
 * Reads only, each from a single snapshot of the books; the share-out sheet prints exactly
 * what the share-out route answers (preview or confirmed).
 */
@Injectable()
export class SavingsDocumentsService {
  constructor(
    private readonly db: Db,
    private readonly books: SavingsBooks,
    private readonly groups: SavingsGroupsRepository,
    private readonly cycles: SavingsCyclesRepository,
    private readonly meetings: SavingsMeetingsRepository,
    private readonly loans: SavingsLoansRepository,
  ) {}

  passbook(auth: TenantAuthContext, groupId: string, memberId: string, cycleId?: string): Promise<PassbookData> {
    return this.db.tenant(auth, async (tx) => {
      const context = await this.readableGroup(tx, auth, groupId);
      const member = (await this.groups.membersOfGroup(tx, groupId)).find((candidate) => candidate.id === memberId);
      if (!member) throw new DomainError('SAVINGS_MEMBER_NOT_FOUND', {}, 'not_found');
      const cycle = await this.cycleOf(tx, groupId, cycleId);
      const books = await this.bookOf(tx, cycle.id);
      const lines = passbookLines(memberId, books.movements, books.meetings, books.loans, books.writeOffs);
      return { header: header(context, cycle), memberName: nameOf(member), meetings: books.meetings, lines, closing: closingBalances(lines) };
    });
  }

  meetingSheet(auth: TenantAuthContext, groupId: string, cycleId: string, meetingId: string): Promise<MeetingSheetData> {
    return this.db.tenant(auth, async (tx) => {
      const context = await this.readableGroup(tx, auth, groupId);
      const cycle = await this.cycleOf(tx, groupId, cycleId);
      const meeting = await this.books.requireMeeting(tx, cycle.id, meetingId);
      const members = await this.groups.membersOfGroup(tx, groupId);
      const books = await this.bookOf(tx, cycle.id);
      const sheet = meetingSheet({
        meetingId,
        meetings: books.meetings,
        movements: books.movements,
        memberIds: members.map((member) => member.id),
        attendance: (await this.meetings.attendanceOfMeeting(tx, meetingId)).map((row) => ({ memberId: row.member_id, status: row.status })),
        cashCounts: (await this.meetings.cashCountsOfMeeting(tx, meetingId)).map(cashCountView),
      });
      return { header: header(context, cycle), meeting: { id: meeting.id, heldOn: meeting.held_on, status: meeting.status }, memberNames: namesOf(members), sheet };
    });
  }

  shareOutSheet(auth: TenantAuthContext, groupId: string, cycleId: string, on?: string): Promise<ShareOutSheetData> {
    return this.db.tenant(auth, async (tx) => {
      const context = await this.readableGroup(tx, auth, groupId);
      const cycle = await this.cycleOf(tx, groupId, cycleId);
      const members = await this.groups.membersOfGroup(tx, groupId);
      const shareOut = await this.books.shareOutView(tx, await this.books.stateOf(tx, cycle), groupId, on);
      return { header: header(context, cycle), memberNames: namesOf(members), shareOut };
    });
  }

  indicators(auth: TenantAuthContext, groupId: string, cycleId?: string, on?: string): Promise<SavingsGroupIndicatorsView> {
    return this.db.tenant(auth, async (tx) => {
      const context = await this.readableGroup(tx, auth, groupId);
      const asOf = on === undefined ? context.today : assertIsoDateFromYear100(on);
      const members = (await this.groups.membersOfGroup(tx, groupId)).map((member) => ({ sex: member.sex, joinedOn: member.joined_on }));
      if (cycleId === undefined && (await this.cycles.cyclesOfGroup(tx, groupId)).length === 0) {
        return { groupId, cycleId: null, currency: null, ...groupIndicators({ asOf, members, meetings: [], movements: [], loans: [] }) };
      }
      const cycle = await this.cycleOf(tx, groupId, cycleId);
      const books = await this.bookOf(tx, cycle.id);
      const statuses = new Map<string, string[]>();
      for (const row of await this.meetings.attendanceOfCycle(tx, cycle.id)) statuses.set(row.meeting_id, [...(statuses.get(row.meeting_id) ?? []), row.status]);
      const meetings = books.meetings.map((meeting) => ({ heldOn: meeting.heldOn, statuses: statuses.get(meeting.id) ?? [] }));
      const writeOffs = new Map(books.writeOffs.map((writeOff) => [writeOff.loanId, writeOff]));
      const indicators = groupIndicators({ asOf, members, meetings, movements: books.movements, loans: books.loans, writeOffs });
      return { groupId, cycleId: cycle.id, currency: rulesOf(cycle).currency, ...indicators };
    });
  }

  /** The group, if the caller may read its books: admins, auditors, supervisors, and the treasurers assigned to it. */
  private async readableGroup(tx: TenantTx, auth: TenantAuthContext, groupId: string): Promise<Context> {
    const group = await this.books.readableGroup(tx, auth, groupId);
    const cooperative = await this.groups.cooperative(tx);
    return { group, cooperativeName: cooperative.name, today: localDateIn(cooperative.timezone) };
  }

  /** The cycle asked for, or the group's open cycle, or its latest. */
  private async cycleOf(tx: TenantTx, groupId: string, cycleId: string | undefined): Promise<CycleRow> {
    const cycle = cycleId === undefined
      ? await this.cycles.cyclesOfGroup(tx, groupId).then((cycles) => cycles.find((c) => c.status === 'open') ?? cycles[0])
      : await this.cycles.cycleOfGroup(tx, groupId, cycleId);
    if (!cycle) throw new DomainError('CYCLE_NOT_FOUND', {}, 'not_found');
    return cycle;
  }

  private async bookOf(tx: TenantTx, cycleId: string): Promise<Books> {
    return {
      meetings: (await this.meetings.meetingsOfCycle(tx, cycleId)).map(documentMeeting),
      movements: (await this.meetings.movementsOfCycle(tx, cycleId)).map(movementView),
      loans: (await this.loans.loansOfCycle(tx, cycleId)).map(ledgerLoanOf),
      writeOffs: (await this.loans.writeOffsOfCycle(tx, cycleId)).map(documentWriteOff),
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

function documentWriteOff(row: WriteOffRow): DocumentWriteOff {
  return {
    loanId: row.loan_id, meetingId: row.meeting_id, writtenOffOn: row.written_off_on,
    principalMinor: Number(row.principal_minor), serviceChargeMinor: Number(row.service_charge_minor),
  };
}
