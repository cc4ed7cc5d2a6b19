import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Put, Query, Req, Res, UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Auth, type TenantAuthContext } from '../../auth/auth-context.js';
import { Roles } from '../../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../../auth/roles.js';
import { type Page, PageOfView } from '../../common/pagination.js';
import { UploadLimit } from '../../common/upload-body.js';
import { EVIDENCE_CONTENT_TYPES, evidenceContentType, MAX_EVIDENCE_BYTES } from '../../risk/evidence-file.js';
import { DiamondsService } from './diamonds.service.js';
import { CreateParcelDto, DiamondReconciliationQueryDto, ListDiamondRecordsDto, RecordCertificateDto, UpdateDiamondSettingsDto } from './dto/diamond.dto.js';
import { DiamondReconciliationView, DiamondSettingsView, KimberleyCertificateView, ParcelDetailView, ParcelView } from './dto/diamond.view.js';
import { ApiEvidenceDownload, sendEvidence } from '../../risk/evidence-reply.js';

@ApiTags('diamonds')
@Controller('cooperatives/:cooperativeId')
export class DiamondsController {
  constructor(private readonly diamonds: DiamondsService) {}

  @Post('diamond-parcels')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: 'Open a parcel that diamond purchases go into.' })
  @ApiCreatedResponse({ type: ParcelView })
  createParcel(@Auth() auth: TenantAuthContext, @Body() dto: CreateParcelDto): Promise<ParcelView> {
    return this.diamonds.createParcel(auth, dto);
  }

  @Get('diamond-parcels')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'List the parcels, newest first, with their carats, stones and state.' })
  @ApiOkResponse({ type: PageOfView(ParcelView) })
  parcels(@Auth() auth: TenantAuthContext, @Query() query: ListDiamondRecordsDto): Promise<Page<ParcelView>> {
    return this.diamonds.parcels(auth, query);
  }

  @Get('diamond-parcels/:parcelId')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'Read a parcel with the purchases in it.' })
  @ApiOkResponse({ type: ParcelDetailView })
  parcel(@Auth() auth: TenantAuthContext, @Param('parcelId', ParseUUIDPipe) parcelId: string): Promise<ParcelDetailView> {
    return this.diamonds.parcel(auth, parcelId);
  }

  @Post('kimberley-certificates')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: 'Record the Kimberley Process certificate of sold parcels.' })
  @ApiCreatedResponse({ type: KimberleyCertificateView })
  recordCertificate(@Auth() auth: TenantAuthContext, @Body() dto: RecordCertificateDto): Promise<KimberleyCertificateView> {
    return this.diamonds.recordCertificate(auth, dto);
  }

  @Get('kimberley-certificates')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'List the Kimberley Process certificates, latest issue first.' })
  @ApiOkResponse({ type: PageOfView(KimberleyCertificateView) })
  certificates(@Auth() auth: TenantAuthContext, @Query() query: ListDiamondRecordsDto): Promise<Page<KimberleyCertificateView>> {
    return this.diamonds.certificates(auth, query);
  }

  @Get('kimberley-certificates/:certificateId')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'Read a Kimberley Process certificate.' })
  @ApiOkResponse({ type: KimberleyCertificateView })
  certificate(@Auth() auth: TenantAuthContext, @Param('certificateId', ParseUUIDPipe) certificateId: string): Promise<KimberleyCertificateView> {
    return this.diamonds.certificate(auth, certificateId);
  }

  /** Raw JPEG, PNG or PDF body (at most 2 MiB, else 413); any other Content-Type is 415. One scan per certificate. */
  @Post('kimberley-certificates/:certificateId/scan')
  @Roles('admin', 'officer')
  @UploadLimit(MAX_EVIDENCE_BYTES)
  @ApiOperation({ summary: 'Attach the scan of a Kimberley Process certificate.' })
  @ApiConsumes(...EVIDENCE_CONTENT_TYPES)
  @ApiCreatedResponse({ type: KimberleyCertificateView })
  uploadScan(
    @Auth() auth: TenantAuthContext,
    @Param('certificateId', ParseUUIDPipe) certificateId: string,
    @Headers('x-file-name') fileName: string | undefined,
    @Req() request: FastifyRequest,
  ): Promise<KimberleyCertificateView> {
    const contentType = evidenceContentType(request.headers['content-type']);
    if (!contentType) throw new UnsupportedMediaTypeException('A certificate scan must be image/jpeg, image/png or application/pdf');
    return this.diamonds.uploadScan(auth, certificateId, contentType, request.body, fileName);
  }

  @Get('kimberley-certificates/:certificateId/scan')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'Download the scan of a Kimberley Process certificate.' })
  @ApiEvidenceDownload()
  async scan(
    @Auth() auth: TenantAuthContext,
    @Param('certificateId', ParseUUIDPipe) certificateId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return sendEvidence(reply, await this.diamonds.scan(auth, certificateId));
  }

  @Get('diamond-reconciliation')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'Carats purchased, sold and certified per site in a month, and each certificate against our carats.' })
  @ApiOkResponse({ type: DiamondReconciliationView })
  reconciliation(@Auth() auth: TenantAuthContext, @Query() query: DiamondReconciliationQueryDto): Promise<DiamondReconciliationView> {
    return this.diamonds.reconciliation(auth, query.month);
  }

  @Get('diamond-reconciliation-settings')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'Read the tolerance certificates are judged by.' })
  @ApiOkResponse({ type: DiamondSettingsView })
  settings(@Auth() auth: TenantAuthContext): Promise<DiamondSettingsView> {
    return this.diamonds.settings(auth);
  }

  @Put('diamond-reconciliation-settings')
  @Roles('admin')
  @ApiOperation({ summary: 'Change the tolerance certificates are judged by.' })
  @ApiOkResponse({ type: DiamondSettingsView })
  updateSettings(@Auth() auth: TenantAuthContext, @Body() dto: UpdateDiamondSettingsDto): Promise<DiamondSettingsView> {
    return this.diamonds.updateSettings(auth, dto);
  }
}
