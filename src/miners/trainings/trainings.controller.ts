import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type TenantAuthContext } from '../../auth/auth-context.js';
import { Roles } from '../../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../../auth/roles.js';
import { MemberCertificationsView, TrainingSessionDetailView, TrainingSessionListView } from '../dto/training.view.js';
import { CertificationsQueryDto, CreateTrainingSessionDto, ListTrainingSessionsDto, RecordAttendanceDto } from './training.dto.js';
import { TrainingsService } from './trainings.service.js';

@ApiTags('trainings')
@Controller('cooperatives/:cooperativeId')
export class TrainingsController {
  constructor(private readonly trainings: TrainingsService) {}

  @Post('trainings')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: 'Record a training session.' })
  @ApiCreatedResponse({ type: TrainingSessionDetailView })
  create(@Auth() auth: TenantAuthContext, @Body() dto: CreateTrainingSessionDto): Promise<TrainingSessionDetailView> {
    return this.trainings.create(auth, dto);
  }

  @Get('trainings')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'List training sessions matching the filters, most recent first.' })
  @ApiOkResponse({ type: TrainingSessionListView })
  list(@Auth() auth: TenantAuthContext, @Query() query: ListTrainingSessionsDto): Promise<TrainingSessionListView> {
    return this.trainings.list(auth, query);
  }

  @Get('trainings/:sessionId')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'A training session with who attended it.' })
  @ApiOkResponse({ type: TrainingSessionDetailView })
  get(@Auth() auth: TenantAuthContext, @Param('sessionId', ParseUUIDPipe) sessionId: string): Promise<TrainingSessionDetailView> {
    return this.trainings.get(auth, sessionId);
  }

  @Post('trainings/:sessionId/attendance')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: 'Record who attended a session held, all or nothing.' })
  @ApiCreatedResponse({ type: TrainingSessionDetailView })
  recordAttendance(
    @Auth() auth: TenantAuthContext,
    @Param('sessionId', ParseUUIDPipe) sessionId: string,
    @Body() dto: RecordAttendanceDto,
  ): Promise<TrainingSessionDetailView> {
    return this.trainings.recordAttendance(auth, sessionId, dto);
  }

  @Get('miners/:minerId/certifications')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: "A member's training certifications on a date, with the sessions they rest on." })
  @ApiOkResponse({ type: MemberCertificationsView })
  certifications(
    @Auth() auth: TenantAuthContext,
    @Param('minerId', ParseUUIDPipe) minerId: string,
    @Query() query: CertificationsQueryDto,
  ): Promise<MemberCertificationsView> {
    return this.trainings.certifications(auth, minerId, query.on);
  }
}
