import { PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ISO_DATE_PATTERN } from '../../common/calendar-date.js';
import {
  ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min,
  MinLength, ValidateNested,
} from 'class-validator';

export const FREQUENCIES = ['weekly', 'fortnightly'] as const;
export const ATTENDANCE_STATUSES = ['present', 'late', 'absent_with_leave', 'absent', 'represented'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export class CreateGroupDto {
  @IsOptional() @IsUUID() id?: string;
  @IsString() @MinLength(1) @MaxLength(120) name: string;
  @IsString() @MinLength(1) @MaxLength(200) meetingPlace: string;
  @IsIn(FREQUENCIES) frequency: (typeof FREQUENCIES)[number];
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  @IsInt() @Min(1) @Max(7) meetingWeekday: number;
}

export class AddMemberDto {
  @IsOptional() @IsUUID() id?: string;
  /** A registered miner; the names are then copied from the registry. */
  @IsOptional() @IsUUID() minerId?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) firstName?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) lastName?: string;
  @IsOptional() @IsIn(['F', 'M']) sex?: 'F' | 'M';
  @IsOptional() @IsString() @MaxLength(30) phone?: string;
  @IsOptional() @Matches(ISO_DATE_PATTERN) joinedOn?: string;
}

export class SetTreasurersDto {
  @IsArray() @ArrayMaxSize(20) @ArrayUnique() @IsUUID('all', { each: true }) userIds: string[];
}

export class FineTypeDto {
  @IsString() @MinLength(1) @MaxLength(40) code: string;
  @IsInt() amountMinor: number;
}

export class CycleRulesDto {
  @IsString() currency: string;
  @IsInt() sharePriceMinor: number;
  @IsOptional() @IsInt() minSharesPerMeeting?: number;
  @IsOptional() @IsInt() maxSharesPerMeeting?: number;
  @IsInt() socialFundContributionMinor: number;
  @IsOptional() @IsBoolean() shareOutSocialFund?: boolean;
  @IsOptional() @IsInt() loanCapSavingsMultipleBp?: number;
  @IsOptional() @IsInt() maxLoanTermMonths?: number;
  @IsOptional() @IsInt() serviceChargeRateBpPerMonth?: number;
  @IsOptional() @IsIn(['flat', 'declining']) serviceChargeMethod?: 'flat' | 'declining';
  @IsOptional() @IsArray() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => FineTypeDto) fineTypes?: FineTypeDto[];
}

export class StartCycleDto {
  @IsOptional() @IsUUID() id?: string;
  @Matches(ISO_DATE_PATTERN) startsOn: string;
  @Matches(ISO_DATE_PATTERN) plannedEndOn: string;
  @ValidateNested() @Type(() => CycleRulesDto) rules: CycleRulesDto;
}

export class AttendanceDto {
  @IsUUID() memberId: string;
  @IsIn(ATTENDANCE_STATUSES) status: AttendanceStatus;
}

export class LoanDisbursementDto {
  @IsOptional() @IsUUID() id?: string;
  /** Numbers, not integers, at this layer: the rules refuse fractions with their own codes. */
  @IsNumber() principalMinor: number;
  @IsNumber() termMonths: number;
}

export class RepaymentDto {
  @IsUUID() loanId: string;
  @IsNumber() amountMinor: number;
}

export class FinePaidDto {
  @IsString() @MinLength(1) @MaxLength(40) code: string;
}

export class SocialGrantDto {
  @IsNumber() amountMinor: number;
  @IsString() @MinLength(1) @MaxLength(300) purpose: string;
}

/** Everything one member did at one meeting. */
export class MemberEntryDto {
  @IsUUID() memberId: string;
  @IsOptional() @IsNumber() shares?: number;
  @IsOptional() @IsNumber() sharesAmountMinor?: number;
  @IsOptional() @IsNumber() socialFundMinor?: number;
  @IsOptional() @ValidateNested() @Type(() => LoanDisbursementDto) loan?: LoanDisbursementDto;
  @IsOptional() @ValidateNested() @Type(() => RepaymentDto) repayment?: RepaymentDto;
  @IsOptional() @IsArray() @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => FinePaidDto) fines?: FinePaidDto[];
  @IsOptional() @ValidateNested() @Type(() => SocialGrantDto) socialGrant?: SocialGrantDto;
}

export class CashCountDto {
  @IsNumber() loanFundMinor: number;
  @IsNumber() socialFundMinor: number;
  /** Who counted (key-holders' names, as read aloud). */
  @IsString() @MinLength(1) @MaxLength(300) countedBy: string;
}

export class RecordMeetingDto {
  /** Client id of the meeting: a second batch with the same id adds to it while it is open. */
  @IsOptional() @IsUUID() id?: string;
  @Matches(ISO_DATE_PATTERN) heldOn: string;
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => AttendanceDto) attendance?: AttendanceDto[];
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => MemberEntryDto) entries?: MemberEntryDto[];
  @IsOptional() @ValidateNested() @Type(() => CashCountDto) cashCount?: CashCountDto;
}

export class CorrectionDto {
  @IsUUID() movementId: string;
  @IsString() @MinLength(1) @MaxLength(500) reason: string;
}

export class AsOfQueryDto {
  @IsOptional() @Matches(ISO_DATE_PATTERN) on?: string;
}

export class ConfirmShareOutDto {
  @Matches(ISO_DATE_PATTERN) on: string;
}

export class ElectCommitteeDto {
  @IsOptional() @IsUUID() id?: string;
  @Matches(ISO_DATE_PATTERN) electedOn: string;
  @IsUUID() president: string;
  @IsUUID() secretary: string;
  @IsUUID() treasurer: string;
  /** The two money counters. */
  @IsArray() @ArrayMaxSize(2) @IsUUID('all', { each: true }) counters: string[];
  /** The three holders of the box's padlock keys; none may sit on the committee. */
  @IsArray() @ArrayMaxSize(3) @IsUUID('all', { each: true }) keyHolders: string[];
  @IsUUID() boxKeeper: string;
}

/** Any cycle rule; those left out stay as they are. Share price and currency cannot change. */
export class RuleChangesDto extends PartialType(CycleRulesDto) {}

export class AmendRulesDto {
  @IsOptional() @IsUUID() id?: string;
  /** The meeting at which the group voted: the amendment applies from the next meeting on. */
  @IsUUID() meetingId: string;
  @IsInt() @Min(0) votesFor: number;
  @IsInt() @Min(0) votesAgainst: number;
  @IsOptional() @IsInt() @Min(0) votesAbstaining?: number;
  @IsString() @MinLength(1) @MaxLength(500) reason: string;
  @ValidateNested() @Type(() => RuleChangesDto) changes: RuleChangesDto;
}

export class WriteOffDto {
  /** The meeting at which the group decided the write-off; its date is the write-off's. */
  @IsUUID() meetingId: string;
  @IsString() @MinLength(1) @MaxLength(500) reason: string;
  /** The decision's reference in the minutes, if the group numbers them. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) decisionRef?: string;
}

export class MemberExitDto {
  @Matches(ISO_DATE_PATTERN) on: string;
  @IsString() @MinLength(1) @MaxLength(500) reason: string;
}

export const REPAYMENT_PLANS = ['equal-instalments', 'at-term-end'] as const;

export class LoanQueryDto extends AsOfQueryDto {
  @IsOptional() @IsIn(REPAYMENT_PLANS) plan?: (typeof REPAYMENT_PLANS)[number];
}
