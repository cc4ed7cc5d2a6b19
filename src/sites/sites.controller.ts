import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../auth/roles.js';
import { Catalogue } from '../common/i18n/catalogue.js';
import { negotiateLocale } from '../common/i18n/locale.js';
import { GateScanDto, ListGateEventsDto, MusterQueryDto } from './dto/gate.dto.js';
import { CreateSiteDto, CreateZoneDto, UpdateSiteDto, UpdateZoneDto } from './dto/site.dto.js';
import { translateGateAnswer, type TranslatedGateAnswer } from './gate-answer.js';
import type { SignedGateSnapshot } from './gate-snapshot.js';
import { SIGNED_GATE_SNAPSHOT_SCHEMA } from './gate-snapshot.openapi.js';
import { GateSnapshotService } from './gate-snapshot.service.js';
import { renderMusterList } from './muster.pdf.js';
import { type Presence, type SiteView, SitesService, type ZoneView } from './sites.service.js';

@ApiTags('sites')
@ApiBearerAuth()
@Controller('cooperatives/:cooperativeId/sites')
export class SitesController {
  constructor(
    private readonly sites: SitesService,
    private readonly snapshots: GateSnapshotService,
    private readonly catalogue: Catalogue,
  ) {}

  @Post()
  @Roles('admin')
  create(@Auth() auth: TenantAuthContext, @Body() dto: CreateSiteDto): Promise<SiteView> {
    return this.sites.createSite(auth, dto);
  }

  @Get()
  @Roles(...ANY_MEMBER_ROLE)
  list(@Auth() auth: TenantAuthContext): Promise<SiteView[]> {
    return this.sites.listSites(auth);
  }

  @Get(':siteId')
  @Roles(...ANY_MEMBER_ROLE)
  get(@Auth() auth: TenantAuthContext, @Param('siteId', ParseUUIDPipe) siteId: string): Promise<SiteView & { zones: ZoneView[] }> {
    return this.sites.getSite(auth, siteId);
  }

  @Patch(':siteId')
  @Roles('admin')
  update(@Auth() auth: TenantAuthContext, @Param('siteId', ParseUUIDPipe) siteId: string, @Body() dto: UpdateSiteDto): Promise<SiteView> {
    return this.sites.updateSite(auth, siteId, dto);
  }

  @Post(':siteId/zones')
  @Roles('admin')
  createZone(@Auth() auth: TenantAuthContext, @Param('siteId', ParseUUIDPipe) siteId: string, @Body() dto: CreateZoneDto): Promise<ZoneView> {
    return this.sites.createZone(auth, siteId, dto);
  }

  @Get(':siteId/zones')
  @Roles(...ANY_MEMBER_ROLE)
  zones(@Auth() auth: TenantAuthContext, @Param('siteId', ParseUUIDPipe) siteId: string): Promise<ZoneView[]> {
    return this.sites.listZones(auth, siteId);
  }

  @Patch(':siteId/zones/:zoneId')
  @Roles('admin')
  updateZone(
    @Auth() auth: TenantAuthContext,
    @Param('siteId', ParseUUIDPipe) siteId: string,
    @Param('zoneId', ParseUUIDPipe) zoneId: string,
    @Body() dto: UpdateZoneDto,
  ): Promise<ZoneView> {
    return this.sites.updateZone(auth, siteId, zoneId, dto);
  }

  @Post(':siteId/gate')
  @Roles('admin', 'officer')
  async gate(
    @Auth() auth: TenantAuthContext,
    @Param('siteId', ParseUUIDPipe) siteId: string,
    @Body() dto: GateScanDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ): Promise<TranslatedGateAnswer> {
    return translateGateAnswer(await this.sites.scan(auth, siteId, dto), this.catalogue, negotiateLocale(acceptLanguage));
  }

  @Get(':siteId/gate-snapshot')
  @Roles('admin', 'officer')
  @ApiOperation({
    summary: 'Everything the gate needs to decide at this site offline, signed (Ed25519) and valid 24 h.',
    description:
      'Verify `signature` over the UTF-8 bytes of `payload` with the key of GET /api/v1/gate-snapshot-key, then parse `payload` ' +
      '(shape in x-payload-schema and src/sites/gate-snapshot.ts). A scanned QR token is genuine when its SHA-256 is in the member\'s tokenDigests.',
  })
  @ApiOkResponse({ schema: SIGNED_GATE_SNAPSHOT_SCHEMA })
  snapshot(@Auth() auth: TenantAuthContext, @Param('siteId', ParseUUIDPipe) siteId: string): Promise<SignedGateSnapshot> {
    return this.snapshots.snapshot(auth, siteId);
  }

  @Get(':siteId/gate-events')
  @Roles(...ANY_MEMBER_ROLE)
  async events(
    @Auth() auth: TenantAuthContext,
    @Param('siteId', ParseUUIDPipe) siteId: string,
    @Query() query: ListGateEventsDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ): Promise<{ items: TranslatedGateAnswer[]; nextCursor: string | null }> {
    const page = await this.sites.listEvents(auth, siteId, query);
    const locale = negotiateLocale(acceptLanguage);
    return { items: page.items.map((item) => translateGateAnswer(item, this.catalogue, locale)), nextCursor: page.nextCursor };
  }

  @Get(':siteId/presence')
  @Roles(...ANY_MEMBER_ROLE)
  presence(@Auth() auth: TenantAuthContext, @Param('siteId', ParseUUIDPipe) siteId: string): Promise<Presence> {
    return this.sites.presence(auth, siteId);
  }

  @Get(':siteId/muster.pdf')
  @Roles('admin', 'officer', 'auditor', 'supervisor')
  async muster(
    @Auth() auth: TenantAuthContext,
    @Param('siteId', ParseUUIDPipe) siteId: string,
    @Query() query: MusterQueryDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const muster = await this.sites.musterData(auth, siteId);
    const pdf = await renderMusterList(muster, this.catalogue, query.lang ?? negotiateLocale(acceptLanguage));
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="muster-${muster.siteCode}.pdf"`)
      .header('cache-control', 'private, no-store');
    return pdf;
  }
}
