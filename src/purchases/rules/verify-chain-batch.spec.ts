import { GENESIS_PREVIOUS_HASH, sealEntry } from './hash-chain.js';
import { numberedPurchase, sealedChain } from './ledger-entry.fixture.js';
import { ChainJoin, EntryBatch, checkBatch, verifyChainInBatches } from './verify-chain-batch.js';
import { type ChainAnchor, type StoredEntry, verifyChain } from './verify-chain.js';

const LENGTH = 7;
const chain = sealedChain(LENGTH);

function contentOf(entry: StoredEntry) {
  const { previousHash: _previousHash, hash: _hash, ...content } = entry;
  return content;
}

function replaced(ledger: readonly StoredEntry[], sequence: number, entry: StoredEntry): StoredEntry[] {
  return ledger.map((original) => (original.sequence === sequence ? entry : original));
}

function swapped(ledger: readonly StoredEntry[], first: number, second: number): StoredEntry[] {
  const copy = [...ledger];
  [copy[first - 1], copy[second - 1]] = [copy[second - 1], copy[first - 1]];
  return copy;
}

const positions = Array.from({ length: LENGTH }, (_, index) => index + 1);

/** Every kind of tampering, at every place in the chain. */
const tampered: [string, StoredEntry[]][] = [
  ['intact', chain],
  ['empty', []],
  ...positions.map((n): [string, StoredEntry[]] => [`entry ${n} removed`, chain.filter((entry) => entry.sequence !== n)]),
  ...positions.map((n): [string, StoredEntry[]] => [`entry ${n} altered`, replaced(chain, n, { ...chain[n - 1], netMg: 1 })]),
  ...positions.map((n): [string, StoredEntry[]] => [
    `entry ${n} altered and re-hashed`,
    replaced(chain, n, sealEntry(chain[n - 1].previousHash, { ...contentOf(chain[n - 1]), amountMinor: 9_999 })),
  ]),
  ...positions.map((n): [string, StoredEntry[]] => [`entry ${n} relinked`, replaced(chain, n, sealEntry('a'.repeat(64), contentOf(chain[n - 1])))]),
  ...positions.map((n): [string, StoredEntry[]] => [`entry ${n} hash forged`, replaced(chain, n, { ...chain[n - 1], hash: 'f'.repeat(64) })]),
  ...positions.map((n): [string, StoredEntry[]] => [`entry ${n} not in canonical form`, replaced(chain, n, { ...chain[n - 1], grossMg: 1.5 })]),
  ...positions.map((n): [string, StoredEntry[]] => [`entry ${n} malformed previous hash`, replaced(chain, n, { ...chain[n - 1], previousHash: 'nope' })]),
  ...positions.slice(1).map((n): [string, StoredEntry[]] => [`entries ${n - 1} and ${n} swapped`, swapped(chain, n - 1, n)]),
  ...positions.slice(2).map((n): [string, StoredEntry[]] => [`entries ${n - 2} and ${n} swapped`, swapped(chain, n - 2, n)]),
  ...positions.slice(1).map((n): [string, StoredEntry[]] => [`entry ${n - 1} repeated`, [...chain.slice(0, n - 1), chain[n - 2], ...chain.slice(n - 1)]]),
  ['entries 2 and 3 removed', chain.filter((entry) => entry.sequence !== 2 && entry.sequence !== 3)],
  ['last two removed', chain.slice(0, LENGTH - 2)],
  ['entry 5 moved to the front', [chain[4], ...chain.filter((entry) => entry.sequence !== 5)]],
  ['fractional sequence', replaced(chain, 4, { ...chain[3], sequence: 4.5 })],
  ['chain detached from genesis', replaced(chain, 1, sealEntry('1'.repeat(64), numberedPurchase(1)))],
];

const anchors: [string, ChainAnchor | undefined][] = [
  ['no anchor', undefined],
  ['a matching anchor', { sequence: 4, hash: chain[3].hash }],
  ['a wrong anchor', { sequence: 3, hash: 'e'.repeat(64) }],
  ['an anchor past the end', { sequence: LENGTH + 1, hash: 'e'.repeat(64) }],
];

describe('verifyChainInBatches gives exactly what verifyChain gives', () => {
  describe.each(anchors)('with %s', (_anchorName, anchor) => {
    it.each(tampered)('%s, cut in batches of every size', async (_name, ledger) => {
      const expected = await verifyChain(ledger, { anchor });
      for (let size = 1; size <= LENGTH + 1; size += 1) {
        expect({ size, result: verifyChainInBatches(ledger, size, anchor) }).toEqual({ size, result: expected });
      }
    });
  });

  it('refuses an invalid anchor the same way', () => {
    expect(() => verifyChainInBatches(chain, 2, { sequence: 0, hash: chain[0].hash })).toThrow('CHAIN_ANCHOR_INVALID');
  });
});

describe('checkBatch', () => {
  it('summarises an intact batch by its ends only', () => {
    expect(checkBatch(new EntryBatch(chain.slice(2, 5)), 2)).toEqual({
      start: 2,
      length: 3,
      firstSequence: 3,
      firstPreviousHash: chain[1].hash,
      lastHash: chain[4].hash,
      finding: null,
      ahead: null,
    });
  });

  it('leaves the link of its first row to the join', () => {
    const relinked = sealEntry('a'.repeat(64), contentOf(chain[2]));
    expect(checkBatch(new EntryBatch([relinked]), 2)).toMatchObject({ finding: null, firstPreviousHash: 'a'.repeat(64), lastHash: relinked.hash });
  });

  it('leaves a last row ahead of its sequence to the join, which reads the next batch', () => {
    const summary = checkBatch(new EntryBatch([chain[0], chain[2]]), 0);
    expect(summary).toMatchObject({ finding: null, ahead: { index: 1, expected: 2, found: 3 } });
    const swap = new ChainJoin();
    expect(swap.add(summary)).toBeNull();
    expect(swap.add(checkBatch(new EntryBatch([chain[1]]), 2))).toEqual({
      ok: false, firstBadSequence: 2, problem: 'OUT_OF_ORDER', expected: 2, found: 3, count: 1,
    });
    const gap = new ChainJoin();
    gap.add(summary);
    expect(gap.end()).toEqual({ ok: false, firstBadSequence: 2, problem: 'SEQUENCE_GAP', expected: 2, found: 3, count: 1 });
  });

  it('refuses batches joined out of order', () => {
    const join = new ChainJoin();
    expect(() => join.add(checkBatch(new EntryBatch(chain.slice(2, 4)), 2))).toThrow(/joined after 0/);
  });

  it('joins no batch at all into the empty ledger', () => {
    expect(new ChainJoin().end()).toEqual({ ok: true, count: 0, headHash: GENESIS_PREVIOUS_HASH });
  });
});
