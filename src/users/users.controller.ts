import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type AuthContext, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { CreateSupervisorDto, CreateUserDto, SetJurisdictionsDto, UpdateUserDto } from '../cooperatives/dto/user.dto.js';
import { UsersService, type CooperativeUserView, type SupervisorView } from './users.service.js';
import { MembershipsService, type PasswordResetView } from './memberships.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('cooperatives/:cooperativeId/users')
export class CooperativeUsersController {
  constructor(
    private readonly users: UsersService,
    private readonly memberships: MembershipsService,
  ) {}

  @Post()
  @Roles('admin', 'operator')
  @ApiOperation({ summary: 'Create a person with a role here. A login that already exists is invited instead (POST …/invitations).' })
  add(@Auth() auth: TenantAuthContext, @Body() dto: CreateUserDto): Promise<CooperativeUserView> {
    return this.users.addToCooperative(auth, dto);
  }

  @Get()
  @Roles('admin', 'operator')
  list(@Auth() auth: TenantAuthContext): Promise<CooperativeUserView[]> {
    return this.users.list(auth);
  }

  @Patch(':userId')
  @Roles('admin', 'operator')
  update(@Auth() auth: TenantAuthContext, @Param('userId', ParseUUIDPipe) userId: string, @Body() dto: UpdateUserDto): Promise<CooperativeUserView> {
    return this.users.update(auth, userId, dto);
  }

  /** A PUT: the answer holds the code, and the idempotency store keeps POST answers. */
  @Put(':userId/password-reset')
  @Roles('admin', 'operator')
  @ApiOperation({ summary: 'Issue a one-time password-reset code (24 h, single use) for a member, replacing any earlier one; shown once.' })
  issuePasswordReset(@Auth() auth: TenantAuthContext, @Param('userId', ParseUUIDPipe) userId: string): Promise<PasswordResetView> {
    return this.memberships.issueReset(auth, userId);
  }
}

@ApiTags('supervisors')
@ApiBearerAuth()
@Controller('supervisors')
export class SupervisorsController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('operator')
  create(@Auth() auth: AuthContext, @Body() dto: CreateSupervisorDto): Promise<SupervisorView> {
    return this.users.createSupervisor(auth, dto);
  }

  @Get()
  @Roles('operator')
  list(@Auth() auth: AuthContext): Promise<SupervisorView[]> {
    return this.users.listSupervisors(auth);
  }

  @Put(':userId/jurisdictions')
  @Roles('operator')
  setJurisdictions(@Auth() auth: AuthContext, @Param('userId', ParseUUIDPipe) userId: string, @Body() dto: SetJurisdictionsDto): Promise<SupervisorView> {
    return this.users.setJurisdictions(auth, userId, dto.jurisdictions);
  }
}
