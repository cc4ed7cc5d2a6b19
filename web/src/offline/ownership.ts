/**
 * Whose writes the queue may send: a write belongs to the person signed in when it was made
 * and is sent only under that person's token, never under the next user's on a shared phone.
 * A write without an owner (queued before owners were recorded) is sent by nobody: it waits
 * for a person to dismiss it, or is cleared at sign-out.
 */
export interface Owned {
  readonly userId?: string;
  readonly state: string;
}

export function sendableBy<T extends Owned>(items: readonly T[], userId: string | null | undefined): T[] {
  if (!userId) return [];
  return items.filter((item) => item.state === 'pending' && item.userId === userId);
}

/** What is still unsent on the phone (waiting or refused), whoever made it: sign-out asks before deleting it. */
export function unsent<T extends Owned>(items: readonly T[]): T[] {
  return items.filter((item) => item.state === 'pending' || item.state === 'sending' || item.state === 'rejected');
}

/** localStorage keys holding personal data that sign-out removes: every console key but the language. */
export function personalKeys(keys: readonly string[]): string[] {
  return keys.filter((key) => key.startsWith('ushirika.') && key !== 'ushirika.lang');
}

/** Cache Storage entries sign-out removes: everything but the app shell (no personal data there). */
export function personalCaches(names: readonly string[]): string[] {
  return names.filter((name) => !name.startsWith('ushirika-shell-'));
}
