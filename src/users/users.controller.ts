import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type AuthContext, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { NoIdempotencyRecord } from '../common/idempotency/no-idempotency-record.decorator.js';
import { CreateSupervisorDto, CreateUserDto, SetJurisdictionsDto, UpdateUserDto } from '../cooperatives/dto/user.dto.js';
import { CooperativeUserView } from './dto/cooperative-user.view.js';
import { PasswordResetView } from './dto/invitation.view.js';
import { SupervisorView } from './dto/supervisor.view.js';
import { UsersService } from './users.service.js';
import { MembershipsService } from './memberships.service.js';

@ApiTags('users')
@Controller('cooperatives/:cooperativeId/users')
export class CooperativeUsersController {
  constructor(
    private readonly users: UsersService,
    private readonly memberships: MembershipsService,
  ) {}

  @Post()
  @Roles('admin', 'operator')
  @ApiOperation({ summary: 'Create a person with a role here. A login that already exists is invited instead (POST …/invitations).' })
  @ApiCreatedResponse({ type: CooperativeUserView })
  add(@Auth() auth: TenantAuthContext, @Body() dto: CreateUserDto): Promise<CooperativeUserView> {
    return this.users.addToCooperative(auth, dto);
  }

  @Get()
  @Roles('admin', 'operator')
  @ApiOperation({ summary: 'Everyone holding a role in this cooperative, by name.' })
  @ApiOkResponse({ type: [CooperativeUserView] })
  list(@Auth() auth: TenantAuthContext): Promise<CooperativeUserView[]> {
    return this.users.list(auth);
  }

  @Patch(':userId')
  @Roles('admin', 'operator')
  @ApiOperation({ summary: 'Change a person\'s roles or name here, or disable them here (every role removed, every session ended).' })
  @ApiOkResponse({ type: CooperativeUserView })
  update(@Auth() auth: TenantAuthContext, @Param('userId', ParseUUIDPipe) userId: string, @Body() dto: UpdateUserDto): Promise<CooperativeUserView> {
    return this.users.update(auth, userId, dto);
  }

  /** The answer holds the code: the idempotency store must never keep it. */
  @Put(':userId/password-reset')
  @NoIdempotencyRecord()
  @Roles('admin', 'operator')
  @ApiOperation({ summary: 'Issue a one-time password-reset code (24 h, single use) for a member, replacing any earlier one; shown once.' })
  @ApiOkResponse({ type: PasswordResetView })
  issuePasswordReset(@Auth() auth: TenantAuthContext, @Param('userId', ParseUUIDPipe) userId: string): Promise<PasswordResetView> {
    return this.memberships.issueReset(auth, userId);
  }
}

@ApiTags('supervisors')
@Controller('supervisors')
export class SupervisorsController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('operator')
  @ApiOperation({ summary: 'Create a supervisor who reads every cooperative of the provinces given, and writes none.' })
  @ApiCreatedResponse({ type: SupervisorView })
  create(@Auth() auth: AuthContext, @Body() dto: CreateSupervisorDto): Promise<SupervisorView> {
    return this.users.createSupervisor(auth, dto);
  }

  @Get()
  @Roles('operator')
  @ApiOperation({ summary: 'Every supervisor with their jurisdictions.' })
  @ApiOkResponse({ type: [SupervisorView] })
  list(@Auth() auth: AuthContext): Promise<SupervisorView[]> {
    return this.users.listSupervisors(auth);
  }

  @Put(':userId/jurisdictions')
  @Roles('operator')
  @ApiOperation({ summary: 'Replace the provinces a supervisor reads.' })
  @ApiOkResponse({ type: SupervisorView })
  setJurisdictions(@Auth() auth: AuthContext, @Param('userId', ParseUUIDPipe) userId: string, @Body() dto: SetJurisdictionsDto): Promise<SupervisorView> {
    return this.users.setJurisdictions(auth, userId, dto.jurisdictions);
  }
}
