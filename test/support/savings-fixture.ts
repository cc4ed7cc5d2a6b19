/**
 * The cycle rules most savings tests start from: a share at 10,00 USD, 1 to 5 shares a
 * meeting, 2,00 USD to the social fund (kept at the share-out), loans up to 3 × savings for
 * up to 3 months at 10 % a month flat, and a 1,00 USD fine for lateness.
 */
export const SAVINGS_RULES = {
  currency: 'USD',
  sharePriceMinor: 1000,
  minSharesPerMeeting: 1,
  maxSharesPerMeeting: 5,
  socialFundContributionMinor: 200,
  shareOutSocialFund: false,
  loanCapSavingsMultipleBp: 30_000,
  maxLoanTermMonths: 3,
  serviceChargeRateBpPerMonth: 1_000,
  serviceChargeMethod: 'flat',
  fineTypes: [{ code: 'late', amountMinor: 100 }],
} as const;
