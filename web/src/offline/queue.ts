import { clear, createStore as createIdbStore, del, set, values } from 'idb-keyval';
import { authHeaders } from '../api/client';
import { problemOf, type Problem } from '../api/problem';
import { createStore } from '../store';
import { session } from '../session';
import { sendableBy } from './ownership';

/**
 * Writes made in the field (gate scans, purchases, meeting batches, corrections) go through
 * this queue, online or not: each is stored in IndexedDB with a client id that is also its
 * Idempotency-Key, then sent. A network failure leaves it waiting for the next `online`
 * event; a refusal by the server is kept with its reasons until a person deals with it.
 * Nothing is dropped without someone choosing to.
 */
export type WriteKind = 'gate' | 'purchase' | 'meeting' | 'correction' | 'share-out' | 'incident' | 'reversal' | 'assessment';
export type WriteState = 'pending' | 'sending' | 'done' | 'rejected';

export interface QueuedWrite {
  readonly id: string;
  readonly kind: WriteKind;
  readonly label: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly createdAt: string;
  readonly state: WriteState;
  readonly attempts: number;
  readonly problem?: Problem;
  readonly result?: unknown;
  /** What the phone knows about the write beyond its body (the miner a gate scan is about). */
  readonly meta?: Readonly<Record<string, string>>;
  /** Who made it: it is sent under that person's token only (ownership.ts). */
  readonly userId?: string;
}

export interface NewWrite {
  readonly kind: WriteKind;
  readonly label: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
  /** The body takes the write's id as its client id (routes whose DTO has `id`). */
  readonly clientId?: boolean;
  readonly meta?: Readonly<Record<string, string>>;
}

const database = createIdbStore('ushirika-offline', 'writes');
export const queue = createStore<QueuedWrite[]>([]);
/** Answers worth keeping on screen after they were sent; older ones leave the list. */
const KEEP_DONE = 20;

function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export { newId as clientId };

async function save(item: QueuedWrite): Promise<void> {
  await set(item.id, item, database);
  const others = queue.get().filter((other) => other.id !== item.id);
  queue.set([...others, item].sort((a, b) => a.createdAt.localeCompare(b.createdAt)));
}

export async function loadQueue(): Promise<void> {
  const stored = (await values<QueuedWrite>(database)).map((item) => (item.state === 'sending' ? { ...item, state: 'pending' as const } : item));
  const done = stored.filter((item) => item.state === 'done').sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  for (const old of done.slice(KEEP_DONE)) await del(old.id, database);
  const kept = stored.filter((item) => item.state !== 'done' || done.indexOf(item) < KEEP_DONE);
  queue.set(kept.sort((a, b) => a.createdAt.localeCompare(b.createdAt)));
}

/** Server states that say "not now" rather than "no": the write waits and is tried again. */
function isTransient(status: number, problem: Problem): boolean {
  return status === 401 || status === 408 || status === 429 || status >= 500 || problem.code === 'IDEMPOTENCY_IN_PROGRESS';
}

type Outcome = 'sent' | 'stop';

async function send(item: QueuedWrite): Promise<Outcome> {
  await save({ ...item, state: 'sending', attempts: item.attempts + 1 });
  let response: Response;
  try {
    response = await fetch(item.path, {
      method: 'POST',
      headers: { ...(await authHeaders()), 'content-type': 'application/json', 'idempotency-key': item.id },
      body: JSON.stringify(item.body),
    });
  } catch {
    await save({ ...item, state: 'pending', attempts: item.attempts + 1 });
    return 'stop';
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) {
    await save({ ...item, state: 'done', attempts: item.attempts + 1, result: body, problem: undefined });
    return 'sent';
  }
  const problem = problemOf(body, response);
  if (isTransient(response.status, problem)) {
    await save({ ...item, state: 'pending', attempts: item.attempts + 1, problem });
    return 'stop';
  }
  await save({ ...item, state: 'rejected', attempts: item.attempts + 1, problem });
  return 'sent';
}

let flushing: Promise<void> | null = null;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let retries = 0;
const FIRST_RETRY_MS = 2_000;
const LAST_RETRY_MS = 60_000;

/**
 * After "not now" (no answer, a 5xx, the same write still in progress on the server after a
 * dropped connection), tries again by itself, waiting twice as long each time up to a minute:
 * a phone that shows "online" may still not reach the server, and no event would say when it does.
 */
function retryLater(): void {
  if (retryTimer !== null) return;
  const delay = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** retries);
  retries += 1;
  retryTimer = setTimeout(() => {
    retryTimer = null;
    void flush();
  }, delay);
}

async function sendWaiting(): Promise<void> {
  for (const item of sendableBy(queue.get(), session.get().me?.id)) {
    if (session.get().me?.id !== item.userId) return;
    if ((await send(item)) === 'stop') {
      retryLater();
      return;
    }
  }
  retries = 0;
}

/** Sends every waiting write in the order it was made; stops at the first network failure. */
export function flush(): Promise<void> {
  // Cleared in a later microtask, never before the assignment (an empty queue finishes at once).
  flushing ??= sendWaiting().finally(() => {
    flushing = null;
  });
  return flushing;
}

/**
 * Queues a write and tries to send it at once. The answer is the write as it stands then:
 * done (with the server's answer), rejected (with its reasons) or still pending (offline).
 */
export async function submit({ kind, label, path, body, clientId = true, meta }: NewWrite): Promise<QueuedWrite> {
  const id = clientId && typeof body.id === 'string' ? body.id : newId();
  const item: QueuedWrite = {
    id,
    kind,
    label,
    path,
    body: clientId ? { ...body, id } : body,
    createdAt: new Date().toISOString(),
    state: 'pending',
    attempts: 0,
    meta,
    userId: session.get().me?.id,
  };
  await save(item);
  if (navigator.onLine) await flush();
  return queue.get().find((candidate) => candidate.id === id) ?? item;
}

/** Adds what the phone learnt after queuing a write (an offline gate decision) to its meta. */
export async function annotate(id: string, meta: Readonly<Record<string, string>>): Promise<void> {
  const item = queue.get().find((candidate) => candidate.id === id);
  if (item) await save({ ...item, meta: { ...item.meta, ...meta } });
}

/** A person's choice after reading a refusal: try again (after fixing the cause elsewhere) or set it aside. */
export async function retry(id: string): Promise<void> {
  const item = queue.get().find((candidate) => candidate.id === id);
  if (!item || item.userId !== session.get().me?.id) return;
  await save({ ...item, state: 'pending' });
  await flush();
}

/** Sign-out: every write on the phone goes, sent or not (the caller asked first). */
export async function clearQueue(): Promise<void> {
  await clear(database);
  queue.set([]);
}

export async function dismiss(id: string): Promise<void> {
  await del(id, database);
  queue.set(queue.get().filter((item) => item.id !== id));
}

export function startQueue(): void {
  void loadQueue().then(() => (navigator.onLine ? flush() : undefined));
  addEventListener('online', () => {
    retries = 0;
    void flush();
  });
}
