import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../auth/public.decorator.js';
import { NoIdempotencyRecord } from '../../common/idempotency/no-idempotency-record.decorator.js';
import { CommunityReportsService } from './community-reports.service.js';
import { PublicIncidentReportDto } from './dto/incident-report.dto.js';
import { IncidentChallengeView, IncidentReportReceiptView } from './dto/incident-report.view.js';

/**
 * The public incident form: no login. Both routes are private requests (no access-log line, no
 * idempotency row): the challenge fetched just before a report would tie the report to its
 * sender's address as surely as the report's own line. A resend is refused by the spent challenge.
 */
@ApiTags('community reports')
@Controller('public/incident-reports')
@Public()
@NoIdempotencyRecord()
export class PublicIncidentReportsController {
  constructor(private readonly reports: CommunityReportsService) {}

  @Get('challenge')
  @ApiOperation({ summary: 'A signed proof-of-work challenge, good for one report for ten minutes.' })
  @ApiOkResponse({ type: IncidentChallengeView })
  challenge(): IncidentChallengeView {
    return this.reports.challenge();
  }

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Reports a security, human-rights, environmental or conflict incident anonymously; nothing of the sender is kept.' })
  @ApiAcceptedResponse({ type: IncidentReportReceiptView })
  submit(@Req() request: FastifyRequest, @Body() dto: PublicIncidentReportDto): Promise<IncidentReportReceiptView> {
    return this.reports.submitPublic(request.ip, dto);
  }
}
