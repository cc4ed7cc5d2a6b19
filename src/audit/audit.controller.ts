import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { Auth, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { Db } from '../database/db.service.js';
import { AuditService } from './audit.service.js';

export class AuditQueryDto {
  @IsOptional() @IsString() @MaxLength(60) entity?: string;
  @IsOptional() @IsString() @MaxLength(100) entityId?: string;
  @IsOptional() @IsUUID() actorUserId?: string;
  @IsOptional() @IsString() @MaxLength(60) action?: string;
  @IsOptional() @Type(() => Date) @IsDate() from?: Date;
  @IsOptional() @Type(() => Date) @IsDate() to?: Date;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  /** The `nextCursor` of the previous page. */
  @IsOptional() @Matches(/^\d{1,19}$/) cursor?: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('cooperatives/:cooperativeId/audit')
export class AuditController {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @Roles('admin', 'auditor')
  async list(@Auth() auth: TenantAuthContext, @Query() query: AuditQueryDto): Promise<{ items: unknown[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const items = await this.db.inScope(auth.scope, (tx) =>
      this.audit.list(tx, auth.cooperativeId, { ...query, limit: limit + 1, beforeId: query.cursor }),
    );
    const page = items.slice(0, limit);
    return { items: page, nextCursor: items.length > limit ? page[page.length - 1].id : null };
  }
}
