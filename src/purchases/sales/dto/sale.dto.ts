import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ISO_DATE_PATTERN } from '../../../common/calendar-date.js';
import { PageQueryDto } from '../../../common/pagination.js';
import { ExchangeRateDto, MassDto, PRICE_BASES } from '../../dto/purchase.dto.js';
import { type PriceBasis } from '../../rules/amount.js';
import { MASS_UNITS, type MassUnit } from '../../rules/units.js';

export const BUYER_TYPES = ['comptoir', 'processor', 'egc', 'other'] as const;
export type BuyerType = (typeof BUYER_TYPES)[number];

const DECIMAL = /^\d+(\.\d+)?$/;
const CURRENCY = /^[A-Z]{3}$/;
/** A sale of more bags than this is split: one request stays one short transaction. */
export const MAX_LOTS_PER_SALE = 500;
export const MAX_PARCELS_PER_SALE = 100;

export class CreateBuyerDto {
  @IsOptional() @IsUUID() id?: string;
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsString() @MinLength(1) @MaxLength(100) licenceNumber: string;
  /** comptoir, processor (entité de traitement), egc (Entreprise Générale du Cobalt) or other. */
  @IsIn(BUYER_TYPES) type: BuyerType;
}

export class RecordSaleDto {
  /** Optional client-chosen id, so an offline retry never records the sale twice. */
  @IsOptional() @IsUUID() id?: string;
  @IsUUID() buyerId: string;
  /** The day of the sale in the cooperative's time zone; today when absent. */
  @IsOptional() @Matches(ISO_DATE_PATTERN) soldOn?: string;
  /** Lots named by purchase id… */
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_LOTS_PER_SALE) @IsUUID('all', { each: true }) purchaseIds?: string[];
  /** …or by bag tag, or both. */
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_LOTS_PER_SALE) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(80, { each: true }) tagIds?: string[];
  /** …or diamond parcels, whose lots are all their unreversed purchases (never with lots named one by one). */
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_PARCELS_PER_SALE) @IsUUID('all', { each: true }) parcelIds?: string[];
  /** What the buyer pays, in minor units of `currency`, as agreed with the buyer. */
  @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) amountMinor: number;
  @Matches(CURRENCY) currency: string;
  /** The buyer's unit price, recorded as stated (minor units per `priceUnit`), with its basis. */
  @IsOptional() @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) unitPriceMinor?: number;
  @IsOptional() @IsIn(MASS_UNITS) priceUnit?: MassUnit;
  @IsOptional() @IsIn(PRICE_BASES) priceBasis?: PriceBasis;
  /** Required when the currency is not the cooperative's reporting currency. */
  @IsOptional() @ValidateNested() @Type(() => ExchangeRateDto) exchangeRate?: ExchangeRateDto;
  /** The buyer's contract or invoice number. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) reference?: string;
}

export class RecordBuyerMeasurementDto {
  @IsOptional() @IsUUID() id?: string;
  /** The day the buyer weighed and assayed; today when absent. */
  @IsOptional() @Matches(ISO_DATE_PATTERN) measuredOn?: string;
  /** The buyer's net mass, on the same (wet) basis as our net mass. */
  @ValidateNested() @Type(() => MassDto) netMass: MassDto;
  @IsOptional() @Matches(DECIMAL) gradePercent?: string;
  @IsOptional() @Matches(DECIMAL) moisturePercent?: string;
  /** The buyer's weighing ticket or assay certificate number. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) reference?: string;
  /** Required when the sale already has a measurement: the new one corrects it. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(1000) reason?: string;
}

/** Sales newest first, filtered by day and buyer; `limit` and the previous page's `nextCursor`. */
export class ListSalesDto extends PageQueryDto {
  @IsOptional() @Matches(ISO_DATE_PATTERN) from?: string;
  @IsOptional() @Matches(ISO_DATE_PATTERN) to?: string;
  @IsOptional() @IsUUID() buyerId?: string;
}

export class StockQueryDto {
  /** The stock at the end of that day in the cooperative's time zone; today when absent. */
  @IsOptional() @Matches(ISO_DATE_PATTERN) on?: string;
}

export class UpdateReconciliationSettingsDto {
  /** Largest accepted mass difference, in basis points of our mass (200 = 2 %). */
  @IsInt() @Min(0) @Max(10000) massToleranceBp: number;
  /** Largest accepted grade difference, in absolute basis points (50 = 0.5 grade points). */
  @IsInt() @Min(0) @Max(10000) gradeToleranceBp: number;
}
