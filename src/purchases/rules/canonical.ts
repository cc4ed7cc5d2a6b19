/**
 * CANONICAL FORM OF A PURCHASE-LEDGER ENTRY: the exact text whose hash chains the ledger.
 * Anyone holding the entries can rebuild it from this description alone.
 *
 * 1. Fields. Exactly these 31, none omitted, none added; a field that does not apply to
 *    the entry is written as null, never left out:
 *      cooperativeId, sequence, kind ('purchase' | 'reversal'), id, reversesId, lotNumber,
 *      tagId, sellerId, siteId, mineral, grossMg, netMg, gradeBp, moistureBp,
 *      unitPriceMinor, priceUnit, priceBasis, currency, exchangeRate, exchangeRateBase,
 *      reportingCurrency, amountMinor, amountReportingMinor, fees, netPaidMinor,
 *      paymentMethod, paymentReference, capturedAt, recordedAt, officerId, reason.
 *    fees is an array of objects with exactly the keys fundCode and amountMinor, in the
 *    order recorded (array order is significant; it is never sorted). The stored
 *    previousHash and hash are not part of the content: the previous hash enters the
 *    chain through the hash input (see hash-chain.ts).
 * 2. Values.
 *    - Integers (sequence, masses in mg, basis points, minor units) as JSON numbers in
 *      plain decimal notation; only safe integers (|n| < 2^53) are accepted, any fraction,
 *      NaN or Infinity is refused. -0 is written 0.
 *    - Strings are Unicode-normalised to NFC, then escaped as ECMAScript JSON.stringify
 *      does: '"', '\' and U+0000..U+001F escaped (\b \f \n \r \t or \u00XX lowercase hex),
 *      lone surrogates as \uDXXX lowercase; every other character literal.
 *    - Decimal strings (exchangeRate) are written as recorded; the ledger records them in
 *      shortest form ('2850.5', not '2850.50'), see amount.ts.
 *    - Instants (capturedAt, recordedAt) as ISO-8601 UTC with milliseconds,
 *      'YYYY-MM-DDTHH:mm:ss.sssZ', as Date.prototype.toISOString writes them.
 *    - null as null; booleans as true/false (none in the ledger today).
 * 3. Layout. Object keys (themselves NFC-normalised) sorted ascending by UTF-16 code
 *    units, at every depth; no whitespace anywhere outside strings.
 * 4. Bytes. The text is encoded as UTF-8 before hashing.
 * 5. Diamonds. An entry that records diamond details has one member more, `diamond`, an
 *    object with exactly the keys parcelId, qualityClass and stones (a stored detail that
 *    is missing is written null, so a half-erased one never matches its hash). An entry
 *    without diamond details has no `diamond` member at all, not a null one: every entry
 *    written before diamonds were recorded keeps the text, and so the hash, it was sealed
 *    with. Carats are not a member of their own: they are netMg (1 ct = 200 mg exactly).
 *
 * Which fields a reversal fills is the ledger's rule, not this file's: the canonical form
 * writes whatever the entry records.
 */
import { DomainError } from '../../common/domain-error.js';
import { type PriceBasis } from './amount.js';
import { type MassUnit } from './units.js';

export type LedgerEntryKind = 'purchase' | 'reversal';

export type PaymentMethod = 'cash' | 'mobile_money';

export interface LedgerFee {
  readonly fundCode: string;
  readonly amountMinor: number;
}

/** What a diamond buyer records beyond the mass: carats are the entry's netMg. */
export interface LedgerDiamond {
  readonly stones: number;
  /** The buyer's quality or size class, as sorted ('GEM +2ct', '-11+9'). */
  readonly qualityClass: string;
  readonly parcelId: string;
}

export interface LedgerEntry {
  readonly cooperativeId: string;
  readonly sequence: number;
  readonly kind: LedgerEntryKind;
  readonly id: string;
  readonly reversesId: string | null;
  readonly lotNumber: string | null;
  readonly tagId: string | null;
  readonly sellerId: string | null;
  readonly siteId: string | null;
  readonly mineral: string | null;
  readonly grossMg: number | null;
  readonly netMg: number | null;
  readonly gradeBp: number | null;
  readonly moistureBp: number | null;
  readonly unitPriceMinor: number | null;
  readonly priceUnit: MassUnit | null;
  readonly priceBasis: PriceBasis | null;
  readonly currency: string | null;
  /** Shortest decimal string: one `exchangeRateBase` is worth this many of the other currency. */
  readonly exchangeRate: string | null;
  readonly exchangeRateBase: string | null;
  readonly reportingCurrency: string | null;
  readonly amountMinor: number | null;
  readonly amountReportingMinor: number | null;
  readonly fees: readonly LedgerFee[];
  readonly netPaidMinor: number | null;
  readonly paymentMethod: PaymentMethod | null;
  readonly paymentReference: string | null;
  /** When the officer's device captured the purchase, possibly offline. */
  readonly capturedAt: Date | null;
  /** When the server appended the entry to the ledger. */
  readonly recordedAt: Date;
  readonly officerId: string;
  readonly reason: string | null;
  /** Absent or null: not a diamond entry (rule 5 above). */
  readonly diamond?: LedgerDiamond | null;
}

export const LEDGER_ENTRY_FIELDS = [
  'cooperativeId',
  'sequence',
  'kind',
  'id',
  'reversesId',
  'lotNumber',
  'tagId',
  'sellerId',
  'siteId',
  'mineral',
  'grossMg',
  'netMg',
  'gradeBp',
  'moistureBp',
  'unitPriceMinor',
  'priceUnit',
  'priceBasis',
  'currency',
  'exchangeRate',
  'exchangeRateBase',
  'reportingCurrency',
  'amountMinor',
  'amountReportingMinor',
  'fees',
  'netPaidMinor',
  'paymentMethod',
  'paymentReference',
  'capturedAt',
  'recordedAt',
  'officerId',
  'reason',
] as const satisfies readonly (keyof LedgerEntry)[];

export type CanonicalValue =
  | null
  | boolean
  | number
  | string
  | Date
  | readonly CanonicalValue[]
  | { readonly [key: string]: CanonicalValue };

function unsupported(path: string, reason: string): DomainError {
  return new DomainError('CANONICAL_VALUE_UNSUPPORTED', { path, reason });
}

function canonicalNumber(value: number, path: string): string {
  if (!Number.isSafeInteger(value)) throw unsupported(path, `not a safe integer: ${value}`);
  return JSON.stringify(value);
}

function canonicalInstant(value: Date, path: string): string {
  if (Number.isNaN(value.getTime())) throw unsupported(path, 'invalid date');
  return JSON.stringify(value.toISOString());
}

function canonicalObject(value: { readonly [key: string]: CanonicalValue }, path: string): string {
  const byKey = new Map(Object.keys(value).map((rawKey) => [rawKey.normalize('NFC'), rawKey]));
  const keys = [...byKey.keys()].sort();
  if (keys.length !== Object.keys(value).length) throw unsupported(path, 'two keys are equal once normalised');
  const members = keys.map((key) => {
    // The value is checked, not its type: data read back from storage may hold undefined.
    const member = value[byKey.get(key) ?? key] as CanonicalValue | undefined;
    if (member === undefined) throw unsupported(`${path}.${key}`, 'undefined');
    return `${JSON.stringify(key)}:${canonicalize(member, `${path}.${key}`)}`;
  });
  return `{${members.join(',')}}`;
}

function canonicalize(value: CanonicalValue, path: string): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return canonicalNumber(value, path);
  if (typeof value === 'string') return JSON.stringify(value.normalize('NFC'));
  if (value instanceof Date) return canonicalInstant(value, path);
  if (Array.isArray(value)) {
    const items = value as readonly CanonicalValue[];
    return `[${items.map((item, index) => canonicalize(item, `${path}[${index}]`)).join(',')}]`;
  }
  if (typeof value === 'object') return canonicalObject(value as { readonly [key: string]: CanonicalValue }, path);
  throw unsupported(path, `type ${typeof value}`);
}

/** Any JSON-like value in canonical form: sorted keys, NFC strings, UTC instants, no whitespace. */
export function canonicalJson(value: CanonicalValue): string {
  return canonicalize(value, '$');
}

/** The ledger entry reduced to exactly its canonical fields, so extra properties never leak into the hash. */
function ledgerContent(entry: LedgerEntry): { readonly [key: string]: CanonicalValue } {
  const content: { [key: string]: CanonicalValue } = {};
  for (const field of LEDGER_ENTRY_FIELDS) {
    const value = entry[field] as CanonicalValue | undefined;
    if (value === undefined) throw new DomainError('CANONICAL_FIELD_MISSING', { field });
    content[field] = value;
  }
  const fees: unknown = entry.fees;
  if (!Array.isArray(fees)) throw unsupported('$.fees', 'not an array');
  // Fees may be read back with extra columns; only the fund and the amount are content.
  content.fees = entry.fees.map((fee) => ({ fundCode: fee.fundCode, amountMinor: fee.amountMinor }));
  const { diamond } = entry;
  if (diamond !== undefined && diamond !== null) {
    content.diamond = { parcelId: diamond.parcelId, qualityClass: diamond.qualityClass, stones: diamond.stones };
  }
  return content;
}

/** The canonical text of a ledger entry, as specified at the top of this file. */
export function canonicalLedgerEntry(entry: LedgerEntry): string {
  return canonicalJson(ledgerContent(entry));
}
