import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const ACCEPTABLE_CLIENT_ID = /^[A-Za-z0-9._-]{8,64}$/;

type WithId = IncomingMessage & { id?: unknown };

/** Keeps a sane X-Request-Id from the client (a proxy's, a phone's), else makes one. */
export function assignRequestId(raw: IncomingMessage): string {
  const carrier = raw as WithId;
  if (typeof carrier.id === 'string') return carrier.id;
  const header = raw.headers['x-request-id'];
  const id = typeof header === 'string' && ACCEPTABLE_CLIENT_ID.test(header) ? header : randomUUID();
  carrier.id = id;
  return id;
}

export function requestIdOf(request: { raw: IncomingMessage }): string {
  return assignRequestId(request.raw);
}
