import { DomainError } from '../../common/domain-error.js';
import { type IsoDate } from '../../common/calendar-date.js';
import { hasText } from './lifecycle.js';

/**
 * A child found working, or trying to work, is followed as a case: identification,
 * referral to a case manager (a children's home, a school programme), an individual
 * remediation plan, follow-up visits, closure with an outcome (the Fair Cobalt Alliance
 * practice at Kamilombe; DOMAIN.md, "Risks").
 *
 * Decisions, each a choice of ours:
 * - A follow-up visit may find the plan is not working: follow_up → plan_in_progress is
 *   allowed with a reason (the plan is revised, then followed up again).
 * - A case may close before follow-up only when the child is out of reach (moved away,
 *   contact lost), so that such a case does not sit open forever; every other outcome is
 *   something follow-up must have seen.
 * - Outcome 'other' needs a reason, which the record keeps, since it says nothing itself.
 * - closed is final: if the same child is found again, a new case is opened and linked.
 */

export const CASE_STATES = ['identified', 'referred', 'plan_in_progress', 'follow_up', 'closed'] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const CASE_OUTCOMES = [
  'returned_to_school',
  'vocational_training',
  'family_reunited',
  'moved_away',
  'lost_contact',
  'other',
] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** Outcomes that may close a case before follow-up: the child is out of the programme's reach. */
export const EARLY_CLOSURE_OUTCOMES: readonly CaseOutcome[] = ['moved_away', 'lost_contact'];

export const PLAN_ITEM_KINDS = [
  'schooling',
  'vocational_training',
  'family_support',
  'cash_transfer',
  'health',
  'other',
] as const;
export type PlanItemKind = (typeof PLAN_ITEM_KINDS)[number];

export const PLAN_ITEM_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type PlanItemStatus = (typeof PLAN_ITEM_STATUSES)[number];

export type CaseTransitionKind = 'forward' | 'plan_revision' | 'closure' | 'early_closure';

export const CASE_TRANSITIONS: Readonly<Record<CaseState, Readonly<Partial<Record<CaseState, CaseTransitionKind>>>>> = {
  identified: { referred: 'forward', closed: 'early_closure' },
  referred: { plan_in_progress: 'forward', closed: 'early_closure' },
  plan_in_progress: { follow_up: 'forward', closed: 'early_closure' },
  follow_up: { closed: 'closure', plan_in_progress: 'plan_revision' },
  closed: {},
};

export function isCaseOutcome(value: string): value is CaseOutcome {
  return (CASE_OUTCOMES as readonly string[]).includes(value);
}

export function caseTransitionKind(from: CaseState, to: CaseState): CaseTransitionKind | null {
  return CASE_TRANSITIONS[from][to] ?? null;
}

export interface CaseTransitionInput {
  readonly outcome?: string | null;
  readonly reason?: string | null;
}

/** Throws unless the move is in the table with what it needs: an outcome to close, a reason to go back. */
export function assertCaseTransition(
  from: CaseState,
  to: CaseState,
  { outcome, reason }: CaseTransitionInput = {},
): CaseTransitionKind {
  const kind = caseTransitionKind(from, to);
  if (kind === null) throw new DomainError('CASE_TRANSITION_INVALID', { from, to }, 'conflict');
  const closing = kind === 'closure' || kind === 'early_closure';
  if (!closing) {
    if (outcome != null) throw new DomainError('CASE_OUTCOME_UNEXPECTED', { from, to, outcome });
    if (kind === 'plan_revision' && !hasText(reason)) throw new DomainError('REASON_REQUIRED', { from, to });
    return kind;
  }
  assertClosureOutcome(from, to, kind, outcome, reason);
  return kind;
}

function assertClosureOutcome(
  from: CaseState,
  to: CaseState,
  kind: CaseTransitionKind,
  outcome: string | null | undefined,
  reason: string | null | undefined,
): void {
  if (outcome == null) throw new DomainError('CASE_OUTCOME_REQUIRED', { from, to });
  if (!isCaseOutcome(outcome)) throw new DomainError('CASE_OUTCOME_INVALID', { outcome });
  if (kind === 'early_closure' && !EARLY_CLOSURE_OUTCOMES.includes(outcome)) {
    throw new DomainError('CASE_OUTCOME_NOT_ALLOWED', { from, outcome, allowed: EARLY_CLOSURE_OUTCOMES });
  }
  if (outcome === 'other' && !hasText(reason)) throw new DomainError('REASON_REQUIRED', { from, to, outcome });
}

// ---------------------------------------------------------------- who sees what

/** The cooperative roles of ARCHITECTURE.md, "Identity". */
export const CASE_VIEWER_ROLES = ['admin', 'officer', 'treasurer', 'auditor', 'supervisor'] as const;
export type CaseViewerRole = (typeof CASE_VIEWER_ROLES)[number];

export interface CaseViewer {
  readonly role: CaseViewerRole;
  readonly userId: string;
}

export interface ChildDetails {
  readonly fullName: string;
  readonly sex: 'female' | 'male';
  readonly birthDate: IsoDate | null;
  readonly ageYearsAtIdentification: number | null;
  readonly school: string | null;
  readonly village: string | null;
}

export interface GuardianDetails {
  readonly fullName: string;
  readonly relationship: string;
  readonly phone: string | null;
}

export interface CaseReferral {
  readonly organisation: string;
  readonly referredOn: IsoDate;
}

export interface RemediationPlanItem {
  readonly id: string;
  readonly kind: PlanItemKind;
  readonly description: string;
  readonly status: PlanItemStatus;
  readonly dueDate: IsoDate | null;
}

export interface FollowUpVisit {
  readonly id: string;
  readonly visitedOn: IsoDate;
  readonly visitedByUserId: string;
  readonly notes: string;
  readonly childAttendingSchool: boolean | null;
}

/** Everything a case holds, as an admin or one of the case's designated officers sees it. */
export interface ChildLabourCaseView {
  readonly id: string;
  readonly siteId: string | null;
  readonly sourceFlagId: string | null;
  readonly state: CaseState;
  readonly outcome: CaseOutcome | null;
  readonly identifiedOn: IsoDate;
  readonly closedOn: IsoDate | null;
  readonly caseOfficerUserIds: readonly string[];
  readonly child: ChildDetails;
  readonly guardian: GuardianDetails | null;
  readonly referral: CaseReferral | null;
  readonly planItems: readonly RemediationPlanItem[];
  readonly visits: readonly FollowUpVisit[];
}

/**
 * What everyone else sees: status and counts, nothing that could identify or locate the
 * child (no name, guardian, birth date, school, village, referral organisation, plan
 * descriptions or visit notes; not even sex or age, which in a small village identify).
 */
export interface RedactedChildLabourCase {
  readonly redacted: true;
  readonly id: string;
  readonly siteId: string | null;
  readonly state: CaseState;
  readonly outcome: CaseOutcome | null;
  readonly identifiedOn: IsoDate;
  readonly closedOn: IsoDate | null;
  readonly referred: boolean;
  readonly planItemCount: number;
  readonly planItemsByStatus: Readonly<Record<PlanItemStatus, number>>;
  readonly planItemsByKind: Readonly<Record<PlanItemKind, number>>;
  readonly visitCount: number;
  readonly lastVisitOn: IsoDate | null;
}

/**
 * Admins, and officers designated on this case, see the details. A designation never opens
 * the details to a treasurer, auditor or supervisor: case officers are cooperative officers,
 * and read-only outsiders see status only whatever a list says.
 */
export function canSeeCaseDetails(childCase: ChildLabourCaseView, viewer: CaseViewer): boolean {
  if (viewer.role === 'admin') return true;
  return viewer.role === 'officer' && childCase.caseOfficerUserIds.includes(viewer.userId);
}

export function redactCaseForRole(
  childCase: ChildLabourCaseView,
  viewer: CaseViewer,
): ChildLabourCaseView | RedactedChildLabourCase {
  return canSeeCaseDetails(childCase, viewer) ? childCase : redactCase(childCase);
}

export function isRedactedCase(view: ChildLabourCaseView | RedactedChildLabourCase): view is RedactedChildLabourCase {
  return 'redacted' in view;
}

/** Built field by field from an allow-list, so a field added to the case later stays hidden. */
function redactCase(childCase: ChildLabourCaseView): RedactedChildLabourCase {
  return {
    redacted: true,
    id: childCase.id,
    siteId: childCase.siteId,
    state: childCase.state,
    outcome: childCase.outcome,
    identifiedOn: childCase.identifiedOn,
    closedOn: childCase.closedOn,
    referred: childCase.referral !== null,
    planItemCount: childCase.planItems.length,
    planItemsByStatus: countBy(PLAN_ITEM_STATUSES, childCase.planItems.map((item) => item.status)),
    planItemsByKind: countBy(PLAN_ITEM_KINDS, childCase.planItems.map((item) => item.kind)),
    visitCount: childCase.visits.length,
    lastVisitOn: latestDate(childCase.visits.map((visit) => visit.visitedOn)),
  };
}

function countBy<K extends string>(keys: readonly K[], values: readonly K[]): Record<K, number> {
  const counts = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
  for (const value of values) counts[value] += 1;
  return counts;
}

/** ISO dates sort as text. */
function latestDate(dates: readonly IsoDate[]): IsoDate | null {
  return dates.reduce<IsoDate | null>((latest, date) => (latest === null || date > latest ? date : latest), null);
}
