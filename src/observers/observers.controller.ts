import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type AuthContext, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../auth/roles.js';
import { GrantObservationDto, GrantProvinceObservationDto, ObservedPeriodQueryDto, PublishBenefitStatementDto, RevokeObservationDto } from './dto/observer-grant.dto.js';
import { ObservedFundsView, ObservedIncidentStatisticsView, ObservedStandardAssessmentsView, ObservedReportView } from './dto/observation.view.js';
import { BenefitStatementSettingView, ObservedCooperativeView, ObserverGrantView } from './dto/observer-grant.view.js';
import { ObservationService } from './observation.service.js';
import { ObserverGrantsService } from './observer-grants.service.js';
import { PublicStatementService } from './public-statement.service.js';

@ApiTags('observers')
@Controller('cooperatives/:cooperativeId/observer-grants')
export class ObserverGrantsController {
  constructor(private readonly grants: ObserverGrantsService) {}

  @Post()
  @Roles('admin', 'operator')
  @ApiOperation({ summary: 'Grant an organisation read access to chosen aggregate views, from one date until another (or until revoked).' })
  @ApiCreatedResponse({ type: ObserverGrantView })
  grant(@Auth() auth: TenantAuthContext, @Body() dto: GrantObservationDto): Promise<ObserverGrantView> {
    return this.grants.grant(auth, dto);
  }

  @Get()
  @Roles(...ANY_MEMBER_ROLE, 'operator')
  @ApiOperation({ summary: 'Every grant of observation of the cooperative, with its status today.' })
  @ApiOkResponse({ type: [ObserverGrantView] })
  list(@Auth() auth: TenantAuthContext): Promise<ObserverGrantView[]> {
    return this.grants.list(auth);
  }

  @Post(':grantId/revoke')
  @HttpCode(200)
  @Roles('admin', 'operator')
  @ApiOperation({ summary: 'Revoke a grant of observation, saying why: the organisation loses the access at once.' })
  @ApiOkResponse({ type: ObserverGrantView })
  revoke(@Auth() auth: TenantAuthContext, @Param('grantId', ParseUUIDPipe) grantId: string, @Body() dto: RevokeObservationDto): Promise<ObserverGrantView> {
    return this.grants.revoke(auth, grantId, dto);
  }
}

@ApiTags('observers')
@Controller('observer-grants')
export class ProvinceObserverGrantsController {
  constructor(private readonly grants: ObserverGrantsService) {}

  @Post('by-province')
  @Roles('operator')
  @ApiOperation({ summary: 'Grant an organisation the same views in every cooperative of a province (one grant each, each cooperative’s to list and revoke).' })
  @ApiCreatedResponse({ type: [ObserverGrantView] })
  grantProvince(@Auth() auth: AuthContext, @Body() dto: GrantProvinceObservationDto): Promise<ObserverGrantView[]> {
    return this.grants.grantProvince(auth, dto);
  }
}

@ApiTags('observers')
@Controller('cooperatives/:cooperativeId/public-benefit-statement')
export class BenefitStatementSettingController {
  constructor(private readonly statements: PublicStatementService) {}

  @Get()
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'Whether the cooperative publishes its benefit-sharing statement.' })
  @ApiOkResponse({ type: BenefitStatementSettingView })
  get(@Auth() auth: TenantAuthContext): Promise<BenefitStatementSettingView> {
    return this.statements.setting(auth);
  }

  @Put()
  @Roles('admin')
  @ApiOperation({ summary: 'Publish (or withdraw) the benefit-sharing statement on its public URL.' })
  @ApiOkResponse({ type: BenefitStatementSettingView })
  publish(@Auth() auth: TenantAuthContext, @Body() dto: PublishBenefitStatementDto): Promise<BenefitStatementSettingView> {
    return this.statements.publish(auth, dto.published);
  }
}

@ApiTags('observers')
@Controller('observation/cooperatives')
export class ObservationController {
  constructor(private readonly observation: ObservationService) {}

  @Get()
  @Roles('authenticated')
  @ApiOperation({ summary: 'The cooperatives the calling observer may see now, with the views open to it.' })
  @ApiOkResponse({ type: [ObservedCooperativeView] })
  cooperatives(@Auth() auth: AuthContext): Promise<ObservedCooperativeView[]> {
    return this.observation.cooperatives(auth);
  }

  @Get(':cooperativeId/funds')
  @Roles('observer')
  @ApiOperation({ summary: 'Benefit-sharing funds: balances, the period’s statement and approved spending with purpose (view benefit_sharing_funds).' })
  @ApiOkResponse({ type: ObservedFundsView })
  funds(@Auth() auth: TenantAuthContext, @Query() query: ObservedPeriodQueryDto): Promise<ObservedFundsView> {
    return this.observation.funds(auth, query.period);
  }

  @Get(':cooperativeId/regulator-report')
  @Roles('observer')
  @ApiOperation({ summary: 'Aggregate figures of the latest regulator’s report of the period (view regulator_report).' })
  @ApiOkResponse({ type: ObservedReportView })
  regulatorReport(@Auth() auth: TenantAuthContext, @Query() query: ObservedPeriodQueryDto): Promise<ObservedReportView> {
    return this.observation.regulatorReport(auth, query.period);
  }

  @Get(':cooperativeId/incident-statistics')
  @Roles('observer')
  @ApiOperation({ summary: 'Counts of incidents raised in the period and of child-labour cases (view incident_statistics).' })
  @ApiOkResponse({ type: ObservedIncidentStatisticsView })
  incidentStatistics(@Auth() auth: TenantAuthContext, @Query() query: ObservedPeriodQueryDto): Promise<ObservedIncidentStatisticsView> {
    return this.observation.incidentStatistics(auth, query.period);
  }

  @Get(':cooperativeId/standard-assessments')
  @Roles('observer')
  @ApiOperation({ summary: 'Each site’s latest standard self-assessment of the period: score, level reached, open corrective actions (view standard_assessments).' })
  @ApiOkResponse({ type: ObservedStandardAssessmentsView })
  standardAssessments(@Auth() auth: TenantAuthContext, @Query() query: ObservedPeriodQueryDto): Promise<ObservedStandardAssessmentsView> {
    return this.observation.standardAssessments(auth, query.period);
  }
}
