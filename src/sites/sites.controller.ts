import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtension, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../auth/roles.js';
import { negotiateLocale } from '../common/i18n/locale.js';
import { Catalogue } from '../common/i18n/catalogue.js';
import { type Page, PageOfView } from '../common/pagination.js';
import { ApiDocumentResponse, sendDocument } from '../common/pdf/reply.js';
import { GateDecisionView, GateEventView } from './dto/gate-event.view.js';
import { GateSnapshotPayloadView, GateSnapshotView } from './dto/gate-snapshot.view.js';
import { GateScanDto, ListGateEventsDto, MusterQueryDto } from './dto/gate.dto.js';
import { HeadcountView } from './dto/headcount.view.js';
import { CreateSiteDto, CreateZoneDto, UpdateSiteDto, UpdateZoneDto } from './dto/site.dto.js';
import { SiteDetailView, SiteView, SiteZoneView } from './dto/site.view.js';
import { GateEventsService } from './gate-events.service.js';
import { GateSnapshotService } from './gate-snapshot.service.js';
import { GateService } from './gate.service.js';
import { renderMusterList } from './muster.pdf.js';
import { PresenceService } from './presence.service.js';
import { SitesService } from './sites.service.js';
import { ZonesService } from './zones.service.js';

@ApiTags('sites')
@ApiExtraModels(GateSnapshotPayloadView)
@Controller('cooperatives/:cooperativeId/sites')
export class SitesController {
  constructor(
    private readonly sites: SitesService,
    private readonly zones: ZonesService,
    private readonly gate: GateService,
    private readonly gateEvents: GateEventsService,
    private readonly presences: PresenceService,
    private readonly snapshots: GateSnapshotService,
    private readonly catalogue: Catalogue,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a mine site (a repeated request with the same id answers the site it created).' })
  @ApiCreatedResponse({ type: SiteView })
  create(@Auth() auth: TenantAuthContext, @Body() dto: CreateSiteDto): Promise<SiteView> {
    return this.sites.createSite(auth, dto);
  }

  @Get()
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: "List the cooperative's mine sites by name." })
  @ApiOkResponse({ type: [SiteView] })
  list(@Auth() auth: TenantAuthContext): Promise<SiteView[]> {
    return this.sites.listSites(auth);
  }

  @Get(':siteId')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'Read a mine site with its zones.' })
  @ApiOkResponse({ type: SiteDetailView })
  get(@Auth() auth: TenantAuthContext, @Param('siteId', ParseUUIDPipe) siteId: string): Promise<SiteDetailView> {
    return this.sites.getSite(auth, siteId);
  }

  @Patch(':siteId')
  @Roles('admin')
  @ApiOperation({ summary: 'Amend a mine site, or close it (with a reason) or reopen it.' })
  @ApiOkResponse({ type: SiteView })
  update(@Auth() auth: TenantAuthContext, @Param('siteId', ParseUUIDPipe) siteId: string, @Body() dto: UpdateSiteDto): Promise<SiteView> {
    return this.sites.updateSite(auth, siteId, dto);
  }

  @Post(':siteId/zones')
  @Roles('admin')
  @ApiOperation({ summary: 'Add a zone to a site, with the PPE, trainings and capacity it requires.' })
  @ApiCreatedResponse({ type: SiteZoneView })
  createZone(@Auth() auth: TenantAuthContext, @Param('siteId', ParseUUIDPipe) siteId: string, @Body() dto: CreateZoneDto): Promise<SiteZoneView> {
    return this.zones.createZone(auth, siteId, dto);
  }

  @Get(':siteId/zones')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'List the zones of a site by name.' })
  @ApiOkResponse({ type: [SiteZoneView] })
  listZones(@Auth() auth: TenantAuthContext, @Param('siteId', ParseUUIDPipe) siteId: string): Promise<SiteZoneView[]> {
    return this.zones.listZones(auth, siteId);
  }

  @Patch(':siteId/zones/:zoneId')
  @Roles('admin')
  @ApiOperation({ summary: 'Amend a zone of a site.' })
  @ApiOkResponse({ type: SiteZoneView })
  updateZone(
    @Auth() auth: TenantAuthContext,
    @Param('siteId', ParseUUIDPipe) siteId: string,
    @Param('zoneId', ParseUUIDPipe) zoneId: string,
    @Body() dto: UpdateZoneDto,
  ): Promise<SiteZoneView> {
    return this.zones.updateZone(auth, siteId, zoneId, dto);
  }

  @Post(':siteId/gate')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: 'Record one scan at a zone gate and answer whether the person may pass, with every reason worded.' })
  @ApiCreatedResponse({ type: GateDecisionView })
  gateScan(
    @Auth() auth: TenantAuthContext,
    @Param('siteId', ParseUUIDPipe) siteId: string,
    @Body() dto: GateScanDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ): Promise<GateDecisionView> {
    return this.gate.scan(auth, siteId, dto, negotiateLocale(acceptLanguage));
  }

  @Get(':siteId/gate-snapshot')
  @Roles('admin', 'officer')
  @ApiOperation({
    summary: 'Everything the gate needs to decide at this site offline, signed (Ed25519) and valid 24 h.',
    description:
      'Verify `signature` over the UTF-8 bytes of `payload` with the key of GET /api/v1/gate-snapshot-key, then parse `payload` ' +
      "(shape in x-payload-schema and src/sites/gate-snapshot.ts). A scanned QR token is genuine when its SHA-256 is in the member's tokenDigests.",
  })
  @ApiOkResponse({ type: GateSnapshotView })
  @ApiExtension('x-payload-schema', { $ref: getSchemaPath(GateSnapshotPayloadView) })
  snapshot(@Auth() auth: TenantAuthContext, @Param('siteId', ParseUUIDPipe) siteId: string): Promise<GateSnapshotView> {
    return this.snapshots.snapshot(auth, siteId);
  }

  @Get(':siteId/gate-events')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: "A page of the site's gate events, newest capture first, with their reasons worded." })
  @ApiOkResponse({ type: PageOfView(GateEventView) })
  events(
    @Auth() auth: TenantAuthContext,
    @Param('siteId', ParseUUIDPipe) siteId: string,
    @Query() query: ListGateEventsDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ): Promise<Page<GateEventView>> {
    return this.gateEvents.listEvents(auth, siteId, query, negotiateLocale(acceptLanguage));
  }

  @Get(':siteId/presence')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'Who is inside the site now, per zone, and who overstays its closing hour.' })
  @ApiOkResponse({ type: HeadcountView })
  presence(@Auth() auth: TenantAuthContext, @Param('siteId', ParseUUIDPipe) siteId: string): Promise<HeadcountView> {
    return this.presences.presence(auth, siteId);
  }

  @Get(':siteId/muster.pdf')
  @Roles('admin', 'officer', 'auditor', 'supervisor')
  @ApiOperation({ summary: 'The emergency roll call: everyone inside the site, per zone, as a PDF to tick.' })
  @ApiDocumentResponse('application/pdf')
  async muster(
    @Auth() auth: TenantAuthContext,
    @Param('siteId', ParseUUIDPipe) siteId: string,
    @Query() query: MusterQueryDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const muster = await this.presences.muster(auth, siteId);
    const pdf = await renderMusterList(muster, this.catalogue, query.lang ?? negotiateLocale(acceptLanguage));
    return sendDocument(reply, `muster-${muster.siteCode}.pdf`, pdf);
  }
}
