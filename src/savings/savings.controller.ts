import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Auth, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import {
  AddMemberDto, AmendRulesDto, AsOfQueryDto, ConfirmShareOutDto, CorrectionDto, CreateGroupDto, ElectCommitteeDto, LoanQueryDto, MemberExitDto,
  RecordMeetingDto, SetTreasurersDto, StartCycleDto, WriteOffDto,
} from './dto/savings.dto.js';
import {
  type AmendmentView, type CommitteeView, type LoanDetailView, type LoanView, type MeetingView, type MemberExitView, SavingsService, type ShareOutView,
} from './savings.service.js';
import type { PortfolioAtRisk } from './rules/portfolio.js';
import { SAVINGS_READERS, SAVINGS_RECORDERS } from './savings-access.js';

/** Who may read and write a group's books: see savings-access.ts (assignments are checked in the service). */
const READERS = SAVINGS_READERS;
const RECORDERS = SAVINGS_RECORDERS;

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
  @Roles(...READERS)
  listGroups(@Auth() auth: TenantAuthContext): Promise<Record<string, unknown>[]> {
    return this.savings.listGroups(auth);
  }

  @Get(':groupId')
  @Roles(...READERS)
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

  @Get(':groupId/committee')
  @Roles(...READERS)
  committee(@Auth() auth: TenantAuthContext, @Param('groupId', ParseUUIDPipe) groupId: string): Promise<CommitteeView | null> {
    return this.savings.committee(auth, groupId);
  }

  /** Records an election: president, secretary, treasurer, two counters, three key-holders, the box-keeper. */
  @Put(':groupId/committee')
  @Roles(...RECORDERS)
  electCommittee(@Auth() auth: TenantAuthContext, @Param('groupId', ParseUUIDPipe) groupId: string, @Body() dto: ElectCommitteeDto): Promise<CommitteeView> {
    return this.savings.electCommittee(auth, groupId, dto);
  }

  @Post(':groupId/cycles')
  @Roles(...RECORDERS)
  startCycle(@Auth() auth: TenantAuthContext, @Param('groupId', ParseUUIDPipe) groupId: string, @Body() dto: StartCycleDto): Promise<Record<string, unknown>> {
    return this.savings.startCycle(auth, groupId, dto);
  }

  @Get(':groupId/cycles')
  @Roles(...READERS)
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
  @Roles(...READERS)
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
  @Roles(...READERS)
  loans(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Query() query: AsOfQueryDto,
  ): Promise<{ asOf: string; loans: LoanView[]; portfolioAtRisk: PortfolioAtRisk }> {
    return this.savings.loans(auth, groupId, cycleId, query.on);
  }

  @Get(':groupId/cycles/:cycleId/loans/:loanId')
  @Roles(...READERS)
  loan(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Param('loanId', ParseUUIDPipe) loanId: string,
    @Query() query: LoanQueryDto,
  ): Promise<LoanDetailView> {
    return this.savings.loan(auth, groupId, cycleId, loanId, query.on, query.plan);
  }

  @Post(':groupId/cycles/:cycleId/loans/:loanId/write-off')
  @Roles(...RECORDERS)
  writeOff(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Param('loanId', ParseUUIDPipe) loanId: string,
    @Body() dto: WriteOffDto,
  ): Promise<LoanDetailView> {
    return this.savings.writeOff(auth, groupId, cycleId, loanId, dto);
  }

  @Get(':groupId/cycles/:cycleId/amendments')
  @Roles(...READERS)
  amendments(@Auth() auth: TenantAuthContext, @Param('groupId', ParseUUIDPipe) groupId: string, @Param('cycleId', ParseUUIDPipe) cycleId: string): Promise<AmendmentView[]> {
    return this.savings.listAmendments(auth, groupId, cycleId);
  }

  @Post(':groupId/cycles/:cycleId/amendments')
  @Roles(...RECORDERS)
  amendRules(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Body() dto: AmendRulesDto,
  ): Promise<AmendmentView> {
    return this.savings.amendRules(auth, groupId, cycleId, dto);
  }

  /** Preview of a member's mid-cycle exit, or the exit as recorded. */
  @Get(':groupId/cycles/:cycleId/members/:memberId/exit')
  @Roles(...READERS)
  memberExit(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Param('memberId', ParseUUIDPipe) memberId: string,
    @Query() query: AsOfQueryDto,
  ): Promise<MemberExitView> {
    return this.savings.memberExit(auth, groupId, cycleId, memberId, query.on);
  }

  @Post(':groupId/cycles/:cycleId/members/:memberId/exit')
  @HttpCode(200)
  @Roles(...RECORDERS)
  confirmMemberExit(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Param('memberId', ParseUUIDPipe) memberId: string,
    @Body() dto: MemberExitDto,
  ): Promise<MemberExitView> {
    return this.savings.confirmMemberExit(auth, groupId, cycleId, memberId, dto);
  }

  @Get(':groupId/cycles/:cycleId/share-out')
  @Roles(...READERS)
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
