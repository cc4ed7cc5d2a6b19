import { barChartLayout, niceCeiling } from './bar-chart-layout.js';

describe('niceCeiling', () => {
  it('rounds up to 1, 2 or 5 times a power of ten', () => {
    expect(niceCeiling(0.7)).toBeCloseTo(1);
    expect(niceCeiling(1)).toBe(1);
    expect(niceCeiling(13)).toBe(20);
    expect(niceCeiling(20)).toBe(20);
    expect(niceCeiling(420)).toBe(500);
    expect(niceCeiling(501)).toBe(1000);
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(-3)).toBe(1);
  });
});

describe('barChartLayout', () => {
  const box = { x: 100, y: 50, width: 200, height: 100 };
  const data = { categories: ['2026-01', '2026-02'], series: [{ name: 'COBALT', values: [40, 10] }, { name: 'CUIVRE', values: [25, -5] }] };
  const layout = barChartLayout(data, box);

  it('scales bars to a round maximum, from the baseline up', () => {
    expect(layout.scaleMax).toBe(50);
    const first = layout.bars[0];
    expect(first).toMatchObject({ series: 0, category: 0, value: 40, height: 80, y: 70 });
    expect(layout.ticks.map((t) => [t.value, t.y])).toEqual([[0, 150], [12.5, 125], [25, 100], [37.5, 75], [50, 50]]);
  });

  it('groups bars per category side by side, with a gap between groups', () => {
    const xs = layout.bars.map((b) => [b.category, b.series, b.x, b.width]);
    expect(xs).toEqual([[0, 0, 110, 40], [0, 1, 150, 40], [1, 0, 210, 40], [1, 1, 250, 40]]);
    expect(layout.categoryLabels).toEqual([{ text: '2026-01', x: 100, width: 100 }, { text: '2026-02', x: 200, width: 100 }]);
  });

  it('draws a negative month as an empty bar at the axis', () => {
    expect(layout.bars[3]).toMatchObject({ value: -5, height: 0, y: 150 });
  });

  it('copes with no data', () => {
    expect(barChartLayout({ categories: [], series: [] }, box)).toMatchObject({ scaleMax: 1, bars: [], categoryLabels: [] });
  });
});
