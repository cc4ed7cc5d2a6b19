import { createHash } from 'node:crypto';
import { canonicalLedgerEntry } from './canonical.js';
import { canonicalTemplate, fillCanonicalTemplate, hashOfFilledTemplate, type UnplacedEntry } from './canonical-template.js';
import { computeEntryHash, GENESIS_PREVIOUS_HASH } from './hash-chain.js';
import { lotNumberOf, placeEntry } from './ledger-entries.js';
import { heterogenitePurchase } from './ledger-entry.fixture.js';

function unplaced(overrides: Parameters<typeof heterogenitePurchase>[0] = {}): UnplacedEntry {
  const { sequence: _sequence, lotNumber: _lotNumber, ...rest } = heterogenitePurchase(overrides);
  return rest;
}

describe('canonicalTemplate', () => {
  it('filled with a sequence and its lot number, is the canonical text of the placed entry, byte for byte', () => {
    const entry = unplaced();
    for (const sequence of [1, 9, 10, 999_999, 1_000_000, 12_345_678, 2 ** 31 - 1]) {
      const filled = fillCanonicalTemplate(canonicalTemplate(entry), sequence, lotNumberOf(sequence));
      expect(filled).toBe(canonicalLedgerEntry(placeEntry(entry, sequence)));
    }
  });

  it('cuts only at the two holes, whatever the other fields hold', () => {
    // Content that looks like the holes, quotes, escapes, decomposed accents, astral characters, private-use characters.
    const tricky = unplaced({
      tagId: '"lotNumber":"LOT-000001","sequence":1',
      paymentReference: 'a\\"b\n\u0000\u{E000}lot-',
      reason: 'e\u0301tiquette \u{1F4A9} \uD800',
      fees: [{ fundCode: 'sequence', amountMinor: 0 }],
      capturedAt: null,
    });
    const template = canonicalTemplate(tricky);
    expect(fillCanonicalTemplate(template, 42, lotNumberOf(42))).toBe(canonicalLedgerEntry(placeEntry(tricky, 42)));
    expect(template.head.endsWith('"lotNumber":')).toBe(true);
    expect(template.middle.endsWith(',"sequence":')).toBe(true);
    expect(template.tail.startsWith(',"siteId":')).toBe(true);
  });

  it('gives the hash of the chain rule when hashed as the database function does (bytes, then fills)', () => {
    const entry = unplaced();
    const template = canonicalTemplate(entry);
    const previous = 'ab'.repeat(32);
    const sequence = 7;
    // purchase_append: sha256(previous || '\n' || head || '"' || lot || '"' || middle || sequence || tail) on UTF-8 bytes.
    const bytes = Buffer.concat([
      Buffer.from(`${previous}\n`, 'utf8'),
      Buffer.from(template.head, 'utf8'),
      Buffer.from(`"${lotNumberOf(sequence)}"`, 'utf8'),
      Buffer.from(template.middle, 'utf8'),
      Buffer.from(String(sequence), 'utf8'),
      Buffer.from(template.tail, 'utf8'),
    ]);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(computeEntryHash(previous, placeEntry(entry, sequence)));
    expect(hashOfFilledTemplate(previous, template, sequence, lotNumberOf(sequence))).toBe(computeEntryHash(previous, placeEntry(entry, sequence)));
    expect(computeEntryHash(GENESIS_PREVIOUS_HASH, placeEntry(entry, 1))).not.toBe(computeEntryHash(previous, placeEntry(entry, sequence)));
  });

  it('refuses to fill a sequence that is not a safe integer', () => {
    const template = canonicalTemplate(unplaced());
    expect(() => fillCanonicalTemplate(template, 1.5, 'LOT-000001')).toThrow();
  });
});
