/**
 * Comparison of the report's rollups as stored with the same figures recomputed from the
 * rows: every difference is named by its rollup, its key and each figure that differs.
 */

/** One rollup: its table and the columns that identify a row; every other column is a figure. */
export interface RollupDefinition {
  readonly table: string;
  readonly key: readonly string[];
}

export const REPORT_ROLLUPS: readonly RollupDefinition[] = [
  { table: 'report_purchase_days', key: ['day', 'stock_day', 'kind', 'site_id', 'mineral', 'currency', 'reporting_currency'] },
  { table: 'report_fee_days', key: ['day', 'kind', 'currency', 'fund_code'] },
  { table: 'report_gate_days', key: ['day', 'site_id'] },
  { table: 'report_gate_denial_days', key: ['day', 'site_id', 'code'] },
];

export type RollupRow = Readonly<Record<string, unknown>>;

export interface RollupDifference {
  readonly rollup: string;
  readonly key: Readonly<Record<string, string | null>>;
  /** Figure → [stored, from the rows]; null where the row is missing on that side. */
  readonly figures: Readonly<Record<string, readonly [string | null, string | null]>>;
}

/** Rollup cells are dates, ids, codes and integers (JSON strings or numbers); anything else is shown as JSON. */
const text = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
};

function keyOf(definition: RollupDefinition, row: RollupRow): Record<string, string | null> {
  return Object.fromEntries(definition.key.map((column) => [column, text(row[column])]));
}

/**
 * The differences between stored rows and recomputed rows of one rollup. A row present on
 * one side only is a difference in every figure (the other side null); rows are matched by
 * their key, figures compared as text (integers of any size compare exactly).
 */
export function rollupDifferences(definition: RollupDefinition, stored: readonly RollupRow[], recomputed: readonly RollupRow[]): RollupDifference[] {
  const byKey = new Map<string, { key: Record<string, string | null>; stored?: RollupRow; recomputed?: RollupRow }>();
  const add = (row: RollupRow, side: 'stored' | 'recomputed'): void => {
    const key = keyOf(definition, row);
    const id = JSON.stringify(definition.key.map((column) => key[column]));
    const entry = byKey.get(id) ?? { key };
    if (entry[side] !== undefined) throw new Error(`${definition.table}: two ${side} rows for ${id}`);
    entry[side] = row;
    byKey.set(id, entry);
  };
  stored.forEach((row) => add(row, 'stored'));
  recomputed.forEach((row) => add(row, 'recomputed'));
  const differences: RollupDifference[] = [];
  for (const [, entry] of [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const columns = new Set([...Object.keys(entry.stored ?? {}), ...Object.keys(entry.recomputed ?? {})].filter((column) => !definition.key.includes(column) && column !== 'cooperative_id'));
    const figures: Record<string, readonly [string | null, string | null]> = {};
    for (const column of [...columns].sort()) {
      const pair = [entry.stored === undefined ? null : text(entry.stored[column]), entry.recomputed === undefined ? null : text(entry.recomputed[column])] as const;
      if (pair[0] !== pair[1]) figures[column] = pair;
    }
    if (Object.keys(figures).length > 0) differences.push({ rollup: definition.table, key: entry.key, figures });
  }
  return differences;
}

/** One line naming the difference, e.g. `report_gate_days day=2026-07-03 site_id=…: denials stored 4, from the rows 5`. */
export function describeDifference(difference: RollupDifference): string {
  const key = Object.entries(difference.key).map(([column, value]) => `${column}=${value ?? 'null'}`).join(' ');
  const figures = Object.entries(difference.figures)
    .map(([column, [stored, rows]]) => `${column} stored ${stored ?? 'missing'}, from the rows ${rows ?? 'missing'}`)
    .join('; ');
  return `${difference.rollup} ${key}: ${figures}`;
}
