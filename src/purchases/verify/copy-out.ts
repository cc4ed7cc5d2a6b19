/**
 * `COPY … TO STDOUT` on a node-postgres client, read straight off the socket into batches of
 * whole rows. PostgreSQL sends one CopyData message per row; their payloads are copied once,
 * into a buffer of the batch's own that can be transferred to a worker thread, and counted as
 * they come, so no per-row object is made on this thread. While the COPY runs, the socket's
 * bytes are taken from the driver's parser (as pg-copy-streams does); from the first message
 * after the rows (CopyDone, or an ErrorResponse) on, they are handed back to it, so that the
 * driver sees the end of the statement, or its error, as for any query.
 *
 * Backpressure: `onBatch` returns false to pause the socket until `resume()` is called.
 */
import type { Connection, Submittable } from 'pg';
import type { Socket } from 'node:net';

const COPY_DATA = 0x64; // 'd'
const COPY_OUT_RESPONSE = 0x48; // 'H'
const NOTICE = 0x4e; // 'N'
const PARAMETER_STATUS = 0x53; // 'S'
const NOTIFICATION = 0x41; // 'A'

type DataListener = (chunk: Buffer) => void;

export class CopyOutBatches implements Submittable {
  /** Settles once the statement is over: after its ReadyForQuery, or with its error. */
  readonly done: Promise<number>;
  private settle!: { done: (rows: number) => void; fail: (error: Error) => void };
  private stream: Socket | undefined;
  private driverListener: DataListener | undefined;
  private readonly onData: DataListener = (chunk) => this.parse(chunk);
  private header = Buffer.alloc(5);
  private headerFilled = 0;
  private code = 0;
  private remaining = 0;
  private batch: Buffer;
  private filled = 0;
  private rows = 0;
  private total = 0;
  private failed: Error | null = null;

  constructor(
    private readonly text: string,
    private readonly batchBytes: number,
    private readonly onBatch: (bytes: Buffer, rows: number) => boolean,
  ) {
    this.batch = Buffer.allocUnsafeSlow(batchBytes);
    this.done = new Promise((done, fail) => {
      this.settle = { done, fail };
    });
  }

  submit(connection: Connection): void {
    const stream = (connection as unknown as { stream: Socket }).stream;
    const listeners = stream.listeners('data') as DataListener[];
    if (listeners.length !== 1) throw new Error(`the connection has ${listeners.length} data listeners, not the driver's one`);
    this.stream = stream;
    this.driverListener = listeners[0];
    stream.removeListener('data', this.driverListener);
    stream.on('data', this.onData);
    connection.query(this.text);
  }

  resume(): void {
    this.stream?.resume();
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    if (this.failed !== null) this.settle.fail(this.failed);
    else this.settle.done(this.total);
  }

  handleError(error: Error): void {
    this.failed = error;
    this.settle.fail(error);
  }

  private parse(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining === 0) {
        // A message header: a code and a length that counts itself.
        if (this.headerFilled === 0 && !this.isCopyMessage(chunk[at])) return this.handBack(chunk, at);
        const used = Math.min(5 - this.headerFilled, chunk.length - at);
        chunk.copy(this.header, this.headerFilled, at, at + used);
        this.headerFilled += used;
        at += used;
        if (this.headerFilled < 5) return;
        this.headerFilled = 0;
        this.code = this.header[0];
        this.remaining = this.header.readUInt32BE(1) - 4;
        if (this.code === COPY_DATA) this.startRow(this.remaining);
        if (this.remaining === 0) this.endMessage();
        continue;
      }
      const used = Math.min(this.remaining, chunk.length - at);
      if (this.code === COPY_DATA) {
        chunk.copy(this.batch, this.filled, at, at + used);
        this.filled += used;
      }
      at += used;
      this.remaining -= used;
      if (this.remaining === 0) this.endMessage();
    }
  }

  private isCopyMessage(code: number): boolean {
    return code === COPY_DATA || code === COPY_OUT_RESPONSE || code === NOTICE || code === PARAMETER_STATUS || code === NOTIFICATION;
  }

  /** Makes room for a row of `length` bytes, sending the batch on when it is full. */
  private startRow(length: number): void {
    if (this.filled + length <= this.batch.length) return;
    this.flush();
    if (length > this.batch.length) this.batch = Buffer.allocUnsafeSlow(length);
  }

  private endMessage(): void {
    if (this.code === COPY_DATA) {
      this.rows += 1;
      this.total += 1;
    }
  }

  private flush(): void {
    if (this.rows === 0) return;
    const bytes = this.batch.subarray(0, this.filled);
    const rows = this.rows;
    this.batch = Buffer.allocUnsafeSlow(this.batchBytes);
    this.filled = 0;
    this.rows = 0;
    if (!this.onBatch(bytes, rows)) this.stream?.pause();
  }

  /** The rows are over: the last batch goes, and the driver gets its socket back from `at` on. */
  private handBack(chunk: Buffer, at: number): void {
    const stream = this.stream as Socket;
    const driver = this.driverListener as DataListener;
    this.flush();
    stream.removeListener('data', this.onData);
    stream.on('data', driver);
    driver(chunk.subarray(at));
    // The batch callback may have paused the socket; the end of the statement must get through.
    stream.resume();
  }
}
