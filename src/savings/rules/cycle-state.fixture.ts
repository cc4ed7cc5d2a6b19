import type { CycleRow, MovementRow, NewMovement } from '../savings-rows.js';
import { cycleStateOf, movementRowOf, type CycleRows, type CycleState } from './cycle-state.js';

// A cycle's books for the rule specs: a share at 10,00, 2,00 to the social fund, loans up to
// 3 × savings for 3 months at 10 % a month flat, a 1,00 fine for lateness.

export const CYCLE: CycleRow = {
  id: 'cycle-1', group_id: 'group-1', starts_on: '2025-01-06', planned_end_on: '2025-12-29', status: 'open', closed_on: null,
  rules: {
    currency: 'USD', sharePriceMinor: 1000, minSharesPerMeeting: 1, maxSharesPerMeeting: 5, socialFundContributionMinor: 200,
    shareOutSocialFund: false, loanCapSavingsMultipleBp: 30_000, maxLoanTermMonths: 3, serviceChargeRateBpPerMonth: 1_000,
    serviceChargeMethod: 'flat', fineTypes: [{ code: 'late', amountMinor: 100 }],
  },
};

let counter = 0;
export function sequentialIds(prefix = 'id'): () => string {
  counter = 0;
  return () => `${prefix}-${++counter}`;
}

export function movement(fields: Partial<NewMovement> & Pick<NewMovement, 'id' | 'kind' | 'fund' | 'amountMinor'>): MovementRow {
  return movementRowOf({
    meetingId: 'meeting-1', memberId: null, loanId: null, shares: 0, fineCode: null, purpose: null, reversesMovementId: null, reason: null,
    occurredOn: '2025-01-06', ...fields,
  }, 'user-1');
}

export function stateWith(rows: Partial<CycleRows> = {}): CycleState {
  return cycleStateOf({ cycle: CYCLE, movements: [], loanRows: [], amendments: [], writeOffs: [], exits: [], ...rows });
}
