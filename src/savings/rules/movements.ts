import type { MovementRow, NewMovement } from '../savings-rows.js';
import type { IsoDate } from '../../common/calendar-date.js';

/** The fields of a new movement most rows leave at their default. */
export type MovementDefaults = Pick<NewMovement, 'meetingId' | 'loanId' | 'shares' | 'fineCode' | 'purpose' | 'reversesMovementId' | 'reason' | 'occurredOn'>;

/** What a movement carries when it only moves cash: at a meeting, or outside one (`meetingId` null) for exits and the share-out. */
export function movementDefaults(meetingId: string | null, occurredOn: IsoDate): MovementDefaults {
  return { meetingId, loanId: null, shares: 0, fineCode: null, purpose: null, reversesMovementId: null, reason: null, occurredOn };
}

/** The reversal of `original`, recorded at `meetingId`: the negated amount and shares, dated as the original. */
export function reversalOf(original: MovementRow, meetingId: string, reason: string, id: string): NewMovement {
  return {
    id, meetingId, memberId: original.member_id, loanId: original.loan_id, kind: 'reversal', fund: original.fund,
    amountMinor: -Number(original.amount_minor), shares: -original.shares, fineCode: original.fine_code, purpose: original.purpose,
    reversesMovementId: original.id, reason, occurredOn: original.occurred_on,
  };
}
