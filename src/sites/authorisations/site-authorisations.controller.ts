import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query, Req, Res, UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Auth, type TenantAuthContext } from '../../auth/auth-context.js';
import { Roles } from '../../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../../auth/roles.js';
import { UploadLimit } from '../../common/upload-body.js';
import { EVIDENCE_CONTENT_TYPES, evidenceContentType, MAX_EVIDENCE_BYTES } from '../../risk/evidence-file.js';
import { AuthorisationRemindersQuery, CreateSiteAuthorisationDto, RenewSiteAuthorisationDto, UpdateSiteAuthorisationDto } from './dto/site-authorisation.dto.js';
import { AuthorisationRemindersView, SiteAuthorisationView } from './dto/site-authorisation.view.js';
import { SiteAuthorisationsService } from './site-authorisations.service.js';

const WRITERS = ['admin', 'officer'] as const;

@ApiTags('sites')
@Controller('cooperatives/:cooperativeId/sites/:siteId/authorisations')
export class SiteAuthorisationsController {
  constructor(private readonly authorisations: SiteAuthorisationsService) {}

  @Post()
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Records a permit of the site (ZEA, exploitation authorisation, environmental obligations…).' })
  @ApiCreatedResponse({ type: SiteAuthorisationView })
  create(@Auth() auth: TenantAuthContext, @Param('siteId', ParseUUIDPipe) siteId: string, @Body() dto: CreateSiteAuthorisationDto): Promise<SiteAuthorisationView> {
    return this.authorisations.create(auth, siteId, dto);
  }

  @Get()
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: "Lists the site's permits, current and renewed, each with how it stands today." })
  @ApiOkResponse({ type: [SiteAuthorisationView] })
  list(@Auth() auth: TenantAuthContext, @Param('siteId', ParseUUIDPipe) siteId: string): Promise<SiteAuthorisationView[]> {
    return this.authorisations.list(auth, siteId);
  }

  @Get(':authorisationId')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'Reads one permit of the site.' })
  @ApiOkResponse({ type: SiteAuthorisationView })
  get(@Auth() auth: TenantAuthContext, @Param('siteId', ParseUUIDPipe) siteId: string, @Param('authorisationId', ParseUUIDPipe) authorisationId: string): Promise<SiteAuthorisationView> {
    return this.authorisations.get(auth, siteId, authorisationId);
  }

  @Patch(':authorisationId')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Corrects what was recorded of a permit; a new paper is a renewal.' })
  @ApiOkResponse({ type: SiteAuthorisationView })
  update(
    @Auth() auth: TenantAuthContext,
    @Param('siteId', ParseUUIDPipe) siteId: string,
    @Param('authorisationId', ParseUUIDPipe) authorisationId: string,
    @Body() dto: UpdateSiteAuthorisationDto,
  ): Promise<SiteAuthorisationView> {
    return this.authorisations.update(auth, siteId, authorisationId, dto);
  }

  @Post(':authorisationId/renewals')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Records the renewed paper, which replaces this one.' })
  @ApiCreatedResponse({ type: SiteAuthorisationView })
  renew(
    @Auth() auth: TenantAuthContext,
    @Param('siteId', ParseUUIDPipe) siteId: string,
    @Param('authorisationId', ParseUUIDPipe) authorisationId: string,
    @Body() dto: RenewSiteAuthorisationDto,
  ): Promise<SiteAuthorisationView> {
    return this.authorisations.renew(auth, siteId, authorisationId, dto);
  }

  /** Raw JPEG, PNG or PDF body, at most 2 MiB (413 beyond), like risk evidence; another type is 415. */
  @Post(':authorisationId/scan')
  @UploadLimit(MAX_EVIDENCE_BYTES)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Attaches the scanned paper; the latest scan is the one shown.' })
  @ApiConsumes(...EVIDENCE_CONTENT_TYPES)
  @ApiCreatedResponse({ type: SiteAuthorisationView })
  uploadScan(
    @Auth() auth: TenantAuthContext,
    @Param('siteId', ParseUUIDPipe) siteId: string,
    @Param('authorisationId', ParseUUIDPipe) authorisationId: string,
    @Req() request: FastifyRequest,
  ): Promise<SiteAuthorisationView> {
    const contentType = evidenceContentType(request.headers['content-type']);
    if (!contentType) throw new UnsupportedMediaTypeException('A scan must be image/jpeg, image/png or application/pdf');
    return this.authorisations.uploadScan(auth, siteId, authorisationId, contentType, request.body);
  }

  @Get(':authorisationId/scan')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'Downloads the latest scan of the paper.' })
  @ApiProduces(...EVIDENCE_CONTENT_TYPES)
  @ApiOkResponse({ description: 'The file as uploaded.', content: Object.fromEntries(EVIDENCE_CONTENT_TYPES.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])) })
  async scan(
    @Auth() auth: TenantAuthContext,
    @Param('siteId', ParseUUIDPipe) siteId: string,
    @Param('authorisationId', ParseUUIDPipe) authorisationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.authorisations.scan(auth, siteId, authorisationId);
    void reply.header('content-type', file.contentType).header('content-disposition', 'attachment').header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store');
    return file.content;
  }
}

@ApiTags('sites')
@Controller('cooperatives/:cooperativeId/site-authorisations')
export class SiteAuthorisationRemindersController {
  constructor(private readonly authorisations: SiteAuthorisationsService) {}

  @Get('reminders')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'Current permits of every site with a reminder due (90, 30, 7 days before expiry) or already expired, on the cooperative’s date.' })
  @ApiOkResponse({ type: AuthorisationRemindersView })
  reminders(@Auth() auth: TenantAuthContext, @Query() query: AuthorisationRemindersQuery): Promise<AuthorisationRemindersView> {
    return this.authorisations.reminders(auth, query.on);
  }
}
