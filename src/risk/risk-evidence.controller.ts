import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Put, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Auth, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { NoIdempotencyRecord } from '../common/idempotency/no-idempotency-record.decorator.js';
import { isAnonymousFlag } from './risk-references.js';
import { ANY_MEMBER_ROLE } from '../auth/roles.js';
import { UpdateRiskSettingsDto } from './dto/risk-settings.dto.js';
import { RiskEvidenceView, RiskSettingsView } from './dto/risk-evidence.view.js';
import { UploadLimit } from '../common/upload-body.js';
import { MAX_EVIDENCE_BYTES } from './evidence-file.js';
import { ApiEvidenceDownload, ApiEvidenceUpload, sendEvidence, uploadedEvidenceType } from './evidence-reply.js';
import { RiskEvidenceService } from './risk-evidence.service.js';
import { RiskSettingsService } from './risk-settings.service.js';

@ApiTags('risk')
@Controller('cooperatives/:cooperativeId/risk-flags/:flagId/evidence')
export class RiskEvidenceController {
  constructor(private readonly evidence: RiskEvidenceService) {}

  /**
   * Raw JPEG, PNG or PDF body (at most 2 MiB, else 413); the parsers and the route's body
   * limit are set up by RiskModule. Any other Content-Type is 415. On an anonymous flag no
   * idempotency row nor access-log line is kept: a retried upload may store the file twice
   * (same sha256, append-only).
   */
  @ApiOperation({ summary: 'Attaches a photo or document to a risk flag.' })
  @ApiEvidenceUpload()
  @ApiCreatedResponse({ type: RiskEvidenceView })
  @Post()
  @UploadLimit(MAX_EVIDENCE_BYTES)
  @Roles('admin', 'officer')
  @NoIdempotencyRecord((request, auth, db) => isAnonymousFlag(db, auth, (request.params as { flagId?: unknown }).flagId))
  upload(
    @Auth() auth: TenantAuthContext,
    @Param('flagId', ParseUUIDPipe) flagId: string,
    @Headers('x-file-name') fileName: string | undefined,
    @Req() request: FastifyRequest,
  ): Promise<RiskEvidenceView> {
    const contentType = uploadedEvidenceType(request.headers['content-type']);
    return this.evidence.upload(auth, flagId, contentType, request.body, fileName);
  }

  @ApiOperation({ summary: 'Lists the files attached to a risk flag.' })
  @ApiOkResponse({ type: [RiskEvidenceView] })
  @Get()
  @Roles(...ANY_MEMBER_ROLE)
  list(@Auth() auth: TenantAuthContext, @Param('flagId', ParseUUIDPipe) flagId: string): Promise<RiskEvidenceView[]> {
    return this.evidence.list(auth, flagId);
  }

  /** The file itself; a child-labour flag's evidence only for admins and officers. */
  @ApiOperation({ summary: 'Downloads one file attached to a risk flag.' })
  @ApiEvidenceDownload()
  @Get(':evidenceId')
  @Roles(...ANY_MEMBER_ROLE)
  async download(
    @Auth() auth: TenantAuthContext,
    @Param('flagId', ParseUUIDPipe) flagId: string,
    @Param('evidenceId', ParseUUIDPipe) evidenceId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.evidence.download(auth, flagId, evidenceId);
    return sendEvidence(reply, file);
  }
}

@ApiTags('risk')
@Controller('cooperatives/:cooperativeId/risk-settings')
export class RiskSettingsController {
  constructor(private readonly settings: RiskSettingsService) {}

  @ApiOperation({ summary: 'Shows the cooperative’s risk settings.' })
  @ApiOkResponse({ type: RiskSettingsView })
  @Get()
  @Roles(...ANY_MEMBER_ROLE)
  get(@Auth() auth: TenantAuthContext): Promise<RiskSettingsView> {
    return this.settings.get(auth);
  }

  @ApiOperation({ summary: 'Changes the cooperative’s risk settings.' })
  @ApiOkResponse({ type: RiskSettingsView })
  @Put()
  @Roles('admin')
  update(@Auth() auth: TenantAuthContext, @Body() dto: UpdateRiskSettingsDto): Promise<RiskSettingsView> {
    return this.settings.update(auth, dto);
  }
}
