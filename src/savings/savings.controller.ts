import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import {
  AddMemberDto, AmendRulesDto, AsOfQueryDto, ConfirmShareOutDto, CorrectionDto, CreateGroupDto, ElectCommitteeDto, LoanQueryDto, MemberExitDto,
  RecordMeetingDto, SetTreasurersDto, StartCycleDto, WriteOffDto,
} from './dto/savings.dto.js';
import { SavingsAmendmentView, SavingsCycleSummaryView, SavingsCycleView } from './dto/savings-cycle.view.js';
import { SavingsCommitteeView, SavingsGroupDetailView, SavingsGroupView, SavingsMemberView } from './dto/savings-group.view.js';
import { SavingsLoanDetailView, SavingsLoansView } from './dto/savings-loan.view.js';
import { SavingsMeetingView } from './dto/savings-meeting.view.js';
import { SavingsMemberExitView, SavingsShareOutView } from './dto/savings-share-out.view.js';
import { SavingsCyclesService } from './cycles.service.js';
import { SavingsGroupsService } from './groups.service.js';
import { SavingsLoansService } from './loans.service.js';
import { SavingsMeetingsService } from './meetings.service.js';
import { SavingsMemberExitsService } from './member-exits.service.js';
import { SAVINGS_READERS, SAVINGS_RECORDERS } from './savings-access.js';
import { SavingsShareOutService } from './share-out.service.js';

/** Who may read and write a group's books: see savings-access.ts (assignments are checked in the service). */
const READERS = SAVINGS_READERS;
const RECORDERS = SAVINGS_RECORDERS;

@ApiTags('savings')
@Controller('cooperatives/:cooperativeId/savings-groups')
export class SavingsController {
  constructor(
    private readonly groups: SavingsGroupsService,
    private readonly cycles: SavingsCyclesService,
    private readonly meetings: SavingsMeetingsService,
    private readonly loanService: SavingsLoansService,
    private readonly shareOuts: SavingsShareOutService,
    private readonly exits: SavingsMemberExitsService,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Creates a savings group.' })
  @ApiCreatedResponse({ type: SavingsGroupDetailView })
  createGroup(@Auth() auth: TenantAuthContext, @Body() dto: CreateGroupDto): Promise<SavingsGroupDetailView> {
    return this.groups.createGroup(auth, dto);
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: "The cooperative's savings groups (a treasurer sees the groups assigned to them)." })
  @ApiOkResponse({ type: [SavingsGroupView] })
  listGroups(@Auth() auth: TenantAuthContext): Promise<SavingsGroupView[]> {
    return this.groups.listGroups(auth);
  }

  @Get(':groupId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'A savings group with its treasurers, members, committee and cycles.' })
  @ApiOkResponse({ type: SavingsGroupDetailView })
  group(@Auth() auth: TenantAuthContext, @Param('groupId', ParseUUIDPipe) groupId: string): Promise<SavingsGroupDetailView> {
    return this.groups.group(auth, groupId);
  }

  @Post(':groupId/members')
  @Roles(...RECORDERS)
  @ApiOperation({ summary: 'Adds a member to the group, a registered miner or a person named here.' })
  @ApiCreatedResponse({ type: SavingsMemberView })
  addMember(@Auth() auth: TenantAuthContext, @Param('groupId', ParseUUIDPipe) groupId: string, @Body() dto: AddMemberDto): Promise<SavingsMemberView> {
    return this.groups.addMember(auth, groupId, dto);
  }

  @Put(':groupId/treasurers')
  @Roles('admin')
  @ApiOperation({ summary: 'Replaces the users assigned as treasurers of the group.' })
  @ApiOkResponse({ type: SavingsGroupDetailView })
  setTreasurers(@Auth() auth: TenantAuthContext, @Param('groupId', ParseUUIDPipe) groupId: string, @Body() dto: SetTreasurersDto): Promise<SavingsGroupDetailView> {
    return this.groups.setTreasurers(auth, groupId, dto.userIds);
  }

  @Get(':groupId/committee')
  @Roles(...READERS)
  @ApiOperation({ summary: "The group's committee from its latest election, or null when none was recorded." })
  @ApiOkResponse({ type: SavingsCommitteeView, description: 'Null when no election was recorded.' })
  committee(@Auth() auth: TenantAuthContext, @Param('groupId', ParseUUIDPipe) groupId: string): Promise<SavingsCommitteeView | null> {
    return this.groups.committee(auth, groupId);
  }

  /** Records an election: president, secretary, treasurer, two counters, three key-holders, the box-keeper. */
  @Put(':groupId/committee')
  @Roles(...RECORDERS)
  @ApiOperation({ summary: 'Records an election of the committee, key-holders and box-keeper.' })
  @ApiOkResponse({ type: SavingsCommitteeView })
  electCommittee(@Auth() auth: TenantAuthContext, @Param('groupId', ParseUUIDPipe) groupId: string, @Body() dto: ElectCommitteeDto): Promise<SavingsCommitteeView> {
    return this.groups.electCommittee(auth, groupId, dto);
  }

  @Post(':groupId/cycles')
  @Roles(...RECORDERS)
  @ApiOperation({ summary: 'Starts a cycle of the group under the given rules.' })
  @ApiCreatedResponse({ type: SavingsCycleView })
  startCycle(@Auth() auth: TenantAuthContext, @Param('groupId', ParseUUIDPipe) groupId: string, @Body() dto: StartCycleDto): Promise<SavingsCycleView> {
    return this.cycles.startCycle(auth, groupId, dto);
  }

  @Get(':groupId/cycles')
  @Roles(...READERS)
  @ApiOperation({ summary: "The group's cycles, latest first, each with its cash now." })
  @ApiOkResponse({ type: [SavingsCycleSummaryView] })
  listCycles(@Auth() auth: TenantAuthContext, @Param('groupId', ParseUUIDPipe) groupId: string): Promise<SavingsCycleSummaryView[]> {
    return this.cycles.listCycles(auth, groupId);
  }

  @Post(':groupId/cycles/:cycleId/meetings')
  @Roles(...RECORDERS)
  @ApiOperation({ summary: 'Records a meeting, or adds a batch to an open one: attendance, movements, cash count.' })
  @ApiCreatedResponse({ type: SavingsMeetingView })
  recordMeeting(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Body() dto: RecordMeetingDto,
  ): Promise<SavingsMeetingView> {
    return this.meetings.recordMeeting(auth, groupId, cycleId, dto);
  }

  @Get(':groupId/cycles/:cycleId/meetings')
  @Roles(...READERS)
  @ApiOperation({ summary: "The cycle's meetings in the order held, each with its movements and balances." })
  @ApiOkResponse({ type: [SavingsMeetingView] })
  listMeetings(@Auth() auth: TenantAuthContext, @Param('groupId', ParseUUIDPipe) groupId: string, @Param('cycleId', ParseUUIDPipe) cycleId: string): Promise<SavingsMeetingView[]> {
    return this.meetings.listMeetings(auth, groupId, cycleId);
  }

  @Post(':groupId/cycles/:cycleId/meetings/:meetingId/corrections')
  @Roles(...RECORDERS)
  @ApiOperation({ summary: 'Corrects a movement of the meeting by appending its reversal.' })
  @ApiCreatedResponse({ type: SavingsMeetingView })
  correct(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Param('meetingId', ParseUUIDPipe) meetingId: string,
    @Body() dto: CorrectionDto,
  ): Promise<SavingsMeetingView> {
    return this.meetings.correct(auth, groupId, cycleId, meetingId, dto);
  }

  @Post(':groupId/cycles/:cycleId/meetings/:meetingId/close')
  @HttpCode(200)
  @Roles(...RECORDERS)
  @ApiOperation({ summary: 'Closes a meeting: no batch may be added to it after.' })
  @ApiOkResponse({ type: SavingsMeetingView })
  closeMeeting(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Param('meetingId', ParseUUIDPipe) meetingId: string,
  ): Promise<SavingsMeetingView> {
    return this.meetings.closeMeeting(auth, groupId, cycleId, meetingId);
  }

  @Get(':groupId/cycles/:cycleId/loans')
  @Roles(...READERS)
  @ApiOperation({ summary: "The cycle's loans on a day, with the portfolio at risk." })
  @ApiOkResponse({ type: SavingsLoansView })
  loans(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Query() query: AsOfQueryDto,
  ): Promise<SavingsLoansView> {
    return this.loanService.listLoans(auth, groupId, cycleId, query.on);
  }

  @Get(':groupId/cycles/:cycleId/loans/:loanId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One loan on a day: its balance, the split of each repayment, its schedule.' })
  @ApiOkResponse({ type: SavingsLoanDetailView })
  loan(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Param('loanId', ParseUUIDPipe) loanId: string,
    @Query() query: LoanQueryDto,
  ): Promise<SavingsLoanDetailView> {
    return this.loanService.loan(auth, groupId, cycleId, loanId, query.on, query.plan);
  }

  @Post(':groupId/cycles/:cycleId/loans/:loanId/write-off')
  @Roles(...RECORDERS)
  @ApiOperation({ summary: "Writes a loan off by the group's decision taken at a meeting." })
  @ApiCreatedResponse({ type: SavingsLoanDetailView })
  writeOff(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Param('loanId', ParseUUIDPipe) loanId: string,
    @Body() dto: WriteOffDto,
  ): Promise<SavingsLoanDetailView> {
    return this.loanService.writeOff(auth, groupId, cycleId, loanId, dto);
  }

  @Get(':groupId/cycles/:cycleId/amendments')
  @Roles(...READERS)
  @ApiOperation({ summary: "The amendments of the cycle's rules, in the order voted." })
  @ApiOkResponse({ type: [SavingsAmendmentView] })
  amendments(@Auth() auth: TenantAuthContext, @Param('groupId', ParseUUIDPipe) groupId: string, @Param('cycleId', ParseUUIDPipe) cycleId: string): Promise<SavingsAmendmentView[]> {
    return this.cycles.listAmendments(auth, groupId, cycleId);
  }

  @Post(':groupId/cycles/:cycleId/amendments')
  @Roles(...RECORDERS)
  @ApiOperation({ summary: "Records a change of the cycle's rules voted at a meeting; it applies from the next meeting." })
  @ApiCreatedResponse({ type: SavingsAmendmentView })
  amendRules(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Body() dto: AmendRulesDto,
  ): Promise<SavingsAmendmentView> {
    return this.cycles.amendRules(auth, groupId, cycleId, dto);
  }

  /** Preview of a member's mid-cycle exit, or the exit as recorded. */
  @Get(':groupId/cycles/:cycleId/members/:memberId/exit')
  @Roles(...READERS)
  @ApiOperation({ summary: "A member's mid-cycle exit: its preview on a day, or the exit as recorded." })
  @ApiOkResponse({ type: SavingsMemberExitView })
  memberExit(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Param('memberId', ParseUUIDPipe) memberId: string,
    @Query() query: AsOfQueryDto,
  ): Promise<SavingsMemberExitView> {
    return this.exits.memberExit(auth, groupId, cycleId, memberId, query.on);
  }

  @Post(':groupId/cycles/:cycleId/members/:memberId/exit')
  @HttpCode(200)
  @Roles(...RECORDERS)
  @ApiOperation({ summary: "Records a member's mid-cycle exit and pays out their settlement." })
  @ApiOkResponse({ type: SavingsMemberExitView })
  confirmMemberExit(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Param('memberId', ParseUUIDPipe) memberId: string,
    @Body() dto: MemberExitDto,
  ): Promise<SavingsMemberExitView> {
    return this.exits.confirmMemberExit(auth, groupId, cycleId, memberId, dto);
  }

  @Get(':groupId/cycles/:cycleId/share-out')
  @Roles(...READERS)
  @ApiOperation({ summary: "The cycle's share-out: its preview on a day, or the share-out as confirmed." })
  @ApiOkResponse({ type: SavingsShareOutView })
  shareOut(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Query() query: AsOfQueryDto,
  ): Promise<SavingsShareOutView> {
    return this.shareOuts.shareOut(auth, groupId, cycleId, query.on);
  }

  @Post(':groupId/cycles/:cycleId/share-out')
  @HttpCode(200)
  @Roles(...RECORDERS)
  @ApiOperation({ summary: 'Confirms the share-out on a day and closes the cycle.' })
  @ApiOkResponse({ type: SavingsShareOutView })
  confirmShareOut(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Body() dto: ConfirmShareOutDto,
  ): Promise<SavingsShareOutView> {
    return this.shareOuts.confirmShareOut(auth, groupId, cycleId, dto.on);
  }
}
