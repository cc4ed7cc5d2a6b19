/**
 * The ledger entries the purchases service appends, built from what was measured and
 * priced: a purchase from the officer's request, a reversal from the entry it reverses.
 * Only construction lives here; sealing (hash-chain.ts) and storing happen after.
 */
import { DomainError } from '../../common/domain-error.js';
import type { ExchangeRate, PriceBasis, PurchasePricing } from './amount.js';
import type { LedgerDiamond, LedgerEntry, PaymentMethod } from './canonical.js';
import { type DiamondDetailsRequest, diamondDetailsOf } from '../diamonds/rules/diamond-purchase.js';
import type { UnplacedEntry } from './canonical-template.js';
import type { SealedEntry } from './hash-chain.js';
import { assertMeasurementsFitMineral, findMineral, type Mineral } from './minerals.js';
import { assertNetMassWithinGross, type MassUnit, parseMassToMg, parsePercentToBp } from './units.js';

/** A capture clock may run a little ahead of the server's; more than this is refused. */
export const CAPTURE_CLOCK_SKEW_MS = 5 * 60_000;

/** What the officer weighed, assayed and agreed, as typed. */
export interface PurchaseRequest {
  readonly mineral: string;
  readonly grossMass: { readonly value: string; readonly unit: MassUnit };
  readonly netMass: { readonly value: string; readonly unit: MassUnit };
  readonly gradePercent?: string;
  readonly moisturePercent?: string;
  readonly priceBasis: PriceBasis;
  readonly priceUnit?: MassUnit;
  readonly paymentMethod: PaymentMethod;
  readonly paymentReference?: string;
  readonly capturedAt?: string;
  readonly diamond?: DiamondDetailsRequest;
}

/** The request in integer units, checked against its mineral, with its two timestamps. */
export interface MeasuredPurchase {
  readonly mineral: Mineral;
  readonly grossMg: number;
  readonly netMg: number;
  readonly gradeBp: number | null;
  readonly moistureBp: number | null;
  readonly priceUnit: MassUnit;
  readonly capturedAt: Date;
  readonly recordedAt: Date;
  /** Stones, class and parcel of a rough diamond; null for any other mineral. */
  readonly diamond: LedgerDiamond | null;
}

/** Parses and checks a purchase request; `now` is when the server records it. */
export function measurePurchase(request: PurchaseRequest, now: Date): MeasuredPurchase {
  const mineral = findMineral(request.mineral);
  const grossMg = parseMassToMg(request.grossMass.value, request.grossMass.unit);
  const netMg = parseMassToMg(request.netMass.value, request.netMass.unit);
  assertNetMassWithinGross(grossMg, netMg);
  const gradeBp = request.gradePercent === undefined ? null : parsePercentToBp(request.gradePercent);
  const moistureBp = request.moisturePercent === undefined ? null : parsePercentToBp(request.moisturePercent);
  assertMeasurementsFitMineral(mineral, { priceBasis: request.priceBasis, gradeBp, moistureBp });
  const diamond = diamondDetailsOf(mineral, request);
  if (request.paymentMethod === 'mobile_money' && request.paymentReference === undefined) {
    throw new DomainError('PAYMENT_REFERENCE_REQUIRED', { paymentMethod: request.paymentMethod });
  }
  const capturedAt = request.capturedAt === undefined ? now : new Date(request.capturedAt);
  if (capturedAt.getTime() > now.getTime() + CAPTURE_CLOCK_SKEW_MS) throw new DomainError('CAPTURED_IN_FUTURE', { capturedAt: capturedAt.toISOString() });
  return { mineral, grossMg, netMg, gradeBp, moistureBp, priceUnit: request.priceUnit ?? mineral.pricingUnit, capturedAt, recordedAt: now, diamond };
}

export function lotNumberOf(sequence: number): string {
  return `LOT-${String(sequence).padStart(6, '0')}`;
}

/** Where the entry goes and who appends it. */
export interface EntryPlace {
  readonly cooperativeId: string;
  readonly sequence: number;
  readonly id: string;
  readonly officerId: string;
}

export interface PurchaseTerms {
  readonly tagId: string;
  readonly sellerId: string;
  readonly siteId: string;
  readonly unitPriceMinor: number;
  readonly currency: string;
  readonly reportingCurrency: string;
  readonly paymentReference?: string;
}

/** The purchase entry: the measurements, the price and fees as priced, on the next sequence. */
export function purchaseEntry(
  place: EntryPlace,
  request: Pick<PurchaseRequest, 'priceBasis' | 'paymentMethod'>,
  terms: PurchaseTerms,
  measured: MeasuredPurchase,
  pricing: PurchasePricing,
): LedgerEntry {
  const { sequence, ...unplaced } = place;
  return placeEntry(unplacedPurchaseEntry(unplaced, request, terms, measured, pricing), sequence);
}

/** The purchase entry before the ledger head gives it its sequence and lot number (see canonical-template.ts). */
export function unplacedPurchaseEntry(
  place: Omit<EntryPlace, 'sequence'>,
  request: Pick<PurchaseRequest, 'priceBasis' | 'paymentMethod'>,
  terms: PurchaseTerms,
  measured: MeasuredPurchase,
  pricing: PurchasePricing,
): UnplacedEntry {
  const rate: ExchangeRate | null = pricing.reporting.rateUsed ?? null;
  return {
    cooperativeId: place.cooperativeId,
    kind: 'purchase',
    id: place.id,
    reversesId: null,
    tagId: terms.tagId,
    sellerId: terms.sellerId,
    siteId: terms.siteId,
    mineral: measured.mineral.code,
    grossMg: measured.grossMg,
    netMg: measured.netMg,
    gradeBp: measured.gradeBp,
    moistureBp: measured.moistureBp,
    unitPriceMinor: terms.unitPriceMinor,
    priceUnit: measured.priceUnit,
    priceBasis: request.priceBasis,
    currency: terms.currency,
    exchangeRate: rate?.rate ?? null,
    exchangeRateBase: rate?.base ?? null,
    reportingCurrency: terms.reportingCurrency,
    amountMinor: pricing.amount.amountMinor,
    amountReportingMinor: pricing.reporting.amountMinor,
    fees: pricing.fees.map((fee) => ({ fundCode: fee.fundCode, amountMinor: fee.amountMinor })),
    netPaidMinor: pricing.netPaidMinor,
    paymentMethod: request.paymentMethod,
    paymentReference: terms.paymentReference ?? null,
    capturedAt: measured.capturedAt,
    recordedAt: measured.recordedAt,
    officerId: place.officerId,
    reason: null,
    // Only a diamond entry has the member: any other keeps the canonical text it always had.
    ...(measured.diamond === null ? {} : { diamond: measured.diamond }),
  };
}

/** The entry at its place in the chain: the sequence the head gave it and the lot number that follows from it. */
export function placeEntry(entry: UnplacedEntry, sequence: number): LedgerEntry {
  return { ...entry, sequence, lotNumber: lotNumberOf(sequence) };
}

function negate(value: number | null): number | null {
  return value === null ? null : -value;
}

/** The reversal of a purchase: its content with every amount negated, recorded now, with the reason. */
export function reversalEntry(original: SealedEntry, place: Omit<EntryPlace, 'cooperativeId'>, reason: string, recordedAt: Date): LedgerEntry {
  const { previousHash: _previousHash, hash: _hash, ...content } = original;
  return {
    ...content,
    sequence: place.sequence,
    kind: 'reversal',
    id: place.id,
    reversesId: original.id,
    amountMinor: negate(original.amountMinor),
    amountReportingMinor: negate(original.amountReportingMinor),
    fees: original.fees.map((fee) => ({ fundCode: fee.fundCode, amountMinor: -fee.amountMinor })),
    netPaidMinor: negate(original.netPaidMinor),
    capturedAt: null,
    recordedAt,
    officerId: place.officerId,
    reason,
  };
}
