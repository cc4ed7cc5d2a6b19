import { clearSnapshots } from './gate-offline';
import { personalCaches, personalKeys, unsent } from './ownership';
import { clearQueue, queue } from './queue';

/** Writes still on the phone that were never accepted by the server. */
export function unsentWrites(): number {
  return unsent(queue.get()).length;
}

/**
 * What a sign-out leaves behind: nothing personal. The write queue, the gate snapshots (the
 * whole registry with birth dates), the answers kept for offline use (sellers searched, sites)
 * and any cache but the app shell go; only the language setting stays.
 */
export async function clearPersonalData(): Promise<void> {
  await clearQueue();
  await clearSnapshots();
  try {
    const keys = Array.from({ length: localStorage.length }, (_, index) => localStorage.key(index)).filter((key): key is string => key !== null);
    for (const key of personalKeys(keys)) localStorage.removeItem(key);
  } catch {
    // A storage the browser refuses holds nothing to remove.
  }
  if ('caches' in globalThis) {
    for (const name of personalCaches(await caches.keys())) await caches.delete(name);
  }
}
