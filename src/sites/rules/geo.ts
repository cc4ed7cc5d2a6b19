import { DomainError } from '../../common/domain-error.js';

/**
 * A site's boundary: a GeoJSON Polygon (RFC 7946 §3.1.6), positions [longitude, latitude].
 * Only the shape is checked (no arithmetic on the coordinates): each ring is closed and has
 * at least four positions, each position is two finite numbers within the WGS 84 ranges.
 */
export interface GeoJsonPolygon {
  readonly type: 'Polygon';
  readonly coordinates: number[][][];
}

const MAX_RINGS = 50;
const MAX_POSITIONS = 5_000;

function invalid(why: string): DomainError {
  return new DomainError('SITE_BOUNDARY_INVALID', { why });
}

function isPosition(value: unknown): value is [number, number] {
  if (!Array.isArray(value) || value.length !== 2) return false;
  const [lon, lat] = value as unknown[];
  return (
    typeof lon === 'number' && typeof lat === 'number' && Number.isFinite(lon) && Number.isFinite(lat) &&
    lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90
  );
}

export function assertPolygon(value: unknown): GeoJsonPolygon {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('not an object');
  const { type, coordinates, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).some((key) => key !== 'bbox')) throw invalid('unknown member');
  if (type !== 'Polygon') throw invalid('type must be Polygon');
  if (!Array.isArray(coordinates) || coordinates.length === 0 || coordinates.length > MAX_RINGS) throw invalid('rings');
  let positions = 0;
  for (const ring of coordinates as unknown[]) {
    if (!Array.isArray(ring) || ring.length < 4) throw invalid('a ring needs at least four positions');
    positions += ring.length;
    if (positions > MAX_POSITIONS) throw invalid('too many positions');
    if (!ring.every(isPosition)) throw invalid('position out of range');
    const first = ring[0];
    const last = ring[ring.length - 1];
    if (first[0] !== last[0] || first[1] !== last[1]) throw invalid('a ring must end where it starts');
  }
  return { type: 'Polygon', coordinates: coordinates as number[][][] };
}
