import pg from 'pg';

/**
 * What a pooler in transaction mode cannot carry from one transaction to the next: each entry
 * names a statement (or query option) that keeps state in the database session. The checks are
 * on the text a pg client sends, whole (several statements travel in one simple query).
 */
const SESSION_STATE: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: 'session-level advisory lock', pattern: /pg_(try_)?advisory_(un)?lock(_shared|_all)?\s*\(/i },
  { what: 'SET without LOCAL', pattern: /(^|;)\s*SET\s+(SESSION\s+)?(?!LOCAL\b|TRANSACTION\b|CONSTRAINTS\b)["\w.]+\s*(=|TO\b)/i },
  { what: 'RESET or DISCARD', pattern: /(^|;)\s*(RESET|DISCARD)\b/i },
  { what: 'set_config for the session', pattern: /set_config\s*\([^()]*(\([^()]*\)[^()]*)*,\s*false\s*\)/i },
  { what: 'LISTEN/UNLISTEN', pattern: /(^|;)\s*(UN)?LISTEN\b/i },
  { what: 'temporary table', pattern: /CREATE\s+(GLOBAL\s+|LOCAL\s+)?(TEMP|TEMPORARY)\s+TABLE/i },
  { what: 'SQL-level prepared statement', pattern: /(^|;)\s*(PREPARE|DEALLOCATE)\b/i },
  { what: 'cursor held past its transaction', pattern: /WITH\s+HOLD/i },
];

export interface SessionStateWatch {
  /** Every statement sent so far that would keep state in the session, with what it is. */
  offences(): string[];
  /** How many statements were seen (a watch that saw nothing proves nothing). */
  seen(): number;
  /** Leaves out a client the test itself uses to show what breaks. */
  exclude(client: pg.Client): void;
  stop(): void;
}

/** Records what every pg client of this test file sends until `stop`: named prepared statements and the statements above. */
export function watchSessionState(): SessionStateWatch {
  const original = pg.Client.prototype.query;
  const offences: string[] = [];
  const excluded = new WeakSet<pg.Client>();
  let seen = 0;
  (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
    const [config] = args;
    const text = typeof config === 'string' ? config : (config as { text?: unknown } | null)?.text;
    const name = typeof config === 'object' && config !== null ? (config as { name?: unknown }).name : undefined;
    if (typeof text === 'string' && !excluded.has(this)) {
      seen += 1;
      if (typeof name === 'string' && name !== '') offences.push(`named prepared statement ${name}: ${text.slice(0, 120)}`);
      for (const { what, pattern } of SESSION_STATE) if (pattern.test(text)) offences.push(`${what}: ${text.slice(0, 160)}`);
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  return {
    offences: () => [...offences],
    seen: () => seen,
    exclude: (client) => excluded.add(client),
    stop() {
      pg.Client.prototype.query = original;
    },
  };
}
