import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type TenantAuthContext } from '../../auth/auth-context.js';
import { OutsideReport, Roles } from '../../auth/roles.decorator.js';
import { CommunityReportsService } from './community-reports.service.js';
import { MonitorIncidentReportDto } from './dto/incident-report.dto.js';
import { IncidentReportReceiptView } from './dto/incident-report.view.js';

/**
 * A community monitor of an observer or partner organisation reports an incident, signed in:
 * the report and its risk flag name the monitor and their organisation (the public form is for
 * those who report anonymously).
 */
@ApiTags('community reports')
@Controller('cooperatives/:cooperativeId/incident-reports')
export class MonitorIncidentReportsController {
  constructor(private readonly reports: CommunityReportsService) {}

  @Post()
  @Roles('observer', 'partner')
  @OutsideReport()
  @HttpCode(202)
  @ApiOperation({ summary: "A community monitor's incident report: raises a risk flag of the cooperative naming the monitor and their organisation." })
  @ApiAcceptedResponse({ type: IncidentReportReceiptView })
  report(@Auth() auth: TenantAuthContext, @Body() dto: MonitorIncidentReportDto): Promise<IncidentReportReceiptView> {
    return this.reports.reportAsMonitor(auth, dto);
  }
}
