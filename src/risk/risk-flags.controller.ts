import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Auth, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { NoIdempotencyRecord } from '../common/idempotency/no-idempotency-record.decorator.js';
import { ANY_MEMBER_ROLE } from '../auth/roles.js';
import { CreateCorrectiveActionDto, CreateRiskFlagDto, FlagTransitionDto, ListRiskFlagsQuery, UpdateCorrectiveActionDto } from './dto/risk-flag.dto.js';
import { type CorrectiveActionView, type OverdueList, type RiskFlagDetail, type RiskFlagPage, RiskFlagsService } from './risk-flags.service.js';

@ApiTags('risk')
@ApiBearerAuth()
@Controller('cooperatives/:cooperativeId/risk-flags')
export class RiskFlagsController {
  constructor(private readonly flags: RiskFlagsService) {}

  /**
   * An anonymous report leaves no trace of its reporter: no idempotency row, no access-log
   * line. Its retry safety is the client's `id`: a resend answers 409 FLAG_EXISTS.
   */
  @Post()
  @Roles('admin', 'officer')
  @NoIdempotencyRecord((request) => (request.body as { anonymous?: unknown } | undefined)?.anonymous === true)
  create(@Auth() auth: TenantAuthContext, @Body() dto: CreateRiskFlagDto): Promise<RiskFlagDetail> {
    return this.flags.createManual(auth, dto);
  }

  @Get()
  @Roles(...ANY_MEMBER_ROLE)
  list(@Auth() auth: TenantAuthContext, @Query() query: ListRiskFlagsQuery): Promise<RiskFlagPage> {
    return this.flags.list(auth, query);
  }

  @Get('overdue')
  @Roles(...ANY_MEMBER_ROLE)
  overdue(@Auth() auth: TenantAuthContext): Promise<OverdueList> {
    return this.flags.overdue(auth);
  }

  @Get(':flagId')
  @Roles(...ANY_MEMBER_ROLE)
  get(@Auth() auth: TenantAuthContext, @Param('flagId', ParseUUIDPipe) flagId: string): Promise<RiskFlagDetail> {
    return this.flags.get(auth, flagId);
  }

  @Post(':flagId/transitions')
  @Roles('admin', 'officer')
  transition(@Auth() auth: TenantAuthContext, @Param('flagId', ParseUUIDPipe) flagId: string, @Body() dto: FlagTransitionDto): Promise<RiskFlagDetail> {
    return this.flags.transition(auth, flagId, dto);
  }

  @Post(':flagId/actions')
  @Roles('admin', 'officer')
  addAction(@Auth() auth: TenantAuthContext, @Param('flagId', ParseUUIDPipe) flagId: string, @Body() dto: CreateCorrectiveActionDto): Promise<CorrectiveActionView> {
    return this.flags.addAction(auth, flagId, dto);
  }

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
