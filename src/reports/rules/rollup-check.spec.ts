import { describeDifference, REPORT_ROLLUPS, rollupDifferences } from './rollup-check.js';

const gate = REPORT_ROLLUPS.find((rollup) => rollup.table === 'report_gate_days')!;
const row = (day: string, denials: number | string, site = 's1') => ({ cooperative_id: 'c', day, site_id: site, events: 10, entries: 5, denials, minors: 0 });

describe('rollupDifferences', () => {
  it('finds none when the stored rows are the recomputed ones, in any order and number type', () => {
    expect(rollupDifferences(gate, [row('2026-07-01', 4), row('2026-07-02', 1)], [row('2026-07-02', '1'), row('2026-07-01', '4')])).toEqual([]);
  });

  it('names the key and each figure that differs', () => {
    const [difference, ...rest] = rollupDifferences(gate, [row('2026-07-01', 4)], [row('2026-07-01', 5)]);
    expect(rest).toEqual([]);
    expect(difference).toEqual({ rollup: 'report_gate_days', key: { day: '2026-07-01', site_id: 's1' }, figures: { denials: ['4', '5'] } });
    expect(describeDifference(difference)).toBe('report_gate_days day=2026-07-01 site_id=s1: denials stored 4, from the rows 5');
  });

  it('names a row missing from the rollup and a row the rows do not support', () => {
    const differences = rollupDifferences(gate, [row('2026-07-01', 4, 'ghost')], [row('2026-07-01', 4)]);
    expect(differences.map(describeDifference)).toEqual([
      'report_gate_days day=2026-07-01 site_id=ghost: denials stored 4, from the rows missing; entries stored 5, from the rows missing; events stored 10, from the rows missing; minors stored 0, from the rows missing',
      'report_gate_days day=2026-07-01 site_id=s1: denials stored missing, from the rows 4; entries stored missing, from the rows 5; events stored missing, from the rows 10; minors stored missing, from the rows 0',
    ]);
  });

  it('keys null columns apart from the text "null"', () => {
    const purchases = REPORT_ROLLUPS.find((rollup) => rollup.table === 'report_purchase_days')!;
    const entry = (mineral: string | null) => ({ day: '2026-07-01', stock_day: '2026-07-01', kind: 'purchase', site_id: null, mineral, currency: 'USD', reporting_currency: 'USD', entries: 1 });
    expect(rollupDifferences(purchases, [entry(null)], [entry('null')])).toHaveLength(2);
  });

  it('refuses two rows with the same key on one side (the rollup key is unique)', () => {
    expect(() => rollupDifferences(gate, [row('2026-07-01', 1), row('2026-07-01', 2)], [])).toThrow('two stored rows');
  });
});
