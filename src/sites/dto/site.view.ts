import { ApiProperty } from '@nestjs/swagger';
import { siteStatusOf, zoneSettingsOf } from '../rules/site-values.js';
import type { SiteRow, ZoneRow } from '../sites.repository.js';

export class SiteLocationView {
  @ApiProperty({ type: 'integer', description: 'Latitude in integer micro-degrees (-10.712345° is -10712345).' }) latitudeE6!: number;
  @ApiProperty({ type: 'integer', description: 'Longitude in integer micro-degrees.' }) longitudeE6!: number;
}

export class SiteBoundaryView {
  @ApiProperty({ enum: ['Polygon'] }) type!: 'Polygon';
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'array', items: { type: 'number' } } },
    description: 'GeoJSON rings of [longitude, latitude] positions (RFC 7946 §3.1.6).',
  })
  coordinates!: number[][][];
}

export class SiteView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Upper-case, unique in the cooperative.' }) code!: string;
  @ApiProperty({ type: () => SiteLocationView }) location!: SiteLocationView;
  @ApiProperty({ type: () => SiteBoundaryView, nullable: true }) boundary!: SiteBoundaryView | null;
  @ApiProperty({ type: String, nullable: true }) concessionRef!: string | null;
  @ApiProperty({ type: String, nullable: true }) authorisationRef!: string | null;
  @ApiProperty({ type: [String] }) minerals!: string[];
  @ApiProperty({ enum: ['open', 'closed'] }) status!: 'open' | 'closed';
  @ApiProperty({ type: String, nullable: true }) closedReason!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) closedOn!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) reopensOn!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "Local 'HH:MM' after which anyone still inside overstays." }) closingTime!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: Date;
}

export class SiteZoneView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) siteId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'A pit, shaft or washing pond: always forbids pregnancy.' }) hazardous!: boolean;
  @ApiProperty({ type: [String] }) ppeRequired!: string[];
  @ApiProperty() forbidsPregnancy!: boolean;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Most people inside at once; null means no limit.' }) capacity!: number | null;
  @ApiProperty({ type: [String], description: 'Training topics a member must hold, valid on the day, to enter.' }) trainingsRequired!: string[];
}

export class SiteDetailView extends SiteView {
  @ApiProperty({ type: () => [SiteZoneView] }) zones!: SiteZoneView[];
}

export function siteViewOf(row: SiteRow): SiteView {
  return {
    id: row.id,
    name: row.name,
    code: row.code,
    location: { latitudeE6: row.latitude_e6, longitudeE6: row.longitude_e6 },
    boundary: row.boundary,
    concessionRef: row.concession_ref,
    authorisationRef: row.authorisation_ref,
    minerals: row.minerals,
    ...siteStatusOf(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function zoneViewOf(row: ZoneRow): SiteZoneView {
  return { id: row.id, siteId: row.site_id, name: row.name, ...zoneSettingsOf(row) };
}
