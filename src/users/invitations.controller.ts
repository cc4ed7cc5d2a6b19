import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type AuthContext, type TenantAuthContext } from '../auth/auth-context.js';
import { InviteDto } from '../auth/dto/account.dto.js';
import { Roles } from '../auth/roles.decorator.js';
import { InvitationAnswerView, InvitationView, MyInvitationView } from './dto/invitation.view.js';
import { MembershipsService } from './memberships.service.js';

@ApiTags('users')
@Controller('cooperatives/:cooperativeId/invitations')
export class CooperativeInvitationsController {
  constructor(private readonly memberships: MembershipsService) {}

  @Post()
  @Roles('admin', 'operator')
  @ApiOperation({ summary: 'Invite an existing login to hold a role here; the role is granted when the person accepts (14 days).' })
  @ApiCreatedResponse({ type: InvitationView })
  invite(@Auth() auth: TenantAuthContext, @Body() dto: InviteDto): Promise<InvitationView> {
    return this.memberships.invite(auth, dto);
  }

  @Get()
  @Roles('admin', 'operator')
  @ApiOperation({ summary: 'The invitations of this cooperative still waiting for an answer.' })
  @ApiOkResponse({ type: [InvitationView] })
  list(@Auth() auth: TenantAuthContext): Promise<InvitationView[]> {
    return this.memberships.listForCooperative(auth);
  }

  @Delete(':invitationId')
  @Roles('admin', 'operator')
  @HttpCode(204)
  @ApiOperation({ summary: 'Withdraw an invitation not yet answered.' })
  @ApiNoContentResponse()
  async cancel(@Auth() auth: TenantAuthContext, @Param('invitationId', ParseUUIDPipe) invitationId: string): Promise<void> {
    await this.memberships.cancel(auth, invitationId);
  }
}

@ApiTags('auth')
@Controller('auth/invitations')
export class MyInvitationsController {
  constructor(private readonly memberships: MembershipsService) {}

  @Get()
  @Roles('authenticated')
  @ApiOperation({ summary: 'Invitations waiting for the caller\'s answer.' })
  @ApiOkResponse({ type: [MyInvitationView] })
  list(@Auth() auth: AuthContext): Promise<MyInvitationView[]> {
    return this.memberships.listMine(auth);
  }

  @Post(':invitationId/accept')
  @Roles('authenticated')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept an invitation: the role in its cooperative is granted to the caller.' })
  @ApiOkResponse({ type: InvitationAnswerView })
  accept(@Auth() auth: AuthContext, @Param('invitationId', ParseUUIDPipe) invitationId: string): Promise<InvitationAnswerView> {
    return this.memberships.answer(auth, invitationId, 'accepted');
  }

  @Post(':invitationId/decline')
  @Roles('authenticated')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decline an invitation.' })
  @ApiOkResponse({ type: InvitationAnswerView })
  decline(@Auth() auth: AuthContext, @Param('invitationId', ParseUUIDPipe) invitationId: string): Promise<InvitationAnswerView> {
    return this.memberships.answer(auth, invitationId, 'declined');
  }
}
