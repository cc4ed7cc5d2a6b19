import type { IncomingMessage } from 'node:http';

const PRIVATE = Symbol('ushirika.privateRequest');

type Marked = IncomingMessage & { [PRIVATE]?: true };

/**
 * A request that must leave no trace tying it to its sender (an anonymous report, a ballot):
 * no idempotency row and no access-log line, whose request id, address and time would.
 */
export function markPrivateRequest(raw: IncomingMessage): void {
  (raw as Marked)[PRIVATE] = true;
}

export function isPrivateRequest(raw: IncomingMessage): boolean {
  return (raw as Marked)[PRIVATE] === true;
}
