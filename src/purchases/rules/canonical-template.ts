/**
 * The canonical text of an entry whose place in the chain is not known yet: the text of
 * canonical.ts cut at the two values only the ledger head decides, the lot number and the
 * sequence, so that whoever holds the head (the database function `purchase_append`) fills
 * them in and hashes without knowing the canonical form:
 *
 *   canonicalLedgerEntry(entry) = head + JSON(lotNumber) + middle + sequence + tail
 *
 * The text is made by canonical.ts itself (with a marker in each of the two places), so the
 * form has one definition; this file only cuts it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { type LedgerEntry, canonicalLedgerEntry } from './canonical.js';

/** An entry before the head gives it a sequence and a lot number. */
export type UnplacedEntry = Omit<LedgerEntry, 'sequence' | 'lotNumber'>;

export interface CanonicalTemplate {
  readonly head: string;
  readonly middle: string;
  readonly tail: string;
}

function cut(text: string, marker: string): [string, string] {
  const quoted = JSON.stringify(marker);
  const parts = text.split(quoted);
  if (parts.length !== 2) throw new Error(`The canonical text holds the marker ${parts.length - 1} times`);
  return [parts[0], parts[1]];
}

/** The canonical text of `entry` with holes for the lot number (a JSON string) and the sequence (a JSON number). */
export function canonicalTemplate(entry: UnplacedEntry): CanonicalTemplate {
  // A marker no content can hold by chance; the sequence marker is a string in the text
  // only, the real value is an integer the filler writes without quotes.
  const lotMarker = `\u{E000}lot-${randomUUID()}`;
  const sequenceMarker = `\u{E000}sequence-${randomUUID()}`;
  const text = canonicalLedgerEntry({ ...entry, lotNumber: lotMarker, sequence: sequenceMarker as unknown as number });
  const [head, afterLot] = cut(text, lotMarker);
  const [middle, tail] = cut(afterLot, sequenceMarker);
  return { head, middle, tail };
}

/** What the head's holder writes into the holes (the database function does the same in SQL). */
export function fillCanonicalTemplate(template: CanonicalTemplate, sequence: number, lotNumber: string): string {
  if (!Number.isSafeInteger(sequence)) throw new Error(`sequence ${sequence} is not a safe integer`);
  return `${template.head}${JSON.stringify(lotNumber)}${template.middle}${String(sequence)}${template.tail}`;
}

/**
 * The chain hash of the filled template (hash-chain.ts: SHA-256 of previous hash, '\n', canonical
 * text), without building the canonical text a second time: how the appender checks the hash
 * the database function computed.
 */
export function hashOfFilledTemplate(previousHash: string, template: CanonicalTemplate, sequence: number, lotNumber: string): string {
  return createHash('sha256').update(`${previousHash}\n${fillCanonicalTemplate(template, sequence, lotNumber)}`, 'utf8').digest('hex');
}
