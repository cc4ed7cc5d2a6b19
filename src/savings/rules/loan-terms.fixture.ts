import type { LoanTerms } from './loan-terms.js';

// A loan for the rule specs: 1 000,00 disbursed on 1 January 2025 for 3 months at 10 % per
// started 30-day period, charged flat on the principal or declining on what is outstanding.

export const DISBURSED = '2025-01-01';

export const flat: LoanTerms = {
  principalMinor: 100_000,
  disbursedOn: DISBURSED,
  termMonths: 3,
  serviceChargeRateBpPerMonth: 1_000,
  serviceChargeMethod: 'flat',
};

export const declining: LoanTerms = { ...flat, serviceChargeMethod: 'declining' };
