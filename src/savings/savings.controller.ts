import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Auth, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../auth/roles.js';
import {
  AddMemberDto, AsOfQueryDto, ConfirmShareOutDto, CorrectionDto, CreateGroupDto, RecordMeetingDto, SetTreasurersDto, StartCycleDto,
} from './dto/savings.dto.js';
import { type LoanView, type MeetingView, SavingsService, type ShareOutView } from './savings.service.js';
import type { PortfolioAtRisk } from './rules/portfolio.js';

/** Who may write a group's books: admins everywhere, treasurers for their assigned groups (checked in the service). */
const RECORDERS = ['admin', 'treasurer'] as const;

@ApiTags('savings')
@ApiBearerAuth()
@Controller('cooperatives/:cooperativeId/savings-groups')
export class SavingsController {
  constructor(private readonly savings: SavingsService) {}

  @Post()
  @Roles('admin')
  createGroup(@Auth() auth: TenantAuthContext, @Body() dto: CreateGroupDto): Promise<Record<string, unknown>> {
    return this.savings.createGroup(auth, dto);
  }

  @Get()
  @Roles(...ANY_MEMBER_ROLE)
  listGroups(@Auth() auth: TenantAuthContext): Promise<Record<string, unknown>[]> {
    return this.savings.listGroups(auth);
  }

  @Get(':groupId')
  @Roles(...ANY_MEMBER_ROLE)
  group(@Auth() auth: TenantAuthContext, @Param('groupId', ParseUUIDPipe) groupId: string): Promise<Record<string, unknown>> {
    return this.savings.group(auth, groupId);
  }

  @Post(':groupId/members')
  @Roles(...RECORDERS)
  addMember(@Auth() auth: TenantAuthContext, @Param('groupId', ParseUUIDPipe) groupId: string, @Body() dto: AddMemberDto): Promise<Record<string, unknown>> {
    return this.savings.addMember(auth, groupId, dto);
  }

  @Put(':groupId/treasurers')
  @Roles('admin')
  setTreasurers(@Auth() auth: TenantAuthContext, @Param('groupId', ParseUUIDPipe) groupId: string, @Body() dto: SetTreasurersDto): Promise<Record<string, unknown>> {
    return this.savings.setTreasurers(auth, groupId, dto.userIds);
  }

  @Post(':groupId/cycles')
  @Roles(...RECORDERS)
  startCycle(@Auth() auth: TenantAuthContext, @Param('groupId', ParseUUIDPipe) groupId: string, @Body() dto: StartCycleDto): Promise<Record<string, unknown>> {
    return this.savings.startCycle(auth, groupId, dto);
  }

  @Get(':groupId/cycles')
  @Roles(...ANY_MEMBER_ROLE)
  listCycles(@Auth() auth: TenantAuthContext, @Param('groupId', ParseUUIDPipe) groupId: string): Promise<Record<string, unknown>[]> {
    return this.savings.listCycles(auth, groupId);
  }

  @Post(':groupId/cycles/:cycleId/meetings')
  @Roles(...RECORDERS)
  recordMeeting(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Body() dto: RecordMeetingDto,
  ): Promise<MeetingView> {
    return this.savings.recordMeeting(auth, groupId, cycleId, dto);
  }

  @Get(':groupId/cycles/:cycleId/meetings')
  @Roles(...ANY_MEMBER_ROLE)
  listMeetings(@Auth() auth: TenantAuthContext, @Param('groupId', ParseUUIDPipe) groupId: string, @Param('cycleId', ParseUUIDPipe) cycleId: string): Promise<MeetingView[]> {
    return this.savings.listMeetings(auth, groupId, cycleId);
  }

  @Post(':groupId/cycles/:cycleId/meetings/:meetingId/corrections')
  @Roles(...RECORDERS)
  correct(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Param('meetingId', ParseUUIDPipe) meetingId: string,
    @Body() dto: CorrectionDto,
  ): Promise<MeetingView> {
    return this.savings.correct(auth, groupId, cycleId, meetingId, dto);
  }

  @Post(':groupId/cycles/:cycleId/meetings/:meetingId/close')
  @HttpCode(200)
  @Roles(...RECORDERS)
  closeMeeting(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Param('meetingId', ParseUUIDPipe) meetingId: string,
  ): Promise<MeetingView> {
    return this.savings.closeMeeting(auth, groupId, cycleId, meetingId);
  }

  @Get(':groupId/cycles/:cycleId/loans')
  @Roles(...ANY_MEMBER_ROLE)
  loans(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Query() query: AsOfQueryDto,
  ): Promise<{ asOf: string; loans: LoanView[]; portfolioAtRisk: PortfolioAtRisk }> {
    return this.savings.loans(auth, groupId, cycleId, query.on);
  }

  @Get(':groupId/cycles/:cycleId/share-out')
  @Roles(...ANY_MEMBER_ROLE)
  shareOut(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Query() query: AsOfQueryDto,
  ): Promise<ShareOutView> {
    return this.savings.shareOut(auth, groupId, cycleId, query.on);
  }

  @Post(':groupId/cycles/:cycleId/share-out')
  @HttpCode(200)
  @Roles(...RECORDERS)
  confirmShareOut(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Body() dto: ConfirmShareOutDto,
  ): Promise<ShareOutView> {
    return this.savings.confirmShareOut(auth, groupId, cycleId, dto.on);
  }
}
