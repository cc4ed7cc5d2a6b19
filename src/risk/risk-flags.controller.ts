import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { NoIdempotencyRecord } from '../common/idempotency/no-idempotency-record.decorator.js';
import { ANY_MEMBER_ROLE } from '../auth/roles.js';
import { CreateCorrectiveActionDto, CreateRiskFlagDto, FlagTransitionDto, ListRiskFlagsQuery, UpdateCorrectiveActionDto } from './dto/risk-flag.dto.js';
import { type Page, PageOfView } from '../common/pagination.js';
import { CorrectiveActionView, RiskFlagDetailView, RiskFlagView, RiskOverdueView } from './dto/risk-flag.view.js';
import { RiskFlagsService } from './risk-flags.service.js';

@ApiTags('risk')
@Controller('cooperatives/:cooperativeId/risk-flags')
export class RiskFlagsController {
  constructor(private readonly flags: RiskFlagsService) {}

  /**
   * An anonymous report leaves no trace of its reporter: no idempotency row, no access-log
   * line. Its retry safety is the client's `id`: a resend answers 409 FLAG_EXISTS.
   */
  @ApiOperation({ summary: 'Files a risk flag by hand, anonymously if asked.' })
  @ApiCreatedResponse({ type: RiskFlagDetailView })
  @Post()
  @Roles('admin', 'officer')
  @NoIdempotencyRecord((request) => (request.body as { anonymous?: unknown } | undefined)?.anonymous === true)
  create(@Auth() auth: TenantAuthContext, @Body() dto: CreateRiskFlagDto): Promise<RiskFlagDetailView> {
    return this.flags.createManual(auth, dto);
  }

  @ApiOperation({ summary: 'Lists the cooperative’s risk flags, newest first, a page at a time.' })
  @ApiOkResponse({ type: PageOfView(RiskFlagView) })
  @Get()
  @Roles(...ANY_MEMBER_ROLE)
  list(@Auth() auth: TenantAuthContext, @Query() query: ListRiskFlagsQuery): Promise<Page<RiskFlagView>> {
    return this.flags.list(auth, query);
  }

  @ApiOperation({ summary: 'Lists the overdue flags and corrective actions.' })
  @ApiOkResponse({ type: RiskOverdueView })
  @Get('overdue')
  @Roles(...ANY_MEMBER_ROLE)
  overdue(@Auth() auth: TenantAuthContext): Promise<RiskOverdueView> {
    return this.flags.overdue(auth);
  }

  @ApiOperation({ summary: 'Shows one risk flag with its corrective actions and transitions.' })
  @ApiOkResponse({ type: RiskFlagDetailView })
  @Get(':flagId')
  @Roles(...ANY_MEMBER_ROLE)
  get(@Auth() auth: TenantAuthContext, @Param('flagId', ParseUUIDPipe) flagId: string): Promise<RiskFlagDetailView> {
    return this.flags.get(auth, flagId);
  }

  @ApiOperation({ summary: 'Moves a risk flag to another state.' })
  @ApiCreatedResponse({ type: RiskFlagDetailView })
  @Post(':flagId/transitions')
  @Roles('admin', 'officer')
  transition(@Auth() auth: TenantAuthContext, @Param('flagId', ParseUUIDPipe) flagId: string, @Body() dto: FlagTransitionDto): Promise<RiskFlagDetailView> {
    return this.flags.transition(auth, flagId, dto);
  }

  @ApiOperation({ summary: 'Adds a corrective action to an active flag.' })
  @ApiCreatedResponse({ type: CorrectiveActionView })
  @Post(':flagId/actions')
  @Roles('admin', 'officer')
  addAction(@Auth() auth: TenantAuthContext, @Param('flagId', ParseUUIDPipe) flagId: string, @Body() dto: CreateCorrectiveActionDto): Promise<CorrectiveActionView> {
    return this.flags.addAction(auth, flagId, dto);
  }

  @ApiOperation({ summary: 'Marks a corrective action done or cancelled.' })
  @ApiOkResponse({ type: CorrectiveActionView })
  @Patch(':flagId/actions/:actionId')
  @Roles('admin', 'officer')
  updateAction(
    @Auth() auth: TenantAuthContext,
    @Param('flagId', ParseUUIDPipe) flagId: string,
    @Param('actionId', ParseUUIDPipe) actionId: string,
    @Body() dto: UpdateCorrectiveActionDto,
  ): Promise<CorrectiveActionView> {
    return this.flags.updateAction(auth, flagId, actionId, dto);
  }
}
