/** One figure that differs between two versions of a report. */
export interface FigureChange {
  /** Dotted path into the report content; array items are keyed by their `key` field when they have one. */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** Parts of the content that describe the generation itself, not the period's figures. */
const IGNORED_PATHS: ReadonlySet<string> = new Set(['generatedAt', 'version']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rows of tables carry a `key` so that a new site or mineral shows as one added row, not a shifted table. */
function keyed(items: readonly unknown[]): Map<string, unknown> | null {
  const map = new Map<string, unknown>();
  for (const item of items) {
    if (!isObject(item) || typeof item.key !== 'string' || map.has(item.key)) return null;
    map.set(item.key, item);
  }
  return map;
}

function walk(path: string, before: unknown, after: unknown, out: FigureChange[]): void {
  if (IGNORED_PATHS.has(path)) return;
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys) walk(path === '' ? key : `${path}.${key}`, before[key], after[key], out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const left = keyed(before);
    const right = keyed(after);
    if (left !== null && right !== null) {
      const keys = [...new Set([...left.keys(), ...right.keys()])].sort();
      for (const key of keys) walk(`${path}[${key}]`, left.get(key), right.get(key), out);
      return;
    }
    const length = Math.max(before.length, after.length);
    for (let index = 0; index < length; index += 1) walk(`${path}[${index}]`, before[index], after[index], out);
    return;
  }
  if (isObject(before) || isObject(after) || Array.isArray(before) || Array.isArray(after)) {
    // A whole row or section appeared or disappeared: list its leaves against nothing.
    if (isObject(before) || Array.isArray(before)) walk(path, before, isObject(before) ? {} : [], out);
    if (isObject(after) || Array.isArray(after)) walk(path, isObject(after) ? {} : [], after, out);
    return;
  }
  if (before !== after) out.push({ path, before: before ?? null, after: after ?? null });
}

/**
 * The figures of `after` that differ from `before`, leaves only, in path order. Both are
 * plain JSON; a row present on one side only yields its figures against null.
 */
export function diffReports(before: unknown, after: unknown): FigureChange[] {
  const out: FigureChange[] = [];
  walk('', before, after, out);
  return out;
}
