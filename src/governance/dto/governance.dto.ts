import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ISO_DATE_PATTERN } from '../../common/calendar-date.js';
import type { AssemblyKind, DecisionKind, QuorumOverrides, TieBreakRule } from '../rules/index.js';

export const ASSEMBLY_KINDS = ['constitutive', 'ordinary', 'extraordinary'] as const;
export const DECISION_KINDS = ['ordinary', 'bylaw_amendment', 'dissolution', 'merger'] as const;
export const TIE_BREAK_RULES = ['seniority', 'second_round', 'age', 'lot'] as const;

export class AgendaItemDto {
  @IsString() @MinLength(1) @MaxLength(500) title: string;
  @IsIn(DECISION_KINDS) decisionKind: DecisionKind;
}

export class ConveneAssemblyDto {
  @IsOptional() @IsUUID() id?: string;
  @IsIn(ASSEMBLY_KINDS) kind: AssemblyKind;
  @Matches(ISO_DATE_PATTERN) heldOn: string;
  @IsString() @MinLength(1) @MaxLength(300) place: string;
  @IsIn([1, 2]) callNumber: 1 | 2;
  /** Required for a second call: the assembly that did not reach its quorum. */
  @IsOptional() @IsUUID() firstCallAssemblyId?: string;
  /** The day the notices went out. */
  @Matches(ISO_DATE_PATTERN) noticeOn: string;
  /** The members' demand this assembly answers (a valid one, answered once). */
  @IsOptional() @IsUUID() demandId?: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => AgendaItemDto) agenda: AgendaItemDto[];
}

export class AttendanceEntryDto {
  @IsUUID() memberId: string;
  @IsIn(['present', 'represented']) mode: 'present' | 'represented';
  @IsOptional() @IsUUID() proxyHolderId?: string;
}

export class AssemblyAttendanceDto {
  @IsArray() @ArrayMaxSize(100_000) @ValidateNested({ each: true }) @Type(() => AttendanceEntryDto) entries: AttendanceEntryDto[];
}

export class RecordResolutionDto {
  @IsOptional() @IsUUID() id?: string;
  @IsUUID() agendaItemId: string;
  @IsInt() @Min(0) for: number;
  @IsInt() @Min(0) against: number;
  @IsInt() @Min(0) abstain: number;
}

export class ElectionPositionDto {
  @IsString() @MinLength(1) @MaxLength(200) title: string;
  @IsInt() @Min(1) @Max(50) seats: number;
  @IsInt() @Min(1) @Max(120) termMonths: number;
}

export class CreateElectionDto {
  @IsOptional() @IsUUID() id?: string;
  @IsString() @MinLength(1) @MaxLength(300) title: string;
  /**
   * True (the default) when the positions together form the governing body (SCOOPS
   * committee, COOP_CA board), whose total seats the Act bounds; false for other bodies.
   */
  @IsOptional() @IsBoolean() governingBody?: boolean;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ElectionPositionDto) positions: ElectionPositionDto[];
}

export class CandidacyDto {
  @IsOptional() @IsUUID() id?: string;
  @IsUUID() positionId: string;
  @IsUUID() memberId: string;
}

export class BallotPositionChoiceDto {
  @IsUUID() positionId: string;
  @IsArray() @ArrayMaxSize(50) @IsUUID('all', { each: true }) memberIds: string[];
}

export class CastBallotDto {
  @IsUUID() voterMemberId: string;
  @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => BallotPositionChoiceDto) choices: BallotPositionChoiceDto[];
}

export class BylawSettingsDto {
  @IsOptional() @IsInt() @Min(0) @Max(365) noticeDays?: number;
  @IsOptional() @IsBoolean() proxiesAllowed?: boolean;
  @IsOptional() @IsInt() @Min(1) @Max(100) maxProxiesPerHolder?: number;
  /** Months of membership a candidate needs on the election date. */
  @IsOptional() @IsInt() @Min(0) @Max(240) candidateMinMembershipMonths?: number;
  @IsOptional() @IsIn(TIE_BREAK_RULES) electionTieBreak?: TieBreakRule;
  /** { ordinary?: { firstCall?: {num, den}, secondCall?: {num, den} }, ... }, checked by the quorum rules. */
  @IsOptional() @IsObject() quorum?: QuorumOverrides;
}

export class CreateBylawVersionDto {
  @IsOptional() @IsUUID() id?: string;
  @IsString() @MinLength(1) @MaxLength(200_000) text: string;
  @ValidateNested() @Type(() => BylawSettingsDto) settings: BylawSettingsDto;
  /** The adopted bylaw-amendment resolution; only the first version may go without. */
  @IsOptional() @IsUUID() resolutionId?: string;
  /** For the first version only: the day the founders adopted the bylaws. */
  @IsOptional() @Matches(ISO_DATE_PATTERN) adoptedOn?: string;
}

export class DeclareBylawDto {
  @Matches(ISO_DATE_PATTERN) declaredOn: string;
}

export class MinutesQueryDto {
  @IsOptional() @IsIn(['fr', 'en']) lang?: 'fr' | 'en';
}

export class AssemblyDemandDto {
  @IsOptional() @IsUUID() id?: string;
  /** The day the demand reached the board. */
  @Matches(ISO_DATE_PATTERN) receivedOn: string;
  @IsIn(['ordinary', 'extraordinary']) kind: 'ordinary' | 'extraordinary';
  @IsString() @MinLength(1) @MaxLength(2000) purpose: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => AgendaItemDto) agenda: AgendaItemDto[];
  /** The members who signed, by miner id. */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100_000) @IsUUID('all', { each: true }) signatories: string[];
}

export class LotDrawDto {
  @IsUUID() positionId: string;
  /** A public seed read out at the assembly: candidates are ordered by SHA-256(seed, position, member). */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) seed?: string;
  /** Or the order in which the names were drawn by hand, first drawn first. */
  @IsOptional() @IsArray() @ArrayMinSize(2) @ArrayMaxSize(50) @IsUUID('all', { each: true }) order?: string[];
}

export class SecondRoundDto {
  @IsOptional() @IsUUID() id?: string;
}
