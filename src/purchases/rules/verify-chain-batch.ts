/**
 * The check of verify-chain.ts cut into batches that can be checked apart, on several cores,
 * and joined back in order, with exactly the answer the one-entry-at-a-time check gives.
 *
 * This works because every stored entry carries its previous hash: inside a batch each link
 * is the stored hash of the row before it, and each row's expected sequence is its position
 * in the ledger plus one (every row before a problem passed, so the count of intact entries
 * is that position). What a batch cannot see on its own is left to the join:
 *   - the link of its first row, which points into the batch before it;
 *   - the swap rule of its last row: when that row is ahead of the expected sequence, only
 *     the first row of the next batch tells a swap (OUT_OF_ORDER) from a gap (SEQUENCE_GAP).
 * The order of the checks on one entry is kept: sequence, link, content, anchor; the first
 * problem in ledger order wins, and the count is the number of entries before it.
 */
import { GENESIS_PREVIOUS_HASH } from './hash-chain.js';
import {
  type ChainAnchor, type ChainBroken, type ChainVerification, type Finding, type StoredEntry, assertAnchor, checkAnchor, checkContent, checkLink,
} from './verify-chain.js';

/**
 * The rows of one batch, read through a cursor: `load(index)` makes row `index` current.
 * `sequenceAt` reads ahead for the swap rule without loading the row.
 */
export interface BatchSource {
  readonly length: number;
  load(index: number): void;
  readonly sequence: number;
  readonly previousHash: string;
  readonly hash: string;
  /** The content check of the current row (verify-chain's checkContent, or its exact equivalent). */
  checkContent(): Finding | null;
  sequenceAt(index: number): number;
}

/** A problem found in a batch: the ledger position of its row, and whether it comes before that row's link check. */
export type BatchFinding = Finding & { readonly index: number; readonly beforeLink: boolean };

/** The last row is ahead of its expected sequence: a problem either way, whose kind the next row decides. */
export interface SequenceAhead {
  readonly index: number;
  readonly expected: number;
  readonly found: number;
}

/** What the join needs of a checked batch: a few values, never its rows. */
export interface BatchSummary {
  /** Ledger position (0-based) of the first row. */
  readonly start: number;
  readonly length: number;
  readonly firstSequence: number | null;
  readonly firstPreviousHash: string | null;
  /** Stored hash of the last row checked (the last row, when the batch holds no problem). */
  readonly lastHash: string | null;
  readonly finding: BatchFinding | null;
  readonly ahead: SequenceAhead | null;
}

function sequenceFinding(expected: number, found: number, next: number | undefined): Finding {
  const gap = Number.isSafeInteger(found) && found > expected && next !== expected;
  return { problem: gap ? 'SEQUENCE_GAP' : 'OUT_OF_ORDER', firstBadSequence: expected, expected, found };
}

/** Checks the rows of one batch that starts at ledger position `start`; stops at its first problem. */
export function checkBatch(source: BatchSource, start: number, anchor?: ChainAnchor): BatchSummary {
  const { length } = source;
  let firstSequence: number | null = null;
  let firstPreviousHash: string | null = null;
  let previousHash: string | null = null;
  const summary = (finding: BatchFinding | null, ahead: SequenceAhead | null = null): BatchSummary => ({
    start, length, firstSequence, firstPreviousHash, lastHash: previousHash, finding, ahead,
  });
  for (let index = 0; index < length; index += 1) {
    source.load(index);
    const position = start + index;
    const expected = position + 1;
    const { sequence } = source;
    if (index === 0) {
      firstSequence = sequence;
      firstPreviousHash = source.previousHash;
    }
    if (sequence !== expected) {
      const ahead = Number.isSafeInteger(sequence) && sequence > expected;
      if (ahead && index + 1 === length) return summary(null, { index: position, expected, found: sequence });
      const next = ahead ? source.sequenceAt(index + 1) : undefined;
      return summary({ ...sequenceFinding(expected, sequence, next), index: position, beforeLink: true });
    }
    const finding =
      (previousHash === null ? null : checkLink(source, previousHash)) ?? source.checkContent() ?? checkAnchor(anchor, source);
    if (finding !== null) return summary({ ...finding, index: position, beforeLink: false });
    previousHash = source.hash;
  }
  return summary(null);
}

function broken(finding: Finding, count: number): ChainBroken {
  const { problem, firstBadSequence, expected, found } = finding;
  return { ok: false, firstBadSequence, problem, expected, found, count };
}

/**
 * Joins batch summaries given in ledger order. `add` returns the answer as soon as a batch
 * settles it (a problem; nothing after it matters), else null; `end` gives the answer once
 * the last batch is in.
 */
export class ChainJoin {
  private previousHash = GENESIS_PREVIOUS_HASH;
  private count = 0;
  private pending: SequenceAhead | null = null;

  constructor(private readonly anchor?: ChainAnchor) {}

  add(batch: BatchSummary): ChainBroken | null {
    if (batch.length === 0) return null;
    if (this.pending !== null) return this.settleAhead(batch.firstSequence ?? undefined);
    if (batch.start !== this.count) throw new Error(`batch at ${batch.start} joined after ${this.count} entries`);
    const { finding, ahead } = batch;
    if (finding?.index === batch.start && finding.beforeLink) return broken(finding, finding.index);
    if (ahead?.index === batch.start) {
      this.pending = ahead;
      return null;
    }
    const link = checkLink({ sequence: batch.firstSequence ?? 0, previousHash: batch.firstPreviousHash ?? '' }, this.previousHash);
    if (link !== null) return broken(link, batch.start);
    if (finding !== null) return broken(finding, finding.index);
    if (ahead !== null) {
      this.pending = ahead;
      return null;
    }
    this.count += batch.length;
    this.previousHash = batch.lastHash ?? this.previousHash;
    return null;
  }

  end(): ChainVerification {
    if (this.pending !== null) return this.settleAhead(undefined);
    const { anchor, count } = this;
    if (anchor !== undefined && anchor.sequence > count) {
      // The ledger ends before the anchored entry: its tail was cut off.
      return { ok: false, problem: 'ANCHOR_MISMATCH', firstBadSequence: count + 1, expected: anchor.hash, found: null, count };
    }
    return { ok: true, count, headHash: this.previousHash };
  }

  private settleAhead(next: number | undefined): ChainBroken {
    const { index, expected, found } = this.pending as SequenceAhead;
    return broken(sequenceFinding(expected, found, next), index);
  }
}

/** Entries already in memory as a batch source, checked with verify-chain's own content check. */
export class EntryBatch implements BatchSource {
  private current: StoredEntry;

  constructor(private readonly entries: readonly StoredEntry[]) {}

  get length(): number {
    return this.entries.length;
  }

  load(index: number): void {
    this.current = this.entries[index];
  }

  get sequence(): number {
    return this.current.sequence;
  }

  get previousHash(): string {
    return this.current.previousHash;
  }

  get hash(): string {
    return this.current.hash;
  }

  checkContent(): Finding | null {
    return checkContent(this.current);
  }

  sequenceAt(index: number): number {
    return this.entries[index].sequence;
  }
}

/** The whole check over entries cut into batches of `size` (the parallel verifier's logic, on one thread). */
export function verifyChainInBatches(entries: readonly StoredEntry[], size: number, anchor?: ChainAnchor): ChainVerification {
  assertAnchor(anchor);
  const join = new ChainJoin(anchor);
  for (let start = 0; start < entries.length; start += size) {
    const found = join.add(checkBatch(new EntryBatch(entries.slice(start, start + size)), start, anchor));
    if (found !== null) return found;
  }
  return join.end();
}
