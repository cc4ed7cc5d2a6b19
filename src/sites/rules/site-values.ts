import { DomainError } from '../../common/domain-error.js';
import type { CreateSiteDto, CreateZoneDto, UpdateSiteDto, UpdateZoneDto } from '../dto/site.dto.js';
import { assertPolygon, type GeoJsonPolygon } from './geo.js';

/**
 * What a site or zone row holds once an admin's request is applied: the columns written, in
 * the row's own names. Plain functions so that creating, updating, closing and reopening
 * read the same here as in their spec.
 */
export interface SiteValues {
  readonly name: string;
  readonly code: string;
  readonly latitude_e6: number;
  readonly longitude_e6: number;
  readonly boundary: GeoJsonPolygon | null;
  readonly concession_ref: string | null;
  readonly authorisation_ref: string | null;
  readonly minerals: string[];
  readonly status: 'open' | 'closed';
  readonly closed_reason: string | null;
  readonly closed_on: string | null;
  readonly reopens_on: string | null;
  readonly closing_time: string | null;
}

export interface ZoneValues {
  readonly name: string;
  readonly hazardous: boolean;
  readonly ppe_required: string[];
  readonly forbids_pregnancy: boolean;
  readonly capacity: number | null;
  readonly trainings_required: string[];
}

export type SiteClosure = Pick<SiteValues, 'closed_reason' | 'closed_on' | 'reopens_on'>;

/** Trimmed, without blanks or repeats, in the order given. */
export function cleanList(items: readonly string[] | undefined): string[] {
  return [...new Set((items ?? []).map((item) => item.trim()).filter((item) => item.length > 0))];
}

/** Site codes are compared and stored upper-case. */
export function siteCodeOf(code: string): string {
  return code.toUpperCase();
}

export function newSiteValues(dto: CreateSiteDto): SiteValues {
  return {
    name: dto.name.trim(),
    code: siteCodeOf(dto.code),
    latitude_e6: dto.location.latitudeE6,
    longitude_e6: dto.location.longitudeE6,
    boundary: dto.boundary === undefined ? null : assertPolygon(dto.boundary),
    concession_ref: dto.concessionRef ?? null,
    authorisation_ref: dto.authorisationRef ?? null,
    minerals: cleanList(dto.minerals),
    status: 'open',
    closed_reason: null,
    closed_on: null,
    reopens_on: null,
    closing_time: dto.closingTime ?? null,
  };
}

/** The boundary is checked before anything else is read, as a malformed one is the caller's mistake whatever the site. */
export function boundaryChangeOf(dto: UpdateSiteDto): GeoJsonPolygon | null | undefined {
  return dto.boundary === undefined || dto.boundary === null ? dto.boundary : assertPolygon(dto.boundary);
}

/**
 * Closing needs a reason (closedOn defaults to the cooperative's `today`); opening clears the
 * closure, and naming closure fields on an open site is refused.
 */
export function siteClosureOf(before: SiteValues, status: 'open' | 'closed', dto: UpdateSiteDto, today: string): SiteClosure {
  const touchesClosure = dto.closedReason !== undefined || dto.closedOn !== undefined || dto.reopensOn !== undefined;
  if (status === 'open') {
    if (touchesClosure) throw new DomainError('SITE_NOT_CLOSED', {});
    return { closed_reason: null, closed_on: null, reopens_on: null };
  }
  const wasClosed = before.status === 'closed';
  const reason = dto.closedReason?.trim() ?? (wasClosed ? before.closed_reason : null);
  if (reason === null || reason.length === 0) throw new DomainError('SITE_CLOSED_REASON_REQUIRED', {});
  const closedOn = dto.closedOn ?? (wasClosed ? before.closed_on : null) ?? today;
  const reopensOn = dto.reopensOn ?? (wasClosed && dto.closedOn === undefined ? before.reopens_on : null);
  if (reopensOn !== null && reopensOn < closedOn) throw new DomainError('SITE_REOPENS_BEFORE_CLOSING', { closedOn, reopensOn });
  return { closed_reason: reason, closed_on: closedOn, reopens_on: reopensOn };
}

export function updatedSiteValues(before: SiteValues, dto: UpdateSiteDto, boundary: GeoJsonPolygon | null | undefined, closure: SiteClosure): SiteValues {
  return {
    name: dto.name?.trim() ?? before.name,
    code: dto.code === undefined ? before.code : siteCodeOf(dto.code),
    latitude_e6: dto.location?.latitudeE6 ?? before.latitude_e6,
    longitude_e6: dto.location?.longitudeE6 ?? before.longitude_e6,
    boundary: boundary === undefined ? before.boundary : boundary,
    concession_ref: dto.concessionRef === undefined ? before.concession_ref : dto.concessionRef,
    authorisation_ref: dto.authorisationRef === undefined ? before.authorisation_ref : dto.authorisationRef,
    minerals: dto.minerals === undefined ? before.minerals : cleanList(dto.minerals),
    status: dto.status ?? before.status,
    ...closure,
    closing_time: dto.closingTime === undefined ? before.closing_time : dto.closingTime,
  };
}

/** The audit action of an update: a change of status is a closing or an opening. */
export function siteUpdateAction(before: Pick<SiteValues, 'status'>, after: Pick<SiteValues, 'status'>): 'site.updated' | 'site.closed' | 'site.opened' {
  if (before.status === after.status) return 'site.updated';
  return after.status === 'closed' ? 'site.closed' : 'site.opened';
}

export function newZoneValues(dto: CreateZoneDto): ZoneValues {
  return {
    name: dto.name.trim(),
    hazardous: dto.hazardous ?? false,
    ppe_required: cleanList(dto.ppeRequired),
    forbids_pregnancy: dto.forbidsPregnancy ?? false,
    capacity: dto.capacity ?? null,
    trainings_required: cleanList(dto.trainingsRequired),
  };
}

export function updatedZoneValues(before: ZoneValues, dto: UpdateZoneDto): ZoneValues {
  return {
    name: dto.name?.trim() ?? before.name,
    hazardous: dto.hazardous ?? before.hazardous,
    ppe_required: dto.ppeRequired === undefined ? before.ppe_required : cleanList(dto.ppeRequired),
    forbids_pregnancy: dto.forbidsPregnancy ?? before.forbids_pregnancy,
    capacity: dto.capacity === undefined ? before.capacity : dto.capacity,
    trainings_required: dto.trainingsRequired === undefined ? before.trainings_required : cleanList(dto.trainingsRequired),
  };
}

/** A site's standing, as its view and the offline snapshot show it. */
export function siteStatusOf(site: SiteValues): {
  status: 'open' | 'closed';
  closedReason: string | null;
  closedOn: string | null;
  reopensOn: string | null;
  closingTime: string | null;
} {
  return { status: site.status, closedReason: site.closed_reason, closedOn: site.closed_on, reopensOn: site.reopens_on, closingTime: site.closing_time };
}

/** What a zone asks of whoever enters, as its view, the gate rule and the offline snapshot read it. */
export function zoneSettingsOf(zone: Omit<ZoneValues, 'name'>): {
  hazardous: boolean;
  ppeRequired: string[];
  forbidsPregnancy: boolean;
  capacity: number | null;
  trainingsRequired: string[];
} {
  return {
    hazardous: zone.hazardous,
    ppeRequired: zone.ppe_required,
    forbidsPregnancy: zone.forbids_pregnancy,
    capacity: zone.capacity,
    trainingsRequired: zone.trainings_required,
  };
}
