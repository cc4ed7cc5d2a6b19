import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, type AuthContext, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { Catalogue } from '../common/i18n/catalogue.js';
import { GenerateReportDto, ReportPdfQueryDto, SupervisionQueryDto } from './dto/report.dto.js';
import { renderRegulatorReport } from './regulator-report.pdf.js';
import { type ReportMeta, ReportsService } from './reports.service.js';
import type { RegulatorReport } from './report-content.js';
import { type SupervisedCooperative, SupervisionService } from './supervision.service.js';

const READERS = ['admin', 'auditor', 'supervisor'] as const;

@ApiTags('reports')
@ApiBearerAuth()
@Controller('cooperatives/:cooperativeId/reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly catalogue: Catalogue,
  ) {}

  /**
   * Admin only: the issue also names auditors, but the access guard refuses every write to
   * read-only roles (auditor, supervisor), so they would get 403 anyway.
   */
  @Post()
  @Roles('admin')
  async generate(@Auth() auth: TenantAuthContext, @Body() dto: GenerateReportDto): Promise<ReportMeta & { content: RegulatorReport }> {
    return this.reports.generate(auth, dto);
  }

  @Get()
  @Roles(...READERS)
  async list(@Auth() auth: TenantAuthContext): Promise<ReportMeta[]> {
    return this.reports.list(auth);
  }

  @Get(':reportId.pdf')
  @Roles(...READERS)
  async pdf(
    @Auth() auth: TenantAuthContext,
    @Param('reportId', ParseUUIDPipe) reportId: string,
    @Query() query: ReportPdfQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const report = await this.reports.get(auth, reportId);
    const pdf = await renderRegulatorReport(report, this.catalogue, query.lang ?? 'fr');
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="report-${report.periodKey}-v${report.version}.pdf"`)
      .header('cache-control', 'private, no-store');
    return pdf;
  }

  @Get(':reportId')
  @Roles(...READERS)
  async get(@Auth() auth: TenantAuthContext, @Param('reportId', ParseUUIDPipe) reportId: string): Promise<ReportMeta & { content: RegulatorReport }> {
    return this.reports.get(auth, reportId);
  }
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('supervision')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Get('cooperatives')
  @Roles('supervisor')
  async cooperatives(@Auth() auth: AuthContext, @Query() query: SupervisionQueryDto): Promise<SupervisedCooperative[]> {
    return this.supervision.list(auth, query.sort);
  }
}
