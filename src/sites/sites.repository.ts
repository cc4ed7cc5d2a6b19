import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../database/tx.js';
import type { GeoJsonPolygon } from './rules/geo.js';
import type { SiteValues, ZoneValues } from './rules/site-values.js';

export interface SiteRow {
  id: string;
  name: string;
  code: string;
  latitude_e6: number;
  longitude_e6: number;
  boundary: GeoJsonPolygon | null;
  concession_ref: string | null;
  authorisation_ref: string | null;
  minerals: string[];
  status: 'open' | 'closed';
  closed_reason: string | null;
  closed_on: string | null;
  reopens_on: string | null;
  closing_time: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface ZoneRow {
  id: string;
  site_id: string;
  name: string;
  hazardous: boolean;
  ppe_required: string[];
  forbids_pregnancy: boolean;
  capacity: number | null;
  trainings_required: string[];
  created_at: Date;
  updated_at: Date;
}

const SITE_COLUMNS = `id, name, code, latitude_e6, longitude_e6, boundary, concession_ref, authorisation_ref, minerals, status,
  closed_reason, closed_on::text AS closed_on, reopens_on::text AS reopens_on, closing_time, created_at, updated_at`;
const ZONE_COLUMNS = `id, site_id, name, hazardous, ppe_required, forbids_pregnancy, capacity, trainings_required, created_at, updated_at`;

function siteParams(values: SiteValues): unknown[] {
  return [
    values.name, values.code, values.latitude_e6, values.longitude_e6, values.boundary === null ? null : JSON.stringify(values.boundary),
    values.concession_ref, values.authorisation_ref, values.minerals, values.status, values.closed_reason, values.closed_on, values.reopens_on,
    values.closing_time,
  ];
}

function zoneParams(values: ZoneValues): unknown[] {
  return [values.name, values.hazardous, values.ppe_required, values.forbids_pregnancy, values.capacity, values.trainings_required];
}

/** The SQL of sites and zones (and the cooperative's own settings they are read with), each query named for what it returns. */
@Injectable()
export class SitesRepository {
  async timezone(tx: TenantTx): Promise<string> {
    const [row] = await tx.query<{ timezone: string }[]>('SELECT timezone FROM cooperatives WHERE id = $1', [tx.cooperativeId]);
    return row?.timezone ?? 'UTC';
  }

  async cooperativeName(tx: TenantTx): Promise<string> {
    const [row] = await tx.query<{ name: string }[]>('SELECT name FROM cooperatives WHERE id = $1', [tx.cooperativeId]);
    return row?.name ?? '';
  }

  async site(tx: TenantTx, siteId: string, lock = false): Promise<SiteRow | null> {
    const [row] = await tx.query<SiteRow[]>(
      `SELECT ${SITE_COLUMNS} FROM sites WHERE cooperative_id = $1 AND id = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [tx.cooperativeId, siteId],
    );
    return row ?? null;
  }

  async sites(tx: TenantTx): Promise<SiteRow[]> {
    return tx.query<SiteRow[]>(`SELECT ${SITE_COLUMNS} FROM sites WHERE cooperative_id = $1 ORDER BY name, id`, [tx.cooperativeId]);
  }

  async siteIdWithCode(tx: TenantTx, code: string): Promise<string | null> {
    const [row] = await tx.query<{ id: string }[]>('SELECT id FROM sites WHERE cooperative_id = $1 AND lower(code) = lower($2)', [tx.cooperativeId, code]);
    return row?.id ?? null;
  }

  /** '' when a site with this id already exists (the caller tells a replay from a clash). */
  async insertSite(tx: TenantTx, id: string | null, values: SiteValues, createdBy: string): Promise<string> {
    const [row] = await tx.query<{ id: string }[]>(
      `INSERT INTO sites (cooperative_id, id, created_by, name, code, latitude_e6, longitude_e6, boundary, concession_ref, authorisation_ref, minerals,
                          status, closed_reason, closed_on, reopens_on, closing_time)
       VALUES ($1, COALESCE($2::uuid, gen_random_uuid()), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT DO NOTHING RETURNING id`,
      [tx.cooperativeId, id, createdBy, ...siteParams(values)],
    );
    return row?.id ?? '';
  }

  async updateSite(tx: TenantTx, siteId: string, values: SiteValues): Promise<void> {
    await tx.query(
      `UPDATE sites SET name = $3, code = $4, latitude_e6 = $5, longitude_e6 = $6, boundary = $7, concession_ref = $8, authorisation_ref = $9,
                        minerals = $10, status = $11, closed_reason = $12, closed_on = $13, reopens_on = $14, closing_time = $15, updated_at = now()
        WHERE cooperative_id = $1 AND id = $2`,
      [tx.cooperativeId, siteId, ...siteParams(values)],
    );
  }

  async zones(tx: TenantTx, siteId: string): Promise<ZoneRow[]> {
    return tx.query<ZoneRow[]>(`SELECT ${ZONE_COLUMNS} FROM site_zones WHERE cooperative_id = $1 AND site_id = $2 ORDER BY name, id`, [tx.cooperativeId, siteId]);
  }

  /** With lock, the zone row is held until commit: gate scans at one zone run one after another. */
  async zone(tx: TenantTx, siteId: string, zoneId: string, lock = false): Promise<ZoneRow | null> {
    const [row] = await tx.query<ZoneRow[]>(
      `SELECT ${ZONE_COLUMNS} FROM site_zones WHERE cooperative_id = $1 AND site_id = $2 AND id = $3 ${lock ? 'FOR UPDATE' : ''}`,
      [tx.cooperativeId, siteId, zoneId],
    );
    return row ?? null;
  }

  async zoneIdWithName(tx: TenantTx, siteId: string, name: string): Promise<string | null> {
    const [row] = await tx.query<{ id: string }[]>(
      'SELECT id FROM site_zones WHERE cooperative_id = $1 AND site_id = $2 AND name = $3',
      [tx.cooperativeId, siteId, name],
    );
    return row?.id ?? null;
  }

  /** '' when a zone with this id already exists. */
  async insertZone(tx: TenantTx, siteId: string, id: string | null, values: ZoneValues): Promise<string> {
    const [row] = await tx.query<{ id: string }[]>(
      `INSERT INTO site_zones (cooperative_id, id, site_id, name, hazardous, ppe_required, forbids_pregnancy, capacity, trainings_required)
       VALUES ($1, COALESCE($2::uuid, gen_random_uuid()), $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT DO NOTHING RETURNING id`,
      [tx.cooperativeId, id, siteId, ...zoneParams(values)],
    );
    return row?.id ?? '';
  }

  async updateZone(tx: TenantTx, zoneId: string, values: ZoneValues): Promise<void> {
    await tx.query(
      `UPDATE site_zones SET name = $3, hazardous = $4, ppe_required = $5, forbids_pregnancy = $6, capacity = $7, trainings_required = $8, updated_at = now()
        WHERE cooperative_id = $1 AND id = $2`,
      [tx.cooperativeId, zoneId, ...zoneParams(values)],
    );
  }
}
