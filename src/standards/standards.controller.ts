import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Auth, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import type { Role } from '../auth/roles.js';
import { Catalogue } from '../common/i18n/catalogue.js';
import { type Page, PageOfView } from '../common/pagination.js';
import { ApiDocumentResponse, sendDocument } from '../common/pdf/reply.js';
import { UploadLimit } from '../common/upload-body.js';
import { MAX_EVIDENCE_BYTES } from '../risk/evidence-file.js';
import { ApiEvidenceDownload, ApiEvidenceUpload, sendEvidence, uploadedEvidenceType } from '../risk/evidence-reply.js';
import { AssessmentEvidenceService } from './assessment-evidence.service.js';
import { renderAssessmentReport } from './assessment-report.pdf.js';
import { AssessmentPdfQuery, ComparisonQuery, CreateAssessmentDto, ListAssessmentsQuery, StandardQuery } from './dto/assessment.dto.js';
import { AssessmentComparisonView, AssessmentDetailView, AssessmentEvidenceView, AssessmentView } from './dto/assessment.view.js';
import { StandardSummaryView, standardSummaryOf, StandardView, standardViewOf } from './dto/standard.view.js';
import { SiteAssessmentsService } from './site-assessments.service.js';
import { StandardsCatalogue } from './standards-catalogue.js';

/** Assessments are read by those who check the cooperative; a treasurer keeps savings books, not sites. */
const ASSESSMENT_READERS: readonly Role[] = ['admin', 'officer', 'auditor', 'supervisor'];

@ApiTags('standards')
@Controller('standards')
export class StandardsController {
  constructor(private readonly catalogue: StandardsCatalogue) {}

  @ApiOperation({ summary: 'Lists the standards a site can be assessed against, each in its newest version.' })
  @ApiOkResponse({ type: [StandardSummaryView] })
  @Get()
  @Roles('authenticated')
  list(): StandardSummaryView[] {
    return this.catalogue.latestVersions().map((standard) => standardSummaryOf(standard, this.catalogue.versionsOf(standard.id)));
  }

  @ApiOperation({ summary: 'Shows one standard with its sections, requirements and criteria (the newest version unless `version`).' })
  @ApiOkResponse({ type: StandardView })
  @Get(':standardId')
  @Roles('authenticated')
  get(@Param('standardId') standardId: string, @Query() query: StandardQuery): StandardView {
    return standardViewOf(this.catalogue.get(standardId, query.version), this.catalogue.versionsOf(standardId));
  }
}

@ApiTags('standards')
@Controller('cooperatives/:cooperativeId/sites/:siteId/assessments')
export class SiteAssessmentsController {
  constructor(
    private readonly assessments: SiteAssessmentsService,
    private readonly evidence: AssessmentEvidenceService,
    private readonly catalogue: Catalogue,
  ) {}

  @ApiOperation({ summary: 'Records an assessment of the site against a standard; each failed "must" criterion opens a corrective action.' })
  @ApiCreatedResponse({ type: AssessmentDetailView })
  @Post()
  @Roles('admin', 'officer')
  create(@Auth() auth: TenantAuthContext, @Param('siteId', ParseUUIDPipe) siteId: string, @Body() dto: CreateAssessmentDto): Promise<AssessmentDetailView> {
    return this.assessments.create(auth, siteId, dto);
  }

  @ApiOperation({ summary: 'The site’s assessments, newest first, each with its trend against the previous one.' })
  @ApiOkResponse({ type: PageOfView(AssessmentView) })
  @Get()
  @Roles(...ASSESSMENT_READERS)
  list(@Auth() auth: TenantAuthContext, @Param('siteId', ParseUUIDPipe) siteId: string, @Query() query: ListAssessmentsQuery): Promise<Page<AssessmentView>> {
    return this.assessments.list(auth, siteId, query);
  }

  @ApiOperation({ summary: 'The assessment as a PDF report, in French or English.' })
  @ApiDocumentResponse()
  @Get(':assessmentId.pdf')
  @Roles(...ASSESSMENT_READERS)
  async pdf(
    @Auth() auth: TenantAuthContext,
    @Param('siteId', ParseUUIDPipe) siteId: string,
    @Param('assessmentId', ParseUUIDPipe) assessmentId: string,
    @Query() query: AssessmentPdfQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const report = await this.assessments.reportOf(auth, siteId, assessmentId);
    const pdf = await renderAssessmentReport(report, this.catalogue, query.lang ?? 'fr');
    return sendDocument(reply, `assessment-${report.detail.standardId}-${report.detail.assessedOn}.pdf`, pdf);
  }

  @ApiOperation({ summary: 'One assessment: scores per section, each criterion with its evidence, its action and the previous result.' })
  @ApiOkResponse({ type: AssessmentDetailView })
  @Get(':assessmentId')
  @Roles(...ASSESSMENT_READERS)
  get(@Auth() auth: TenantAuthContext, @Param('siteId', ParseUUIDPipe) siteId: string, @Param('assessmentId', ParseUUIDPipe) assessmentId: string): Promise<AssessmentDetailView> {
    return this.assessments.get(auth, siteId, assessmentId);
  }

  @ApiOperation({ summary: 'Compares two assessments of the site against the same standard, the older as `from`.' })
  @ApiOkResponse({ type: AssessmentComparisonView })
  @Get(':assessmentId/comparison')
  @Roles(...ASSESSMENT_READERS)
  compare(
    @Auth() auth: TenantAuthContext,
    @Param('siteId', ParseUUIDPipe) siteId: string,
    @Param('assessmentId', ParseUUIDPipe) assessmentId: string,
    @Query() query: ComparisonQuery,
  ): Promise<AssessmentComparisonView> {
    return this.assessments.compare(auth, siteId, assessmentId, query.with);
  }

  /** Raw JPEG, PNG or PDF body (at most 2 MiB, else 413), as for risk evidence; any other Content-Type is 415. */
  @ApiOperation({ summary: 'Attaches a photo or document to one criterion of an assessment.' })
  @ApiEvidenceUpload()
  @ApiCreatedResponse({ type: AssessmentEvidenceView })
  @Post(':assessmentId/criteria/:criterionId/evidence')
  @UploadLimit(MAX_EVIDENCE_BYTES)
  @Roles('admin', 'officer')
  upload(
    @Auth() auth: TenantAuthContext,
    @Param('siteId', ParseUUIDPipe) siteId: string,
    @Param('assessmentId', ParseUUIDPipe) assessmentId: string,
    @Param('criterionId') criterionId: string,
    @Headers('x-file-name') fileName: string | undefined,
    @Req() request: FastifyRequest,
  ): Promise<AssessmentEvidenceView> {
    const contentType = uploadedEvidenceType(request.headers['content-type']);
    return this.evidence.upload(auth, siteId, assessmentId, criterionId, contentType, request.body, fileName);
  }

  @ApiOperation({ summary: 'Downloads one file attached to a criterion of an assessment.' })
  @ApiEvidenceDownload()
  @Get(':assessmentId/criteria/:criterionId/evidence/:evidenceId')
  @Roles(...ASSESSMENT_READERS)
  async download(
    @Auth() auth: TenantAuthContext,
    @Param('siteId', ParseUUIDPipe) siteId: string,
    @Param('assessmentId', ParseUUIDPipe) assessmentId: string,
    @Param('criterionId') criterionId: string,
    @Param('evidenceId', ParseUUIDPipe) evidenceId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.evidence.download(auth, siteId, assessmentId, criterionId, evidenceId);
    return sendEvidence(reply, file);
  }
}
