import { domainErrorOf } from '../../common/thrown.fixture.js';
import type { CreateSiteDto, UpdateSiteDto } from '../dto/site.dto.js';
import {
  cleanList, newSiteValues, newZoneValues, type SiteValues, siteClosureOf, siteStatusOf, siteUpdateAction, updatedSiteValues, updatedZoneValues,
  zoneSettingsOf,
} from './site-values.js';

const CREATE: CreateSiteDto = { name: '  Kalimbi pit ', code: 'kal-1', location: { latitudeE6: -10712345, longitudeE6: 25468000 }, minerals: [' cobalt', 'cobalt', ''] };
const OPEN: SiteValues = newSiteValues(CREATE);
const CLOSED: SiteValues = { ...OPEN, status: 'closed', closed_reason: 'flood', closed_on: '2026-06-01', reopens_on: '2026-07-01' };
const TODAY = '2026-06-15';

describe('site values', () => {
  it('cleans a list: trimmed, no blanks, no repeats, in order', () => {
    expect(cleanList([' a', 'b ', '', 'a', '  '])).toEqual(['a', 'b']);
    expect(cleanList(undefined)).toEqual([]);
  });

  it('creates an open site with an upper-case code and a trimmed name', () => {
    expect(OPEN).toMatchObject({ name: 'Kalimbi pit', code: 'KAL-1', status: 'open', boundary: null, minerals: ['cobalt'], closed_on: null });
  });

  it('refuses a malformed boundary', () => {
    expect(domainErrorOf(() => newSiteValues({ ...CREATE, boundary: { type: 'Polygon', coordinates: [] } })).code).toBe('SITE_BOUNDARY_INVALID');
  });

  it('closes on today by default and needs a reason', () => {
    expect(siteClosureOf(OPEN, 'closed', { closedReason: ' flood ' }, TODAY)).toEqual({ closed_reason: 'flood', closed_on: TODAY, reopens_on: null });
    expect(domainErrorOf(() => siteClosureOf(OPEN, 'closed', {}, TODAY)).code).toBe('SITE_CLOSED_REASON_REQUIRED');
  });

  it('keeps a closed site closure unless changed, and drops its reopening date with a new closing date', () => {
    expect(siteClosureOf(CLOSED, 'closed', {}, TODAY)).toEqual({ closed_reason: 'flood', closed_on: '2026-06-01', reopens_on: '2026-07-01' });
    expect(siteClosureOf(CLOSED, 'closed', { closedOn: '2026-06-10' }, TODAY)).toEqual({ closed_reason: 'flood', closed_on: '2026-06-10', reopens_on: null });
  });

  it('refuses reopening before closing, and closure fields on an open site', () => {
    expect(domainErrorOf(() => siteClosureOf(CLOSED, 'closed', { reopensOn: '2026-05-01' }, TODAY)).code).toBe('SITE_REOPENS_BEFORE_CLOSING');
    expect(domainErrorOf(() => siteClosureOf(CLOSED, 'open', { closedReason: 'x' }, TODAY)).code).toBe('SITE_NOT_CLOSED');
    expect(siteClosureOf(CLOSED, 'open', {}, TODAY)).toEqual({ closed_reason: null, closed_on: null, reopens_on: null });
  });

  it('applies only the fields an update names; null clears a nullable one', () => {
    const dto: UpdateSiteDto = { code: 'new', concessionRef: null, status: 'closed', closedReason: 'strike' };
    const after = updatedSiteValues(OPEN, dto, undefined, siteClosureOf(OPEN, 'closed', dto, TODAY));
    expect(after).toMatchObject({ name: 'Kalimbi pit', code: 'NEW', concession_ref: null, status: 'closed', closed_reason: 'strike', closed_on: TODAY });
    expect(siteUpdateAction(OPEN, after)).toBe('site.closed');
    expect(siteUpdateAction(after, OPEN)).toBe('site.opened');
    expect(siteUpdateAction(OPEN, OPEN)).toBe('site.updated');
  });

  it('shows a site standing and a zone settings in the API names', () => {
    expect(siteStatusOf(CLOSED)).toEqual({ status: 'closed', closedReason: 'flood', closedOn: '2026-06-01', reopensOn: '2026-07-01', closingTime: null });
    const zone = newZoneValues({ name: ' Pit 3 ', hazardous: true, ppeRequired: ['helmet', 'helmet'] });
    expect(zone).toEqual({ name: 'Pit 3', hazardous: true, ppe_required: ['helmet'], forbids_pregnancy: false, capacity: null, trainings_required: [] });
    expect(zoneSettingsOf(updatedZoneValues(zone, { capacity: 12 }))).toEqual({
      hazardous: true, ppeRequired: ['helmet'], forbidsPregnancy: false, capacity: 12, trainingsRequired: [],
    });
  });
});
