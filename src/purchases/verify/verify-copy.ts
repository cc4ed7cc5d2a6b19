/**
 * Verifies a ledger streamed by `COPY … TO STDOUT` (copy-rows.ts): batches of whole rows are
 * checked on worker threads while the next ones are read, and their summaries joined in
 * ledger order (rules/verify-chain-batch.ts), so the answer is the one verifyChain gives on
 * the same rows. Memory stays constant: at most IN_FLIGHT_PER_WORKER batches per worker are
 * read ahead, then the reading waits. A ledger that fits in one batch is checked on the
 * calling thread, with no worker started.
 *
 * After a problem the rest of the rows are read and dropped, so that the connection is left
 * ready for the next statement of its transaction.
 */
import type { ClientBase } from 'pg';
import { type BatchSummary, ChainJoin, checkBatch } from '../rules/verify-chain-batch.js';
import { type ChainAnchor, type ChainVerification, assertAnchor } from '../rules/verify-chain.js';
import { CopyOutBatches } from './copy-out.js';
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

/** Takes batches of whole COPY rows in ledger order and keeps the workers busy with them. */
class BatchVerifier {
  private readonly join: ChainJoin;
  private pool: VerifyPool | undefined;
  private answer: ChainVerification | null = null;
  private error: Error | null = null;
  private start = 0;
  private inFlight = 0;
  private joined: Promise<void> = Promise.resolve();
  private held: { bytes: Buffer; rows: number } | null = null;
  private waiting: (() => void) | null = null;

  constructor(private readonly options: VerifyCopyOptions) {
    assertAnchor(options.anchor);
    this.join = new ChainJoin(options.anchor);
  }

  /**
   * Adds the next batch; false when enough are in flight (wait for `room()` before the next).
   * `bytes` must start its own ArrayBuffer, which nothing else uses: it is moved to a worker.
   */
  add(bytes: Buffer, rows: number): boolean {
    if (this.answer !== null || this.error !== null) return true; // settled: the rest is dropped
    if (this.pool === undefined && this.held === null) {
      // The first batch waits: if it is also the last, this thread checks it alone.
      this.held = { bytes, rows };
      return true;
    }
    this.pool ??= (this.options.pool ?? VerifyPool.shared)();
    if (this.held !== null) {
      const { bytes: first, rows: firstRows } = this.held;
      this.held = null;
      this.dispatch(first, firstRows);
    }
    this.dispatch(bytes, rows);
    return this.inFlight < this.pool.size * IN_FLIGHT_PER_WORKER;
  }

  /** Resolves once another batch may be added. */
  room(): Promise<void> {
    if (this.pool === undefined || this.inFlight < this.pool.size * IN_FLIGHT_PER_WORKER) return Promise.resolve();
    return new Promise((done) => {
      this.waiting = done;
    });
  }

  /** Once the last batch is in: the answer. */
  async finish(): Promise<ChainVerification> {
    if (this.held !== null && this.answer === null) {
      const { bytes } = this.held;
      this.held = null;
      this.answer = this.join.add(checkBatch(new CopyTextBatch(bytes.toString('utf8')), 0, this.options.anchor));
    }
    await this.joined;
    if (this.error !== null) throw this.error;
    return this.answer ?? this.join.end();
  }

  /** Waits for the batches in flight after a failure elsewhere, so that none is left unsettled. */
  settled(): Promise<void> {
    return this.joined;
  }

  private dispatch(bytes: Buffer, rows: number): void {
    const pool = this.pool as VerifyPool;
    if (bytes.byteOffset !== 0) throw new Error('a batch must start its own ArrayBuffer');
    const checked = pool.check(bytes.buffer as ArrayBuffer, bytes.length, this.start, this.options.anchor);
    this.start += rows;
    this.inFlight += 1;
    this.joined = this.joined.then(async () => {
      try {
        const summary: BatchSummary = await checked;
        if (this.answer === null && this.error === null) this.answer = this.join.add(summary);
      } catch (error) {
        this.error ??= error instanceof Error ? error : new Error(String(error));
      } finally {
        this.inFlight -= 1;
        const waiting = this.waiting;
        this.waiting = null;
        waiting?.();
      }
    });
  }
}

/** A ledger given as COPY text in chunks of any size (a file, a test): cut at row ends into batches. */
export async function verifyCopyStream(source: AsyncIterable<Buffer>, options: VerifyCopyOptions = {}): Promise<ChainVerification> {
  const verifier = new BatchVerifier(options);
  const batchBytes = options.batchBytes ?? BATCH_BYTES;
  let pending: Buffer = Buffer.alloc(0);
  const own = (bytes: Buffer): Buffer => {
    const copy = Buffer.allocUnsafeSlow(bytes.length);
    bytes.copy(copy);
    return copy;
  };
  try {
    for await (const chunk of source) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const end = pending.lastIndexOf(10) + 1;
      if (end < batchBytes) continue;
      const batch = own(pending.subarray(0, end));
      pending = pending.subarray(end);
      if (!verifier.add(batch, countLines(batch))) await verifier.room();
    }
    if (pending.length > 0) {
      if (pending[pending.length - 1] !== 10) throw new Error('the COPY text ended inside a row');
      verifier.add(own(pending), countLines(pending));
    }
  } catch (error) {
    await verifier.settled();
    throw error;
  }
  return verifier.finish();
}

function countLines(bytes: Buffer): number {
  let lines = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines += 1;
  return lines;
}

/**
 * The cooperative's ledger streamed by COPY on `client`, whose transaction is open and scoped
 * to the cooperative, and verified. The session should write instants in UTC (the fast path;
 * other offsets are verified through the reference path, more slowly).
 */
export async function verifyLedgerOnClient(client: ClientBase, cooperativeId: string, options: VerifyCopyOptions = {}): Promise<ChainVerification> {
  const verifier = new BatchVerifier(options);
  const copy = new CopyOutBatches(ledgerCopySql(cooperativeId), options.batchBytes ?? BATCH_BYTES, (bytes, rows) => {
    const more = verifier.add(bytes, rows);
    if (!more) void verifier.room().then(() => copy.resume());
    return more;
  });
  client.query(copy);
  try {
    await copy.done;
  } catch (error) {
    await verifier.settled();
    throw error;
  }
  return verifier.finish();
}
