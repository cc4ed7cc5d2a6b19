/**
 * Worker threads that check batches of COPY rows (verify-worker.ts), one batch per worker at a
 * time, in the order asked. One pool serves the whole process: it is started on the first
 * ledger long enough to need it, and its idle threads never keep the process alive.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BatchSummary } from '../rules/verify-chain-batch.js';
import type { ChainAnchor } from '../rules/verify-chain.js';

export interface BatchRequest {
  readonly id: number;
  readonly bytes: ArrayBuffer;
  /** The batch is the first `length` bytes of `bytes`. */
  readonly length: number;
  readonly start: number;
  readonly anchor: ChainAnchor | undefined;
}

export type BatchReply = { readonly id: number; readonly summary: BatchSummary } | { readonly id: number; readonly error: string };

interface Task {
  readonly request: BatchRequest;
  readonly done: (summary: BatchSummary) => void;
  readonly fail: (error: Error) => void;
}

/**
 * From dist/ the compiled worker; from the sources (tests, `node --import tsx`) the .ts file,
 * through tsx's loader registered inside the worker (Node 20 does not pass --import on to it).
 */
function spawnWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./verify-worker.js', here));
  const tsx = pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const worker = new URL('./verify-worker.ts', here).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(worker)}); });`, { eval: true });
}

export class VerifyPool {
  private static instance: VerifyPool | undefined;
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Task>();
  private readonly queue: Task[] = [];
  private nextId = 0;

  constructor(readonly size: number) {
    for (let index = 0; index < size; index += 1) this.idle.push(this.start());
  }

  /** The process's pool: one thread per core. */
  static shared(): VerifyPool {
    VerifyPool.instance ??= new VerifyPool(Math.max(1, availableParallelism()));
    return VerifyPool.instance;
  }

  /** Stops the shared pool's threads (a command that wants to exit at once). */
  static async closeShared(): Promise<void> {
    const pool = VerifyPool.instance;
    VerifyPool.instance = undefined;
    await pool?.close();
  }

  /** Checks one batch; `bytes` is transferred to the worker (it is unusable here afterwards). */
  check(bytes: ArrayBuffer, length: number, start: number, anchor: ChainAnchor | undefined): Promise<BatchSummary> {
    return new Promise((done, fail) => {
      this.nextId += 1;
      this.queue.push({ request: { id: this.nextId, bytes, length, start, anchor }, done, fail });
      this.pump();
    });
  }

  async close(): Promise<void> {
    const workers = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private start(): Worker {
    const worker = spawnWorker();
    worker.unref();
    worker.on('message', (reply: BatchReply) => {
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      this.idle.push(worker);
      worker.unref();
      if (task !== undefined) {
        if ('error' in reply) task.fail(new Error(`ledger verification worker: ${reply.error}`));
        else task.done(reply.summary);
      }
      this.pump();
    });
    worker.on('error', (error) => {
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      const index = this.idle.indexOf(worker);
      if (index >= 0) this.idle.splice(index, 1);
      task?.fail(error);
      this.idle.push(this.start());
      this.pump();
    });
    return worker;
  }

  private pump(): void {
    while (this.queue.length > 0 && this.idle.length > 0) {
      const task = this.queue.shift() as Task;
      const worker = this.idle.pop() as Worker;
      this.busy.set(worker, task);
      // A worker with a batch keeps the process alive until it answers.
      worker.ref();
      worker.postMessage(task.request, [task.request.bytes]);
    }
  }
}
