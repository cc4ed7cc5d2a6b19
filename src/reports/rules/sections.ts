/**
 * Report definitions (templates/reports/*.json) turned into plain tables: which sections a
 * report has, their columns or figures, and where each value sits in the JSON content. The
 * CSV export is driven by these alone, so a new section or column needs a template change,
 * not code.
 */
export type ColumnType = 'text' | 'integer' | 'mass_mg' | 'money_minor' | 'basis_points' | 'boolean';

export interface ColumnDefinition {
  readonly field: string;
  readonly label?: string;
  readonly type?: ColumnType;
  /** For money: the field of the same row holding its ISO 4217 currency. */
  readonly currencyField?: string;
}

export interface SectionDefinition {
  readonly id: string;
  readonly label?: string;
  /** A table: one row per item of the array at `id`. */
  readonly columns?: readonly ColumnDefinition[];
  /**
   * Single figures under `id`: `a.b` for one value, `a.<name>` for every key of the object
   * `a`, `a[].b` for field `b` of every item of the array `a` (named by the item's `key`).
   */
  readonly fields?: readonly (string | ColumnDefinition)[];
}

export interface ReportDefinition {
  readonly schema: string;
  readonly sections: readonly SectionDefinition[];
}

export type Cell = string | number | boolean | null;

export interface SectionTable {
  readonly id: string;
  readonly label: string | null;
  readonly header: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a dotted path, or undefined when any step is missing. */
export function valueAt(root: unknown, path: string): unknown {
  let current = root;
  for (const part of path.split('.')) {
    if (!isRecord(current)) return undefined;
    current = current[part];
  }
  return current;
}

function cell(value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

function columnHeader(columns: readonly ColumnDefinition[]): string[] {
  const fields = new Set(columns.map((c) => c.field));
  return columns.flatMap((c) => (c.currencyField !== undefined && !fields.has(c.currencyField) ? [c.field, c.currencyField] : [c.field]));
}

/** Every (figure name, value) a field definition stands for in the section's object. */
function expandField(base: unknown, field: string): [string, unknown][] {
  const items = /^(.*)\[\]\.(.+)$/.exec(field);
  if (items) {
    const [, arrayPath, itemField] = items;
    const list = valueAt(base, arrayPath);
    if (!Array.isArray(list)) return [];
    return list.map((item: unknown, index) => {
      const key = isRecord(item) && typeof item.key === 'string' ? item.key : String(index);
      return [`${arrayPath}[${key}].${itemField}`, valueAt(item, itemField)];
    });
  }
  const wildcard = /^(.*)\.<[a-z]+>$/i.exec(field);
  if (wildcard) {
    const object = valueAt(base, wildcard[1]);
    return isRecord(object) ? Object.entries(object).map(([key, value]): [string, unknown] => [`${wildcard[1]}.${key}`, value]) : [];
  }
  return [[field, valueAt(base, field)]];
}

export function sectionTables(definition: ReportDefinition, content: unknown): SectionTable[] {
  return definition.sections.map((section): SectionTable => {
    const base = valueAt(content, section.id);
    const label = section.label ?? null;
    if (section.columns !== undefined) {
      const header = columnHeader(section.columns);
      const rows = Array.isArray(base) ? base.map((item: unknown) => header.map((field) => cell(valueAt(item, field)))) : [];
      return { id: section.id, label, header, rows };
    }
    const fields = (section.fields ?? []).map((f) => (typeof f === 'string' ? f : f.field));
    return { id: section.id, label, header: ['figure', 'value'], rows: fields.flatMap((field) => expandField(base, field).map(([name, value]) => [name, cell(value)])) };
  });
}
