import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import type { TenantTx } from '../database/tx.js';
import type { CreateZoneDto, UpdateZoneDto } from './dto/site.dto.js';
import { type SiteZoneView, zoneViewOf } from './dto/site.view.js';
import { newZoneValues, updatedZoneValues } from './rules/site-values.js';
import { requireSite, requireZone } from './site-lookups.js';
import { SitesRepository } from './sites.repository.js';

/** The zones of a site (pits, washing ponds, camps) and what each asks of whoever enters. */
@Injectable()
export class ZonesService {
  constructor(
    private readonly db: Db,
    private readonly sites: SitesRepository,
    private readonly audit: AuditService,
  ) {}

  /** With a client-chosen id, a repeated request answers the zone it created. */
  async createZone(auth: TenantAuthContext, siteId: string, dto: CreateZoneDto): Promise<SiteZoneView> {
    const values = newZoneValues(dto);
    return this.db.tenant(auth, async (tx) => {
      await requireSite(this.sites, tx, siteId);
      if (dto.id !== undefined) {
        const existing = await this.sites.zone(tx, siteId, dto.id);
        if (existing !== null && existing.name === values.name) return zoneViewOf(existing);
      }
      await this.assertNameFree(tx, siteId, values.name);
      const id = await this.sites.insertZone(tx, siteId, dto.id ?? null, values);
      if (id === '') throw new DomainError('ZONE_ID_TAKEN', { id: dto.id ?? null }, 'conflict');
      const created = zoneViewOf(await requireZone(this.sites, tx, siteId, id));
      await this.audit.record(tx, auth, { action: 'site_zone.created', entity: 'site_zone', entityId: id, after: { ...created } });
      return created;
    });
  }

  async listZones(auth: TenantAuthContext, siteId: string): Promise<SiteZoneView[]> {
    return this.db.tenant(auth, async (tx) => {
      await requireSite(this.sites, tx, siteId);
      return (await this.sites.zones(tx, siteId)).map(zoneViewOf);
    });
  }

  async updateZone(auth: TenantAuthContext, siteId: string, zoneId: string, dto: UpdateZoneDto): Promise<SiteZoneView> {
    return this.db.tenant(auth, async (tx) => {
      const before = await requireZone(this.sites, tx, siteId, zoneId, true);
      const values = updatedZoneValues(before, dto);
      if (values.name !== before.name) await this.assertNameFree(tx, siteId, values.name);
      await this.sites.updateZone(tx, zoneId, values);
      const after = zoneViewOf(await requireZone(this.sites, tx, siteId, zoneId));
      await this.audit.record(tx, auth, {
        action: 'site_zone.updated',
        entity: 'site_zone',
        entityId: zoneId,
        before: { ...zoneViewOf(before) },
        after: { ...after },
      });
      return after;
    });
  }

  private async assertNameFree(tx: TenantTx, siteId: string, name: string): Promise<void> {
    if ((await this.sites.zoneIdWithName(tx, siteId, name)) !== null) throw new DomainError('ZONE_NAME_TAKEN', { name }, 'conflict');
  }
}
