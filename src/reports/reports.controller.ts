import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, type AuthContext, type TenantAuthContext } from '../auth/auth-context.js';
import { ReadsOnly, Roles } from '../auth/roles.decorator.js';
import { Catalogue } from '../common/i18n/catalogue.js';
import type { JobView } from '../jobs/jobs.service.js';
import { GenerateJurisdictionReportDto, GenerateReportDto, ReportPdfQueryDto, SupervisionQueryDto } from './dto/report.dto.js';
import { renderJurisdictionReport } from './jurisdiction-report.pdf.js';
import { type JurisdictionReportMeta, JurisdictionReportsService } from './jurisdiction-reports.service.js';
import { renderRegulatorReport } from './regulator-report.pdf.js';
import { reportCsvZip, reportDefinition } from './report-csv.js';
import { type ReportMeta, ReportsService } from './reports.service.js';
import type { RegulatorReport } from './report-content.js';
import type { JurisdictionReport } from './rules/jurisdiction.js';
import { generatesInBackground, resolvePeriod } from './rules/period.js';
import { type SupervisedCooperative, SupervisionService } from './supervision.service.js';

const READERS = ['admin', 'auditor', 'supervisor'] as const;

/** Answers 202 with the job, pointing at where to follow it. */
function accepted(reply: FastifyReply, job: JobView): JobView {
  void reply.status(202).header('location', `/api/v1/jobs/${job.id}`);
  return job;
}

function download(reply: FastifyReply, type: string, filename: string, body: Buffer): Buffer {
  void reply
    .header('content-type', type)
    .header('content-disposition', `${type === 'application/pdf' ? 'inline' : 'attachment'}; filename="${filename}"`)
    .header('cache-control', 'private, no-store');
  return body;
}

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
   * read-only roles (auditor, supervisor), so they would get 403 anyway. A month or less is
   * generated within the request (201 with the report); longer periods, or any period with
   * `Prefer: respond-async`, are queued (202 with the job, whose result names the report).
   */
  @Post()
  @Roles('admin')
  async generate(
    @Auth() auth: TenantAuthContext,
    @Body() dto: GenerateReportDto,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<(ReportMeta & { content: RegulatorReport }) | JobView> {
    if (generatesInBackground(resolvePeriod(dto), prefer)) return accepted(reply, await this.reports.enqueue(auth, dto));
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
    return download(reply, 'application/pdf', `report-${report.periodKey}-v${report.version}.pdf`, pdf);
  }

  /** One CSV per section of templates/reports/regulator-report.json, zipped; values as in the JSON. */
  @Get(':reportId.csv.zip')
  @Roles(...READERS)
  async csv(
    @Auth() auth: TenantAuthContext,
    @Param('reportId', ParseUUIDPipe) reportId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const report = await this.reports.get(auth, reportId);
    const zip = reportCsvZip(reportDefinition('regulator-report'), report.content, new Date(report.generatedAt));
    return download(reply, 'application/zip', `report-${report.periodKey}-v${report.version}.csv.zip`, zip);
  }

  /** The stored content alone, byte for byte what the hash covers once canonicalised. */
  @Get(':reportId.json')
  @Roles(...READERS)
  async json(@Auth() auth: TenantAuthContext, @Param('reportId', ParseUUIDPipe) reportId: string): Promise<RegulatorReport> {
    return (await this.reports.get(auth, reportId)).content;
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
  constructor(
    private readonly supervision: SupervisionService,
    private readonly jurisdictionReports: JurisdictionReportsService,
    private readonly catalogue: Catalogue,
  ) {}

  @Get('cooperatives')
  @Roles('supervisor')
  async cooperatives(@Auth() auth: AuthContext, @Query() query: SupervisionQueryDto): Promise<SupervisedCooperative[]> {
    return this.supervision.list(auth, query.sort);
  }

  /** Queues a province-wide report (always a job: 202); it writes nothing of the cooperatives'. */
  @Post('reports')
  @Roles('supervisor')
  @ReadsOnly()
  async generate(@Auth() auth: AuthContext, @Body() dto: GenerateJurisdictionReportDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<JobView> {
    return accepted(reply, await this.jurisdictionReports.enqueue(auth, dto));
  }

  @Get('reports')
  @Roles('supervisor')
  async list(@Auth() auth: AuthContext): Promise<JurisdictionReportMeta[]> {
    return this.jurisdictionReports.list(auth);
  }

  @Get('reports/:reportId.pdf')
  @Roles('supervisor')
  async pdf(
    @Auth() auth: AuthContext,
    @Param('reportId', ParseUUIDPipe) reportId: string,
    @Query() query: ReportPdfQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const report = await this.jurisdictionReports.get(auth, reportId);
    const pdf = await renderJurisdictionReport(report, this.catalogue, query.lang ?? 'fr');
    return download(reply, 'application/pdf', `jurisdiction-${report.province}-${report.periodKey}-v${report.version}.pdf`, pdf);
  }

  @Get('reports/:reportId.csv.zip')
  @Roles('supervisor')
  async csv(@Auth() auth: AuthContext, @Param('reportId', ParseUUIDPipe) reportId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const report = await this.jurisdictionReports.get(auth, reportId);
    const zip = reportCsvZip(reportDefinition('jurisdiction-report'), report.content, new Date(report.generatedAt));
    return download(reply, 'application/zip', `jurisdiction-${report.periodKey}-v${report.version}.csv.zip`, zip);
  }

  @Get('reports/:reportId')
  @Roles('supervisor')
  async get(@Auth() auth: AuthContext, @Param('reportId', ParseUUIDPipe) reportId: string): Promise<JurisdictionReportMeta & { content: JurisdictionReport }> {
    return this.jurisdictionReports.get(auth, reportId);
  }
}
