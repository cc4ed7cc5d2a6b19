import { generatesInBackground, resolvePeriod } from './period.js';

describe('resolvePeriod', () => {
  it('turns a month, a quarter and a year into inclusive dates', () => {
    expect(resolvePeriod({ period: '2024-02' })).toEqual({ key: '2024-02', from: '2024-02-01', to: '2024-02-29' });
    expect(resolvePeriod({ period: '2026-12' })).toEqual({ key: '2026-12', from: '2026-12-01', to: '2026-12-31' });
    expect(resolvePeriod({ period: '2026-Q4' })).toEqual({ key: '2026-Q4', from: '2026-10-01', to: '2026-12-31' });
    expect(resolvePeriod({ period: '2026' })).toEqual({ key: '2026', from: '2026-01-01', to: '2026-12-31' });
  });

  it('accepts explicit dates, inclusive', () => {
    expect(resolvePeriod({ periodFrom: '2026-03-05', periodTo: '2026-03-05' })).toEqual({ key: '2026-03-05..2026-03-05', from: '2026-03-05', to: '2026-03-05' });
  });

  it('refuses malformed, reversed, too long or ambiguous periods', () => {
    expect(() => resolvePeriod({ period: '2026-13' })).toThrow('REPORT_PERIOD_INVALID');
    expect(() => resolvePeriod({ period: '2026-Q5' })).toThrow('REPORT_PERIOD_INVALID');
    expect(() => resolvePeriod({})).toThrow('REPORT_PERIOD_REQUIRED');
    expect(() => resolvePeriod({ period: '2026', periodFrom: '2026-01-01', periodTo: '2026-01-02' })).toThrow('REPORT_PERIOD_REQUIRED');
    expect(() => resolvePeriod({ periodFrom: '2026-01-01' })).toThrow('REPORT_PERIOD_REQUIRED');
    expect(() => resolvePeriod({ periodFrom: '2026-02-01', periodTo: '2026-01-31' })).toThrow('REPORT_PERIOD_REVERSED');
    expect(() => resolvePeriod({ periodFrom: '2025-01-01', periodTo: '2026-01-02' })).toThrow('REPORT_PERIOD_TOO_LONG');
    expect(() => resolvePeriod({ periodFrom: '2026-02-30', periodTo: '2026-03-01' })).toThrow('DATE_INVALID');
  });
});

describe('generatesInBackground', () => {
  const month = resolvePeriod({ period: '2026-01' });
  it('runs a month or less within the request unless the client prefers an asynchronous answer', () => {
    expect(generatesInBackground(month, undefined)).toBe(false);
    expect(generatesInBackground(month, 'return=minimal')).toBe(false);
    expect(generatesInBackground(month, 'respond-async')).toBe(true);
    expect(generatesInBackground(month, 'return=minimal, Respond-Async; wait=5')).toBe(true);
  });

  it('runs anything longer than 31 days as a background job', () => {
    expect(generatesInBackground(resolvePeriod({ period: '2026-Q1' }), undefined)).toBe(true);
    expect(generatesInBackground(resolvePeriod({ periodFrom: '2026-01-01', periodTo: '2026-02-01' }), undefined)).toBe(true);
    expect(generatesInBackground(resolvePeriod({ periodFrom: '2026-01-01', periodTo: '2026-01-31' }), undefined)).toBe(false);
  });
});
