import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { localDateIn } from '../common/time-zone.js';
import { Db } from '../database/db.js';
import type { TenantTx } from '../database/tx.js';
import type { CreateSiteDto, UpdateSiteDto } from './dto/site.dto.js';
import { type SiteDetailView, type SiteView, siteViewOf, zoneViewOf } from './dto/site.view.js';
import { boundaryChangeOf, newSiteValues, siteClosureOf, siteCodeOf, siteUpdateAction, updatedSiteValues } from './rules/site-values.js';
import { requireSite } from './site-lookups.js';
import { SitesRepository } from './sites.repository.js';

/** The cooperative's mine sites: created, listed, amended, closed and reopened by an admin. */
@Injectable()
export class SitesService {
  constructor(
    private readonly db: Db,
    private readonly sites: SitesRepository,
    private readonly audit: AuditService,
  ) {}

  /** With a client-chosen id, a repeated request answers the site it created. */
  async createSite(auth: TenantAuthContext, dto: CreateSiteDto): Promise<SiteView> {
    const values = newSiteValues(dto);
    return this.db.tenant(auth, async (tx) => {
      if (dto.id !== undefined) {
        const existing = await this.sites.site(tx, dto.id);
        if (existing !== null) {
          if (existing.code !== values.code) throw new DomainError('SITE_ID_TAKEN', { id: dto.id }, 'conflict');
          return siteViewOf(existing);
        }
      }
      await this.assertCodeFree(tx, values.code, null);
      const id = await this.sites.insertSite(tx, dto.id ?? null, values, auth.userId);
      if (id === '') throw new DomainError('SITE_ID_TAKEN', { id: dto.id ?? null }, 'conflict');
      const created = siteViewOf(await requireSite(this.sites, tx, id));
      await this.audit.record(tx, auth, { action: 'site.created', entity: 'site', entityId: id, after: { ...created } });
      return created;
    });
  }

  async listSites(auth: TenantAuthContext): Promise<SiteView[]> {
    return this.db.tenant(auth, async (tx) => (await this.sites.sites(tx)).map(siteViewOf));
  }

  async getSite(auth: TenantAuthContext, siteId: string): Promise<SiteDetailView> {
    return this.db.tenant(auth, async (tx) => {
      const site = await requireSite(this.sites, tx, siteId);
      const zones = await this.sites.zones(tx, siteId);
      return { ...siteViewOf(site), zones: zones.map(zoneViewOf) };
    });
  }

  async updateSite(auth: TenantAuthContext, siteId: string, dto: UpdateSiteDto): Promise<SiteView> {
    const boundary = boundaryChangeOf(dto);
    return this.db.tenant(auth, async (tx) => {
      const before = await requireSite(this.sites, tx, siteId, true);
      if (dto.code !== undefined && siteCodeOf(dto.code) !== before.code) await this.assertCodeFree(tx, siteCodeOf(dto.code), siteId);
      const today = localDateIn(await this.sites.timezone(tx), new Date());
      const closure = siteClosureOf(before, dto.status ?? before.status, dto, today);
      await this.sites.updateSite(tx, siteId, updatedSiteValues(before, dto, boundary, closure));
      const after = await requireSite(this.sites, tx, siteId);
      await this.audit.record(tx, auth, {
        action: siteUpdateAction(before, after),
        entity: 'site',
        entityId: siteId,
        before: { ...siteViewOf(before) },
        after: { ...siteViewOf(after) },
      });
      return siteViewOf(after);
    });
  }

  private async assertCodeFree(tx: TenantTx, code: string, siteId: string | null): Promise<void> {
    const holder = await this.sites.siteIdWithCode(tx, code);
    if (holder !== null && holder !== siteId) throw new DomainError('SITE_CODE_TAKEN', { code }, 'conflict');
  }
}
