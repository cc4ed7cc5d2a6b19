/**
 * A buyer's measurement of a sale as recorded: what the buyer found, our totals, their
 * comparison under the tolerance in force, and the flag raised when it is exceeded. The
 * first measurement of a sale stands alone; every later one corrects the one in force and
 * says why.
 */
import { DomainError } from '../../../common/domain-error.js';
import type { IsoDate } from '../../../common/calendar-date.js';
import type { MeasuredLot, Reconciliation, ReconciliationTolerance } from '../../rules/reconciliation.js';

export interface NewMeasurement {
  readonly id: string;
  readonly saleId: string;
  readonly correctsId: string | null;
  readonly reason: string | null;
  readonly measuredOn: IsoDate;
  readonly netMg: number;
  readonly gradeBp: number | null;
  readonly moistureBp: number | null;
  readonly reference: string | null;
  readonly ourNetMg: number;
  readonly ourGradeBp: number | null;
  readonly massDiffMg: number;
  readonly massDiffBp: number;
  readonly gradeDiffBp: number | null;
  readonly tolerance: ReconciliationTolerance;
  readonly exceeds: boolean;
  readonly reasons: readonly string[];
  readonly riskFlagId: string | null;
  readonly recordedBy: string;
}

/** A correction needs a reason, and a reason needs something to correct. */
export function assertCorrectionReason(correctsId: string | null, reason: string | null, saleId: string): void {
  if (correctsId !== null && reason === null) throw new DomainError('BUYER_MEASUREMENT_REASON_REQUIRED', { correctsId });
  if (correctsId === null && reason !== null) throw new DomainError('BUYER_MEASUREMENT_NOTHING_TO_CORRECT', { saleId });
}

export interface BuyerFigures {
  readonly measuredOn: IsoDate;
  readonly netMg: number;
  readonly gradeBp: number | null;
  readonly moistureBp: number | null;
  readonly reference: string | null;
}

export interface MeasurementPlace {
  readonly id: string;
  readonly saleId: string;
  readonly correctsId: string | null;
  readonly reason: string | null;
  readonly recordedBy: string;
}

export function newMeasurementOf(
  place: MeasurementPlace,
  buyer: BuyerFigures,
  ours: MeasuredLot,
  comparison: { readonly reconciliation: Reconciliation; readonly tolerance: ReconciliationTolerance; readonly riskFlagId: string | null },
): NewMeasurement {
  const { reconciliation, tolerance } = comparison;
  return {
    ...place,
    ...buyer,
    ourNetMg: ours.massMg,
    ourGradeBp: ours.gradeBp,
    massDiffMg: reconciliation.massDiffMg,
    massDiffBp: reconciliation.massDiffBp,
    gradeDiffBp: reconciliation.gradeDiffBp,
    tolerance: { massBp: tolerance.massBp, gradeBp: tolerance.gradeBp },
    exceeds: reconciliation.exceeds,
    reasons: reconciliation.reasons,
    riskFlagId: comparison.riskFlagId,
  };
}
