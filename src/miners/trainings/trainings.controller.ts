import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Auth, type TenantAuthContext } from '../../auth/auth-context.js';
import { Roles } from '../../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../../auth/roles.js';
import { CertificationsQueryDto, CreateTrainingSessionDto, ListTrainingSessionsDto, RecordAttendanceDto } from './training.dto.js';
import { type MemberCertifications, type TrainingSessionDetail, TrainingsService } from './trainings.service.js';
import type { TrainingSessionRow } from './trainings.repository.js';

@ApiTags('trainings')
@ApiBearerAuth()
@Controller('cooperatives/:cooperativeId')
export class TrainingsController {
  constructor(private readonly trainings: TrainingsService) {}

  @Post('trainings')
  @Roles('admin', 'officer')
  create(@Auth() auth: TenantAuthContext, @Body() dto: CreateTrainingSessionDto): Promise<TrainingSessionDetail> {
    return this.trainings.create(auth, dto);
  }

  @Get('trainings')
  @Roles(...ANY_MEMBER_ROLE)
  list(@Auth() auth: TenantAuthContext, @Query() query: ListTrainingSessionsDto): Promise<{ items: TrainingSessionRow[] }> {
    return this.trainings.list(auth, query);
  }

  @Get('trainings/:sessionId')
  @Roles(...ANY_MEMBER_ROLE)
  get(@Auth() auth: TenantAuthContext, @Param('sessionId', ParseUUIDPipe) sessionId: string): Promise<TrainingSessionDetail> {
    return this.trainings.get(auth, sessionId);
  }

  @Post('trainings/:sessionId/attendance')
  @Roles('admin', 'officer')
  recordAttendance(
    @Auth() auth: TenantAuthContext,
    @Param('sessionId', ParseUUIDPipe) sessionId: string,
    @Body() dto: RecordAttendanceDto,
  ): Promise<TrainingSessionDetail> {
    return this.trainings.recordAttendance(auth, sessionId, dto);
  }

  @Get('miners/:minerId/certifications')
  @Roles(...ANY_MEMBER_ROLE)
  certifications(
    @Auth() auth: TenantAuthContext,
    @Param('minerId', ParseUUIDPipe) minerId: string,
    @Query() query: CertificationsQueryDto,
  ): Promise<MemberCertifications> {
    return this.trainings.certifications(auth, minerId, query.on);
  }
}
