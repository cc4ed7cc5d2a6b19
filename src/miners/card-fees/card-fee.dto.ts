import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ISO_DATE_PATTERN } from '../../common/calendar-date.js';
import { SUPPORTED_CURRENCIES } from '../../common/money.js';

export const FEE_PAYMENT_METHODS = ['cash', 'mobile_money'] as const;
export type FeePaymentMethod = (typeof FEE_PAYMENT_METHODS)[number];

export class RecordCardFeeDto {
  /** Optional client-chosen id, so an offline retry never records the fee twice. */
  @IsOptional() @IsUUID() id?: string;
  /** Minor units of `currency` (USD cents, CDF centimes). */
  @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) amountMinor: number;
  @IsIn(SUPPORTED_CURRENCIES) currency: string;
  /** Today when absent; never in the future. */
  @IsOptional() @Matches(ISO_DATE_PATTERN) paidOn?: string;
  /** Number printed on the paper receipt handed to the miner; unique in the cooperative. */
  @IsString() @MinLength(1) @MaxLength(60) receiptNumber: string;
  @IsIn(FEE_PAYMENT_METHODS) paymentMethod: FeePaymentMethod;
  /** The card the fee pays for, one of this miner's. */
  @IsOptional() @IsUUID() cardId?: string;
}

export class ListCardFeesDto {
  /** Fees paid on or after this date. */
  @IsOptional() @Matches(ISO_DATE_PATTERN) from?: string;
  /** Fees paid on or before this date. */
  @IsOptional() @Matches(ISO_DATE_PATTERN) to?: string;
}
