import { computeEntryHash, GENESIS_PREVIOUS_HASH, sealEntry } from './hash-chain.js';
import { numberedPurchase, sealedChain } from './ledger-entry.fixture.js';
import { type StoredEntry, verifyChain } from './verify-chain.js';

async function* streamed(entries: readonly StoredEntry[]): AsyncGenerator<StoredEntry> {
  for (const entry of entries) yield await Promise.resolve(entry);
}

/** A source that counts what it hands out and notices when the reader lets it go. */
function watchedSource(entries: readonly StoredEntry[]) {
  const watch = { pulled: 0, closed: false };
  async function* source(): AsyncGenerator<StoredEntry> {
    try {
      for (const entry of entries) {
        watch.pulled += 1;
        yield await Promise.resolve(entry);
      }
    } finally {
      watch.closed = true;
    }
  }
  return { watch, source: source() };
}

function withoutSequence(chain: readonly StoredEntry[], sequence: number): StoredEntry[] {
  return chain.filter((entry) => entry.sequence !== sequence);
}

function swapped(chain: readonly StoredEntry[], first: number, second: number): StoredEntry[] {
  const copy = [...chain];
  [copy[first - 1], copy[second - 1]] = [copy[second - 1], copy[first - 1]];
  return copy;
}

function replaced(chain: readonly StoredEntry[], sequence: number, entry: StoredEntry): StoredEntry[] {
  return chain.map((original) => (original.sequence === sequence ? entry : original));
}

describe('verifyChain on an intact ledger', () => {
  const chain = sealedChain(5);

  it('reports an empty ledger as intact, headed by the genesis value', async () => {
    await expect(verifyChain([])).resolves.toEqual({ ok: true, count: 0, headHash: GENESIS_PREVIOUS_HASH });
    await expect(verifyChain(streamed([]))).resolves.toEqual({ ok: true, count: 0, headHash: GENESIS_PREVIOUS_HASH });
  });

  it('verifies every entry and returns the hash of the last', async () => {
    await expect(verifyChain(chain)).resolves.toEqual({ ok: true, count: 5, headHash: chain[4].hash });
  });

  it('reads an async stream the same way as a list', async () => {
    await expect(verifyChain(streamed(chain))).resolves.toEqual({ ok: true, count: 5, headHash: chain[4].hash });
  });

  it('reads a synchronous generator', async () => {
    function* generated(): Generator<StoredEntry> {
      yield* chain;
    }
    await expect(verifyChain(generated())).resolves.toEqual({ ok: true, count: 5, headHash: chain[4].hash });
  });

  it('verifies a ledger of one entry', async () => {
    await expect(verifyChain(chain.slice(0, 1))).resolves.toEqual({ ok: true, count: 1, headHash: chain[0].hash });
  });
});

describe('verifyChain on a tampered ledger', () => {
  const chain = sealedChain(5);

  it('finds an altered entry at its own sequence', async () => {
    const altered = { ...chain[2], netMg: 13_500_000 };
    await expect(verifyChain(replaced(chain, 3, altered))).resolves.toEqual({
      ok: false,
      firstBadSequence: 3,
      problem: 'CONTENT_ALTERED',
      expected: computeEntryHash(chain[2].previousHash, altered),
      found: chain[2].hash,
      count: 2,
    });
  });

  it('finds an altered entry whose hash was recomputed at the link to the next entry', async () => {
    const { previousHash: _previousHash, hash: _hash, ...content } = chain[2];
    const rehashed = sealEntry(chain[2].previousHash, { ...content, amountMinor: 9_999 });
    await expect(verifyChain(replaced(chain, 3, rehashed))).resolves.toEqual({
      ok: false,
      firstBadSequence: 4,
      problem: 'PREVIOUS_HASH_MISMATCH',
      expected: rehashed.hash,
      found: chain[2].hash,
      count: 3,
    });
  });

  it('finds an altered stored hash on the last entry', async () => {
    const forged = { ...chain[4], hash: 'f'.repeat(64) };
    await expect(verifyChain(replaced(chain, 5, forged))).resolves.toMatchObject({
      ok: false,
      firstBadSequence: 5,
      problem: 'CONTENT_ALTERED',
      expected: chain[4].hash,
      found: 'f'.repeat(64),
      count: 4,
    });
  });

  it('reports content that cannot be put in canonical form as altered', async () => {
    const corrupted = { ...chain[1], netMg: 1.5 };
    await expect(verifyChain(replaced(chain, 2, corrupted))).resolves.toEqual({
      ok: false,
      firstBadSequence: 2,
      problem: 'CONTENT_ALTERED',
      expected: null,
      found: chain[1].hash,
      count: 1,
    });
  });

  it('finds a removed entry as a gap at the missing number', async () => {
    await expect(verifyChain(withoutSequence(chain, 3))).resolves.toEqual({
      ok: false,
      firstBadSequence: 3,
      problem: 'SEQUENCE_GAP',
      expected: 3,
      found: 4,
      count: 2,
    });
  });

  it('finds a removed first entry', async () => {
    await expect(verifyChain(withoutSequence(chain, 1))).resolves.toMatchObject({
      ok: false,
      firstBadSequence: 1,
      problem: 'SEQUENCE_GAP',
      count: 0,
    });
  });

  it('finds several removed entries at the first missing number', async () => {
    const gapped = withoutSequence(withoutSequence(chain, 2), 3);
    await expect(verifyChain(gapped)).resolves.toMatchObject({
      firstBadSequence: 2,
      problem: 'SEQUENCE_GAP',
      expected: 2,
      found: 4,
    });
  });

  it('finds a gap just before the last entry', async () => {
    await expect(verifyChain(withoutSequence(chain, 4))).resolves.toMatchObject({
      firstBadSequence: 4,
      problem: 'SEQUENCE_GAP',
      found: 5,
    });
  });

  it('finds a reordered pair as out of order', async () => {
    await expect(verifyChain(swapped(chain, 3, 4))).resolves.toEqual({
      ok: false,
      firstBadSequence: 3,
      problem: 'OUT_OF_ORDER',
      expected: 3,
      found: 4,
      count: 2,
    });
  });

  it.each([
    [1, 2],
    [4, 5],
  ])('finds entries %i and %i swapped', async (first, second) => {
    await expect(verifyChain(swapped(chain, first, second))).resolves.toMatchObject({
      firstBadSequence: first,
      problem: 'OUT_OF_ORDER',
      expected: first,
      found: second,
      count: first - 1,
    });
  });

  it('finds an entry moved forward past two others', async () => {
    const moved = [chain[0], chain[1], chain[4], chain[2], chain[3]];
    await expect(verifyChain(moved)).resolves.toMatchObject({ firstBadSequence: 3, problem: 'OUT_OF_ORDER', found: 5 });
  });

  it('finds a repeated entry as out of order', async () => {
    const repeated = [chain[0], chain[1], chain[1], chain[2]];
    await expect(verifyChain(repeated)).resolves.toEqual({
      ok: false,
      firstBadSequence: 3,
      problem: 'OUT_OF_ORDER',
      expected: 3,
      found: 2,
      count: 2,
    });
  });

  it('finds a sequence that is not a whole number as out of order', async () => {
    const fractional = { ...chain[2], sequence: 3.5 };
    await expect(verifyChain(replaced(chain, 3, fractional))).resolves.toMatchObject({
      firstBadSequence: 3,
      problem: 'OUT_OF_ORDER',
      found: 3.5,
    });
  });

  it('finds a wrong previous hash even when the entry was re-hashed over it', async () => {
    const { previousHash: _previousHash, hash: _hash, ...content } = chain[2];
    const relinked = sealEntry('a'.repeat(64), content);
    await expect(verifyChain(replaced(chain, 3, relinked))).resolves.toEqual({
      ok: false,
      firstBadSequence: 3,
      problem: 'PREVIOUS_HASH_MISMATCH',
      expected: chain[1].hash,
      found: 'a'.repeat(64),
      count: 2,
    });
  });

  it('finds a first entry that does not point to the genesis value', async () => {
    const detached = sealEntry('1'.repeat(64), numberedPurchase(1));
    await expect(verifyChain(replaced(chain, 1, detached))).resolves.toMatchObject({
      firstBadSequence: 1,
      problem: 'PREVIOUS_HASH_MISMATCH',
      expected: GENESIS_PREVIOUS_HASH,
      found: '1'.repeat(64),
      count: 0,
    });
  });

  it('finds a malformed previous hash as a broken link, without throwing', async () => {
    const malformed = { ...chain[1], previousHash: 'not a hash' };
    await expect(verifyChain(replaced(chain, 2, malformed))).resolves.toMatchObject({
      firstBadSequence: 2,
      problem: 'PREVIOUS_HASH_MISMATCH',
      found: 'not a hash',
    });
  });
});

describe('verifyChain against a published anchor', () => {
  const chain = sealedChain(5);

  it('accepts a ledger that contains the anchored entry', async () => {
    await expect(verifyChain(chain, { anchor: { sequence: 3, hash: chain[2].hash } })).resolves.toEqual({
      ok: true,
      count: 5,
      headHash: chain[4].hash,
    });
  });

  it('shows that the last entries were cut off, which the chain alone cannot', async () => {
    const truncated = chain.slice(0, 4);
    await expect(verifyChain(truncated)).resolves.toMatchObject({ ok: true, count: 4 });
    await expect(verifyChain(truncated, { anchor: { sequence: 5, hash: chain[4].hash } })).resolves.toEqual({
      ok: false,
      firstBadSequence: 5,
      problem: 'ANCHOR_MISMATCH',
      expected: chain[4].hash,
      found: null,
      count: 4,
    });
  });

  it('shows a ledger rebuilt from the anchored entry onwards', async () => {
    await expect(verifyChain(chain, { anchor: { sequence: 2, hash: 'e'.repeat(64) } })).resolves.toEqual({
      ok: false,
      firstBadSequence: 2,
      problem: 'ANCHOR_MISMATCH',
      expected: 'e'.repeat(64),
      found: chain[1].hash,
      count: 1,
    });
  });

  it.each([0, -1, 1.5])('refuses an anchor at sequence %p', async (sequence) => {
    await expect(verifyChain(chain, { anchor: { sequence, hash: chain[0].hash } })).rejects.toThrow('CHAIN_ANCHOR_INVALID');
  });
});

describe('verifyChain as a stream', () => {
  const chain = sealedChain(6);

  it('reads an intact ledger once, entry by entry, and releases the source', async () => {
    const { watch, source } = watchedSource(chain);
    await expect(verifyChain(source)).resolves.toMatchObject({ ok: true, count: 6 });
    expect(watch).toEqual({ pulled: 6, closed: true });
  });

  it('stops reading at the first problem and releases the source', async () => {
    const { watch, source } = watchedSource(replaced(chain, 2, { ...chain[1], hash: '0'.repeat(64) }));
    await expect(verifyChain(source)).resolves.toMatchObject({ problem: 'CONTENT_ALTERED', firstBadSequence: 2 });
    expect(watch).toEqual({ pulled: 2, closed: true });
  });

  it('reads one entry ahead, no more, to tell a gap from a swap', async () => {
    const { watch, source } = watchedSource(withoutSequence(chain, 2));
    await expect(verifyChain(source)).resolves.toMatchObject({ problem: 'SEQUENCE_GAP', firstBadSequence: 2 });
    expect(watch).toEqual({ pulled: 3, closed: true });
  });

  it('verifies 100 000 entries produced one at a time by an async generator', async () => {
    const total = 100_000;
    const produced = { count: 0, lastHash: GENESIS_PREVIOUS_HASH };
    // Each entry exists only while it is being checked: nothing here keeps the ledger.
    async function* generatedLedger(): AsyncGenerator<StoredEntry> {
      for (let sequence = 1; sequence <= total; sequence += 1) {
        const sealed = sealEntry(produced.lastHash, numberedPurchase(sequence));
        produced.lastHash = sealed.hash;
        produced.count += 1;
        yield await Promise.resolve(sealed);
      }
    }
    const verification = await verifyChain(generatedLedger());
    expect(produced.count).toBe(total);
    expect(verification).toEqual({ ok: true, count: total, headHash: produced.lastHash });
  }, 120_000);
});
