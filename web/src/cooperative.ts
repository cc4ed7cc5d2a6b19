import { session } from './session';

/** The cooperative the person works in now; screens under it are only reachable with one. */
export function cooperativeId(): string {
  const id = session.get().cooperativeId;
  if (!id) throw new Error('no cooperative chosen');
  return id;
}

export function cooperativePath(): { cooperativeId: string } {
  return { cooperativeId: cooperativeId() };
}

export function today(): string {
  const now = new Date();
  const offset = now.getTimezoneOffset() * 60_000;
  return new Date(now.getTime() - offset).toISOString().slice(0, 10);
}
