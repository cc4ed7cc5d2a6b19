/** The public benefit-sharing statement's figures, as the database function answers them (amounts as text, bigint-safe). */
export interface RawBenefitStatement {
  readonly cooperative: { readonly id: string; readonly name: string; readonly country: string; readonly province: string; readonly timezone: string };
  readonly received: readonly { readonly fundCode: string; readonly currency: string; readonly amountMinor: string; readonly purchases: number }[];
  readonly spending: readonly { readonly fundCode: string; readonly currency: string; readonly purpose: string; readonly count: number; readonly amountMinor: string }[];
}

export interface BenefitFundFigures {
  readonly fundCode: string;
  readonly currency: string;
  readonly receivedMinor: number;
  readonly purchases: number;
  readonly spentMinor: number;
  readonly spending: readonly { readonly purpose: string; readonly count: number; readonly amountMinor: number }[];
}

function minor(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`amount out of range: ${text}`);
  return value;
}

/**
 * One line per fund and currency: received from purchase levies in the period (net of
 * reversals), and where it went (approved spending by purpose, largest first). A fund that
 * only spent in the period still has its line.
 */
export function benefitFunds(raw: RawBenefitStatement): BenefitFundFigures[] {
  const keys = new Map<string, { fundCode: string; currency: string }>();
  for (const line of [...raw.received, ...raw.spending]) keys.set(`${line.fundCode}|${line.currency}`, { fundCode: line.fundCode, currency: line.currency });
  return [...keys.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, { fundCode, currency }]) => {
      const same = (line: { fundCode: string; currency: string }): boolean => line.fundCode === fundCode && line.currency === currency;
      const received = raw.received.filter(same);
      const spending = raw.spending.filter(same).map((line) => ({ purpose: line.purpose, count: line.count, amountMinor: minor(line.amountMinor) }));
      spending.sort((a, b) => b.amountMinor - a.amountMinor || (a.purpose < b.purpose ? -1 : 1));
      return {
        fundCode,
        currency,
        receivedMinor: received.reduce((sum, line) => sum + minor(line.amountMinor), 0),
        purchases: received.reduce((sum, line) => sum + line.purchases, 0),
        spentMinor: spending.reduce((sum, line) => sum + line.amountMinor, 0),
        spending,
      };
    });
}
