import { DomainError } from '../../common/domain-error.js';
import { assertGrantDates, assertRevocable, grantStatus, viewsInForce } from './observer-grants.js';

const codeOf = (work: () => unknown): string | undefined => {
  try {
    work();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a domain error';
  }
  return undefined;
};

describe('grantStatus', () => {
  const grant = { validFrom: '2026-03-01', validUntil: '2026-03-31', revoked: false };
  it.each([
    ['2026-02-28', 'scheduled'], ['2026-03-01', 'active'], ['2026-03-15', 'active'], ['2026-03-31', 'active'], ['2026-04-01', 'expired'],
  ] as const)('on %s a March grant is %s', (today, status) => {
    expect(grantStatus(grant, today)).toBe(status);
  });
  it('keeps an open-ended grant active for ever', () => {
    expect(grantStatus({ ...grant, validUntil: null }, '2099-12-31')).toBe('active');
  });
  it('says revoked whatever the dates', () => {
    expect(grantStatus({ ...grant, revoked: true }, '2026-03-15')).toBe('revoked');
    expect(grantStatus({ ...grant, revoked: true }, '2026-02-01')).toBe('revoked');
  });
});

describe('viewsInForce', () => {
  it('unites the views of the grants in force only, in vocabulary order', () => {
    const grants = [
      { validFrom: '2026-01-01', validUntil: null, revoked: false, views: ['incident_statistics', 'benefit_sharing_funds'] },
      { validFrom: '2026-01-01', validUntil: null, revoked: true, views: ['regulator_report'] },
      { validFrom: '2027-01-01', validUntil: null, revoked: false, views: ['standard_assessments'] },
      { validFrom: '2025-01-01', validUntil: '2025-12-31', revoked: false, views: ['regulator_report'] },
    ];
    expect(viewsInForce(grants, '2026-06-01')).toEqual(['benefit_sharing_funds', 'incident_statistics']);
  });
  it('opens nothing without grants', () => {
    expect(viewsInForce([], '2026-06-01')).toEqual([]);
  });
});

describe('assertGrantDates', () => {
  it('accepts an open-ended grant and a one-day grant', () => {
    expect(codeOf(() => assertGrantDates('2026-01-01', null, '2026-01-01'))).toBeUndefined();
    expect(codeOf(() => assertGrantDates('2026-01-01', '2026-01-01', '2026-01-01'))).toBeUndefined();
  });
  it('refuses an end before the start', () => {
    expect(codeOf(() => assertGrantDates('2026-02-01', '2026-01-31', '2026-01-01'))).toBe('OBSERVER_GRANT_DATES_REVERSED');
  });
  it('refuses a grant already over', () => {
    expect(codeOf(() => assertGrantDates('2025-01-01', '2025-12-31', '2026-01-01'))).toBe('OBSERVER_GRANT_ALREADY_OVER');
  });
});

describe('assertRevocable', () => {
  it('revokes a scheduled or active grant', () => {
    expect(codeOf(() => assertRevocable('scheduled'))).toBeUndefined();
    expect(codeOf(() => assertRevocable('active'))).toBeUndefined();
  });
  it('refuses a second revocation and a grant that ended', () => {
    expect(codeOf(() => assertRevocable('revoked'))).toBe('OBSERVER_GRANT_ALREADY_REVOKED');
    expect(codeOf(() => assertRevocable('expired'))).toBe('OBSERVER_GRANT_EXPIRED');
  });
});
