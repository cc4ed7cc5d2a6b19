/**
 * The purchase form's checks and figures, made on the phone before anything is saved, online
 * or not, with the very rules the server applies (src/purchases/rules): a purchase the server
 * would refuse for its measurements is refused while the seller is still there, and the total,
 * fees and net paid are shown before the officer confirms. The server computes again and its
 * figures are the ones recorded.
 */
import { DomainError } from '../../../src/common/domain-error';
import { pricePurchase, type FeeRule, type PriceBasis } from '../../../src/purchases/rules/amount';
import type { PaymentMethod } from '../../../src/purchases/rules/canonical';
import { feeRulesInForce, type DatedFeeRule } from '../../../src/purchases/rules/fee-rules';
import { measurePurchase } from '../../../src/purchases/rules/ledger-entries';
import { DEFAULT_MINERALS } from '../../../src/purchases/rules/minerals';
import { formatBpAsPercent, type MassUnit } from '../../../src/purchases/rules/units';
import type { Schema } from '../api/client';

export interface PurchaseDraft {
  readonly mineral: string;
  /** The unit the masses are typed in: the mineral's (kg for ores, g for gold, ct for diamonds). */
  readonly massUnit?: MassUnit;
  readonly netKg: string;
  readonly grossKg: string;
  readonly gradePercent: string;
  readonly moisturePercent: string;
  readonly priceBasis: PriceBasis;
  readonly unitPriceMinor: number | null;
  readonly currency: string;
  readonly paymentMethod: PaymentMethod;
  readonly paymentReference: string;
  /** A rough diamond's stones, their quality or size class and the parcel they go into. */
  readonly diamond?: { readonly stones: number; readonly qualityClass: string; readonly parcelId: string };
}

/** Which field of the form a refusal is about, so that the form can point at it. */
export type DraftField = 'netKg' | 'grossKg' | 'gradePercent' | 'moisturePercent' | 'unitPrice' | 'paymentReference' | 'mineral' | 'priceBasis' | 'stones' | 'qualityClass' | 'parcelId';

export interface DraftProblem {
  readonly code: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly field: DraftField | null;
}

export interface PurchasePreview {
  readonly netMg: number;
  readonly pricedMassMg: number;
  readonly priceUnit: MassUnit;
  readonly gradePercent: string | null;
  readonly moisturePercent: string | null;
  readonly amountMinor: number;
  readonly fees: readonly { readonly fundCode: string; readonly amountMinor: number }[];
  readonly netPaidMinor: number;
}

const FIELD_OF_CODE: Readonly<Record<string, DraftField>> = {
  MOISTURE_REQUIRED: 'moisturePercent',
  MOISTURE_NOT_APPLICABLE: 'moisturePercent',
  MOISTURE_OUT_OF_RANGE: 'moisturePercent',
  GRADE_NOT_APPLICABLE: 'gradePercent',
  GRADE_REQUIRED: 'gradePercent',
  GRADE_OUT_OF_RANGE: 'gradePercent',
  PRICE_BASIS_NOT_APPLICABLE: 'priceBasis',
  NET_MASS_ABOVE_GROSS: 'grossKg',
  UNIT_PRICE_NOT_POSITIVE: 'unitPrice',
  PAYMENT_REFERENCE_REQUIRED: 'paymentReference',
  MINERAL_UNKNOWN: 'mineral',
  DIAMOND_STONES_INVALID: 'stones',
  DIAMOND_CLASS_INVALID: 'qualityClass',
  DIAMOND_DETAILS_REQUIRED: 'parcelId',
};

function decimal(value: string): string {
  return value.trim().replace(',', '.');
}

function optional(value: string): string | undefined {
  return decimal(value) || undefined;
}

/** What the form asks for a mineral: the unit its masses are typed in, a grade, a moisture. */
export function mineralNeeds(code: string): { readonly unit: MassUnit; readonly graded: boolean; readonly moisture: boolean; readonly diamond: boolean } {
  const mineral = DEFAULT_MINERALS.find((candidate) => candidate.code === code);
  return mineral
    ? { unit: mineral.pricingUnit, graded: mineral.gradeOf !== null, moisture: mineral.moistureRelevant, diamond: mineral.kimberleyProcess }
    : { unit: 'kg', graded: true, moisture: false, diamond: false };
}

/** The fee schedule as the API lists it, in the shape the pricing rule takes. */
export function datedFeeRules(rules: readonly Schema<'FeeRuleView'>[]): DatedFeeRule[] {
  return rules.map((view) => {
    const rule: FeeRule =
      view.kind === 'percent'
        ? { kind: 'percent', fundCode: view.fundCode, rateBp: view.rateBp ?? 0 }
        : view.kind === 'per_kg'
          ? { kind: 'per_kg', fundCode: view.fundCode, minorPerKg: view.amountMinor ?? 0, currency: view.currency ?? '' }
          : { kind: 'fixed', fundCode: view.fundCode, amountMinor: view.amountMinor ?? 0, currency: view.currency ?? '' };
    return { ruleCode: view.ruleCode, rule, validFrom: view.validFrom, validTo: view.validTo };
  });
}

/** The body's measurement fields as the API takes them. */
export function measurementsOf(draft: PurchaseDraft) {
  return {
    grossMass: { value: decimal(draft.grossKg || draft.netKg), unit: draft.massUnit ?? 'kg' },
    netMass: { value: decimal(draft.netKg), unit: draft.massUnit ?? 'kg' },
    gradePercent: optional(draft.gradePercent),
    moisturePercent: optional(draft.moisturePercent),
  };
}

/**
 * The server's checks on the measurements and the price, and the figures they give; the
 * first refusal instead, with the field it is about. `day` is the cooperative's local date,
 * which chooses the fee rules in force.
 */
export function checkPurchase(
  draft: PurchaseDraft,
  schedule: readonly DatedFeeRule[],
  day: string,
  now = new Date(),
): { readonly ok: true; readonly preview: PurchasePreview } | { readonly ok: false; readonly problem: DraftProblem } {
  try {
    const measured = measurePurchase(
      {
        mineral: draft.mineral,
        ...measurementsOf(draft),
        priceBasis: draft.priceBasis,
        paymentMethod: draft.paymentMethod,
        paymentReference: draft.paymentReference.trim() || undefined,
        diamond: draft.diamond,
      },
      now,
    );
    if (draft.unitPriceMinor === null) return { ok: false, problem: { code: 'UNIT_PRICE_NOT_POSITIVE', params: {}, field: 'unitPrice' } };
    const pricing = pricePurchase({
      netMg: measured.netMg,
      unitPriceMinor: draft.unitPriceMinor,
      priceUnit: measured.priceUnit,
      priceBasis: draft.priceBasis,
      gradeBp: measured.gradeBp,
      moistureBp: measured.moistureBp,
      currency: draft.currency,
      reportingCurrency: draft.currency,
      exchangeRate: null,
      feeRules: feeRulesInForce(schedule, day),
    });
    const priced = pricing.amount.pricedMassMg;
    return {
      ok: true,
      preview: {
        netMg: measured.netMg,
        pricedMassMg: Number(priced.numerator / priced.denominator),
        priceUnit: measured.priceUnit,
        gradePercent: measured.gradeBp === null ? null : formatBpAsPercent(measured.gradeBp),
        moisturePercent: measured.moistureBp === null ? null : formatBpAsPercent(measured.moistureBp),
        amountMinor: pricing.amount.amountMinor,
        fees: pricing.fees.map((fee) => ({ fundCode: fee.fundCode, amountMinor: fee.amountMinor })),
        netPaidMinor: pricing.netPaidMinor,
      },
    };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const field = FIELD_OF_CODE[error.code] ?? (error.code.startsWith('MASS_') ? (error.params.value === decimal(draft.grossKg) && draft.grossKg ? 'grossKg' : 'netKg') : null);
    return { ok: false, problem: { code: error.code, params: error.params, field } };
  }
}

export { massIn, pricedMassIn } from './mass';
