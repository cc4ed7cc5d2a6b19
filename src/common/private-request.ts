import type { IncomingMessage } from 'node:http';

const PRIVATE = Symbol('ushirika.privateRequest');

type Marked = IncomingMessage & { [PRIVATE]?: true };

/**
 * Paths every request to which is private, whatever becomes of it: a body that fails to parse,
 * or a path that matches no route, never reaches the route's own marker (NoIdempotencyRecord),
 * and its log line would still hold the sender's address. The public incident form (issue 25).
 */
const PRIVATE_PATH_PREFIXES = ['/api/v1/public/incident-reports'];

/**
 * A request that must leave no trace tying it to its sender (an anonymous report, a ballot):
 * no idempotency row and no access-log line, whose request id, address and time would.
 */
export function markPrivateRequest(raw: IncomingMessage): void {
  (raw as Marked)[PRIVATE] = true;
}

export function isPrivateRequest(raw: IncomingMessage): boolean {
  if ((raw as Marked)[PRIVATE] === true) return true;
  const path = (raw.url ?? '').toLowerCase();
  return PRIVATE_PATH_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`));
}
