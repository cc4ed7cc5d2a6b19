/**
 * Ledger rows as PostgreSQL's `COPY … TO STDOUT` writes them (text format: one line per row,
 * fields separated by tabs, NULL as \N, backslash escapes), checked without building entry
 * objects: the canonical text of canonical.ts is written straight from the fields.
 *
 * The fast writer covers the shapes the ledger writes (ASCII or any Unicode text, plain
 * integers, UTC instants, a fee list of fund and amount); for anything else it gives up and
 * the row goes through the reference path: the entry the `pg` driver would have built from
 * the same text (same type parsers, same conversions as PurchasesRepository), then
 * verify-chain's own checkContent. A fast hash that does not match is also re-checked by the
 * reference path, so a problem is only ever reported with the reference's own figures.
 *
 * A diamond entry's `diamond` member (canonical.ts, rule 5) comes from three columns (stones,
 * quality_class, parcel_id): written when any of them is set, left out when all are NULL.
 */
import { hash as digest } from 'node:crypto';
import pg from 'pg';
import { LEDGER_ENTRY_FIELDS, type LedgerDiamond } from '../rules/canonical.js';
import { isSha256Hex } from '../rules/hash-chain.js';
import type { BatchSource } from '../rules/verify-chain-batch.js';
import { type Finding, type StoredEntry, checkContent } from '../rules/verify-chain.js';

type Kind = 'int4' | 'int8' | 'text' | 'instant' | 'fees';
type ContentField = (typeof LEDGER_ENTRY_FIELDS)[number];
type DiamondField = `diamond.${keyof LedgerDiamond}`;

/** What canonical.ts makes of each stored field: its column, and how the pg driver reads it. */
const FIELD_COLUMNS: Readonly<Record<ContentField, readonly [column: string, kind: Kind]>> = {
  cooperativeId: ['cooperative_id', 'text'],
  sequence: ['sequence', 'int4'],
  kind: ['kind', 'text'],
  id: ['id', 'text'],
  reversesId: ['reverses_id', 'text'],
  lotNumber: ['lot_number', 'text'],
  tagId: ['tag_id', 'text'],
  sellerId: ['seller_id', 'text'],
  siteId: ['site_id', 'text'],
  mineral: ['mineral', 'text'],
  grossMg: ['gross_mg', 'int8'],
  netMg: ['net_mg', 'int8'],
  gradeBp: ['grade_bp', 'int4'],
  moistureBp: ['moisture_bp', 'int4'],
  unitPriceMinor: ['unit_price_minor', 'int8'],
  priceUnit: ['price_unit', 'text'],
  priceBasis: ['price_basis', 'text'],
  currency: ['currency', 'text'],
  exchangeRate: ['exchange_rate', 'text'],
  exchangeRateBase: ['exchange_rate_base', 'text'],
  reportingCurrency: ['reporting_currency', 'text'],
  amountMinor: ['amount_minor', 'int8'],
  amountReportingMinor: ['amount_reporting_minor', 'int8'],
  fees: ['fees', 'fees'],
  netPaidMinor: ['net_paid_minor', 'int8'],
  paymentMethod: ['payment_method', 'text'],
  paymentReference: ['payment_reference', 'text'],
  capturedAt: ['captured_at', 'instant'],
  recordedAt: ['recorded_at', 'instant'],
  officerId: ['officer_id', 'text'],
  reason: ['reason', 'text'],
};

/**
 * The COPY column order: sequence and both hashes, then the content in the order canonical.ts
 * writes it (keys sorted), the fees last: everything before the last tab is then free of
 * quotes unless some text holds one, which one test over the line tells.
 */
const CONTENT_FIELDS = [...LEDGER_ENTRY_FIELDS].sort((a, b) => (a === 'fees' ? 1 : b === 'fees' ? -1 : a < b ? -1 : 1));
/** The diamond member's keys in canonical (sorted) order, each with its column. */
const DIAMOND_COLUMNS = [
  ['parcel_id', 'diamond.parcelId', 'text'],
  ['quality_class', 'diamond.qualityClass', 'text'],
  ['stones', 'diamond.stones', 'int4'],
] as const satisfies readonly (readonly [string, DiamondField, Kind])[];
const COLUMNS: readonly (readonly [column: string, field: ContentField | DiamondField | 'previousHash' | 'hash', kind: Kind])[] = [
  ['sequence', 'sequence', 'int4'],
  ['previous_hash', 'previousHash', 'text'],
  ['hash', 'hash', 'text'],
  ...CONTENT_FIELDS.filter((field) => field !== 'fees').map((field) => [FIELD_COLUMNS[field][0], field, FIELD_COLUMNS[field][1]] as const),
  // Before the fees, so that the quote test over the line covers the class too.
  ...DIAMOND_COLUMNS,
  [FIELD_COLUMNS.fees[0], 'fees', FIELD_COLUMNS.fees[1]],
];

const SEQUENCE = 0;
const PREVIOUS_HASH = 1;
const HASH = 2;

/** The statement that streams a cooperative's ledger in sequence order (COPY takes no parameters). */
export function ledgerCopySql(cooperativeId: string): string {
  return `COPY (SELECT ${COLUMNS.map(([column]) => column).join(', ')} FROM purchase_ledger
    WHERE cooperative_id = ${pg.escapeLiteral(cooperativeId)}::uuid ORDER BY sequence) TO STDOUT`;
}

/** Canonical members in the order canonical.ts writes them (keys sorted), each with its column. */
const MEMBERS = [...LEDGER_ENTRY_FIELDS, 'diamond' as const].sort().map((field, index) => {
  const prefix = `${index === 0 ? '{' : ','}${JSON.stringify(field)}:`;
  if (field === 'diamond') return { prefix, column: -1, kind: 'diamond' as const };
  const column = COLUMNS.findIndex(([, name]) => name === field);
  return { prefix, column, kind: COLUMNS[column][2] };
});
const DIAMOND_MEMBERS = DIAMOND_COLUMNS.map(([, field], index) => ({
  prefix: `${index === 0 ? '{' : ','}${JSON.stringify(field.slice('diamond.'.length))}:`,
  column: COLUMNS.findIndex(([, name]) => name === field),
}));
/** The stored field of each COPY column, in order (for tests that write rows as COPY does). */
export const COPY_FIELDS: readonly string[] = COLUMNS.map(([, field]) => field);

const COPY_ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
const COPY_ESCAPE = /\\(.)/gs;

/** A field's value: null for \N, backslash escapes undone (COPY TO writes no octal or hex escapes). */
export function copyValue(field: string): string | null {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  return field.replace(COPY_ESCAPE, (_, char: string) => COPY_ESCAPES[char] ?? char);
}

/** Printable ASCII without '"' and '\': NFC and JSON.stringify leave it as it is. */
const PLAIN = /^[ !#-[\]-~]*$/;
/** Anything that is not printable ASCII, a tab or the \N of a NULL: found, the fields need a closer look. */
const NOT_PLAIN = /[^\t !#-[\]-~\\]|\\(?!N(?:\t|$))/;

function canonicalText(field: string): string {
  if (PLAIN.test(field)) return `"${field}"`;
  const value = copyValue(field) as string;
  return JSON.stringify(value.normalize('NFC'));
}

/**
 * The ISO text Date.prototype.toISOString gives for the Date the driver parses from `field`
 * (postgres-date: milliseconds = 1000 × the fraction, truncated by Date.UTC), or null unless
 * it is 'YYYY-MM-DD HH:MM:SS[.f…]+00' with a year from 1000 to 9999 and at most six decimals.
 */
export function canonicalInstantText(field: string): string | null {
  const { length } = field;
  const fractionDigits = length - 23;
  if (length < 22 || length > 29 || length === 23 || !field.endsWith('+00') || field.charCodeAt(4) !== 45 || field.charCodeAt(10) !== 32) return null;
  if (field.charCodeAt(0) < 49 || field.charCodeAt(0) > 57) return null;
  const date = field.slice(0, 10);
  const time = field.slice(11, 19);
  if (length === 22) return `"${date}T${time}.000Z"`;
  if (field.charCodeAt(19) !== 46) return null;
  const fraction = field.slice(20, 20 + fractionDigits);
  const ms = fractionDigits <= 3 ? fraction.padEnd(3, '0') : String(Math.trunc(1000 * parseFloat(`.${fraction}`))).padStart(3, '0');
  return `"${date}T${time}.${ms}Z"`;
}

let lastFeesField = '';
let lastFeesText: string | null = null;

function canonicalFees(field: string): string | null {
  if (field === lastFeesField) return lastFeesText;
  let text: string | null = null;
  const fees: unknown = JSON.parse(copyValue(field) ?? 'null');
  if (Array.isArray(fees)) {
    const items: string[] = [];
    for (const fee of fees as unknown[]) {
      if (typeof fee !== 'object' || fee === null || Array.isArray(fee)) return null;
      const { fundCode, amountMinor } = fee as { fundCode?: unknown; amountMinor?: unknown };
      if (typeof fundCode !== 'string' || !Number.isSafeInteger(amountMinor)) return null;
      items.push(`{"amountMinor":${JSON.stringify(amountMinor)},"fundCode":${JSON.stringify(fundCode.normalize('NFC'))}}`);
    }
    text = `[${items.join(',')}]`;
  }
  lastFeesField = field;
  lastFeesText = text;
  return text;
}

/** The diamond member's object; '' when the entry has no diamond details, null when the reference path must judge. */
function canonicalDiamond(fields: readonly string[], plain: boolean): string | null {
  if (DIAMOND_MEMBERS.every(({ column }) => fields[column] === '\\N')) return '';
  let text = '';
  for (const { prefix, column } of DIAMOND_MEMBERS) {
    const field = fields[column];
    const kind = COLUMNS[column][2];
    let value: string | null;
    if (field === '\\N') value = 'null';
    else if (kind === 'text') value = plain ? `"${field}"` : canonicalText(field);
    else value = field.length <= 15 ? field : null;
    if (value === null) return null;
    text += prefix + value;
  }
  return `${text}}`;
}

/**
 * canonicalLedgerEntry of the row, written from its COPY fields; null when the row needs the
 * reference path. `plain`: no field before the fees holds anything but printable ASCII
 * without a quote (NOT_PLAIN found nothing), so each text is its own JSON string.
 */
export function canonicalFromCopy(fields: readonly string[], plain = false): string | null {
  let text = '';
  for (const { prefix, column, kind } of MEMBERS) {
    if (kind === 'diamond') {
      const diamond = canonicalDiamond(fields, plain);
      if (diamond === null) return null;
      if (diamond !== '') text += prefix + diamond;
      continue;
    }
    const field = fields[column];
    let value: string | null;
    if (field === '\\N') value = 'null';
    else if (kind === 'text') value = plain ? `"${field}"` : canonicalText(field);
    // int4 and int8 output is plain decimal; up to 15 digits it is exact as a number.
    else if (kind === 'int4' || kind === 'int8') value = field.length <= 15 ? field : null;
    else if (kind === 'instant') value = canonicalInstantText(field);
    else value = canonicalFees(field);
    if (value === null) return null;
    text += prefix + value;
  }
  return `${text}}`;
}

const parseInt4 = pg.types.getTypeParser(pg.types.builtins.INT4, 'text') as (value: string) => number;
const parseInt8 = pg.types.getTypeParser(pg.types.builtins.INT8, 'text') as (value: string) => string;
const parseJsonb = pg.types.getTypeParser(pg.types.builtins.JSONB, 'text') as (value: string) => unknown;
const parseInstant = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text') as (value: string) => Date;

/** The entry exactly as the pg driver and PurchasesRepository build it from the same row. */
export function storedEntryFromCopy(fields: readonly string[]): StoredEntry {
  const entry: Record<string, unknown> = {};
  const diamond: Record<string, unknown> = {};
  COLUMNS.forEach(([, name, kind], column) => {
    const value = copyValue(fields[column]);
    if (name.startsWith('diamond.')) diamond[name.slice('diamond.'.length)] = value === null ? null : kind === 'int4' ? parseInt4(value) : value;
    else if (value === null) entry[name] = null;
    else if (kind === 'int4') entry[name] = parseInt4(value);
    else if (kind === 'int8') entry[name] = Number(parseInt8(value));
    else if (kind === 'instant') entry[name] = parseInstant(value);
    else if (kind === 'fees') entry[name] = parseJsonb(value);
    else entry[name] = value;
  });
  entry.diamond = Object.values(diamond).every((value) => value === null) ? null : diamond;
  return entry as unknown as StoredEntry;
}

/**
 * The content check of one COPY row: verify-chain's checkContent, taking the fast path when it
 * can. `linked`: the row's previous hash is the stored hash of the row before it, which passed
 * this check (so it is a SHA-256 digest and need not be tested as one again).
 */
export function checkCopyContent(fields: readonly string[], plain = false, linked = false): Finding | null {
  const previousHash = fields[PREVIOUS_HASH];
  if (linked || isSha256Hex(previousHash)) {
    const canonical = canonicalFromCopy(fields, plain);
    if (canonical !== null && digest('sha256', `${previousHash}\n${canonical}`, 'hex') === fields[HASH]) return null;
  }
  return checkContent(storedEntryFromCopy(fields));
}

/** The lines of a block of COPY text (whole rows only) as a batch for checkBatch. */
export class CopyTextBatch implements BatchSource {
  readonly length: number;
  sequence = 0;
  previousHash = '';
  hash = '';
  private readonly lines: string[];
  private fields: string[] = [];
  private line = '';
  private index = 0;

  constructor(text: string) {
    this.lines = text.split('\n');
    if (this.lines[this.lines.length - 1] === '') this.lines.pop();
    this.length = this.lines.length;
  }

  load(index: number): void {
    this.index = index;
    const line = this.lines[index];
    const fields = line.split('\t');
    if (fields.length !== COLUMNS.length) throw new Error(`COPY row ${index} has ${fields.length} fields, not ${COLUMNS.length}`);
    this.fields = fields;
    this.line = line;
    this.sequence = parseInt4(fields[SEQUENCE]);
    this.previousHash = copyValue(fields[PREVIOUS_HASH]) as string;
    this.hash = copyValue(fields[HASH]) as string;
  }

  checkContent(): Finding | null {
    const { line } = this;
    // checkBatch checks the content of a row after its link, from the second row of a batch on.
    return checkCopyContent(this.fields, !NOT_PLAIN.test(line.slice(0, line.lastIndexOf('\t'))), this.index > 0);
  }

  sequenceAt(index: number): number {
    const line = this.lines[index];
    return parseInt4(line.slice(0, line.indexOf('\t')));
  }
}
