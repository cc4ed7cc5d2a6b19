import { statementPeriod } from './statement-period.js';

describe('statementPeriod', () => {
  it('accepts a period of one day and of several', () => {
    expect(statementPeriod('2026-03-01', '2026-03-01')).toEqual({ from: '2026-03-01', to: '2026-03-01' });
    expect(statementPeriod('2025-12-31', '2026-03-01')).toEqual({ from: '2025-12-31', to: '2026-03-01' });
  });

  it('refuses an end before the start', () => {
    expect(() => statementPeriod('2026-03-02', '2026-03-01')).toThrow('STATEMENT_PERIOD_REVERSED');
  });

  it('refuses a day that does not exist', () => {
    expect(() => statementPeriod('2026-02-30', '2026-03-01')).toThrow('DATE_INVALID');
    expect(() => statementPeriod('2026-02-01', '2026-13-01')).toThrow('DATE_INVALID');
  });
});
