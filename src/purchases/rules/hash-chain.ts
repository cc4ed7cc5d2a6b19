/**
 * Each entry's hash covers its canonical content and the hash of the entry before it, so
 * changing, removing or reordering any entry breaks every hash after it:
 *
 *   hash(n) = lowercase hex SHA-256 of UTF-8( hash(n−1) + '\n' + canonicalLedgerEntry(n) )
 *   hash(0) = 64 zeros (the genesis value the first entry points back to)
 */
import { createHash } from 'node:crypto';
import { DomainError } from '../../common/domain-error.js';
import { type LedgerEntry, canonicalLedgerEntry } from './canonical.js';

export const GENESIS_PREVIOUS_HASH = '0'.repeat(64);

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}

export function computeEntryHash(previousHash: string, entry: LedgerEntry): string {
  if (!isSha256Hex(previousHash)) throw new DomainError('PREVIOUS_HASH_MALFORMED', { previousHash });
  return createHash('sha256').update(`${previousHash}\n${canonicalLedgerEntry(entry)}`, 'utf8').digest('hex');
}

export type SealedEntry<Entry extends LedgerEntry = LedgerEntry> = Entry & {
  readonly previousHash: string;
  readonly hash: string;
};

/** The entry as it is appended: linked to the previous hash and carrying its own. */
export function sealEntry<Entry extends LedgerEntry>(previousHash: string, entry: Entry): SealedEntry<Entry> {
  return { ...entry, previousHash, hash: computeEntryHash(previousHash, entry) };
}
