import type { CycleRules } from '../../../src/savings/rules/cycle-rules';
import { parseAmountToMinor } from '../money';

/** A cycle's rules as a treasurer types them: amounts in the currency, a multiple, a percentage. */
export interface CycleRulesText {
  readonly currency: string;
  readonly sharePrice: string;
  readonly minShares: string;
  readonly maxShares: string;
  readonly socialContribution: string;
  readonly shareOutSocialFund: boolean;
  /** "3" for loans up to three times the member's savings. */
  readonly loanCapMultiple: string;
  readonly maxLoanTermMonths: string;
  /** "10" for 10 % per started month. */
  readonly serviceChargePercent: string;
  readonly serviceChargeMethod: 'flat' | 'declining';
  readonly fines: readonly { readonly code: string; readonly amount: string }[];
}

/** The API's rules of a cycle: the server's own shape (src/savings/rules/cycle-rules.ts). */
export type CycleRulesBody = CycleRules;

export type CycleRulesField = keyof CycleRulesText | `fines.${number}`;

/** The common VSLA defaults: 1 to 5 shares, loans up to 3 × savings over 3 months at 10 % flat. */
export function defaultRulesText(currency: string): CycleRulesText {
  return {
    currency,
    sharePrice: '',
    minShares: '1',
    maxShares: '5',
    socialContribution: '',
    shareOutSocialFund: false,
    loanCapMultiple: '3',
    maxLoanTermMonths: '3',
    serviceChargePercent: '10',
    serviceChargeMethod: 'flat',
    fines: [
      { code: 'late', amount: '' },
      { code: 'absent', amount: '' },
    ],
  };
}

/** A decimal typed with a comma or a point, scaled to whole units of 1/`scale`, or null. */
function scaled(text: string, scale: number): number | null {
  const match = /^\s*(\d{1,6})(?:[.,](\d{0,4}))?\s*$/.exec(text);
  if (!match) return null;
  const fraction = (match[2] ?? '').padEnd(4, '0');
  const value = Number(match[1]) * 10_000 + Number(fraction);
  return (value * scale) / 10_000;
}

function whole(text: string): number | null {
  return /^\s*\d{1,4}\s*$/.test(text) ? Number(text) : null;
}

/**
 * The API's body for the rules typed, or the fields that cannot be read. The rules themselves
 * (a share price above zero, a rate the law allows, …) stay the server's to check and explain.
 */
export function cycleRulesBody(text: CycleRulesText): { body: CycleRulesBody; wrong: [] } | { body: null; wrong: CycleRulesField[] } {
  const wrong: CycleRulesField[] = [];
  const read = <T>(field: CycleRulesField, value: T | null): T => {
    if (value === null) wrong.push(field);
    return value as T;
  };
  const fines = text.fines.flatMap((fine, index) => {
    if (fine.amount.trim() === '') return [];
    const amountMinor = read(`fines.${index}`, parseAmountToMinor(fine.amount, text.currency));
    return [{ code: fine.code, amountMinor }];
  });
  const body: CycleRulesBody = {
    currency: text.currency,
    sharePriceMinor: read('sharePrice', parseAmountToMinor(text.sharePrice, text.currency)),
    minSharesPerMeeting: read('minShares', whole(text.minShares)),
    maxSharesPerMeeting: read('maxShares', whole(text.maxShares)),
    socialFundContributionMinor: read('socialContribution', text.socialContribution.trim() === '' ? 0 : parseAmountToMinor(text.socialContribution, text.currency)),
    shareOutSocialFund: text.shareOutSocialFund,
    loanCapSavingsMultipleBp: read('loanCapMultiple', scaled(text.loanCapMultiple, 10_000)),
    maxLoanTermMonths: read('maxLoanTermMonths', whole(text.maxLoanTermMonths)),
    serviceChargeRateBpPerMonth: read('serviceChargePercent', scaled(text.serviceChargePercent, 100)),
    serviceChargeMethod: text.serviceChargeMethod,
    fineTypes: fines,
  };
  const roundBp = [body.loanCapSavingsMultipleBp, body.serviceChargeRateBpPerMonth];
  if (wrong.length === 0 && roundBp.every(Number.isInteger)) return { body, wrong: [] };
  if (!Number.isInteger(body.serviceChargeRateBpPerMonth) && !wrong.includes('serviceChargePercent')) wrong.push('serviceChargePercent');
  return { body: null, wrong };
}
