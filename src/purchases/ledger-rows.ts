/**
 * The purchase ledger's rows as selected and as the chain sees them: one definition for the
 * repository's reads and the reversal's insert.
 */
import type { PriceBasis } from './rules/amount.js';
import type { LedgerDiamond, LedgerEntryKind, PaymentMethod } from './rules/canonical.js';
import type { SealedEntry } from './rules/hash-chain.js';
import type { MassUnit } from './rules/units.js';

/** A ledger row as selected by LEDGER_COLUMNS: bigint columns come back as text. */
export interface LedgerRow {
  cooperative_id: string;
  id: string;
  sequence: number;
  kind: LedgerEntryKind;
  reverses_id: string | null;
  lot_number: string | null;
  tag_id: string | null;
  seller_id: string | null;
  site_id: string | null;
  mineral: string | null;
  gross_mg: string | null;
  net_mg: string | null;
  grade_bp: number | null;
  moisture_bp: number | null;
  unit_price_minor: string | null;
  price_unit: MassUnit | null;
  price_basis: PriceBasis | null;
  currency: string | null;
  exchange_rate: string | null;
  exchange_rate_base: string | null;
  reporting_currency: string | null;
  amount_minor: string | null;
  amount_reporting_minor: string | null;
  fees: { fundCode: string; amountMinor: number }[];
  net_paid_minor: string | null;
  payment_method: PaymentMethod | null;
  payment_reference: string | null;
  captured_at: Date | null;
  recorded_at: Date;
  officer_id: string;
  reason: string | null;
  previous_hash: string;
  hash: string;
  stones: number | null;
  quality_class: string | null;
  parcel_id: string | null;
}

export const LEDGER_COLUMNS = `cooperative_id, id, sequence, kind, reverses_id, lot_number, tag_id, seller_id, site_id, mineral,
  gross_mg, net_mg, grade_bp, moisture_bp, unit_price_minor, price_unit, price_basis, currency, exchange_rate,
  exchange_rate_base, reporting_currency, amount_minor, amount_reporting_minor, fees, net_paid_minor, payment_method,
  payment_reference, captured_at, recorded_at, officer_id, reason, previous_hash, hash, stones, quality_class, parcel_id`;

function integerOrNull(value: string | number | null): number | null {
  return value === null ? null : Number(value);
}

/** The diamond details as stored; a row with only some of them set is shown as it is (its hash then fails). */
function diamondOf(row: LedgerRow): LedgerDiamond | null {
  if (row.stones === null && row.quality_class === null && row.parcel_id === null) return null;
  return { stones: row.stones, qualityClass: row.quality_class, parcelId: row.parcel_id } as LedgerDiamond;
}

/** The stored row as the chain sees it: exactly what was hashed when it was appended. */
export function storedEntryOf(row: LedgerRow): SealedEntry {
  return {
    cooperativeId: row.cooperative_id,
    sequence: row.sequence,
    kind: row.kind,
    id: row.id,
    reversesId: row.reverses_id,
    lotNumber: row.lot_number,
    tagId: row.tag_id,
    sellerId: row.seller_id,
    siteId: row.site_id,
    mineral: row.mineral,
    grossMg: integerOrNull(row.gross_mg),
    netMg: integerOrNull(row.net_mg),
    gradeBp: row.grade_bp,
    moistureBp: row.moisture_bp,
    unitPriceMinor: integerOrNull(row.unit_price_minor),
    priceUnit: row.price_unit,
    priceBasis: row.price_basis,
    currency: row.currency,
    exchangeRate: row.exchange_rate,
    exchangeRateBase: row.exchange_rate_base,
    reportingCurrency: row.reporting_currency,
    amountMinor: integerOrNull(row.amount_minor),
    amountReportingMinor: integerOrNull(row.amount_reporting_minor),
    fees: row.fees,
    netPaidMinor: integerOrNull(row.net_paid_minor),
    paymentMethod: row.payment_method,
    paymentReference: row.payment_reference,
    capturedAt: row.captured_at,
    recordedAt: row.recorded_at,
    officerId: row.officer_id,
    reason: row.reason,
    previousHash: row.previous_hash,
    hash: row.hash,
    diamond: diamondOf(row),
  };
}
