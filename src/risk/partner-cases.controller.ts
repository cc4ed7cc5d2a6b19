import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type AuthContext, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { RecordVisitDto } from './dto/child-labour-case.dto.js';
import { CasePartnerView, ChildLabourCaseView } from './dto/child-labour-case.view.js';
import { LinkPartnerOrganisationDto, UpdatePlanItemProgressDto } from './dto/partner-case.dto.js';
import { PartneredCooperativeView } from './dto/partner-case.view.js';
import { PartnerCasesService } from './partner-cases.service.js';

/** A child-protection partner's social workers, on the cases referred to their organisation only. */
@ApiTags('partners')
@Controller('cooperatives/:cooperativeId/partner-cases')
export class PartnerCasesController {
  constructor(private readonly cases: PartnerCasesService) {}

  @Get()
  @Roles('partner')
  @ApiOperation({ summary: 'The cases of this cooperative referred to the caller’s organisation.' })
  @ApiOkResponse({ type: [ChildLabourCaseView] })
  list(@Auth() auth: TenantAuthContext): Promise<ChildLabourCaseView[]> {
    return this.cases.list(auth);
  }

  @Get(':caseId')
  @Roles('partner')
  @ApiOperation({ summary: 'One case referred to the caller’s organisation.' })
  @ApiOkResponse({ type: ChildLabourCaseView })
  get(@Auth() auth: TenantAuthContext, @Param('caseId', ParseUUIDPipe) caseId: string): Promise<ChildLabourCaseView> {
    return this.cases.get(auth, caseId);
  }

  @Post(':caseId/visits')
  @Roles('partner')
  @ApiOperation({ summary: 'Records a follow-up visit to the child of a referred case.' })
  @ApiCreatedResponse({ type: ChildLabourCaseView })
  recordVisit(@Auth() auth: TenantAuthContext, @Param('caseId', ParseUUIDPipe) caseId: string, @Body() dto: RecordVisitDto): Promise<ChildLabourCaseView> {
    return this.cases.recordVisit(auth, caseId, dto);
  }

  @Patch(':caseId/plan-items/:itemId')
  @Roles('partner')
  @ApiOperation({ summary: 'Records the progress of one item of a referred case’s remediation plan.' })
  @ApiOkResponse({ type: ChildLabourCaseView })
  updatePlanItem(
    @Auth() auth: TenantAuthContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() dto: UpdatePlanItemProgressDto,
  ): Promise<ChildLabourCaseView> {
    return this.cases.updatePlanItem(auth, caseId, itemId, dto);
  }
}

@ApiTags('risk')
@Controller('cooperatives/:cooperativeId/case-partners')
export class CasePartnerOrganisationController {
  constructor(private readonly cases: PartnerCasesService) {}

  @Put(':partnerId/organisation')
  @Roles('admin')
  @ApiOperation({ summary: 'Ties a case partner to a child-protection partner organisation, whose social workers then see the cases referred to it.' })
  @ApiOkResponse({ type: CasePartnerView })
  link(@Auth() auth: TenantAuthContext, @Param('partnerId', ParseUUIDPipe) partnerId: string, @Body() dto: LinkPartnerOrganisationDto): Promise<CasePartnerView> {
    return this.cases.linkOrganisation(auth, partnerId, dto);
  }
}

@ApiTags('partners')
@Controller('partner/cooperatives')
export class PartneredCooperativesController {
  constructor(private readonly cases: PartnerCasesService) {}

  @Get()
  @Roles('authenticated')
  @ApiOperation({ summary: 'The cooperatives that refer cases to the calling partner’s organisation.' })
  @ApiOkResponse({ type: [PartneredCooperativeView] })
  list(@Auth() auth: AuthContext): Promise<PartneredCooperativeView[]> {
    return this.cases.cooperatives(auth);
  }
}
