/**
 * Checks a cooperative's purchase ledger from its first entry to its last, reading the
 * entries as a stream: it holds the running hash and at most two entries at a time (the
 * current one and one read ahead), never the ledger, so a database cursor of any length
 * can be fed to it. It stops at the first problem, which is the one that matters: every
 * hash after a broken link is meaningless.
 *
 * Entries must come in ascending sequence starting at 1. Checks on each entry, in order:
 *   - its sequence is the next one: a higher number is SEQUENCE_GAP at the missing number,
 *     unless the missing number comes right after it (then the rows were swapped:
 *     OUT_OF_ORDER); a lower or repeated number is OUT_OF_ORDER;
 *   - its previousHash is the hash of the entry before it (PREVIOUS_HASH_MISMATCH);
 *   - its hash is the hash of its own content (CONTENT_ALTERED).
 * An entry altered and re-hashed by someone covering their tracks passes its own check and
 * shows as PREVIOUS_HASH_MISMATCH on the entry after it.
 *
 * The chain alone cannot show that its last entries were cut off. An anchor, a sequence and
 * hash published elsewhere (a printed report, a supervisor's copy), closes that gap:
 * ANCHOR_MISMATCH when the anchored entry has another hash or is missing.
 */
import { DomainError } from '../../common/domain-error.js';
import { GENESIS_PREVIOUS_HASH, type SealedEntry, computeEntryHash } from './hash-chain.js';

/** An entry as read back from the ledger: its content plus previousHash and hash. */
export type StoredEntry = SealedEntry;

export type ChainProblem =
  | 'CONTENT_ALTERED'
  | 'SEQUENCE_GAP'
  | 'OUT_OF_ORDER'
  | 'PREVIOUS_HASH_MISMATCH'
  | 'ANCHOR_MISMATCH';

export interface ChainIntact {
  readonly ok: true;
  /** Entries verified. */
  readonly count: number;
  /** Hash of the last entry; the genesis value for an empty ledger. */
  readonly headHash: string;
}

export interface ChainBroken {
  readonly ok: false;
  /** The sequence number at which the chain stops being trustworthy. */
  readonly firstBadSequence: number;
  readonly problem: ChainProblem;
  /** A sequence number for sequence problems, a hash for hash problems. */
  readonly expected: number | string | null;
  readonly found: number | string | null;
  /** Entries verified intact before the problem. */
  readonly count: number;
}

export type ChainVerification = ChainIntact | ChainBroken;

export interface ChainAnchor {
  readonly sequence: number;
  readonly hash: string;
}

export interface VerifyChainOptions {
  readonly anchor?: ChainAnchor;
}

/** A problem found on one entry, before the count of entries intact ahead of it is known. */
export type Finding = Omit<ChainBroken, 'ok' | 'count'>;

/** An async iterator with one entry of look-ahead, the only memory the verifier needs. */
class PeekableStream<T> {
  private buffered: IteratorResult<T> | null = null;

  constructor(private readonly iterator: AsyncIterator<T>) {}

  async next(): Promise<T | undefined> {
    const result = this.buffered ?? (await this.iterator.next());
    this.buffered = null;
    return result.done === true ? undefined : result.value;
  }

  async peek(): Promise<T | undefined> {
    this.buffered ??= await this.iterator.next();
    return this.buffered.done === true ? undefined : this.buffered.value;
  }

  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}

async function* streamOf<T>(entries: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
  yield* entries;
}

async function checkSequence(
  entry: StoredEntry,
  expected: number,
  stream: PeekableStream<StoredEntry>,
): Promise<Finding | null> {
  if (entry.sequence === expected) return null;
  const found = entry.sequence;
  if (Number.isSafeInteger(found) && found > expected) {
    const following = await stream.peek();
    const swapped = following?.sequence === expected;
    if (!swapped) return { problem: 'SEQUENCE_GAP', firstBadSequence: expected, expected, found };
  }
  return { problem: 'OUT_OF_ORDER', firstBadSequence: expected, expected, found };
}

export function checkLink(entry: Pick<StoredEntry, 'sequence' | 'previousHash'>, previousHash: string): Finding | null {
  if (entry.previousHash === previousHash) return null;
  return {
    problem: 'PREVIOUS_HASH_MISMATCH',
    firstBadSequence: entry.sequence,
    expected: previousHash,
    found: entry.previousHash,
  };
}

function recomputedHash(entry: StoredEntry): string | null {
  try {
    return computeEntryHash(entry.previousHash, entry);
  } catch (error) {
    // Content that cannot even be put in canonical form was not written by the ledger.
    if (error instanceof DomainError) return null;
    throw error;
  }
}

export function checkContent(entry: StoredEntry): Finding | null {
  const expected = recomputedHash(entry);
  if (expected !== null && expected === entry.hash) return null;
  return { problem: 'CONTENT_ALTERED', firstBadSequence: entry.sequence, expected, found: entry.hash };
}

export function checkAnchor(anchor: ChainAnchor | undefined, entry: Pick<StoredEntry, 'sequence' | 'hash'>): Finding | null {
  if (anchor === undefined || entry.sequence !== anchor.sequence || entry.hash === anchor.hash) return null;
  return { problem: 'ANCHOR_MISMATCH', firstBadSequence: anchor.sequence, expected: anchor.hash, found: entry.hash };
}

export function assertAnchor(anchor: ChainAnchor | undefined): void {
  if (anchor !== undefined && (!Number.isSafeInteger(anchor.sequence) || anchor.sequence < 1)) {
    throw new DomainError('CHAIN_ANCHOR_INVALID', { sequence: anchor.sequence });
  }
}

export async function verifyChain(
  entries: AsyncIterable<StoredEntry> | Iterable<StoredEntry>,
  options: VerifyChainOptions = {},
): Promise<ChainVerification> {
  const { anchor } = options;
  assertAnchor(anchor);
  const stream = new PeekableStream(streamOf(entries)[Symbol.asyncIterator]());
  let previousHash = GENESIS_PREVIOUS_HASH;
  let count = 0;
  try {
    for (let entry = await stream.next(); entry !== undefined; entry = await stream.next()) {
      const finding =
        (await checkSequence(entry, count + 1, stream)) ??
        checkLink(entry, previousHash) ??
        checkContent(entry) ??
        checkAnchor(anchor, entry);
      if (finding !== null) return { ok: false, ...finding, count };
      previousHash = entry.hash;
      count += 1;
    }
  } finally {
    await stream.close();
  }
  if (anchor !== undefined && anchor.sequence > count) {
    // The ledger ends before the anchored entry: its tail was cut off.
    return {
      ok: false,
      problem: 'ANCHOR_MISMATCH',
      firstBadSequence: count + 1,
      expected: anchor.hash,
      found: null,
      count,
    };
  }
  return { ok: true, count, headHash: previousHash };
}
