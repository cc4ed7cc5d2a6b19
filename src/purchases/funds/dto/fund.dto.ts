import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ISO_DATE_PATTERN } from '../../../common/calendar-date.js';

/** A fund is named by the code its fee rules credit. */
export const FUND_CODE = /^[A-Z][A-Z0-9_]{0,39}$/;

/**
 * A request to pay out of a fund. It waits (pending) until another admin approves or
 * rejects it; the approver is whoever takes that action, never named by the requester.
 */
export class RecordFundSpendingDto {
  /** Optional client-chosen id, so an offline retry never records the spending twice. */
  @IsOptional() @IsUUID() id?: string;
  @IsString() @MinLength(1) @MaxLength(500) purpose: string;
  /** Minor units of `currency`, more than zero. */
  @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) amountMinor: number;
  @Matches(/^[A-Z]{3}$/) currency: string;
  /** The day the money left the fund, in the cooperative's time zone; not in the future. */
  @Matches(ISO_DATE_PATTERN) spentOn: string;
}

/** Why an admin refuses a spending request: shown to the requester and kept with the decision. */
export class RejectFundSpendingDto {
  @IsString() @MinLength(1) @MaxLength(500) reason: string;
}
