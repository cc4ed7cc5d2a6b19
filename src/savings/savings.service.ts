import { randomUUID } from 'node:crypto';
import { localDateIn } from '../common/time-zone.js';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.service.js';
import type {
  AddMemberDto, AmendRulesDto, CorrectionDto, CreateGroupDto, ElectCommitteeDto, MemberEntryDto, MemberExitDto, RecordMeetingDto, REPAYMENT_PLANS,
  StartCycleDto, WriteOffDto,
} from './dto/savings.dto.js';
import { foldLedger, type CycleLedger, type LedgerLoan } from './ledger.js';
import { assertCanReadGroup, assertCanRecordGroup, readsEveryGroup } from './savings-access.js';
import { addDays, dayNumber, requireIsoDate, type IsoDate } from './rules/calendar-days.js';
import { committeeSeats, electionOfSeats, type CommitteeElection } from './rules/committee.js';
import { reconcileCash, type CashReconciliation } from './rules/cash.js';
import { defineCycleRules, fineAmountMinor, type CycleRules, type CycleRulesInput } from './rules/cycle-rules.js';
import { allocateRepayment, allocateRepayments, type LoanBalance, type RepaymentAllocation } from './rules/loan-balance.js';
import { requireLoanDisbursable } from './rules/loan-request.js';
import { loanSchedule, type LoanSchedule } from './rules/loan-schedule.js';
import { loanTermsUnderRules } from './rules/loan-terms.js';
import { loanPosition, portfolioAtRiskOfPositions, writeOffLoan, type LoanPosition, type LoanState, type LoanWriteOff } from './rules/loan-write-off.js';
import { type PortfolioAtRisk } from './rules/portfolio.js';
import { amendCycleRules, rulesInForce, type AdoptedAmendment } from './rules/rule-amendments.js';
import { previewCycleShareOut, settleMemberExit, type CycleShareOutPreview, type MemberExitSettlement } from './rules/share-out.js';
import { resolveSharePurchase, sharesValueMinor, type SharePurchaseRequest } from './rules/shares.js';
import { requirePositiveMinorAmount } from './rules/whole-numbers.js';
import {
  type AmendmentRow, type CashCountRow, type CommitteeSeatRow, type CycleRow, type GroupRow, type LoanRow, type MeetingRow, type MemberExitRow,
  ledgerLoanOf, ledgerMovementOf, type MemberRow, type MovementRow, type NewMovement, SavingsRepository, type WriteOffRow,
} from './savings.repository.js';

export interface Balances {
  loanFundMinor: number;
  socialFundMinor: number;
}

export interface MovementView {
  id: string;
  meetingId: string | null;
  memberId: string | null;
  loanId: string | null;
  kind: string;
  fund: string;
  amountMinor: number;
  shares: number;
  fineCode: string | null;
  purpose: string | null;
  reversesMovementId: string | null;
  reason: string | null;
  occurredOn: string;
  recordedBy: string;
}

export interface CashCountView {
  fund: string;
  expectedMinor: number;
  countedMinor: number;
  differenceMinor: number;
  outcome: string;
  countedBy: string;
  recordedBy: string;
}

export interface MeetingView {
  id: string;
  cycleId: string;
  heldOn: string;
  status: string;
  attendance: { memberId: string; status: string }[];
  movements: MovementView[];
  cashCounts: CashCountView[];
  /** The cycle's balances now. */
  balances: Balances;
  /** The balances at the end of this meeting, as the books stand now: a later correction of it or of an earlier meeting shows here. */
  closingBalances: Balances;
}

export interface LoanView {
  id: string;
  memberId: string;
  meetingId: string;
  principalMinor: number;
  disbursedOn: string;
  termMonths: number;
  termEndsOn: string;
  state: LoanState;
  overdue: boolean;
  daysOverdue: number;
  balance: LoanBalance;
  writeOff: WriteOffView | null;
}

export interface WriteOffView extends LoanWriteOff {
  meetingId: string;
  reason: string;
  decisionRef: string | null;
  recordedBy: string;
}

export interface LoanDetailView extends LoanView {
  asOf: string;
  serviceChargeRateBpPerMonth: number;
  serviceChargeMethod: string;
  plan: (typeof REPAYMENT_PLANS)[number];
  schedule: LoanSchedule;
  repayments: RepaymentAllocation[];
}

export interface CommitteeView extends CommitteeElection {
  termId: string;
  electedOn: string;
}

export interface AmendmentView {
  id: string;
  meetingId: string;
  votedOn: string;
  votesFor: number;
  votesAgainst: number;
  votesAbstaining: number;
  changes: Record<string, unknown>;
  rulesAfter: Record<string, unknown>;
  reason: string;
  recordedBy: string;
}

export interface MemberExitView extends MemberExitSettlement {
  cycleId: string;
  memberId: string;
  on: string;
  status: 'preview' | 'confirmed';
  reason: string | null;
}

export interface ShareOutView extends CycleShareOutPreview {
  cycleId: string;
  on: string;
  status: 'preview' | 'confirmed';
}

interface CycleState {
  readonly cycle: CycleRow;
  /** The rules the cycle started with; `rulesOn` gives those in force on a day. */
  readonly rules: CycleRules;
  readonly amendments: readonly AmendmentRow[];
  readonly adopted: readonly AdoptedAmendment[];
  readonly ledger: CycleLedger;
  readonly loanRows: readonly LoanRow[];
  readonly movements: readonly MovementRow[];
  readonly writeOffs: ReadonlyMap<string, WriteOffRow>;
  readonly exits: ReadonlyMap<string, MemberExitRow>;
}

type MovementDefaults = Pick<NewMovement, 'meetingId' | 'loanId' | 'shares' | 'fineCode' | 'purpose' | 'reversesMovementId' | 'reason' | 'occurredOn'>;

function toNumber(value: string | number): number {
  return Number(value);
}

function later(a: IsoDate, b: IsoDate): IsoDate {
  return dayNumber(a) >= dayNumber(b) ? a : b;
}

function groupView(row: GroupRow): Record<string, unknown> {
  return { id: row.id, name: row.name, meetingPlace: row.meeting_place, frequency: row.frequency, meetingWeekday: row.meeting_weekday };
}

function memberView(row: MemberRow): Record<string, unknown> {
  return { id: row.id, minerId: row.miner_id, firstName: row.first_name, lastName: row.last_name, sex: row.sex, phone: row.phone, joinedOn: row.joined_on };
}

function cycleView(row: CycleRow): Record<string, unknown> {
  return { id: row.id, groupId: row.group_id, rules: row.rules, startsOn: row.starts_on, plannedEndOn: row.planned_end_on, status: row.status, closedOn: row.closed_on };
}

function movementView(row: MovementRow): MovementView {
  return {
    id: row.id, meetingId: row.meeting_id, memberId: row.member_id, loanId: row.loan_id, kind: row.kind, fund: row.fund,
    amountMinor: toNumber(row.amount_minor), shares: row.shares, fineCode: row.fine_code, purpose: row.purpose,
    reversesMovementId: row.reverses_movement_id, reason: row.reason, occurredOn: row.occurred_on, recordedBy: row.recorded_by,
  };
}

function cashCountView(row: CashCountRow): CashCountView {
  return {
    fund: row.fund, expectedMinor: toNumber(row.expected_minor), countedMinor: toNumber(row.counted_minor),
    differenceMinor: toNumber(row.difference_minor), outcome: row.outcome, countedBy: row.counted_by, recordedBy: row.recorded_by,
  };
}

function writeOffOf(row: WriteOffRow): LoanWriteOff {
  return { writtenOffOn: row.written_off_on, principalMinor: toNumber(row.principal_minor), serviceChargeMinor: toNumber(row.service_charge_minor) };
}

function writeOffView(row: WriteOffRow): WriteOffView {
  return { ...writeOffOf(row), meetingId: row.meeting_id, reason: row.reason, decisionRef: row.decision_ref, recordedBy: row.recorded_by };
}

function amendmentView(row: AmendmentRow): AmendmentView {
  return {
    id: row.id, meetingId: row.meeting_id, votedOn: row.voted_on, votesFor: row.votes_for, votesAgainst: row.votes_against,
    votesAbstaining: row.votes_abstaining, changes: row.changes, rulesAfter: row.rules_after, reason: row.reason, recordedBy: row.recorded_by,
  };
}

function committeeView(seats: readonly CommitteeSeatRow[]): CommitteeView | null {
  const [first] = seats;
  if (!first) return null;
  const election = electionOfSeats(seats.map((seat) => ({ post: seat.post, seat: seat.seat, memberId: seat.member_id })));
  return { termId: first.term_id, electedOn: first.elected_on, ...election };
}

/** The rules a meeting held on `on` applies: amendments take effect from the next meeting. */
function rulesOn(state: CycleState, on: IsoDate): CycleRules {
  return rulesInForce(state.rules, state.adopted, on);
}

/** Where a loan stands on `asOf` (never before its disbursement), with the given repayments or those recorded. */
function positionOf(state: CycleState, loan: LedgerLoan, asOf: IsoDate, repayments = state.ledger.repaymentsByLoan.get(loan.id) ?? []): LoanPosition {
  const writeOff = state.writeOffs.get(loan.id);
  return loanPosition(loan.terms, repayments, writeOff ? writeOffOf(writeOff) : null, later(asOf, loan.terms.disbursedOn));
}

function sharesHeld(state: CycleState, memberIds: readonly string[]): number {
  return memberIds.reduce((sum, memberId) => sum + (state.ledger.sharesByMember.get(memberId) ?? 0), 0);
}

function sharePurchaseRequest(entry: MemberEntryDto): SharePurchaseRequest | null {
  if (entry.shares !== undefined) return { shares: entry.shares, amountMinor: entry.sharesAmountMinor };
  if (entry.sharesAmountMinor !== undefined) return { amountMinor: entry.sharesAmountMinor };
  return null;
}

/**
 * Savings groups and their books. Every write to a cycle locks the cycle's row first and
 * derives the cash from the movements inside the same transaction, so two treasurers
 * recording at once are serialised and cannot lend the same cash twice.
 */
@Injectable()
export class SavingsService {
  constructor(
    private readonly db: Db,
    private readonly repository: SavingsRepository,
    private readonly audit: AuditService,
  ) {}

  // ---- groups, members, treasurers -------------------------------------------------------

  async createGroup(auth: TenantAuthContext, dto: CreateGroupDto): Promise<Record<string, unknown>> {
    const coop = auth.cooperativeId;
    const id = dto.id ?? randomUUID();
    await this.db.inScope(auth.scope, async (tx) => {
      if (await this.repository.group(tx, coop, id)) throw new DomainError('SAVINGS_ID_TAKEN', { id }, 'conflict');
      const name = dto.name.trim();
      if (await this.repository.groupNameTaken(tx, coop, name)) throw new DomainError('SAVINGS_GROUP_NAME_TAKEN', { name }, 'conflict');
      const row = { id, name, meeting_place: dto.meetingPlace.trim(), frequency: dto.frequency, meeting_weekday: dto.meetingWeekday };
      await this.repository.insertGroup(tx, coop, row, auth.userId);
      await this.audit.record(tx, auth, { action: 'savings.group.created', entity: 'savings_group', entityId: id, after: row });
    });
    return this.group(auth, id);
  }

  listGroups(auth: TenantAuthContext): Promise<Record<string, unknown>[]> {
    const onlyAssignedTo = readsEveryGroup(auth) ? null : auth.userId;
    return this.db.inScope(auth.scope, async (tx) => (await this.repository.groups(tx, auth.cooperativeId, onlyAssignedTo)).map(groupView));
  }

  group(auth: TenantAuthContext, groupId: string): Promise<Record<string, unknown>> {
    return this.db.inScope(auth.scope, async (tx) => {
      const group = await this.readableGroup(tx, auth, groupId);
      return {
        ...groupView(group),
        treasurerIds: await this.repository.treasurerIds(tx, auth.cooperativeId, groupId),
        members: (await this.repository.members(tx, auth.cooperativeId, groupId)).map(memberView),
        committee: committeeView(await this.repository.latestCommittee(tx, auth.cooperativeId, groupId)),
        cycles: (await this.repository.cycles(tx, auth.cooperativeId, groupId)).map(cycleView),
      };
    });
  }

  async addMember(auth: TenantAuthContext, groupId: string, dto: AddMemberDto): Promise<Record<string, unknown>> {
    const coop = auth.cooperativeId;
    return this.db.inScope(auth.scope, async (tx) => {
      await this.requireGroup(tx, coop, groupId);
      await this.assertCanRecord(tx, auth, groupId);
      const id = dto.id ?? randomUUID();
      if (await this.repository.memberIdTaken(tx, coop, id)) throw new DomainError('SAVINGS_ID_TAKEN', { id }, 'conflict');
      const identity = await this.memberIdentity(tx, coop, groupId, dto);
      const row: MemberRow = {
        id, group_id: groupId, miner_id: dto.minerId ?? null, ...identity,
        joined_on: dto.joinedOn === undefined ? localDateIn(await this.repository.cooperativeTimezone(tx, coop)) : requireIsoDate(dto.joinedOn),
      };
      await this.repository.insertMember(tx, coop, row, auth.userId);
      await this.audit.record(tx, auth, { action: 'savings.member.added', entity: 'savings_group_member', entityId: id, after: { ...row } });
      return memberView(row);
    });
  }

  async setTreasurers(auth: TenantAuthContext, groupId: string, userIds: readonly string[]): Promise<Record<string, unknown>> {
    const coop = auth.cooperativeId;
    await this.db.inScope(auth.scope, async (tx) => {
      await this.requireGroup(tx, coop, groupId);
      const holders = new Set(await this.repository.usersHoldingTreasurerRole(tx, coop, userIds));
      const missing = userIds.filter((userId) => !holders.has(userId));
      if (missing.length > 0) throw new DomainError('TREASURER_ROLE_REQUIRED', { userIds: missing.join(', ') });
      const before = await this.repository.treasurerIds(tx, coop, groupId);
      await this.repository.replaceTreasurers(tx, coop, groupId, userIds, auth.userId);
      await this.audit.record(tx, auth, {
        action: 'savings.treasurers.assigned', entity: 'savings_group', entityId: groupId,
        before: { treasurerIds: before }, after: { treasurerIds: [...userIds].sort() },
      });
    });
    return this.group(auth, groupId);
  }

  // ---- cycles ------------------------------------------------------------------------------

  async startCycle(auth: TenantAuthContext, groupId: string, dto: StartCycleDto): Promise<Record<string, unknown>> {
    const coop = auth.cooperativeId;
    const rules = defineCycleRules(dto.rules);
    const startsOn = requireIsoDate(dto.startsOn);
    const plannedEndOn = requireIsoDate(dto.plannedEndOn);
    if (dayNumber(plannedEndOn) <= dayNumber(startsOn)) throw new DomainError('CYCLE_END_NOT_AFTER_START', { startsOn, plannedEndOn });
    return this.db.inScope(auth.scope, async (tx) => {
      await this.requireGroup(tx, coop, groupId);
      await this.assertCanRecord(tx, auth, groupId);
      const id = dto.id ?? randomUUID();
      if (await this.repository.cycleIdTaken(tx, coop, id)) throw new DomainError('SAVINGS_ID_TAKEN', { id }, 'conflict');
      if (await this.repository.hasOpenCycle(tx, coop, groupId)) throw new DomainError('CYCLE_ALREADY_OPEN', {}, 'conflict');
      await this.repository.insertCycle(tx, coop, { id, groupId, rules, startsOn, plannedEndOn }, auth.userId);
      await this.audit.record(tx, auth, { action: 'savings.cycle.started', entity: 'savings_cycle', entityId: id, after: { groupId, rules, startsOn, plannedEndOn } });
      const cycle = await this.repository.cycle(tx, coop, groupId, id);
      return cycleView(cycle as CycleRow);
    });
  }

  listCycles(auth: TenantAuthContext, groupId: string): Promise<Record<string, unknown>[]> {
    return this.db.inScope(auth.scope, async (tx) => {
      await this.readableGroup(tx, auth, groupId);
      const cycles = await this.repository.cycles(tx, auth.cooperativeId, groupId);
      const views: Record<string, unknown>[] = [];
      for (const cycle of cycles) {
        const state = await this.state(tx, auth.cooperativeId, groupId, cycle.id);
        views.push({ ...cycleView(cycle), balances: balancesOf(state.ledger) });
      }
      return views;
    });
  }

  // ---- meetings ----------------------------------------------------------------------------

  /**
   * One meeting as one batch. Inflows first (social fund, shares, repayments, fines), then
   * outflows (loans, social-fund grants), as the meeting runs: a loan can use the cash the
   * members just brought. Every movement is computed before any is written.
   */
  async recordMeeting(auth: TenantAuthContext, groupId: string, cycleId: string, dto: RecordMeetingDto): Promise<MeetingView> {
    const coop = auth.cooperativeId;
    const heldOn = requireIsoDate(dto.heldOn);
    return this.db.inScope(auth.scope, async (tx) => {
      const state = await this.lockedOpenCycle(tx, auth, groupId, cycleId);
      if (dayNumber(heldOn) < dayNumber(state.cycle.starts_on)) {
        throw new DomainError('MEETING_BEFORE_CYCLE_START', { heldOn, startsOn: state.cycle.starts_on });
      }
      const id = dto.id ?? randomUUID();
      const existing = await this.repository.meeting(tx, coop, id);
      if (existing) {
        if (existing.cycle_id !== cycleId) throw new DomainError('SAVINGS_ID_TAKEN', { id }, 'conflict');
        if (existing.status === 'closed') throw new DomainError('MEETING_CLOSED', { heldOn: existing.held_on }, 'conflict');
        if (existing.held_on !== heldOn) throw new DomainError('MEETING_DATE_MISMATCH', { heldOn, recordedOn: existing.held_on });
      } else {
        await this.repository.insertMeeting(tx, coop, { id, cycleId, heldOn }, auth.userId);
      }
      const memberIds = new Set((await this.repository.members(tx, coop, groupId)).map((member) => member.id));
      const requireMember = (memberId: string): void => {
        if (!memberIds.has(memberId)) throw new DomainError('SAVINGS_MEMBER_NOT_IN_GROUP', { memberId });
        const exit = state.exits.get(memberId);
        if (exit && dayNumber(heldOn) >= dayNumber(exit.exited_on)) throw new DomainError('SAVINGS_MEMBER_EXITED', { memberId, exitedOn: exit.exited_on }, 'conflict');
      };

      const recorded = new Set((await this.repository.attendance(tx, coop, id)).map((row) => row.member_id));
      for (const { memberId } of dto.attendance ?? []) {
        requireMember(memberId);
        if (recorded.has(memberId)) throw new DomainError('ATTENDANCE_ALREADY_RECORDED', { memberId }, 'conflict');
        recorded.add(memberId);
      }
      const entries = dto.entries ?? [];
      const seen = new Set<string>();
      for (const { memberId } of entries) {
        requireMember(memberId);
        if (seen.has(memberId)) throw new DomainError('MEMBER_ENTRY_DUPLICATE', { memberId });
        seen.add(memberId);
      }

      const movements = this.meetingMovements(state, id, heldOn, entries);
      const newLoans = movements.loans;
      for (const loan of newLoans) {
        if (await this.repository.loanIdTaken(tx, coop, loan.id)) throw new DomainError('SAVINGS_ID_TAKEN', { id: loan.id }, 'conflict');
      }

      let counts: { fund: 'loan_fund' | 'social_fund'; reconciliation: CashReconciliation }[] = [];
      if (dto.cashCount) {
        counts = [
          { fund: 'loan_fund', reconciliation: reconcileCash(movements.balances.loanFundMinor, dto.cashCount.loanFundMinor) },
          { fund: 'social_fund', reconciliation: reconcileCash(movements.balances.socialFundMinor, dto.cashCount.socialFundMinor) },
        ];
      }

      await this.repository.insertAttendance(tx, coop, id, dto.attendance ?? [], auth.userId);
      for (const loan of newLoans) await this.repository.insertLoan(tx, coop, cycleId, loan, auth.userId);
      await this.repository.insertMovements(tx, coop, cycleId, movements.rows, auth.userId);
      for (const { fund, reconciliation } of counts) {
        await this.repository.insertCashCount(tx, coop, {
          meetingId: id, fund, expectedMinor: reconciliation.expectedMinor, countedMinor: reconciliation.countedMinor,
          differenceMinor: reconciliation.differenceMinor, outcome: reconciliation.outcome, countedBy: (dto.cashCount?.countedBy ?? '').trim(),
        }, auth.userId);
      }
      await this.audit.record(tx, auth, {
        action: existing ? 'savings.meeting.added_to' : 'savings.meeting.recorded',
        entity: 'savings_meeting',
        entityId: id,
        after: {
          cycleId, heldOn,
          attendance: (dto.attendance ?? []).length,
          movements: movements.rows.map((m) => ({ id: m.id, kind: m.kind, memberId: m.memberId, amountMinor: m.amountMinor, shares: m.shares })),
          cashCounts: counts.map(({ fund, reconciliation }) => ({ fund, ...reconciliation })),
        },
      });
      const meeting = await this.requireMeeting(tx, coop, cycleId, id);
      return this.meetingView(tx, coop, meeting, withRecorded(state, movements.rows, newLoans, auth.userId));
    });
  }

  private meetingMovements(
    state: CycleState,
    meetingId: string,
    heldOn: IsoDate,
    entries: readonly MemberEntryDto[],
  ): { rows: NewMovement[]; loans: LoanRow[]; balances: Balances } {
    const { ledger } = state;
    const rules = rulesOn(state, heldOn);
    const rows: NewMovement[] = [];
    const loans: LoanRow[] = [];
    let loanFundMinor = ledger.loanFundMinor;
    let socialFundMinor = ledger.socialFundMinor;
    const shares = new Map(ledger.sharesByMember);
    const repayments = new Map([...ledger.repaymentsByLoan].map(([loanId, list]) => [loanId, [...list]]));
    const base: MovementDefaults = { meetingId, loanId: null, shares: 0, fineCode: null, purpose: null, reversesMovementId: null, reason: null, occurredOn: heldOn };
    const push = (movement: Omit<NewMovement, 'id' | keyof MovementDefaults> & Partial<MovementDefaults>): void => {
      rows.push({ id: randomUUID(), ...base, ...movement });
      if (movement.fund === 'loan_fund') loanFundMinor += movement.amountMinor;
      else socialFundMinor += movement.amountMinor;
    };

    for (const entry of entries) {
      const memberId = entry.memberId;
      if (entry.socialFundMinor !== undefined) {
        requirePositiveMinorAmount(entry.socialFundMinor, 'socialFundMinor');
        if (entry.socialFundMinor !== rules.socialFundContributionMinor) {
          throw new DomainError('SOCIAL_FUND_CONTRIBUTION_MISMATCH', { expectedMinor: rules.socialFundContributionMinor, amountMinor: entry.socialFundMinor });
        }
        push({ memberId, kind: 'social_fund_contribution', fund: 'social_fund', amountMinor: entry.socialFundMinor });
      }
      const request = sharePurchaseRequest(entry);
      if (request) {
        const purchase = resolveSharePurchase(rules, request);
        push({ memberId, kind: 'share_purchase', fund: 'loan_fund', amountMinor: purchase.amountMinor, shares: purchase.shares });
        shares.set(memberId, (shares.get(memberId) ?? 0) + purchase.shares);
      }
      if (entry.repayment) {
        const loan = ledger.loans.find((candidate) => candidate.id === entry.repayment?.loanId && candidate.memberId === memberId);
        if (!loan) throw new DomainError('LOAN_NOT_FOUND', { loanId: entry.repayment.loanId }, 'not_found');
        if (state.writeOffs.has(loan.id)) throw new DomainError('LOAN_WRITTEN_OFF', { loanId: loan.id }, 'conflict');
        const earlier = repayments.get(loan.id) ?? [];
        const repayment = { paidOn: heldOn, amountMinor: entry.repayment.amountMinor };
        allocateRepayment(loan.terms, earlier, repayment);
        repayments.set(loan.id, [...earlier, repayment]);
        push({ memberId, loanId: loan.id, kind: 'loan_repayment', fund: 'loan_fund', amountMinor: repayment.amountMinor });
      }
      for (const fine of entry.fines ?? []) {
        push({ memberId, kind: 'fine', fund: 'loan_fund', amountMinor: fineAmountMinor(rules, fine.code), fineCode: fine.code });
      }
    }

    for (const entry of entries) {
      const memberId = entry.memberId;
      if (entry.loan) {
        const outstandingPrincipal = ledger.loans
          .filter((loan) => loan.memberId === memberId)
          .reduce((sum, loan) => sum + positionOf(state, loan, heldOn, repayments.get(loan.id) ?? []).balance.principalOutstandingMinor, 0);
        requireLoanDisbursable(rules, {
          principalMinor: entry.loan.principalMinor,
          termMonths: entry.loan.termMonths,
          memberSavingsMinor: sharesValueMinor(rules, shares.get(memberId) ?? 0),
          memberOutstandingPrincipalMinor: outstandingPrincipal,
          loanFundCashMinor: loanFundMinor,
        });
        const terms = loanTermsUnderRules(rules, { principalMinor: entry.loan.principalMinor, disbursedOn: heldOn, termMonths: entry.loan.termMonths });
        const loanId = entry.loan.id ?? randomUUID();
        loans.push({
          id: loanId, meeting_id: meetingId, member_id: memberId, principal_minor: String(terms.principalMinor), disbursed_on: heldOn,
          term_months: terms.termMonths, service_charge_rate_bp: terms.serviceChargeRateBpPerMonth, service_charge_method: terms.serviceChargeMethod,
        });
        push({ memberId, loanId, kind: 'loan_disbursement', fund: 'loan_fund', amountMinor: -terms.principalMinor });
      }
      if (entry.socialGrant) {
        const amountMinor = requirePositiveMinorAmount(entry.socialGrant.amountMinor, 'socialGrant.amountMinor');
        if (amountMinor > socialFundMinor) throw new DomainError('SOCIAL_FUND_CASH_SHORT', { socialFundCashMinor: socialFundMinor, requestedMinor: amountMinor });
        push({ memberId, kind: 'social_fund_grant', fund: 'social_fund', amountMinor: -amountMinor, purpose: entry.socialGrant.purpose.trim() });
      }
    }
    return { rows, loans, balances: { loanFundMinor, socialFundMinor } };
  }

  listMeetings(auth: TenantAuthContext, groupId: string, cycleId: string): Promise<MeetingView[]> {
    return this.db.inScope(auth.scope, async (tx) => {
      const state = await this.readableState(tx, auth, groupId, cycleId);
      const meetings = await this.repository.meetings(tx, auth.cooperativeId, cycleId);
      const views: MeetingView[] = [];
      for (const meeting of meetings) views.push(await this.meetingView(tx, auth.cooperativeId, meeting, state));
      return views;
    });
  }

  meeting(auth: TenantAuthContext, groupId: string, cycleId: string, meetingId: string): Promise<MeetingView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const state = await this.readableState(tx, auth, groupId, cycleId);
      const meeting = await this.requireMeeting(tx, auth.cooperativeId, cycleId, meetingId);
      return this.meetingView(tx, auth.cooperativeId, meeting, state);
    });
  }

  async closeMeeting(auth: TenantAuthContext, groupId: string, cycleId: string, meetingId: string): Promise<MeetingView> {
    await this.db.inScope(auth.scope, async (tx) => {
      await this.lockOpenCycle(tx, auth, groupId, cycleId);
      const meeting = await this.requireMeeting(tx, auth.cooperativeId, cycleId, meetingId);
      if (meeting.status === 'closed') throw new DomainError('MEETING_CLOSED', { heldOn: meeting.held_on }, 'conflict');
      await this.repository.closeMeeting(tx, auth.cooperativeId, meetingId, auth.userId);
      await this.audit.record(tx, auth, {
        action: 'savings.meeting.closed', entity: 'savings_meeting', entityId: meetingId, before: { status: 'open' }, after: { status: 'closed' },
      });
    });
    return this.meeting(auth, groupId, cycleId, meetingId);
  }

  /** Appends the reversal of one movement of the meeting; every later balance follows from it. */
  async correct(auth: TenantAuthContext, groupId: string, cycleId: string, meetingId: string, dto: CorrectionDto): Promise<MeetingView> {
    await this.db.inScope(auth.scope, async (tx) => {
      const state = await this.lockedOpenCycle(tx, auth, groupId, cycleId);
      const meeting = await this.requireMeeting(tx, auth.cooperativeId, cycleId, meetingId);
      const original = state.movements.find((m) => m.id === dto.movementId && m.meeting_id === meetingId);
      if (!original) throw new DomainError('MOVEMENT_NOT_FOUND', { movementId: dto.movementId }, 'not_found');
      if (original.kind === 'reversal') throw new DomainError('CORRECTION_OF_CORRECTION', { movementId: original.id });
      if (state.ledger.reversed.has(original.id)) throw new DomainError('MOVEMENT_ALREADY_REVERSED', { movementId: original.id }, 'conflict');
      if (original.loan_id !== null && state.writeOffs.has(original.loan_id)) throw new DomainError('LOAN_WRITTEN_OFF', { loanId: original.loan_id }, 'conflict');
      const exit = original.member_id === null ? undefined : state.exits.get(original.member_id);
      if (exit) throw new DomainError('SAVINGS_MEMBER_EXITED', { memberId: original.member_id, exitedOn: exit.exited_on }, 'conflict');
      if (original.kind === 'loan_disbursement' && (state.ledger.repaymentsByLoan.get(original.loan_id ?? '') ?? []).length > 0) {
        throw new DomainError('LOAN_HAS_REPAYMENTS', { loanId: original.loan_id }, 'conflict');
      }
      const amountMinor = -toNumber(original.amount_minor);
      const fundCash = original.fund === 'loan_fund' ? state.ledger.loanFundMinor : state.ledger.socialFundMinor;
      if (fundCash + amountMinor < 0) throw new DomainError('CORRECTION_OVERDRAWS_FUND', { fund: original.fund, cashMinor: fundCash, amountMinor }, 'conflict');
      const reversal: NewMovement = {
        id: randomUUID(), meetingId: meeting.id, memberId: original.member_id, loanId: original.loan_id, kind: 'reversal', fund: original.fund,
        amountMinor, shares: -original.shares, fineCode: original.fine_code, purpose: original.purpose, reversesMovementId: original.id,
        reason: dto.reason.trim(), occurredOn: original.occurred_on,
      };
      await this.repository.insertMovements(tx, auth.cooperativeId, cycleId, [reversal], auth.userId);
      await this.audit.record(tx, auth, {
        action: 'savings.movement.reversed', entity: 'savings_movement', entityId: original.id,
        before: movementView(original) as unknown as Record<string, unknown>, after: { reversalId: reversal.id, reason: reversal.reason },
      });
    });
    return this.meeting(auth, groupId, cycleId, meetingId);
  }

  // ---- committee and rule amendments ---------------------------------------------------------

  committee(auth: TenantAuthContext, groupId: string): Promise<CommitteeView | null> {
    return this.db.inScope(auth.scope, async (tx) => {
      await this.readableGroup(tx, auth, groupId);
      return committeeView(await this.repository.latestCommittee(tx, auth.cooperativeId, groupId));
    });
  }

  /** Records an election: a new term of the committee, key-holders and box-keeper; earlier terms stay as history. */
  async electCommittee(auth: TenantAuthContext, groupId: string, dto: ElectCommitteeDto): Promise<CommitteeView> {
    const coop = auth.cooperativeId;
    const seats = committeeSeats(dto);
    const electedOn = requireIsoDate(dto.electedOn);
    await this.db.inScope(auth.scope, async (tx) => {
      await this.requireGroup(tx, coop, groupId);
      await this.assertCanRecord(tx, auth, groupId);
      const memberIds = new Set((await this.repository.members(tx, coop, groupId)).map((member) => member.id));
      for (const { memberId } of seats) {
        if (!memberIds.has(memberId)) throw new DomainError('SAVINGS_MEMBER_NOT_IN_GROUP', { memberId });
      }
      const before = committeeView(await this.repository.latestCommittee(tx, coop, groupId));
      const id = dto.id ?? randomUUID();
      await this.repository.insertCommittee(tx, coop, { id, groupId, electedOn }, seats, auth.userId);
      await this.audit.record(tx, auth, {
        action: 'savings.committee.elected', entity: 'savings_group', entityId: groupId,
        before: before as unknown as Record<string, unknown> | null, after: { termId: id, electedOn, seats },
      });
    });
    return (await this.committee(auth, groupId)) as CommitteeView;
  }

  listAmendments(auth: TenantAuthContext, groupId: string, cycleId: string): Promise<AmendmentView[]> {
    return this.db.inScope(auth.scope, async (tx) => (await this.readableState(tx, auth, groupId, cycleId)).amendments.map(amendmentView));
  }

  /**
   * Records a change of the cycle's rules voted by the group at one of its meetings. It takes
   * effect from the next meeting, so it may not be recorded once a later meeting exists: that
   * meeting ran under the old rules and its movements stand.
   */
  async amendRules(auth: TenantAuthContext, groupId: string, cycleId: string, dto: AmendRulesDto): Promise<AmendmentView> {
    const coop = auth.cooperativeId;
    return this.db.inScope(auth.scope, async (tx) => {
      const state = await this.lockedOpenCycle(tx, auth, groupId, cycleId);
      const meeting = await this.requireMeeting(tx, coop, cycleId, dto.meetingId);
      const votedOn = meeting.held_on;
      const latest = state.amendments.at(-1);
      if (latest && dayNumber(latest.voted_on) > dayNumber(votedOn)) {
        throw new DomainError('AMENDMENT_OUT_OF_ORDER', { votedOn, latestVotedOn: latest.voted_on }, 'conflict');
      }
      const laterMeeting = (await this.repository.meetings(tx, coop, cycleId)).find((candidate) => dayNumber(candidate.held_on) > dayNumber(votedOn));
      if (laterMeeting) throw new DomainError('AMENDMENT_AFTER_LATER_MEETINGS', { votedOn, heldOn: laterMeeting.held_on }, 'conflict');
      const members = (await this.repository.members(tx, coop, groupId)).filter((member) => !state.exits.has(member.id)).length;
      const changes = Object.fromEntries(Object.entries(JSON.parse(JSON.stringify(dto.changes)) as Record<string, unknown>));
      const current = rulesInForce(state.rules, state.adopted, addDays(votedOn, 1));
      const rulesAfter = amendCycleRules(current, changes, {
        votesFor: dto.votesFor, votesAgainst: dto.votesAgainst, votesAbstaining: dto.votesAbstaining ?? 0, members,
      });
      const id = dto.id ?? randomUUID();
      const row: AmendmentRow = {
        id, meeting_id: meeting.id, voted_on: votedOn, votes_for: dto.votesFor, votes_against: dto.votesAgainst, votes_abstaining: dto.votesAbstaining ?? 0,
        changes, rules_after: rulesAfter as unknown as Record<string, unknown>, reason: dto.reason.trim(), recorded_by: auth.userId,
      };
      await this.repository.insertAmendment(tx, coop, cycleId, row, auth.userId);
      await this.audit.record(tx, auth, {
        action: 'savings.cycle.rules_amended', entity: 'savings_cycle', entityId: cycleId,
        before: { rules: current }, after: { amendmentId: id, votedOn, changes, rules: rulesAfter },
      });
      return amendmentView(row);
    });
  }

  // ---- loans and share-out -----------------------------------------------------------------

  loans(auth: TenantAuthContext, groupId: string, cycleId: string, on?: string): Promise<{ asOf: string; loans: LoanView[]; portfolioAtRisk: PortfolioAtRisk }> {
    return this.db.inScope(auth.scope, async (tx) => {
      const state = await this.readableState(tx, auth, groupId, cycleId);
      const asOf = await this.asOfDate(tx, auth.cooperativeId, on);
      const loans = state.ledger.loans.map((loan) => this.loanView(state, loan, positionOf(state, loan, asOf)));
      const current = state.ledger.loans.filter((loan) => dayNumber(loan.terms.disbursedOn) <= dayNumber(asOf));
      return { asOf, loans, portfolioAtRisk: portfolioAtRiskOfPositions(current.map((loan) => positionOf(state, loan, asOf))) };
    });
  }

  /** One loan: its position on the day, the split of each repayment, and the schedule it was granted on. */
  loan(auth: TenantAuthContext, groupId: string, cycleId: string, loanId: string, on?: string, plan: (typeof REPAYMENT_PLANS)[number] = 'equal-instalments'): Promise<LoanDetailView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const state = await this.readableState(tx, auth, groupId, cycleId);
      return this.loanDetail(state, loanId, await this.asOfDate(tx, auth.cooperativeId, on), plan);
    });
  }

  /**
   * Writes a loan off by the group's decision taken at a meeting: what was owed that day is
   * recorded as lost and the loan owes nothing more. The cash does not move (it left the box
   * with the disbursement); the loan no longer counts as a debt at the share-out.
   */
  async writeOff(auth: TenantAuthContext, groupId: string, cycleId: string, loanId: string, dto: WriteOffDto): Promise<LoanDetailView> {
    const coop = auth.cooperativeId;
    return this.db.inScope(auth.scope, async (tx) => {
      const state = await this.lockedOpenCycle(tx, auth, groupId, cycleId);
      const loan = this.requireLoan(state, loanId);
      if (state.writeOffs.has(loanId)) throw new DomainError('LOAN_ALREADY_WRITTEN_OFF', { loanId }, 'conflict');
      const meeting = await this.requireMeeting(tx, coop, cycleId, dto.meetingId);
      const on = meeting.held_on;
      const repayments = state.ledger.repaymentsByLoan.get(loanId) ?? [];
      const laterRepayment = repayments.find((repayment) => dayNumber(repayment.paidOn) > dayNumber(on));
      if (laterRepayment) throw new DomainError('LOAN_REPAID_AFTER_DECISION', { on, paidOn: laterRepayment.paidOn }, 'conflict');
      const writeOff = writeOffLoan(loan.terms, repayments, on);
      const row: WriteOffRow = {
        loan_id: loanId, meeting_id: meeting.id, written_off_on: on, principal_minor: String(writeOff.principalMinor),
        service_charge_minor: String(writeOff.serviceChargeMinor), reason: dto.reason.trim(), decision_ref: dto.decisionRef?.trim() ?? null, recorded_by: auth.userId,
      };
      await this.repository.insertWriteOff(tx, coop, cycleId, row, auth.userId);
      await this.audit.record(tx, auth, {
        action: 'savings.loan.written_off', entity: 'savings_loan', entityId: loanId, after: { ...writeOff, meetingId: meeting.id, reason: row.reason, decisionRef: row.decision_ref },
      });
      const after = await this.stateOf(tx, coop, state.cycle);
      return this.loanDetail(after, loanId, on, 'equal-instalments');
    });
  }

  shareOut(auth: TenantAuthContext, groupId: string, cycleId: string, on?: string): Promise<ShareOutView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const state = await this.readableState(tx, auth, groupId, cycleId);
      if (state.cycle.status === 'closed') {
        const stored = await this.repository.shareOut(tx, auth.cooperativeId, cycleId);
        if (stored) return stored.result as ShareOutView;
      }
      const asOf = await this.asOfDate(tx, auth.cooperativeId, on);
      const members = await this.repository.members(tx, auth.cooperativeId, groupId);
      return { cycleId, on: asOf, status: 'preview', ...this.preview(state, members, asOf) };
    });
  }

  /**
   * Confirms the share-out: the debts netted are recorded as repayments of the loans, each
   * member's gross as a payout, the social-fund shares as payouts, debts the payout could not
   * cover as carried debts; then the cycle closes. What stays in the box is the remainder.
   */
  async confirmShareOut(auth: TenantAuthContext, groupId: string, cycleId: string, on: string): Promise<ShareOutView> {
    const coop = auth.cooperativeId;
    const asOf = requireIsoDate(on);
    return this.db.inScope(auth.scope, async (tx) => {
      const state = await this.lockedOpenCycle(tx, auth, groupId, cycleId);
      const open = (await this.repository.meetings(tx, coop, cycleId)).filter((meeting) => meeting.status === 'open');
      if (open.length > 0) throw new DomainError('MEETINGS_STILL_OPEN', { count: open.length }, 'conflict');
      this.requireNotBeforeLastMovement(state, asOf, 'SHARE_OUT_BEFORE_LAST_MOVEMENT');
      const members = await this.repository.members(tx, coop, groupId);
      const preview = this.preview(state, members, asOf);
      const rows: NewMovement[] = [];
      for (const line of preview.lines) {
        rows.push(...this.settlementMovements(state, line, asOf));
        if (line.socialFundShareMinor > 0) {
          rows.push({ ...settlementBase(asOf), id: randomUUID(), memberId: line.memberId, kind: 'social_fund_payout', fund: 'social_fund', amountMinor: -line.socialFundShareMinor });
        }
      }
      await this.repository.insertMovements(tx, coop, cycleId, rows, auth.userId);
      for (const line of preview.lines) {
        if (line.carriedDebtMinor > 0) await this.repository.insertCarriedDebt(tx, coop, cycleId, line.memberId, line.carriedDebtMinor, auth.userId);
      }
      const result: ShareOutView = { cycleId, on: asOf, status: 'confirmed', ...preview };
      await this.repository.insertShareOut(tx, coop, cycleId, asOf, result, auth.userId);
      await this.repository.closeCycle(tx, coop, cycleId, asOf, auth.userId);
      const after = await this.state(tx, coop, groupId, cycleId);
      if (after.ledger.loanFundMinor !== preview.remainderMinor) {
        throw new Error(`share-out left ${after.ledger.loanFundMinor} in the loan fund, expected ${preview.remainderMinor}`);
      }
      await this.audit.record(tx, auth, {
        action: 'savings.cycle.shared_out', entity: 'savings_cycle', entityId: cycleId,
        before: { status: 'open' }, after: { status: 'closed', closedOn: asOf, totals: preview.totals },
      });
      return result;
    });
  }

  // ---- a member leaving mid-cycle ------------------------------------------------------------

  memberExit(auth: TenantAuthContext, groupId: string, cycleId: string, memberId: string, on?: string): Promise<MemberExitView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const state = await this.readableState(tx, auth, groupId, cycleId);
      const members = await this.repository.members(tx, auth.cooperativeId, groupId);
      const recorded = state.exits.get(memberId);
      if (recorded) return recorded.result as MemberExitView;
      const asOf = await this.asOfDate(tx, auth.cooperativeId, on);
      return { cycleId, memberId, on: asOf, status: 'preview', reason: null, ...this.exitSettlement(state, members, memberId, asOf) };
    });
  }

  /**
   * A member leaves mid-cycle: the share-out for that one member (value per share from the
   * cash in the box now), their debts netted as repayments of their loans, a debt the payout
   * cannot cover carried, the payout paid. The shares leave with them: the cycle-end
   * share-out divides among the members who stay.
   */
  async confirmMemberExit(auth: TenantAuthContext, groupId: string, cycleId: string, memberId: string, dto: MemberExitDto): Promise<MemberExitView> {
    const coop = auth.cooperativeId;
    const asOf = requireIsoDate(dto.on);
    return this.db.inScope(auth.scope, async (tx) => {
      const state = await this.lockedOpenCycle(tx, auth, groupId, cycleId);
      this.requireNotBeforeLastMovement(state, asOf, 'EXIT_BEFORE_LAST_MOVEMENT');
      const members = await this.repository.members(tx, coop, groupId);
      const settlement = this.exitSettlement(state, members, memberId, asOf);
      await this.repository.insertMovements(tx, coop, cycleId, this.settlementMovements(state, settlement.line, asOf), auth.userId);
      if (settlement.line.carriedDebtMinor > 0) await this.repository.insertCarriedDebt(tx, coop, cycleId, memberId, settlement.line.carriedDebtMinor, auth.userId);
      const result: MemberExitView = { cycleId, memberId, on: asOf, status: 'confirmed', reason: dto.reason.trim(), ...settlement };
      await this.repository.insertMemberExit(tx, coop, cycleId, { member_id: memberId, exited_on: asOf, reason: dto.reason.trim(), result }, auth.userId);
      const after = await this.stateOf(tx, coop, state.cycle);
      if (after.ledger.loanFundMinor !== settlement.loanFundCashAfterMinor) {
        throw new Error(`member exit left ${after.ledger.loanFundMinor} in the loan fund, expected ${settlement.loanFundCashAfterMinor}`);
      }
      await this.audit.record(tx, auth, {
        action: 'savings.member.exited', entity: 'savings_group_member', entityId: memberId,
        after: { cycleId, on: asOf, reason: result.reason, line: settlement.line, paidMinor: settlement.paidMinor },
      });
      return result;
    });
  }

  private exitSettlement(state: CycleState, members: readonly MemberRow[], memberId: string, asOf: IsoDate): MemberExitSettlement {
    if (!members.some((member) => member.id === memberId)) throw new DomainError('SAVINGS_MEMBER_NOT_IN_GROUP', { memberId });
    const exit = state.exits.get(memberId);
    if (exit) throw new DomainError('SAVINGS_MEMBER_EXITED', { memberId, exitedOn: exit.exited_on }, 'conflict');
    const staying = members.filter((member) => !state.exits.has(member.id)).map((member) => member.id);
    return settleMemberExit({
      loanFundCashMinor: state.ledger.loanFundMinor,
      totalShares: sharesHeld(state, staying),
      member: { memberId, shares: sharesHeld(state, [memberId]), debtMinor: this.debtOf(state, memberId, asOf) },
    });
  }

  /** The movements that settle one member's line: debt netted as repayments of their loans, then the gross paid. */
  private settlementMovements(state: CycleState, line: { memberId: string; debtNettedMinor: number; grossMinor: number }, asOf: IsoDate): NewMovement[] {
    const base = settlementBase(asOf);
    const rows: NewMovement[] = [];
    let toNet = line.debtNettedMinor;
    for (const loan of state.ledger.loans.filter((candidate) => candidate.memberId === line.memberId)) {
      const owed = positionOf(state, loan, asOf).balance.totalOutstandingMinor;
      const amountMinor = Math.min(toNet, owed);
      if (amountMinor <= 0) continue;
      allocateRepayment(loan.terms, state.ledger.repaymentsByLoan.get(loan.id) ?? [], { paidOn: later(asOf, loan.terms.disbursedOn), amountMinor });
      rows.push({ ...base, id: randomUUID(), memberId: line.memberId, loanId: loan.id, kind: 'loan_repayment', fund: 'loan_fund', amountMinor });
      toNet -= amountMinor;
    }
    if (line.grossMinor > 0) rows.push({ ...base, id: randomUUID(), memberId: line.memberId, kind: 'share_out_payout', fund: 'loan_fund', amountMinor: -line.grossMinor });
    return rows;
  }

  private debtOf(state: CycleState, memberId: string, asOf: IsoDate): number {
    return state.ledger.loans
      .filter((loan) => loan.memberId === memberId)
      .reduce((sum, loan) => sum + positionOf(state, loan, asOf).balance.totalOutstandingMinor, 0);
  }

  /** The cycle-end share-out among the members who have not left; amendments voted up to that day apply. */
  private preview(state: CycleState, members: readonly MemberRow[], asOf: IsoDate): CycleShareOutPreview {
    const staying = members.filter((member) => !state.exits.has(member.id));
    return previewCycleShareOut(rulesOn(state, addDays(asOf, 1)), {
      loanFundCashMinor: state.ledger.loanFundMinor,
      socialFundCashMinor: state.ledger.socialFundMinor,
      members: staying.map((member) => ({ memberId: member.id, shares: sharesHeld(state, [member.id]), debtMinor: this.debtOf(state, member.id, asOf) })),
    });
  }

  private requireNotBeforeLastMovement(state: CycleState, asOf: IsoDate, code: 'SHARE_OUT_BEFORE_LAST_MOVEMENT' | 'EXIT_BEFORE_LAST_MOVEMENT'): void {
    const latest = state.movements.reduce((max, m) => later(max, m.occurred_on), state.cycle.starts_on);
    if (dayNumber(asOf) < dayNumber(latest)) throw new DomainError(code, { on: asOf, latest });
  }

  private requireLoan(state: CycleState, loanId: string): LedgerLoan {
    const loan = state.ledger.loans.find((candidate) => candidate.id === loanId);
    if (!loan) throw new DomainError('LOAN_NOT_FOUND', { loanId }, 'not_found');
    return loan;
  }

  private loanView(state: CycleState, loan: LedgerLoan, position: LoanPosition): LoanView {
    const row = state.loanRows.find((candidate) => candidate.id === loan.id) as LoanRow;
    const writeOff = state.writeOffs.get(loan.id);
    return {
      id: loan.id, memberId: loan.memberId, meetingId: row.meeting_id, principalMinor: loan.terms.principalMinor, disbursedOn: loan.terms.disbursedOn,
      termMonths: loan.terms.termMonths, termEndsOn: position.termEndsOn, state: position.state, overdue: position.overdue, daysOverdue: position.daysOverdue,
      balance: position.balance, writeOff: writeOff && position.writeOff ? writeOffView(writeOff) : null,
    };
  }

  private loanDetail(state: CycleState, loanId: string, asOf: IsoDate, plan: (typeof REPAYMENT_PLANS)[number]): LoanDetailView {
    const loan = this.requireLoan(state, loanId);
    return {
      ...this.loanView(state, loan, positionOf(state, loan, asOf)),
      asOf,
      serviceChargeRateBpPerMonth: loan.terms.serviceChargeRateBpPerMonth,
      serviceChargeMethod: loan.terms.serviceChargeMethod,
      plan,
      schedule: loanSchedule(loan.terms, plan),
      repayments: allocateRepayments(loan.terms, state.ledger.repaymentsByLoan.get(loanId) ?? []),
    };
  }

  private async asOfDate(tx: EntityManager, cooperativeId: string, on: string | undefined): Promise<IsoDate> {
    return on === undefined ? localDateIn(await this.repository.cooperativeTimezone(tx, cooperativeId)) : requireIsoDate(on);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private async requireGroup(tx: EntityManager, cooperativeId: string, groupId: string): Promise<GroupRow> {
    const group = await this.repository.group(tx, cooperativeId, groupId);
    if (!group) throw new DomainError('SAVINGS_GROUP_NOT_FOUND', {}, 'not_found');
    return group;
  }

  private async requireMeeting(tx: EntityManager, cooperativeId: string, cycleId: string, meetingId: string): Promise<MeetingRow> {
    const meeting = await this.repository.meeting(tx, cooperativeId, meetingId);
    if (!meeting || meeting.cycle_id !== cycleId) throw new DomainError('MEETING_NOT_FOUND', {}, 'not_found');
    return meeting;
  }

  /** Admins record for every group; a treasurer only for the groups assigned to them. */
  private async assertCanRecord(tx: EntityManager, auth: TenantAuthContext, groupId: string): Promise<void> {
    await assertCanRecordGroup(tx, this.repository, auth, groupId);
  }

  /** The group, if the caller may read its books (see savings-access.ts): the same rule as the PDFs. */
  private async readableGroup(tx: EntityManager, auth: TenantAuthContext, groupId: string): Promise<GroupRow> {
    const group = await this.requireGroup(tx, auth.cooperativeId, groupId);
    await assertCanReadGroup(tx, this.repository, auth, groupId);
    return group;
  }

  private async readableState(tx: EntityManager, auth: TenantAuthContext, groupId: string, cycleId: string): Promise<CycleState> {
    await this.readableGroup(tx, auth, groupId);
    return this.state(tx, auth.cooperativeId, groupId, cycleId);
  }

  /** The open cycle, locked for this transaction after checking the caller may write the group's books. */
  private async lockOpenCycle(tx: EntityManager, auth: TenantAuthContext, groupId: string, cycleId: string): Promise<CycleRow> {
    await this.requireGroup(tx, auth.cooperativeId, groupId);
    await this.assertCanRecord(tx, auth, groupId);
    const cycle = await this.repository.cycle(tx, auth.cooperativeId, groupId, cycleId, true);
    if (!cycle) throw new DomainError('CYCLE_NOT_FOUND', {}, 'not_found');
    if (cycle.status !== 'open') throw new DomainError('CYCLE_CLOSED', {}, 'conflict');
    return cycle;
  }

  private async lockedOpenCycle(tx: EntityManager, auth: TenantAuthContext, groupId: string, cycleId: string): Promise<CycleState> {
    return this.stateOf(tx, auth.cooperativeId, await this.lockOpenCycle(tx, auth, groupId, cycleId));
  }

  private async state(tx: EntityManager, cooperativeId: string, groupId: string, cycleId: string): Promise<CycleState> {
    await this.requireGroup(tx, cooperativeId, groupId);
    const cycle = await this.repository.cycle(tx, cooperativeId, groupId, cycleId);
    if (!cycle) throw new DomainError('CYCLE_NOT_FOUND', {}, 'not_found');
    return this.stateOf(tx, cooperativeId, cycle);
  }

  private async stateOf(tx: EntityManager, cooperativeId: string, cycle: CycleRow): Promise<CycleState> {
    const movements = await this.repository.movements(tx, cooperativeId, cycle.id);
    const loanRows = await this.repository.loans(tx, cooperativeId, cycle.id);
    const amendments = await this.repository.amendments(tx, cooperativeId, cycle.id);
    const writeOffs = await this.repository.writeOffs(tx, cooperativeId, cycle.id);
    const exits = await this.repository.memberExits(tx, cooperativeId, cycle.id);
    return {
      cycle,
      rules: defineCycleRules(cycle.rules as unknown as CycleRulesInput),
      amendments,
      adopted: amendments.map((row) => ({ votedOn: row.voted_on, rulesAfter: defineCycleRules(row.rules_after as unknown as CycleRulesInput) })),
      ledger: ledgerOf(movements, loanRows),
      loanRows,
      movements,
      writeOffs: new Map(writeOffs.map((row) => [row.loan_id, row])),
      exits: new Map(exits.map((row) => [row.member_id, row])),
    };
  }

  private async meetingView(tx: EntityManager, cooperativeId: string, meeting: MeetingRow, state: CycleState): Promise<MeetingView> {
    return {
      id: meeting.id,
      cycleId: meeting.cycle_id,
      heldOn: meeting.held_on,
      status: meeting.status,
      attendance: (await this.repository.attendance(tx, cooperativeId, meeting.id)).map((row) => ({ memberId: row.member_id, status: row.status })),
      movements: state.movements.filter((m) => m.meeting_id === meeting.id).map(movementView),
      cashCounts: (await this.repository.cashCounts(tx, cooperativeId, meeting.id)).map(cashCountView),
      balances: balancesOf(state.ledger),
      closingBalances: closingBalances(state.movements, meeting.held_on),
    };
  }

  private async memberIdentity(
    tx: EntityManager,
    cooperativeId: string,
    groupId: string,
    dto: AddMemberDto,
  ): Promise<Pick<MemberRow, 'first_name' | 'last_name' | 'sex' | 'phone'>> {
    if (dto.minerId !== undefined) {
      const miner = await this.repository.minerIdentity(tx, cooperativeId, dto.minerId);
      if (!miner) throw new DomainError('MINER_NOT_FOUND', {}, 'not_found');
      if (await this.repository.minerInGroup(tx, cooperativeId, groupId, dto.minerId)) throw new DomainError('SAVINGS_MEMBER_ALREADY_IN_GROUP', {}, 'conflict');
      return { first_name: miner.first_name, last_name: miner.last_name, sex: miner.sex, phone: dto.phone ?? miner.phone };
    }
    if (dto.firstName === undefined || dto.lastName === undefined || dto.sex === undefined) throw new DomainError('SAVINGS_MEMBER_IDENTITY_REQUIRED', {});
    return { first_name: dto.firstName.trim(), last_name: dto.lastName.trim(), sex: dto.sex, phone: dto.phone ?? null };
  }
}

function ledgerOf(movements: readonly MovementRow[], loanRows: readonly LoanRow[]): CycleLedger {
  return foldLedger(movements.map(ledgerMovementOf), loanRows.map(ledgerLoanOf));
}

/** The state once the given rows are written, without reading the whole ledger back. */
function withRecorded(state: CycleState, rows: readonly NewMovement[], loans: readonly LoanRow[], recordedBy: string): CycleState {
  const movements = [
    ...state.movements,
    ...rows.map((m): MovementRow => ({
      id: m.id, meeting_id: m.meetingId, member_id: m.memberId, loan_id: m.loanId, kind: m.kind, fund: m.fund, amount_minor: String(m.amountMinor),
      shares: m.shares, fine_code: m.fineCode, purpose: m.purpose, reverses_movement_id: m.reversesMovementId, reason: m.reason, occurred_on: m.occurredOn, recorded_by: recordedBy,
    })),
  ];
  const loanRows = [...state.loanRows, ...loans];
  return { ...state, movements, loanRows, ledger: ledgerOf(movements, loanRows) };
}

function settlementBase(occurredOn: IsoDate): MovementDefaults {
  return { meetingId: null, loanId: null, shares: 0, fineCode: null, purpose: null, reversesMovementId: null, reason: null, occurredOn };
}

/**
 * Cash after a meeting held on `heldOn`: every movement of meetings held up to that day (a
 * reversal belongs to the meeting it corrects), and settlements outside meetings (exits,
 * share-out) from before that day.
 */
function closingBalances(movements: readonly MovementRow[], heldOn: IsoDate): Balances {
  const day = dayNumber(heldOn);
  const balances: Balances = { loanFundMinor: 0, socialFundMinor: 0 };
  for (const m of movements) {
    const occurred = dayNumber(m.occurred_on);
    if (m.meeting_id === null ? occurred >= day : occurred > day) continue;
    if (m.fund === 'loan_fund') balances.loanFundMinor += toNumber(m.amount_minor);
    else balances.socialFundMinor += toNumber(m.amount_minor);
  }
  return balances;
}

function balancesOf(ledger: CycleLedger): Balances {
  return { loanFundMinor: ledger.loanFundMinor, socialFundMinor: ledger.socialFundMinor };
}
