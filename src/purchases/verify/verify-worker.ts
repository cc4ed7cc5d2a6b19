/** A verification worker thread: checks the COPY batches it is sent and answers with their summaries. */
import { parentPort } from 'node:worker_threads';
import { checkBatch } from '../rules/verify-chain-batch.js';
import type { BatchRequest, BatchReply } from './verify-pool.js';
import { CopyTextBatch } from './copy-rows.js';

const port = parentPort;
if (port === null) throw new Error('verify-worker runs as a worker thread');

port.on('message', ({ id, bytes, length, start, anchor }: BatchRequest) => {
  let reply: BatchReply;
  try {
    const text = Buffer.from(bytes, 0, length).toString('utf8');
    reply = { id, summary: checkBatch(new CopyTextBatch(text), start, anchor) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(reply);
});
