/** Grouped bars: one group per category (month), one bar per series (mineral) in each group. */
export interface BarChartData {
  readonly categories: readonly string[];
  readonly series: readonly { readonly name: string; readonly values: readonly number[] }[];
}

export interface Box { readonly x: number; readonly y: number; readonly width: number; readonly height: number }

export interface BarLayout {
  readonly series: number;
  readonly category: number;
  readonly value: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface BarChartLayout {
  /** Top of the scale: the smallest 1, 2 or 5 × 10ⁿ at or above the largest value. */
  readonly scaleMax: number;
  readonly ticks: readonly { readonly value: number; readonly y: number }[];
  readonly bars: readonly BarLayout[];
  readonly categoryLabels: readonly { readonly text: string; readonly x: number; readonly width: number }[];
}

export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((factor) => factor * magnitude >= value * (1 - 1e-12)) ?? 10;
  return step * magnitude;
}

/**
 * Where each bar goes inside the plotting box (PDF coordinates: y grows downwards). Negative
 * values (more reversals than purchases in a month) are drawn as empty bars at the axis.
 */
export function barChartLayout(data: BarChartData, box: Box, tickCount = 4): BarChartLayout {
  const values = data.series.flatMap((s) => s.values);
  const scaleMax = niceCeiling(Math.max(0, ...values));
  const baseline = box.y + box.height;
  const groupWidth = data.categories.length === 0 ? box.width : box.width / data.categories.length;
  const gap = groupWidth * 0.2;
  const barWidth = data.series.length === 0 ? 0 : (groupWidth - gap) / data.series.length;
  const bars: BarLayout[] = [];
  data.categories.forEach((_, category) => {
    data.series.forEach((serie, series) => {
      const value = serie.values[category] ?? 0;
      const height = (Math.max(0, value) / scaleMax) * box.height;
      bars.push({ series, category, value, x: box.x + category * groupWidth + gap / 2 + series * barWidth, y: baseline - height, width: barWidth, height });
    });
  });
  const ticks = Array.from({ length: tickCount + 1 }, (_, index) => ({ value: (scaleMax * index) / tickCount, y: baseline - (box.height * index) / tickCount }));
  const categoryLabels = data.categories.map((text, index) => ({ text, x: box.x + index * groupWidth, width: groupWidth }));
  return { scaleMax, ticks, bars, categoryLabels };
}
