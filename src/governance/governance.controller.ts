import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { NoIdempotencyRecord } from '../common/idempotency/no-idempotency-record.decorator.js';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../auth/roles.js';
import { Catalogue } from '../common/i18n/catalogue.js';
import { negotiateLocale } from '../common/i18n/locale.js';
import {
  AssemblyDemandDto,
  CandidacyDto,
  CastBallotDto,
  ConveneAssemblyDto,
  CreateBylawVersionDto,
  CreateElectionDto,
  DeclareBylawDto,
  LotDrawDto,
  MinutesQueryDto,
  RecordAttendanceDto,
  RecordResolutionDto,
  SecondRoundDto,
} from './dto/governance.dto.js';
import {
  type AssemblyDemandView,
  type AssemblyDetail,
  type AssemblyView,
  type BylawVersionView,
  type CandidacyView,
  type ElectionView,
  type ElectionTallyView,
  GovernanceService,
  type ResolutionView,
} from './governance.service.js';
import { ElectionsService } from './elections.service.js';
import { renderMinutes } from './minutes.pdf.js';

/** Officers run the assembly's desk (attendance, votes, polling table); admins convene and certify. */
const DESK = ['admin', 'officer'] as const;

@ApiTags('governance')
@ApiBearerAuth()
@Controller('cooperatives/:cooperativeId')
export class GovernanceController {
  constructor(
    private readonly governance: GovernanceService,
    private readonly elections: ElectionsService,
    private readonly catalogue: Catalogue,
  ) {}

  @Post('assemblies')
  @Roles('admin')
  convene(@Auth() auth: TenantAuthContext, @Body() dto: ConveneAssemblyDto): Promise<AssemblyView> {
    return this.governance.convene(auth, dto);
  }

  @Get('assemblies')
  @Roles(...ANY_MEMBER_ROLE)
  list(@Auth() auth: TenantAuthContext): Promise<AssemblyView[]> {
    return this.governance.list(auth);
  }

  @Get('assemblies/:assemblyId')
  @Roles(...ANY_MEMBER_ROLE)
  get(@Auth() auth: TenantAuthContext, @Param('assemblyId', ParseUUIDPipe) assemblyId: string): Promise<AssemblyDetail> {
    return this.governance.get(auth, assemblyId);
  }

  @Put('assemblies/:assemblyId/attendance')
  @Roles(...DESK)
  attendance(@Auth() auth: TenantAuthContext, @Param('assemblyId', ParseUUIDPipe) assemblyId: string, @Body() dto: RecordAttendanceDto): Promise<AssemblyDetail> {
    return this.governance.recordAttendance(auth, assemblyId, dto);
  }

  @Post('assemblies/:assemblyId/open')
  @HttpCode(200)
  @Roles(...DESK)
  open(@Auth() auth: TenantAuthContext, @Param('assemblyId', ParseUUIDPipe) assemblyId: string): Promise<AssemblyDetail> {
    return this.governance.open(auth, assemblyId);
  }

  @Post('assemblies/:assemblyId/resolutions')
  @Roles(...DESK)
  recordResolution(@Auth() auth: TenantAuthContext, @Param('assemblyId', ParseUUIDPipe) assemblyId: string, @Body() dto: RecordResolutionDto): Promise<ResolutionView> {
    return this.governance.recordResolution(auth, assemblyId, dto);
  }

  @Get('assemblies/:assemblyId/resolutions')
  @Roles(...ANY_MEMBER_ROLE)
  resolutions(@Auth() auth: TenantAuthContext, @Param('assemblyId', ParseUUIDPipe) assemblyId: string): Promise<ResolutionView[]> {
    return this.governance.listResolutions(auth, assemblyId);
  }

  @Post('assemblies/:assemblyId/elections')
  @Roles(...DESK)
  createElection(@Auth() auth: TenantAuthContext, @Param('assemblyId', ParseUUIDPipe) assemblyId: string, @Body() dto: CreateElectionDto): Promise<ElectionView> {
    return this.elections.createElection(auth, assemblyId, dto);
  }

  @Post('elections/:electionId/candidacies')
  @Roles(...DESK)
  candidacy(@Auth() auth: TenantAuthContext, @Param('electionId', ParseUUIDPipe) electionId: string, @Body() dto: CandidacyDto): Promise<CandidacyView> {
    return this.elections.addCandidacy(auth, electionId, dto);
  }

  /**
   * Never kept in the idempotency store (its body pairs the voter with the choices): a retry
   * is answered 409 ALREADY_VOTED, which is as safe as a replay.
   */
  @Post('elections/:electionId/ballots')
  @NoIdempotencyRecord()
  @Roles(...DESK)
  ballot(@Auth() auth: TenantAuthContext, @Param('electionId', ParseUUIDPipe) electionId: string, @Body() dto: CastBallotDto): Promise<{ recorded: true }> {
    return this.elections.castBallot(auth, electionId, dto);
  }

  /** Ends voting: the sealed ballots go into the box in one random batch, then are counted. */
  @Post('elections/:electionId/close')
  @HttpCode(200)
  @Roles(...DESK)
  close(@Auth() auth: TenantAuthContext, @Param('electionId', ParseUUIDPipe) electionId: string): Promise<ElectionTallyView> {
    return this.elections.close(auth, electionId);
  }

  /** Refused while the poll is open, to every role. */
  @Get('elections/:electionId/tally')
  @Roles(...ANY_MEMBER_ROLE)
  tally(@Auth() auth: TenantAuthContext, @Param('electionId', ParseUUIDPipe) electionId: string): Promise<ElectionTallyView> {
    return this.elections.tally(auth, electionId);
  }

  @Post('elections/:electionId/tally')
  @HttpCode(200)
  @Roles('admin')
  certify(@Auth() auth: TenantAuthContext, @Param('electionId', ParseUUIDPipe) electionId: string): Promise<ElectionTallyView> {
    return this.elections.certify(auth, electionId);
  }

  /** The draw that breaks a tie when the bylaws say 'lot', made at the assembly and recorded here. */
  @Post('elections/:electionId/lot-draws')
  @HttpCode(200)
  @Roles(...DESK)
  lotDraw(@Auth() auth: TenantAuthContext, @Param('electionId', ParseUUIDPipe) electionId: string, @Body() dto: LotDrawDto): Promise<ElectionTallyView> {
    return this.elections.recordLotDraw(auth, electionId, dto);
  }

  /** A second round on the seats a tie left undecided, with only the tied candidates. */
  @Post('elections/:electionId/second-round')
  @Roles(...DESK)
  secondRound(@Auth() auth: TenantAuthContext, @Param('electionId', ParseUUIDPipe) electionId: string, @Body() dto: SecondRoundDto): Promise<ElectionView> {
    return this.elections.openSecondRound(auth, electionId, dto);
  }

  /** Members' demand for an assembly: recorded with its signatories, valid when a quarter signed. */
  @Post('assembly-demands')
  @Roles(...DESK)
  recordDemand(@Auth() auth: TenantAuthContext, @Body() dto: AssemblyDemandDto): Promise<AssemblyDemandView> {
    return this.governance.recordDemand(auth, dto);
  }

  @Get('assembly-demands')
  @Roles(...ANY_MEMBER_ROLE)
  demands(@Auth() auth: TenantAuthContext): Promise<AssemblyDemandView[]> {
    return this.governance.listDemands(auth);
  }

  @Get('assembly-demands/:demandId')
  @Roles(...ANY_MEMBER_ROLE)
  demand(@Auth() auth: TenantAuthContext, @Param('demandId', ParseUUIDPipe) demandId: string): Promise<AssemblyDemandView> {
    return this.governance.getDemand(auth, demandId);
  }

  @Get('assemblies/:assemblyId/minutes.pdf')
  @Roles(...ANY_MEMBER_ROLE)
  async minutes(
    @Auth() auth: TenantAuthContext,
    @Param('assemblyId', ParseUUIDPipe) assemblyId: string,
    @Query() query: MinutesQueryDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const data = await this.governance.minutes(auth, assemblyId);
    const pdf = await renderMinutes(data, this.catalogue, query.lang ?? negotiateLocale(acceptLanguage));
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="minutes-${data.assembly.heldOn}.pdf"`)
      .header('cache-control', 'private, no-store');
    return pdf;
  }

  @Get('bylaws')
  @Roles(...ANY_MEMBER_ROLE)
  bylaws(@Auth() auth: TenantAuthContext): Promise<BylawVersionView[]> {
    return this.governance.listBylaws(auth);
  }

  @Post('bylaws')
  @Roles('admin')
  adoptBylaws(@Auth() auth: TenantAuthContext, @Body() dto: CreateBylawVersionDto): Promise<BylawVersionView> {
    return this.governance.adoptBylaws(auth, dto);
  }

  @Post('bylaws/:versionId/declaration')
  @HttpCode(200)
  @Roles('admin')
  declare(@Auth() auth: TenantAuthContext, @Param('versionId', ParseUUIDPipe) versionId: string, @Body() dto: DeclareBylawDto): Promise<BylawVersionView> {
    return this.governance.declareBylaws(auth, versionId, dto);
  }
}
