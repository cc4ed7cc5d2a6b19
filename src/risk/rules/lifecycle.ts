import { DomainError } from '../../common/domain-error.js';

/**
 * Life of a risk flag: open → acknowledged → in_remediation → resolved → closed, or
 * dismissed (a report that turned out to be unfounded or a duplicate).
 *
 * Decisions, each a choice of ours:
 * - acknowledged → resolved is allowed: a flag fixed on the spot (PPE handed out, a minor
 *   sent home and referred) needs no remediation phase; an acknowledgement is still
 *   required first so the time-to-acknowledge of critical flags is always recorded.
 * - Reopening is allowed and needs a reason: resolved → in_remediation when verification
 *   shows the fix did not hold, and dismissed → open when a dismissal proves wrong (an
 *   automatic flag can never be raised again for the same event, so reopening is the only
 *   way back).
 * - closed is final: a recurrence is a new flag with its own history, so a period's report
 *   never changes after its flags were closed.
 * - Only open or acknowledged flags may be dismissed: once remediation started, the risk
 *   was real and must be resolved, not dismissed.
 */

export const FLAG_STATES = ['open', 'acknowledged', 'in_remediation', 'resolved', 'closed', 'dismissed'] as const;

export type FlagState = (typeof FLAG_STATES)[number];

/** forward moves need nothing; dismissals and reopenings need a written reason. */
export type FlagTransitionKind = 'forward' | 'dismissal' | 'reopen';

export const FLAG_TRANSITIONS: Readonly<Record<FlagState, Readonly<Partial<Record<FlagState, FlagTransitionKind>>>>> = {
  open: { acknowledged: 'forward', dismissed: 'dismissal' },
  acknowledged: { in_remediation: 'forward', resolved: 'forward', dismissed: 'dismissal' },
  in_remediation: { resolved: 'forward' },
  resolved: { closed: 'forward', in_remediation: 'reopen' },
  closed: {},
  dismissed: { open: 'reopen' },
};

/** States in which the flag still calls for someone's work, as counted in "open" flags. */
export const ACTIVE_FLAG_STATES: readonly FlagState[] = ['open', 'acknowledged', 'in_remediation', 'resolved'];

export function isFlagState(value: string): value is FlagState {
  return (FLAG_STATES as readonly string[]).includes(value);
}

export function isActiveFlagState(state: FlagState): boolean {
  return ACTIVE_FLAG_STATES.includes(state);
}

export function flagTransitionKind(from: FlagState, to: FlagState): FlagTransitionKind | null {
  return FLAG_TRANSITIONS[from][to] ?? null;
}

export function transitionNeedsReason(kind: FlagTransitionKind): boolean {
  return kind !== 'forward';
}

export interface FlagTransitionInput {
  readonly reason?: string | null;
}

/** Throws unless the move is in the table (a conflict with the recorded state otherwise) and, where it needs one, a reason is given. */
export function assertFlagTransition(
  from: FlagState,
  to: FlagState,
  { reason }: FlagTransitionInput = {},
): FlagTransitionKind {
  const kind = flagTransitionKind(from, to);
  if (kind === null) throw new DomainError('FLAG_TRANSITION_INVALID', { from, to }, 'conflict');
  if (transitionNeedsReason(kind) && !hasText(reason)) throw new DomainError('REASON_REQUIRED', { from, to });
  return kind;
}

export function hasText(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.trim().length > 0;
}
