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
 */
import { hash as digest } from 'node:crypto';
import pg from 'pg';
import { LEDGER_ENTRY_FIELDS, type LedgerEntry } from '../rules/canonical.js';
import { isSha256Hex } from '../rules/hash-chain.js';
import type { BatchSource } from '../rules/verify-chain-batch.js';
import { type Finding, type StoredEntry, checkContent } from '../rules/verify-chain.js';

type Kind = 'int4' | 'int8' | 'text' | 'instant' | 'fees';

/** The COPY column order: sequence and both hashes first, then the content in the order of canonical.ts. */
const COLUMNS: readonly (readonly [column: string, field: keyof LedgerEntry | 'previousHash' | 'hash', kind: Kind])[] = [
  ['sequence', 'sequence', 'int4'],
  ['previous_hash', 'previousHash', 'text'],
  ['hash', 'hash', 'text'],
  ['cooperative_id', 'cooperativeId', 'text'],
  ['kind', 'kind', 'text'],
  ['id', 'id', 'text'],
  ['reverses_id', 'reversesId', 'text'],
  ['lot_number', 'lotNumber', 'text'],
  ['tag_id', 'tagId', 'text'],
  ['seller_id', 'sellerId', 'text'],
  ['site_id', 'siteId', 'text'],
  ['mineral', 'mineral', 'text'],
  ['gross_mg', 'grossMg', 'int8'],
  ['net_mg', 'netMg', 'int8'],
  ['grade_bp', 'gradeBp', 'int4'],
  ['moisture_bp', 'moistureBp', 'int4'],
  ['unit_price_minor', 'unitPriceMinor', 'int8'],
  ['price_unit', 'priceUnit', 'text'],
  ['price_basis', 'priceBasis', 'text'],
  ['currency', 'currency', 'text'],
  ['exchange_rate', 'exchangeRate', 'text'],
  ['exchange_rate_base', 'exchangeRateBase', 'text'],
  ['reporting_currency', 'reportingCurrency', 'text'],
  ['amount_minor', 'amountMinor', 'int8'],
  ['amount_reporting_minor', 'amountReportingMinor', 'int8'],
  ['fees', 'fees', 'fees'],
  ['net_paid_minor', 'netPaidMinor', 'int8'],
  ['payment_method', 'paymentMethod', 'text'],
  ['payment_reference', 'paymentReference', 'text'],
  ['captured_at', 'capturedAt', 'instant'],
  ['recorded_at', 'recordedAt', 'instant'],
  ['officer_id', 'officerId', 'text'],
  ['reason', 'reason', 'text'],
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
const MEMBERS = [...LEDGER_ENTRY_FIELDS].sort().map((field, index) => {
  const column = COLUMNS.findIndex(([, name]) => name === field);
  if (column < 0) throw new Error(`canonical field ${field} has no COPY column`);
  return { prefix: `${index === 0 ? '{' : ','}${JSON.stringify(field)}:`, column, kind: COLUMNS[column][2] };
});
if (MEMBERS.length + 2 !== COLUMNS.length) throw new Error('COPY columns and canonical fields differ');

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
/** Integers whose decimal text is their canonical text (at most 15 digits: exact as a number). */
const PLAIN_INTEGER = /^-?(?:0|[1-9]\d{0,14})$/;
/** An instant written in UTC by DateStyle ISO. */
const UTC_INSTANT = /^([1-9]\d{3}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;

function canonicalText(field: string): string {
  if (PLAIN.test(field)) return `"${field}"`;
  const value = copyValue(field) as string;
  return JSON.stringify(value.normalize('NFC'));
}

/**
 * The ISO text Date.prototype.toISOString gives for the Date the driver parses from `field`
 * (postgres-date: milliseconds = 1000 × the fraction, truncated by Date.UTC), or null.
 */
export function canonicalInstantText(field: string): string | null {
  const parts = UTC_INSTANT.exec(field);
  if (parts === null) return null;
  const fraction = parts[3];
  const ms = fraction === undefined ? 0 : Math.trunc(1000 * parseFloat(`.${fraction}`));
  return `"${parts[1]}T${parts[2]}.${String(ms).padStart(3, '0')}Z"`;
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

/** canonicalLedgerEntry of the row, written from its COPY fields; null when the row needs the reference path. */
export function canonicalFromCopy(fields: readonly string[]): string | null {
  let text = '';
  for (const { prefix, column, kind } of MEMBERS) {
    const field = fields[column];
    let value: string | null;
    if (field === '\\N') value = 'null';
    else if (kind === 'text') value = canonicalText(field);
    else if (kind === 'int4' || kind === 'int8') value = PLAIN_INTEGER.test(field) ? field : null;
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
  COLUMNS.forEach(([, name, kind], column) => {
    const value = copyValue(fields[column]);
    if (value === null) entry[name] = null;
    else if (kind === 'int4') entry[name] = parseInt4(value);
    else if (kind === 'int8') entry[name] = Number(parseInt8(value));
    else if (kind === 'instant') entry[name] = parseInstant(value);
    else if (kind === 'fees') entry[name] = parseJsonb(value);
    else entry[name] = value;
  });
  return entry as unknown as StoredEntry;
}

/** The content check of one COPY row: verify-chain's checkContent, taking the fast path when it can. */
export function checkCopyContent(fields: readonly string[]): Finding | null {
  const previousHash = fields[PREVIOUS_HASH];
  if (isSha256Hex(previousHash)) {
    const canonical = canonicalFromCopy(fields);
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

  constructor(text: string) {
    this.lines = text.split('\n');
    if (this.lines[this.lines.length - 1] === '') this.lines.pop();
    this.length = this.lines.length;
  }

  load(index: number): void {
    const fields = this.lines[index].split('\t');
    if (fields.length !== COLUMNS.length) throw new Error(`COPY row ${index} has ${fields.length} fields, not ${COLUMNS.length}`);
    this.fields = fields;
    this.sequence = parseInt4(fields[SEQUENCE]);
    this.previousHash = copyValue(fields[PREVIOUS_HASH]) as string;
    this.hash = copyValue(fields[HASH]) as string;
  }

  checkContent(): Finding | null {
    return checkCopyContent(this.fields);
  }

  sequenceAt(index: number): number {
    const line = this.lines[index];
    return parseInt4(line.slice(0, line.indexOf('\t')));
  }
}
