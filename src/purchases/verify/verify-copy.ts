/**
 * Verifies a ledger streamed by `COPY … TO STDOUT` (copy-rows.ts): the bytes are cut into
 * batches of whole rows as they arrive and checked on worker threads while the next ones are
 * read; the summaries are joined in ledger order (rules/verify-chain-batch.ts), so the answer
 * is the one verifyChain gives on the same rows. Memory stays constant: at most
 * IN_FLIGHT_PER_WORKER batches per worker are read ahead. A ledger that fits in one batch is
 * checked on the calling thread, with no worker started.
 *
 * After a problem the rest of the stream is read and dropped, so that the connection is left
 * ready for the next statement of its transaction.
 */
import type { ClientBase } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { type BatchSummary, ChainJoin, checkBatch } from '../rules/verify-chain-batch.js';
import { type ChainAnchor, type ChainVerification, assertAnchor } from '../rules/verify-chain.js';
import { CopyTextBatch, ledgerCopySql } from './copy-rows.js';
import { VerifyPool } from './verify-pool.js';

const BATCH_BYTES = 1 << 20;
const IN_FLIGHT_PER_WORKER = 3;

export interface VerifyCopyOptions {
  readonly anchor?: ChainAnchor;
  /** The worker threads; the process's shared pool unless given. */
  readonly pool?: () => VerifyPool;
  /** Bytes per batch (tests use small ones to cut small ledgers). */
  readonly batchBytes?: number;
}

function countLines(bytes: Buffer): number {
  let lines = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines += 1;
  return lines;
}

/** `length` bytes from the front of `chunks` in a buffer of their own (its ArrayBuffer can be transferred). */
function take(chunks: Buffer[], length: number): Buffer {
  const batch = Buffer.allocUnsafeSlow(length);
  let filled = 0;
  while (filled < length) {
    const chunk = chunks[0];
    const used = Math.min(chunk.length, length - filled);
    chunk.copy(batch, filled, 0, used);
    filled += used;
    if (used === chunk.length) chunks.shift();
    else chunks[0] = chunk.subarray(used);
  }
  return batch;
}

export async function verifyCopyStream(source: AsyncIterable<Buffer>, options: VerifyCopyOptions = {}): Promise<ChainVerification> {
  const { anchor } = options;
  assertAnchor(anchor);
  const batchBytes = options.batchBytes ?? BATCH_BYTES;
  const join = new ChainJoin(anchor);
  const inFlight: Promise<BatchSummary>[] = [];
  let pool: VerifyPool | undefined;
  let answer: ChainVerification | null = null;
  let start = 0;
  const chunks: Buffer[] = [];
  let buffered = 0;
  let complete = 0; // buffered bytes up to the last newline seen

  const joinOldest = async (): Promise<void> => {
    const summary = await (inFlight.shift() as Promise<BatchSummary>);
    answer ??= join.add(summary);
  };
  const dispatch = async (length: number): Promise<void> => {
    const batch = take(chunks, length);
    buffered -= length;
    complete -= length;
    const rows = countLines(batch);
    pool ??= (options.pool ?? VerifyPool.shared)();
    inFlight.push(pool.check(batch.buffer as ArrayBuffer, start, anchor));
    start += rows;
    while (inFlight.length >= pool.size * IN_FLIGHT_PER_WORKER) await joinOldest();
  };

  try {
    for await (const chunk of source) {
      if (answer !== null) continue; // drained, see above
      const newline = chunk.lastIndexOf(10);
      chunks.push(chunk);
      buffered += chunk.length;
      if (newline !== -1) complete = buffered - chunk.length + newline + 1;
      if (complete >= batchBytes) await dispatch(complete);
    }
    if (answer === null && buffered > 0) {
      if (complete !== buffered) throw new Error('the COPY stream ended inside a row');
      if (pool === undefined) {
        answer = join.add(checkBatch(new CopyTextBatch(take(chunks, buffered).toString('utf8')), 0, anchor));
      } else {
        await dispatch(buffered);
      }
    }
    while (inFlight.length > 0) await joinOldest();
  } finally {
    // Settle what is still in flight (an error above), so that no rejection goes unhandled.
    await Promise.allSettled(inFlight);
  }
  return answer ?? join.end();
}

/**
 * The cooperative's ledger streamed by COPY on `client`, whose transaction is open and scoped
 * to the cooperative, and verified. The session should write instants in UTC (the fast path;
 * other offsets are verified through the reference path, more slowly).
 */
export function verifyLedgerOnClient(client: ClientBase, cooperativeId: string, options: VerifyCopyOptions = {}): Promise<ChainVerification> {
  return verifyCopyStream(client.query(copyTo(ledgerCopySql(cooperativeId))), options);
}
