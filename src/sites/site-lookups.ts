import { DomainError } from '../common/domain-error.js';
import type { TenantTx } from '../database/tx.js';
import type { SiteRow, SitesRepository, ZoneRow } from './sites.repository.js';

/** The site, or 404 SITE_NOT_FOUND; with lock, its row is held until commit. */
export async function requireSite(sites: SitesRepository, tx: TenantTx, siteId: string, lock = false): Promise<SiteRow> {
  const site = await sites.site(tx, siteId, lock);
  if (site === null) throw new DomainError('SITE_NOT_FOUND', {}, 'not_found');
  return site;
}

/** The zone of that site, or 404 ZONE_NOT_FOUND; with lock, scans at the zone wait for this transaction. */
export async function requireZone(sites: SitesRepository, tx: TenantTx, siteId: string, zoneId: string, lock = false): Promise<ZoneRow> {
  const zone = await sites.zone(tx, siteId, zoneId, lock);
  if (zone === null) throw new DomainError('ZONE_NOT_FOUND', {}, 'not_found');
  return zone;
}
