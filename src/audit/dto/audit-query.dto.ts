import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';

/** Filters of the audit trail; pages newest first (`limit`, `cursor`). */
export class AuditQueryDto extends PageQueryDto {
  @IsOptional() @IsString() @MaxLength(60) entity?: string;
  @IsOptional() @IsString() @MaxLength(100) entityId?: string;
  @IsOptional() @IsUUID() actorUserId?: string;
  @IsOptional() @IsString() @MaxLength(60) action?: string;
  /** Entries at or after this instant (ISO 8601). */
  @IsOptional() @Type(() => Date) @IsDate() from?: Date;
  /** Entries before this instant (ISO 8601). */
  @IsOptional() @Type(() => Date) @IsDate() to?: Date;
}
