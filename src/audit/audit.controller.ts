import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { type Page, PageOfView } from '../common/pagination.js';
import { AuditService } from './audit.service.js';
import { AuditEntryView } from './dto/audit-entry.view.js';
import { AuditQueryDto } from './dto/audit-query.dto.js';

@ApiTags('audit')
@Controller('cooperatives/:cooperativeId/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: 'The audit trail of this cooperative, newest first, filtered by entity, actor, action or time.' })
  @ApiOkResponse({ type: PageOfView(AuditEntryView) })
  list(@Auth() auth: TenantAuthContext, @Query() query: AuditQueryDto): Promise<Page<AuditEntryView>> {
    return this.audit.page(auth, query);
  }
}
