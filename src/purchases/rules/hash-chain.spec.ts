import { createHash } from 'node:crypto';
import { canonicalLedgerEntry } from './canonical.js';
import { computeEntryHash, GENESIS_PREVIOUS_HASH, isSha256Hex, sealEntry } from './hash-chain.js';
import { heterogenitePurchase } from './ledger-entry.fixture.js';

// Computed outside this code base (Python hashlib over the documented canonical text).
const FIRST_ENTRY_HASH = 'f79723aa406463ca32434263088b1339fc03fd1ba8b9b84f9c9b841f8e23ca9f';
const REVERSAL_HASH = '5f701e7b39ec4100b2ab2899c1fb66512701f94f1eb8705878992cf69a462318';

function reversalOfTheFirstPurchase() {
  return heterogenitePurchase({
    sequence: 2,
    kind: 'reversal',
    id: '6f1c2a4e-0000-4000-8000-0000000000a2',
    reversesId: '6f1c2a4e-0000-4000-8000-0000000000a1',
    reason: 'Balance non e\u0301talonne\u0301e',
    recordedAt: new Date('2025-03-14T10:00:00.000Z'),
  });
}

describe('computeEntryHash', () => {
  it('starts the chain from 64 zeros', () => {
    expect(GENESIS_PREVIOUS_HASH).toBe('0'.repeat(64));
  });

  it('matches the known answer for the first entry', () => {
    expect(computeEntryHash(GENESIS_PREVIOUS_HASH, heterogenitePurchase())).toBe(FIRST_ENTRY_HASH);
  });

  it('matches the known answer for a reversal chained to it, with accented text', () => {
    expect(computeEntryHash(FIRST_ENTRY_HASH, reversalOfTheFirstPurchase())).toBe(REVERSAL_HASH);
  });

  it('hashes the previous hash, a newline and the canonical text as UTF-8', () => {
    const entry = reversalOfTheFirstPurchase();
    const expected = createHash('sha256')
      .update(Buffer.from(`${FIRST_ENTRY_HASH}\n${canonicalLedgerEntry(entry)}`, 'utf8'))
      .digest('hex');
    expect(computeEntryHash(FIRST_ENTRY_HASH, entry)).toBe(expected);
  });

  it('changes with the previous hash, so an entry cannot be moved to another place', () => {
    expect(computeEntryHash('1'.repeat(64), heterogenitePurchase())).not.toBe(FIRST_ENTRY_HASH);
  });

  it.each(['', '0'.repeat(63), 'A'.repeat(64), 'g'.repeat(64), `${'0'.repeat(64)}\n`])(
    'refuses the malformed previous hash %j',
    (previousHash) => {
      expect(() => computeEntryHash(previousHash, heterogenitePurchase())).toThrow('PREVIOUS_HASH_MALFORMED');
    },
  );
});

describe('sealEntry', () => {
  it('links the entry to the previous hash and adds its own', () => {
    const sealed = sealEntry(GENESIS_PREVIOUS_HASH, heterogenitePurchase());
    expect(sealed.previousHash).toBe(GENESIS_PREVIOUS_HASH);
    expect(sealed.hash).toBe(FIRST_ENTRY_HASH);
    expect(sealed.lotNumber).toBe('KOL-2025-000123');
  });

  it('gives a hash that does not cover the chain fields themselves', () => {
    const sealed = sealEntry(GENESIS_PREVIOUS_HASH, heterogenitePurchase());
    expect(computeEntryHash(sealed.previousHash, sealed)).toBe(sealed.hash);
  });
});

describe('isSha256Hex', () => {
  it('accepts 64 lowercase hex digits only', () => {
    expect(isSha256Hex(FIRST_ENTRY_HASH)).toBe(true);
    expect(isSha256Hex(FIRST_ENTRY_HASH.toUpperCase())).toBe(false);
    expect(isSha256Hex(FIRST_ENTRY_HASH.slice(1))).toBe(false);
  });
});
