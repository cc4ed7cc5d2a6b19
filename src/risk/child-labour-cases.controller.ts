import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Auth, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../auth/roles.js';
import type { CasePartner } from './child-labour-case.entity.js';
import { type CaseView, ChildLabourCasesService } from './child-labour-cases.service.js';
import { CreateCasePartnerDto, OpenCaseDto, RecordVisitDto, UpdateCaseDto } from './dto/child-labour-case.dto.js';

@ApiTags('risk')
@ApiBearerAuth()
@Controller('cooperatives/:cooperativeId/child-labour-cases')
export class ChildLabourCasesController {
  constructor(private readonly cases: ChildLabourCasesService) {}

  @Post()
  @Roles('admin', 'officer')
  open(@Auth() auth: TenantAuthContext, @Body() dto: OpenCaseDto): Promise<CaseView> {
    return this.cases.open(auth, dto);
  }

  @Get()
  @Roles(...ANY_MEMBER_ROLE)
  list(@Auth() auth: TenantAuthContext): Promise<CaseView[]> {
    return this.cases.list(auth);
  }

  @Get(':caseId')
  @Roles(...ANY_MEMBER_ROLE)
  get(@Auth() auth: TenantAuthContext, @Param('caseId', ParseUUIDPipe) caseId: string): Promise<CaseView> {
    return this.cases.get(auth, caseId);
  }

  @Patch(':caseId')
  @Roles('admin', 'officer')
  update(@Auth() auth: TenantAuthContext, @Param('caseId', ParseUUIDPipe) caseId: string, @Body() dto: UpdateCaseDto): Promise<CaseView> {
    return this.cases.update(auth, caseId, dto);
  }

  @Post(':caseId/visits')
  @Roles('admin', 'officer')
  recordVisit(@Auth() auth: TenantAuthContext, @Param('caseId', ParseUUIDPipe) caseId: string, @Body() dto: RecordVisitDto): Promise<CaseView> {
    return this.cases.recordVisit(auth, caseId, dto);
  }
}

@ApiTags('risk')
@ApiBearerAuth()
@Controller('cooperatives/:cooperativeId/case-partners')
export class CasePartnersController {
  constructor(private readonly cases: ChildLabourCasesService) {}

  @Post()
  @Roles('admin', 'officer')
  create(@Auth() auth: TenantAuthContext, @Body() dto: CreateCasePartnerDto): Promise<CasePartner> {
    return this.cases.createPartner(auth, dto);
  }

  @Get()
  @Roles(...ANY_MEMBER_ROLE)
  list(@Auth() auth: TenantAuthContext): Promise<CasePartner[]> {
    return this.cases.listPartners(auth);
  }
}
