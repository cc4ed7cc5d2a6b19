import { Type } from 'class-transformer';
import { ISO_DATE_PATTERN } from '../../common/calendar-date.js';
import { PageQueryDto } from '../../common/pagination.js';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { MASS_UNITS, type MassUnit } from '../rules/units.js';
import { type PriceBasis } from '../rules/amount.js';
import { type PaymentMethod } from '../rules/canonical.js';
import { MAX_STONES_PER_PURCHASE } from '../diamonds/rules/diamond-purchase.js';

export const PRICE_BASES: readonly PriceBasis[] = ['per_unit_net_mass', 'per_unit_contained_metal'];
export const PAYMENT_METHODS: readonly PaymentMethod[] = ['cash', 'mobile_money'];
const DECIMAL = /^\d+(\.\d+)?$/;
const CURRENCY = /^[A-Z]{3}$/;
const CODE = /^[A-Z][A-Z0-9_]{0,39}$/;

export class MassDto {
  /** Decimal with a dot, as weighed: '12.345'. */
  @Matches(DECIMAL) value: string;
  @IsIn(MASS_UNITS) unit: MassUnit;
}

export class ExchangeRateDto {
  /** One unit of `base` is worth `rate` units of the other currency of the pair. */
  @Matches(CURRENCY) base: string;
  @Matches(CURRENCY) quote: string;
  @Matches(DECIMAL) rate: string;
}

/** What a diamond buyer records beyond the carats (the net mass, in `ct`). */
export class DiamondDetailsDto {
  @IsInt() @Min(1) @Max(MAX_STONES_PER_PURCHASE) stones: number;
  /** The buyer's quality or size class, as sorted: 'GEM +2ct', '-11+9', 'INDUSTRIAL'. */
  @IsString() @MinLength(1) @MaxLength(40) qualityClass: string;
  /** The open parcel the stones go into (POST …/diamond-parcels). */
  @IsUUID() parcelId: string;
}

export class RecordPurchaseDto {
  /** Optional client-chosen id, so an offline retry never records the purchase twice. */
  @IsOptional() @IsUUID() id?: string;
  @IsUUID() sellerId: string;
  @IsUUID() siteId: string;
  @IsString() @MaxLength(40) mineral: string;
  @ValidateNested() @Type(() => MassDto) grossMass: MassDto;
  @ValidateNested() @Type(() => MassDto) netMass: MassDto;
  /** Percent as typed, '14.2'. */
  @IsOptional() @Matches(DECIMAL) gradePercent?: string;
  @IsOptional() @Matches(DECIMAL) moisturePercent?: string;
  /** Minor units of `currency` per one `priceUnit` (the mineral's pricing unit when absent). */
  @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) unitPriceMinor: number;
  @IsOptional() @IsIn(MASS_UNITS) priceUnit?: MassUnit;
  @IsIn(PRICE_BASES) priceBasis: PriceBasis;
  @Matches(CURRENCY) currency: string;
  /** Required when the currency is not the cooperative's reporting currency. */
  @IsOptional() @ValidateNested() @Type(() => ExchangeRateDto) exchangeRate?: ExchangeRateDto;
  /** The client's own figure, only compared with the server's. */
  @IsOptional() @IsInt() amountMinor?: number;
  @IsIn(PAYMENT_METHODS) paymentMethod: PaymentMethod;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) paymentReference?: string;
  @IsString() @MinLength(1) @MaxLength(80) tagId: string;
  /** When the device captured the purchase; now when absent. */
  @IsOptional() @IsISO8601({ strict: true }) capturedAt?: string;
  /** Required for a rough diamond (masses then in `ct`), refused for any other mineral. */
  @IsOptional() @ValidateNested() @Type(() => DiamondDetailsDto) diamond?: DiamondDetailsDto;
}

export class ReversePurchaseDto {
  @IsOptional() @IsUUID() id?: string;
  @IsString() @MinLength(1) @MaxLength(1000) reason: string;
}

export class CreateFeeRuleDto {
  @Matches(CODE) ruleCode: string;
  @Matches(CODE) fundCode: string;
  @IsIn(['percent', 'per_kg', 'fixed']) kind: 'percent' | 'per_kg' | 'fixed';
  /** For percent: basis points of the amount (250 = 2.5 %). */
  @IsOptional() @IsInt() @Min(0) @Max(10000) rateBp?: number;
  /** For per_kg (per kg of net mass) and fixed: minor units of `currency`. */
  @IsOptional() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) amountMinor?: number;
  @IsOptional() @Matches(CURRENCY) currency?: string;
  @Matches(ISO_DATE_PATTERN) validFrom: string;
  @IsOptional() @Matches(ISO_DATE_PATTERN) validTo?: string;
}

/** The ledger in sequence order: `limit` and the previous page's `nextCursor`. */
export class ListPurchasesDto extends PageQueryDto {}

export class ReceiptQueryDto {
  @IsOptional() @IsIn(['a4', '58mm']) format?: 'a4' | '58mm';
  @IsOptional() @IsIn(['fr', 'en']) lang?: 'fr' | 'en';
}
