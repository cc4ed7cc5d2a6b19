import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PriceBasis } from '../rules/amount.js';
import type { LedgerEntryKind, PaymentMethod } from '../rules/canonical.js';
import type { UnplacedEntry } from '../rules/canonical-template.js';
import type { SealedEntry } from '../rules/hash-chain.js';
import type { ChainProblem } from '../rules/verify-chain.js';
import { MASS_UNITS, type MassUnit } from '../rules/units.js';
import { PAYMENT_METHODS, PRICE_BASES } from './purchase.dto.js';
import { mgToCarats } from '../diamonds/rules/carats.js';

const MINOR = 'Integer of minor units of the currency.';

export class LedgerFeeView {
  @ApiProperty({ example: 'PROVINCIAL_LEVY' }) fundCode!: string;
  @ApiProperty({ type: Number, description: `Withheld from the seller. ${MINOR} Negative on a reversal.` }) amountMinor!: number;
}

/** A diamond entry's stones: its carats are its net mass, given here in carats as an exact decimal. */
export class PurchaseDiamondView {
  @ApiProperty({ type: Number }) stones!: number;
  @ApiProperty({ example: 'GEM +2ct' }) qualityClass!: string;
  @ApiProperty({ format: 'uuid' }) parcelId!: string;
  @ApiProperty({ type: String, nullable: true, example: '12.35', description: 'Net mass in carats (1 ct = 200 mg).' }) carats!: string | null;
}

/** One entry of the purchase ledger, exactly as hashed (a purchase, or the reversal of one). */
export class PurchaseView {
  @ApiProperty({ format: 'uuid' }) cooperativeId!: string;
  @ApiProperty({ type: Number, description: 'Position in the cooperative’s chain, from 1.' }) sequence!: number;
  @ApiProperty({ enum: ['purchase', 'reversal'] }) kind!: LedgerEntryKind;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The purchase a reversal reverses.' }) reversesId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'LOT-000042' }) lotNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) tagId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) sellerId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) siteId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'HETEROGENITE' }) mineral!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Milligrams.' }) grossMg!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Milligrams.' }) netMg!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Basis points (1420 = 14.2 %).' }) gradeBp!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Basis points.' }) moistureBp!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: `Per one priceUnit. ${MINOR}` }) unitPriceMinor!: number | null;
  @ApiProperty({ type: String, enum: MASS_UNITS, nullable: true }) priceUnit!: MassUnit | null;
  @ApiProperty({ type: String, enum: PRICE_BASES, nullable: true }) priceBasis!: PriceBasis | null;
  @ApiProperty({ type: String, nullable: true, example: 'USD' }) currency!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Shortest decimal: one exchangeRateBase is worth this many of the other currency.' })
  exchangeRate!: string | null;
  @ApiProperty({ type: String, nullable: true }) exchangeRateBase!: string | null;
  @ApiProperty({ type: String, nullable: true }) reportingCurrency!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: MINOR }) amountMinor!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: `In the reporting currency. ${MINOR}` }) amountReportingMinor!: number | null;
  @ApiProperty({ type: () => [LedgerFeeView] }) fees!: LedgerFeeView[];
  @ApiProperty({ type: Number, nullable: true, description: `Amount less fees. ${MINOR}` }) netPaidMinor!: number | null;
  @ApiProperty({ type: String, enum: PAYMENT_METHODS, nullable: true }) paymentMethod!: PaymentMethod | null;
  @ApiProperty({ type: String, nullable: true }) paymentReference!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the device captured it; null on a reversal.' }) capturedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ format: 'uuid' }) officerId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why a reversal was made.' }) reason!: string | null;
  @ApiProperty({ description: 'SHA-256 hex of the entry before (64 zeros for the first).' }) previousHash!: string;
  @ApiProperty({ description: 'SHA-256 hex of previousHash and the canonical entry.' }) hash!: string;
  @ApiProperty({ type: () => PurchaseDiamondView, nullable: true, description: 'A rough diamond’s stones, class and parcel; null for any other mineral.' })
  diamond!: PurchaseDiamondView | null;
}

function diamondViewOf(entry: UnplacedEntry): PurchaseDiamondView | null {
  const { diamond } = entry;
  if (diamond === undefined || diamond === null) return null;
  return { stones: diamond.stones, qualityClass: diamond.qualityClass, parcelId: diamond.parcelId, carats: entry.netMg === null ? null : mgToCarats(entry.netMg) };
}

export function purchaseViewOf(entry: SealedEntry): PurchaseView {
  return { ...entry, fees: [...entry.fees], capturedAt: entry.capturedAt?.toISOString() ?? null, recordedAt: entry.recordedAt.toISOString(), diamond: diamondViewOf(entry) };
}

/** The view of an entry not appended yet: all but what the ledger head decides (the audit record's part written before the head is known). */
export function unplacedPurchaseViewOf(entry: UnplacedEntry): Omit<PurchaseView, 'sequence' | 'lotNumber' | 'previousHash' | 'hash'> {
  const { diamond: _diamond, ...content } = entry;
  // `diamond: null` for any other mineral, as in the answer: the audit record is the answer.
  return { ...content, fees: [...entry.fees], capturedAt: entry.capturedAt?.toISOString() ?? null, recordedAt: entry.recordedAt.toISOString(), diamond: diamondViewOf(entry) };
}

const CHAIN_PROBLEMS: readonly ChainProblem[] = ['CONTENT_ALTERED', 'SEQUENCE_GAP', 'OUT_OF_ORDER', 'PREVIOUS_HASH_MISMATCH', 'ANCHOR_MISMATCH'];

/** The ledger recomputed from its first entry: intact (ok, headHash), or where it breaks first. */
export class ChainVerificationView {
  @ApiProperty({ type: Boolean }) ok!: boolean;
  @ApiProperty({ type: Number, description: 'Entries verified (intact before the problem when broken).' }) count!: number;
  @ApiPropertyOptional({ description: 'Hash of the last entry (when ok).' }) headHash?: string;
  @ApiPropertyOptional({ type: Number, description: 'Where the chain stops being trustworthy (when broken).' }) firstBadSequence?: number;
  @ApiPropertyOptional({ enum: CHAIN_PROBLEMS }) problem?: ChainProblem;
  @ApiPropertyOptional({ oneOf: [{ type: 'number', nullable: true }, { type: 'string', nullable: true }] }) expected?: number | string | null;
  @ApiPropertyOptional({ oneOf: [{ type: 'number', nullable: true }, { type: 'string', nullable: true }] }) found?: number | string | null;
}

/** A dated rule of the fee schedule: what a purchase withholds for a fund. */
export class FeeRuleView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'PROVINCIAL_LEVY_2025' }) ruleCode!: string;
  @ApiProperty({ example: 'PROVINCIAL_LEVY' }) fundCode!: string;
  @ApiProperty({ enum: ['percent', 'per_kg', 'fixed'] }) kind!: 'percent' | 'per_kg' | 'fixed';
  @ApiProperty({ type: Number, nullable: true, description: 'For percent: basis points of the amount (250 = 2.5 %).' }) rateBp!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: `For per_kg and fixed. ${MINOR}` }) amountMinor!: number | null;
  @ApiProperty({ type: String, nullable: true }) currency!: string | null;
  @ApiProperty({ format: 'date' }) validFrom!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) validTo!: string | null;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
