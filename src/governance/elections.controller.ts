import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../auth/roles.js';
import { NoIdempotencyRecord } from '../common/idempotency/no-idempotency-record.decorator.js';
import { BallotReceiptView, ElectionCandidacyView, ElectionDetailView, ElectionTallyView, ElectionView } from './dto/election.view.js';
import { CandidacyDto, CastBallotDto, CreateElectionDto, LotDrawDto, SecondRoundDto } from './dto/governance.dto.js';
import { DESK } from './governance.roles.js';
import { ElectionsService } from './elections.service.js';
import { PollingService } from './polling.service.js';

@ApiTags('governance')
@Controller('cooperatives/:cooperativeId')
export class ElectionsController {
  constructor(
    private readonly elections: ElectionsService,
    private readonly polling: PollingService,
  ) {}

  @Post('assemblies/:assemblyId/elections')
  @Roles(...DESK)
  @ApiOperation({ summary: 'Create an election at an assembly, with its positions and seats.' })
  @ApiCreatedResponse({ type: ElectionView })
  createElection(@Auth() auth: TenantAuthContext, @Param('assemblyId', ParseUUIDPipe) assemblyId: string, @Body() dto: CreateElectionDto): Promise<ElectionView> {
    return this.elections.createElection(auth, assemblyId, dto);
  }

  @Get('elections/:electionId')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'One election: its positions, candidacies and who has voted (never how); no count.' })
  @ApiOkResponse({ type: ElectionDetailView })
  election(@Auth() auth: TenantAuthContext, @Param('electionId', ParseUUIDPipe) electionId: string): Promise<ElectionDetailView> {
    return this.elections.detail(auth, electionId);
  }

  @Post('elections/:electionId/candidacies')
  @Roles(...DESK)
  @ApiOperation({ summary: 'Record an eligible member as a candidate for a position, before the first ballot.' })
  @ApiCreatedResponse({ type: ElectionCandidacyView })
  candidacy(@Auth() auth: TenantAuthContext, @Param('electionId', ParseUUIDPipe) electionId: string, @Body() dto: CandidacyDto): Promise<ElectionCandidacyView> {
    return this.elections.addCandidacy(auth, electionId, dto);
  }

  /**
   * Never kept in the idempotency store (its body pairs the voter with the choices): a retry
   * is answered 409 ALREADY_VOTED, which is as safe as a replay.
   */
  @Post('elections/:electionId/ballots')
  @NoIdempotencyRecord()
  @Roles(...DESK)
  @ApiOperation({ summary: 'Cast one secret ballot: the voter is registered and the choices sealed, with no count in the answer.' })
  @ApiCreatedResponse({ type: BallotReceiptView })
  ballot(@Auth() auth: TenantAuthContext, @Param('electionId', ParseUUIDPipe) electionId: string, @Body() dto: CastBallotDto): Promise<BallotReceiptView> {
    return this.polling.castBallot(auth, electionId, dto);
  }

  /** Ends voting: the sealed ballots go into the box in one random batch, then are counted. */
  @Post('elections/:electionId/close')
  @HttpCode(200)
  @Roles(...DESK)
  @ApiOperation({ summary: 'Close the poll: the sealed ballots go into the box in one batch and are counted.' })
  @ApiOkResponse({ type: ElectionTallyView })
  close(@Auth() auth: TenantAuthContext, @Param('electionId', ParseUUIDPipe) electionId: string): Promise<ElectionTallyView> {
    return this.polling.close(auth, electionId);
  }

  /** Refused while the poll is open, to every role. */
  @Get('elections/:electionId/tally')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'The count of a closed poll; refused to every role while the poll is open.' })
  @ApiOkResponse({ type: ElectionTallyView })
  tally(@Auth() auth: TenantAuthContext, @Param('electionId', ParseUUIDPipe) electionId: string): Promise<ElectionTallyView> {
    return this.polling.tally(auth, electionId);
  }

  @Post('elections/:electionId/tally')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Certify the results and record the mandates, closing the poll first if it is open.' })
  @ApiOkResponse({ type: ElectionTallyView })
  certify(@Auth() auth: TenantAuthContext, @Param('electionId', ParseUUIDPipe) electionId: string): Promise<ElectionTallyView> {
    return this.polling.certify(auth, electionId);
  }

  /** The draw that breaks a tie when the bylaws say 'lot', made at the assembly and recorded here. */
  @Post('elections/:electionId/lot-draws')
  @HttpCode(200)
  @Roles(...DESK)
  @ApiOperation({ summary: 'Record the lot draw that breaks a tie under the bylaws\' lot rule.' })
  @ApiOkResponse({ type: ElectionTallyView })
  lotDraw(@Auth() auth: TenantAuthContext, @Param('electionId', ParseUUIDPipe) electionId: string, @Body() dto: LotDrawDto): Promise<ElectionTallyView> {
    return this.polling.recordLotDraw(auth, electionId, dto);
  }

  /** A second round on the seats a tie left undecided, with only the tied candidates. */
  @Post('elections/:electionId/second-round')
  @Roles(...DESK)
  @ApiOperation({ summary: 'Open a second round on the seats a tie left undecided, with only the tied candidates.' })
  @ApiCreatedResponse({ type: ElectionView })
  secondRound(@Auth() auth: TenantAuthContext, @Param('electionId', ParseUUIDPipe) electionId: string, @Body() dto: SecondRoundDto): Promise<ElectionView> {
    return this.elections.openSecondRound(auth, electionId, dto);
  }
}
