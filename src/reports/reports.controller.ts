import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, type AuthContext, type TenantAuthContext } from '../auth/auth-context.js';
import { ReadsOnly, Roles } from '../auth/roles.decorator.js';
import { Catalogue } from '../common/i18n/catalogue.js';
import { ApiDocumentResponse, sendDocument } from '../common/pdf/reply.js';
import { JobView } from '../jobs/dto/job.view.js';
import { GenerateJurisdictionReportDto, GenerateReportDto, ReportPdfQueryDto, SupervisionQueryDto } from './dto/report.dto.js';
import { JurisdictionReportSummaryView, JurisdictionReportView, RegulatorReportContentView, RegulatorReportSummaryView, RegulatorReportView, SupervisedCooperativeView } from './dto/report.view.js';
import { renderJurisdictionReport } from './jurisdiction-report.pdf.js';
import { JurisdictionReportsService } from './jurisdiction-reports.service.js';
import { renderRegulatorReport } from './regulator-report.pdf.js';
import type { RegulatorReport } from './report-content.js';
import { reportCsvZip, reportDefinition } from './report-csv.js';
import { ReportsService } from './reports.service.js';
import { generatesInBackground, resolvePeriod } from './rules/period.js';
import { SupervisionService } from './supervision.service.js';

const READERS = ['admin', 'auditor', 'supervisor'] as const;
const QUEUED = 'Queued: the job, whose result names the stored report (Location: the job).';

/** Answers 202 with the job, pointing at where to follow it. */
function accepted(reply: FastifyReply, job: JobView): JobView {
  void reply.status(202).header('location', `/api/v1/jobs/${job.id}`);
  return job;
}

@ApiTags('reports')
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
  @ApiOperation({ summary: 'Generates the regulator report of a period, or queues it when long.' })
  @ApiCreatedResponse({ type: RegulatorReportView })
  @ApiAcceptedResponse({ description: QUEUED, type: JobView })
  async generate(
    @Auth() auth: TenantAuthContext,
    @Body() dto: GenerateReportDto,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegulatorReportView | JobView> {
    if (generatesInBackground(resolvePeriod(dto), prefer)) return accepted(reply, await this.reports.enqueue(auth, dto));
    return this.reports.generate(auth, dto);
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Lists the stored regulator reports, newest first.' })
  @ApiOkResponse({ type: [RegulatorReportSummaryView] })
  async list(@Auth() auth: TenantAuthContext): Promise<RegulatorReportSummaryView[]> {
    return this.reports.list(auth);
  }

  @Get(':reportId.pdf')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Prints a stored regulator report as PDF, in French or English.' })
  @ApiDocumentResponse('application/pdf')
  async pdf(
    @Auth() auth: TenantAuthContext,
    @Param('reportId', ParseUUIDPipe) reportId: string,
    @Query() query: ReportPdfQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const report = await this.reports.get(auth, reportId);
    const pdf = await renderRegulatorReport(report, this.catalogue, query.lang ?? 'fr');
    return sendDocument(reply, `report-${report.periodKey}-v${report.version}.pdf`, pdf);
  }

  /** One CSV per section of templates/reports/regulator-report.json, zipped; values as in the JSON. */
  @Get(':reportId.csv.zip')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Exports a stored regulator report as CSV files, one per section, zipped.' })
  @ApiDocumentResponse('application/zip')
  async csv(
    @Auth() auth: TenantAuthContext,
    @Param('reportId', ParseUUIDPipe) reportId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const report = await this.reports.get(auth, reportId);
    const zip = reportCsvZip(reportDefinition('regulator-report'), report.content, new Date(report.generatedAt));
    return sendDocument(reply, `report-${report.periodKey}-v${report.version}.csv.zip`, zip, 'application/zip');
  }

  /** The stored content alone, byte for byte what the hash covers once canonicalised. */
  @Get(':reportId.json')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Shows the content of a stored regulator report alone, as hashed.' })
  @ApiOkResponse({ type: RegulatorReportContentView })
  async json(@Auth() auth: TenantAuthContext, @Param('reportId', ParseUUIDPipe) reportId: string): Promise<RegulatorReport> {
    return (await this.reports.get(auth, reportId)).content;
  }

  @Get(':reportId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Shows a stored regulator report with its content.' })
  @ApiOkResponse({ type: RegulatorReportView })
  async get(@Auth() auth: TenantAuthContext, @Param('reportId', ParseUUIDPipe) reportId: string): Promise<RegulatorReportView> {
    return this.reports.get(auth, reportId);
  }
}

@ApiTags('reports')
@Controller('supervision')
export class SupervisionController {
  constructor(
    private readonly supervision: SupervisionService,
    private readonly jurisdictionReports: JurisdictionReportsService,
    private readonly catalogue: Catalogue,
  ) {}

  @Get('cooperatives')
  @Roles('supervisor')
  @ApiOperation({ summary: 'Lists the cooperatives of the supervisor’s jurisdiction with their headline figures.' })
  @ApiOkResponse({ type: [SupervisedCooperativeView] })
  async cooperatives(@Auth() auth: AuthContext, @Query() query: SupervisionQueryDto): Promise<SupervisedCooperativeView[]> {
    return this.supervision.list(auth, query.sort);
  }

  /** Queues a province-wide report (always a job: 202); it writes nothing of the cooperatives'. */
  @Post('reports')
  @Roles('supervisor')
  @ReadsOnly()
  @ApiOperation({ summary: 'Queues the report of a province the supervisor oversees.' })
  @ApiAcceptedResponse({ description: QUEUED, type: JobView })
  async generate(@Auth() auth: AuthContext, @Body() dto: GenerateJurisdictionReportDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<JobView> {
    return accepted(reply, await this.jurisdictionReports.enqueue(auth, dto));
  }

  @Get('reports')
  @Roles('supervisor')
  @ApiOperation({ summary: 'Lists the supervisor’s province reports, newest first.' })
  @ApiOkResponse({ type: [JurisdictionReportSummaryView] })
  async list(@Auth() auth: AuthContext): Promise<JurisdictionReportSummaryView[]> {
    return this.jurisdictionReports.list(auth);
  }

  @Get('reports/:reportId.pdf')
  @Roles('supervisor')
  @ApiOperation({ summary: 'Prints a province report as PDF, in French or English.' })
  @ApiDocumentResponse('application/pdf')
  async pdf(
    @Auth() auth: AuthContext,
    @Param('reportId', ParseUUIDPipe) reportId: string,
    @Query() query: ReportPdfQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const report = await this.jurisdictionReports.get(auth, reportId);
    const pdf = await renderJurisdictionReport(report, this.catalogue, query.lang ?? 'fr');
    return sendDocument(reply, `jurisdiction-${report.province}-${report.periodKey}-v${report.version}.pdf`, pdf);
  }

  @Get('reports/:reportId.csv.zip')
  @Roles('supervisor')
  @ApiOperation({ summary: 'Exports a province report as CSV files, one per section, zipped.' })
  @ApiDocumentResponse('application/zip')
  async csv(@Auth() auth: AuthContext, @Param('reportId', ParseUUIDPipe) reportId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const report = await this.jurisdictionReports.get(auth, reportId);
    const zip = reportCsvZip(reportDefinition('jurisdiction-report'), report.content, new Date(report.generatedAt));
    return sendDocument(reply, `jurisdiction-${report.periodKey}-v${report.version}.csv.zip`, zip, 'application/zip');
  }

  @Get('reports/:reportId')
  @Roles('supervisor')
  @ApiOperation({ summary: 'Shows a province report with its content.' })
  @ApiOkResponse({ type: JurisdictionReportView })
  async get(@Auth() auth: AuthContext, @Param('reportId', ParseUUIDPipe) reportId: string): Promise<JurisdictionReportView> {
    return this.jurisdictionReports.get(auth, reportId);
  }
}
