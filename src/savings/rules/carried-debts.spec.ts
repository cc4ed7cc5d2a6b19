import { domainErrorOf } from '../../common/thrown.fixture.js';
import { closingBalances as passbookClosing, passbookLines } from '../documents/passbook.js';
import { groupIndicators } from '../documents/indicators.js';
import { movementView } from '../savings-views.js';
import type { LoanRow } from '../savings-rows.js';
import { recomputedBalances } from './cached-balances.js';
import { carriedDebtOpenings, carriedDebtOwed, isCarriedDebt, type PendingCarriedDebt } from './carried-debts.js';
import { CYCLE, movement, sequentialIds, stateWith } from './cycle-state.fixture.js';
import { debtOf, movementRowOf, positionOf } from './cycle-state.js';
import { foldLedger, ledgerLoanOf, ledgerMovementOf } from './ledger.js';
import { loanSchedule } from './loan-schedule.js';
import { meetingMovements } from './meeting-batch.js';
import { cycleShareOut, shareOutMovements } from './settlement.js';

// Cycle 2 (CYCLE, from 2025-01-06) opens with Ana's 3 400 carried from cycle 1's share-out of 2024-12-30.
const DEBT: PendingCarriedDebt = { id: 'debt-1', fromCycleId: 'cycle-0', memberId: 'ana', amountMinor: 3400, carriedOn: '2024-12-30' };

function openedWith(debts: readonly PendingCarriedDebt[], more: Parameters<typeof stateWith>[0] = {}) {
  const openings = carriedDebtOpenings(CYCLE, debts, sequentialIds('open'));
  const opening = openings.movements.map((m) => movementRowOf(m, 'user-1'));
  return { openings, state: stateWith({ loanRows: [...openings.loans, ...(more.loanRows ?? [])], movements: [...opening, ...(more.movements ?? [])] }) };
}

const savings = [
  movement({ id: 's-ana', kind: 'share_purchase', fund: 'loan_fund', amountMinor: 5000, memberId: 'ana', shares: 5, occurredOn: '2025-01-13' }),
  movement({ id: 's-ben', kind: 'share_purchase', fund: 'loan_fund', amountMinor: 5000, memberId: 'ben', shares: 5, occurredOn: '2025-01-13' }),
];

describe('carriedDebtOpenings', () => {
  it('turns each carried debt into a loan-like debt of the new cycle, due since the day it was carried, with no charge and no cash', () => {
    const { openings } = openedWith([DEBT]);
    expect(openings.loans).toEqual([{
      id: 'open-1', meeting_id: null, member_id: 'ana', principal_minor: '3400', disbursed_on: '2024-12-30', term_months: 0, service_charge_rate_bp: 0,
      service_charge_method: 'flat', carried_debt_id: 'debt-1', carried_from_cycle_id: 'cycle-0',
    }]);
    expect(openings.movements).toEqual([expect.objectContaining({
      id: 'open-2', meetingId: null, memberId: 'ana', loanId: 'open-1', kind: 'carried_debt', fund: 'loan_fund', amountMinor: 0, shares: 0, occurredOn: CYCLE.starts_on,
    })]);
  });

  it('brings nothing in when nothing was carried', () => {
    expect(carriedDebtOpenings(CYCLE, [])).toEqual({ loans: [], movements: [] });
  });

  it('refuses a debt twice, a debt of the same cycle, and an amount that is not a positive whole number', () => {
    expect(domainErrorOf(() => carriedDebtOpenings(CYCLE, [DEBT, DEBT])).code).toBe('CARRIED_DEBT_DUPLICATE');
    expect(domainErrorOf(() => carriedDebtOpenings(CYCLE, [{ ...DEBT, fromCycleId: CYCLE.id }])).code).toBe('CARRIED_DEBT_SAME_CYCLE');
    expect(domainErrorOf(() => carriedDebtOpenings(CYCLE, [{ ...DEBT, amountMinor: 0 }])).code).toBe('AMOUNT_NOT_POSITIVE');
    expect(() => carriedDebtOpenings(CYCLE, [{ ...DEBT, amountMinor: 10.5 }])).toThrow();
  });
});

describe('a carried debt in the new cycle\'s books', () => {
  it('stands as the member\'s debt without moving the loan fund\'s cash, and the cache recomputes it as a standing loan', () => {
    const { state } = openedWith([DEBT]);
    expect(state.ledger.loanFundMinor).toBe(0);
    expect(state.ledger.loans.map((loan) => [loan.id, isCarriedDebt(loan)])).toEqual([['open-1', true]]);
    expect(debtOf(state, 'ana', '2025-01-13')).toBe(3400);
    expect(carriedDebtOwed(state, 'ana', '2025-01-13')).toBe(3400);
    expect(carriedDebtOwed(state, 'ben', '2025-01-13')).toBe(0);
    const recomputed = recomputedBalances(state.movements.map(ledgerMovementOf), state.loanRows.map(ledgerLoanOf));
    expect(recomputed.loans.get('open-1')).toEqual({ disbursements: 1, repaidMinor: 0, repayments: 0 });
    expect(recomputed.loanFundMinor).toBe(0);
  });

  it('is overdue from the day after it was carried and never accrues a charge', () => {
    const { state } = openedWith([DEBT]);
    const [loan] = state.ledger.loans;
    expect(positionOf(state, loan, '2024-12-30')).toMatchObject({ state: 'current', termEndsOn: '2024-12-30', daysOverdue: 0 });
    const later = positionOf(state, loan, '2025-06-30');
    expect(later).toMatchObject({ state: 'overdue', overdue: true, daysOverdue: 182 });
    expect(later.balance).toMatchObject({ principalOutstandingMinor: 3400, serviceChargeOutstandingMinor: 0, totalOutstandingMinor: 3400 });
    expect(loanSchedule(loan.terms, 'equal-instalments')).toEqual({
      rows: [{ period: 1, dueOn: '2024-12-30', principalDueMinor: 3400, serviceChargeDueMinor: 0, totalDueMinor: 3400, principalOutstandingAfterMinor: 0 }],
      totalPrincipalMinor: 3400, totalServiceChargeMinor: 0, totalDueMinor: 3400,
    });
    expect(loanSchedule(loan.terms, 'at-term-end')).toEqual(loanSchedule(loan.terms, 'equal-instalments'));
  });

  it('is repaid at a meeting by an ordinary repayment that brings cash into the loan fund', () => {
    const { state } = openedWith([DEBT], { movements: savings });
    const result = meetingMovements(state, 'meeting-2', '2025-01-20', [{ memberId: 'ana', repayment: { loanId: 'open-1', amountMinor: 1400 } }], sequentialIds('mv'));
    expect(result.rows).toEqual([expect.objectContaining({ kind: 'loan_repayment', loanId: 'open-1', fund: 'loan_fund', amountMinor: 1400 })]);
    expect(result.balances.loanFundMinor).toBe(10_000 + 1400);
    const tooMuch = [{ memberId: 'ana', repayment: { loanId: 'open-1', amountMinor: 3401 } }];
    expect(domainErrorOf(() => meetingMovements(state, 'meeting-2', '2025-01-20', tooMuch)).code).toBe('REPAYMENT_EXCEEDS_AMOUNT_OWED');
  });

  it('refuses the member a new loan while any of it is owed, and lends once it is repaid at the same meeting', () => {
    const { state } = openedWith([DEBT], { movements: savings });
    const loan = { principalMinor: 1000, termMonths: 1 };
    const refused = domainErrorOf(() => meetingMovements(state, 'meeting-2', '2025-01-20', [{ memberId: 'ana', loan }]));
    expect(refused.code).toBe('LOAN_CARRIED_DEBT_OUTSTANDING');
    expect(refused.params).toEqual({ carriedDebtMinor: 3400, requestedMinor: 1000 });
    const partly = [{ memberId: 'ana', repayment: { loanId: 'open-1', amountMinor: 3000 }, loan }];
    expect(domainErrorOf(() => meetingMovements(state, 'meeting-2', '2025-01-20', partly)).params).toMatchObject({ carriedDebtMinor: 400 });
    const repaid = meetingMovements(state, 'meeting-2', '2025-01-20', [{ memberId: 'ana', repayment: { loanId: 'open-1', amountMinor: 3400 }, loan }], sequentialIds('mv'));
    expect(repaid.rows.map((row) => row.kind)).toEqual(['loan_repayment', 'loan_disbursement']);
    expect(meetingMovements(state, 'meeting-2', '2025-01-20', [{ memberId: 'ben', loan }]).rows.map((row) => row.kind)).toEqual(['loan_disbursement']);
  });

  it('is netted at the next share-out, and what the payout still cannot cover is carried again', () => {
    const { state } = openedWith([DEBT, { ...DEBT, id: 'debt-2', memberId: 'cai', amountMinor: 900 }], { movements: savings });
    const preview = cycleShareOut(state, ['ana', 'ben', 'cai'], '2025-12-29');
    const lines = new Map(preview.lines.map((line) => [line.memberId, line]));
    expect(lines.get('ana')).toMatchObject({ shares: 5, debtMinor: 3400, debtNettedMinor: 3400, carriedDebtMinor: 0 });
    expect(lines.get('cai')).toMatchObject({ shares: 0, grossMinor: 0, debtMinor: 900, debtNettedMinor: 0, carriedDebtMinor: 900 });
    expect(preview.valuePerShare.displayMinor).toBe(1340);
    const rows = shareOutMovements(state, preview, '2025-12-29', sequentialIds('so'));
    expect(rows.filter((row) => row.kind === 'loan_repayment').map((row) => [row.loanId, row.amountMinor])).toEqual([['open-1', 3400]]);
    expect(preview.totals.netPayoutMinor + preview.remainderMinor).toBe(10_000);
  });

  it('counts in the indicators\' loans outstanding and portfolio at risk, shown apart as carried', () => {
    const { state } = openedWith([DEBT], { movements: savings });
    const movements = state.movements.map(movementView);
    const indicators = groupIndicators({ asOf: '2025-01-20', members: [], meetings: [], movements, loans: state.loanRows.map(ledgerLoanOf) });
    expect(indicators.loansOutstanding).toEqual({ count: 1, principalMinor: 3400, serviceChargeMinor: 0, totalMinor: 3400 });
    expect(indicators.carriedDebtsOutstanding).toEqual(indicators.loansOutstanding);
    expect(indicators.portfolioAtRisk).toMatchObject({ atRiskPrincipalMinor: 3400, outstandingPrincipalMinor: 3400, basisPoints: 10_000 });
    expect(indicators.loanFundCashMinor).toBe(10_000);
  });

  it('opens the member\'s passbook, before every meeting, with the debt owed and no cash', () => {
    const repayment = movement({ id: 'r1', kind: 'loan_repayment', fund: 'loan_fund', amountMinor: 1000, memberId: 'ana', loanId: 'open-1', meetingId: 'meeting-1', occurredOn: '2025-01-13' });
    const { state } = openedWith([DEBT], { movements: [savings[0], repayment] });
    const loans = state.loanRows.map(ledgerLoanOf);
    const lines = passbookLines('ana', state.movements.map(movementView), [{ id: 'meeting-1', heldOn: '2025-01-13' }], loans);
    expect(lines.map((line) => [line.operation, line.paidInMinor, line.paidOutMinor, line.carriedDebtMinor, line.after.loanOwedMinor])).toEqual([
      ['carried_debt', 0, 0, 3400, 3400],
      ['share_purchase', 5000, 0, null, 3400],
      ['loan_repayment', 1000, 0, null, 2400],
    ]);
    expect(lines[2].repaymentSplit).toEqual({ serviceChargeMinor: 0, principalMinor: 1000 });
    expect(passbookClosing(lines).loanOwedMinor).toBe(2400);
  });
});

describe('the fold of a cycle with a carried debt', () => {
  it('lists the carried debt among the standing loans only through its opening entry', () => {
    const row: LoanRow = carriedDebtOpenings(CYCLE, [DEBT], sequentialIds('x')).loans[0];
    const loan = ledgerLoanOf(row);
    expect(loan.carriedFromCycleId).toBe('cycle-0');
    expect(foldLedger([], [loan]).loans).toEqual([]);
    const opening = ledgerMovementOf(movement({ id: 'o', kind: 'carried_debt', fund: 'loan_fund', amountMinor: 0, memberId: 'ana', loanId: row.id, meetingId: null }));
    expect(foldLedger([opening], [loan]).loans).toEqual([loan]);
    expect(isCarriedDebt(ledgerLoanOf({ ...row, carried_from_cycle_id: null }))).toBe(false);
    expect(isCarriedDebt(ledgerLoanOf({ ...row, carried_from_cycle_id: undefined }))).toBe(false);
  });
});
