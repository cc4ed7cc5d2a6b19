import { useEffect, useState } from 'preact/hooks';

/** A value the whole console shares, with subscribers: enough state management for this app. */
export interface Store<T> {
  get(): T;
  set(next: T): void;
  subscribe(listener: (value: T) => void): () => void;
}

export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const listeners = new Set<(value: T) => void>();
  return {
    get: () => value,
    set(next) {
      value = next;
      for (const listener of listeners) listener(next);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useStore<T>(store: Store<T>): T {
  const [value, setValue] = useState(store.get());
  useEffect(() => {
    setValue(store.get());
    return store.subscribe(setValue);
  }, [store]);
  return value;
}

/** localStorage, which a private window or a full disk may refuse: the console still runs. */
export const saved = {
  read<T>(key: string): T | null {
    try {
      const raw = localStorage.getItem(key);
      return raw === null ? null : (JSON.parse(raw) as T);
    } catch {
      return null;
    }
  },
  write(key: string, value: unknown): void {
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(value));
    } catch {
      // Not persisted: the value still holds for this page.
    }
  },
};

/**
 * Loads from the API and keeps the answer on the phone; offline (or when the server cannot be
 * reached) the last answer kept stands in, so the field screens still open.
 */
export async function keptOnPhone<T>(key: string, load: () => Promise<T>): Promise<T> {
  try {
    const value = await load();
    saved.write(key, value);
    return value;
  } catch (error) {
    const kept = saved.read<T>(key);
    if (kept !== null) return kept;
    throw error;
  }
}
