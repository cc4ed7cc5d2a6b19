import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../auth/roles.js';
import { ChildLabourCasesService } from './child-labour-cases.service.js';
import { CasePartnerView, ChildLabourCaseView } from './dto/child-labour-case.view.js';
import { CreateCasePartnerDto, OpenCaseDto, RecordVisitDto, UpdateCaseDto } from './dto/child-labour-case.dto.js';

@ApiTags('risk')
@Controller('cooperatives/:cooperativeId/child-labour-cases')
export class ChildLabourCasesController {
  constructor(private readonly cases: ChildLabourCasesService) {}

  @ApiOperation({ summary: 'Opens a child-labour case from a worst-forms flag.' })
  @ApiCreatedResponse({ type: ChildLabourCaseView })
  @Post()
  @Roles('admin', 'officer')
  open(@Auth() auth: TenantAuthContext, @Body() dto: OpenCaseDto): Promise<ChildLabourCaseView> {
    return this.cases.open(auth, dto);
  }

  @ApiOperation({ summary: 'Lists the cooperative’s child-labour cases as the caller may see them.' })
  @ApiOkResponse({ type: [ChildLabourCaseView] })
  @Get()
  @Roles(...ANY_MEMBER_ROLE)
  list(@Auth() auth: TenantAuthContext): Promise<ChildLabourCaseView[]> {
    return this.cases.list(auth);
  }

  @ApiOperation({ summary: 'Shows one child-labour case as the caller may see it.' })
  @ApiOkResponse({ type: ChildLabourCaseView })
  @Get(':caseId')
  @Roles(...ANY_MEMBER_ROLE)
  get(@Auth() auth: TenantAuthContext, @Param('caseId', ParseUUIDPipe) caseId: string): Promise<ChildLabourCaseView> {
    return this.cases.get(auth, caseId);
  }

  @ApiOperation({ summary: 'Updates a case: a state move, the referral, the plan or the officers.' })
  @ApiOkResponse({ type: ChildLabourCaseView })
  @Patch(':caseId')
  @Roles('admin', 'officer')
  update(@Auth() auth: TenantAuthContext, @Param('caseId', ParseUUIDPipe) caseId: string, @Body() dto: UpdateCaseDto): Promise<ChildLabourCaseView> {
    return this.cases.update(auth, caseId, dto);
  }

  @ApiOperation({ summary: 'Records a follow-up visit to the child.' })
  @ApiCreatedResponse({ type: ChildLabourCaseView })
  @Post(':caseId/visits')
  @Roles('admin', 'officer')
  recordVisit(@Auth() auth: TenantAuthContext, @Param('caseId', ParseUUIDPipe) caseId: string, @Body() dto: RecordVisitDto): Promise<ChildLabourCaseView> {
    return this.cases.recordVisit(auth, caseId, dto);
  }
}

@ApiTags('risk')
@Controller('cooperatives/:cooperativeId/case-partners')
export class CasePartnersController {
  constructor(private readonly cases: ChildLabourCasesService) {}

  @ApiOperation({ summary: 'Adds an organisation children are referred to.' })
  @ApiCreatedResponse({ type: CasePartnerView })
  @Post()
  @Roles('admin', 'officer')
  create(@Auth() auth: TenantAuthContext, @Body() dto: CreateCasePartnerDto): Promise<CasePartnerView> {
    return this.cases.createPartner(auth, dto);
  }

  @ApiOperation({ summary: 'Lists the cooperative’s case partners.' })
  @ApiOkResponse({ type: [CasePartnerView] })
  @Get()
  @Roles(...ANY_MEMBER_ROLE)
  list(@Auth() auth: TenantAuthContext): Promise<CasePartnerView[]> {
    return this.cases.listPartners(auth);
  }
}
