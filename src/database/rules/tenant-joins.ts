/**
 * Finds joins between tenant relations whose condition does not name `cooperative_id`: on a
 * PostgreSQL sharded by cooperative such a join can pair rows of two shards, so it must be
 * re-partitioned or refused, while a join on `cooperative_id` stays inside one shard.
 *
 * A heuristic, not a parser (statements are built from fragments `${…}` no grammar accepts):
 * - it reads `[LEFT|RIGHT|FULL|INNER|CROSS] JOIN target [AS] alias ON condition` and
 *   `JOIN target USING (columns)`; the condition runs to the next JOIN, WHERE, GROUP, ORDER,
 *   LIMIT, HAVING, UNION, RETURNING, FOR, `;` or closing parenthesis at its own depth;
 * - the target is a tenant relation when it is a tenant table, a subquery or CTE whose text
 *   names one, or an interpolated fragment (unknown, so assumed to be one);
 * - the join needs `cooperative_id` in its condition when the target is a tenant relation
 *   and the condition names another relation (by its alias or table name) that is a tenant
 *   relation or unknown; joins to reference tables (users, cooperatives, catalogs) pass;
 * - LATERAL joins are skipped (their correlation is inside the subquery), and so are joins
 *   written as a comma list or a correlated subquery: those are not seen at all.
 */
export interface RelationNames {
  readonly tenant: ReadonlySet<string>;
  /** Every other table of the schema (reference and local ones). */
  readonly other: ReadonlySet<string>;
}

export interface SqlText {
  readonly text: string;
  /** 1-based line where the literal starts. */
  readonly line: number;
}

export const FRAGMENT = '${}';
const KEY = 'cooperative_id';
const CLAUSE_END = /^(?:(?:NATURAL\s+)?(?:LEFT|RIGHT|FULL|INNER|CROSS)(?:\s+OUTER)?\s+JOIN|JOIN|WHERE|GROUP|ORDER|LIMIT|OFFSET|HAVING|WINDOW|UNION|EXCEPT|INTERSECT|RETURNING|FOR|ON\s+CONFLICT|DO|SET|VALUES|SELECT)\b/i;
const NOT_ALIAS = /^(?:ON|USING|JOIN|LEFT|RIGHT|FULL|INNER|CROSS|NATURAL|WHERE|GROUP|ORDER|LIMIT|WITH|AS|SET|FOR|UNION|RETURNING|LATERAL)$/i;

/** The string and template literals of a TypeScript source that contain a JOIN, `${…}` replaced by `${}`. */
export function sqlLiteralsOf(source: string): SqlText[] {
  const found: SqlText[] = [];
  let at = 0;
  const lineAt = (index: number): number => source.slice(0, index).split('\n').length;

  const quoted = (quote: string): void => {
    const start = at;
    at += 1;
    while (at < source.length && source[at] !== quote && source[at] !== '\n') at += source[at] === '\\' ? 2 : 1;
    at += 1;
    keep(source.slice(start + 1, at - 1), start);
  };
  const template = (): void => {
    const start = at;
    let text = '';
    at += 1;
    while (at < source.length && source[at] !== '`') {
      if (source[at] === '\\') {
        text += source.slice(at, at + 2);
        at += 2;
      } else if (source.startsWith('${', at)) {
        at += 2;
        code('}');
        at += 1;
        text += FRAGMENT;
      } else {
        text += source[at];
        at += 1;
      }
    }
    at += 1;
    keep(text, start);
  };
  const code = (until: string | undefined): void => {
    let depth = 0;
    while (at < source.length) {
      const char = source[at];
      if (char === until && depth === 0) return;
      if (source.startsWith('//', at)) at = source.indexOf('\n', at) < 0 ? source.length : source.indexOf('\n', at);
      else if (source.startsWith('/*', at)) at = source.indexOf('*/', at) < 0 ? source.length : source.indexOf('*/', at) + 2;
      else if (char === "'" || char === '"') quoted(char);
      else if (char === '`') template();
      else {
        if (char === '{') depth += 1;
        if (char === '}') depth -= 1;
        at += 1;
      }
    }
  };
  const keep = (text: string, start: number): void => {
    if (/\bJOIN\b/i.test(text)) found.push({ text, line: lineAt(start) });
  };
  code(undefined);
  return found;
}

/** The text inside the parenthesis opening at `open`, and the index just past its closing one. */
function balanced(sql: string, open: number): { inner: string; end: number } {
  let depth = 0;
  for (let i = open; i < sql.length; i += 1) {
    if (sql[i] === '(') depth += 1;
    if (sql[i] === ')') depth -= 1;
    if (depth === 0) return { inner: sql.slice(open + 1, i), end: i + 1 };
  }
  return { inner: sql.slice(open + 1), end: sql.length };
}

type Kind = 'tenant' | 'other';

function namesTenant(text: string, names: RelationNames): boolean {
  if (text.includes(FRAGMENT)) return true;
  return (text.match(/[A-Za-z_][\w]*/g) ?? []).some((word) => names.tenant.has(word.toLowerCase()));
}

/** SQL without comments and with every quoted string emptied, so that neither is read as SQL. */
function plain(sql: string): string {
  return sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/'(?:[^']|'')*'/g, "''");
}

function aliasesOf(sql: string, names: RelationNames): Map<string, Kind> {
  const aliases = new Map<string, Kind>();
  for (const [set, kind] of [[names.tenant, 'tenant'], [names.other, 'other']] as const) {
    for (const table of set) {
      const uses = new RegExp(`(?<![\\w.])${table}(?![\\w(])(?:\\s+(?:AS\\s+)?([A-Za-z_]\\w*))?`, 'gi');
      for (const match of sql.matchAll(uses)) {
        // An alias given to a tenant table anywhere in the statement stays a tenant one.
        for (const name of [table, match[1] && !NOT_ALIAS.test(match[1]) ? match[1].toLowerCase() : undefined]) {
          if (name && aliases.get(name) !== 'tenant') aliases.set(name, kind);
        }
      }
    }
  }
  for (const cte of sql.matchAll(/([A-Za-z_]\w*)\s+AS\s+(?:NOT\s+)?(?:MATERIALIZED\s+)?\(/gi)) {
    const body = balanced(sql, (cte.index ?? 0) + cte[0].length - 1).inner;
    aliases.set(cte[1].toLowerCase(), namesTenant(body, names) ? 'tenant' : 'other');
  }
  return aliases;
}

/** Where the condition that starts at `from` ends: the next clause keyword or closing parenthesis at its depth. */
function conditionEnd(sql: string, from: number): number {
  let depth = 0;
  for (let i = from; i < sql.length; i += 1) {
    const char = sql[i];
    if (char === '(') depth += 1;
    else if (char === ')') {
      if (depth === 0) return i;
      depth -= 1;
    } else if (char === ';' && depth === 0) return i;
    else if (depth === 0 && /[A-Za-z]/.test(char) && !/[\w.$]/.test(sql[i - 1] ?? ' ') && CLAUSE_END.test(sql.slice(i))) return i;
  }
  return sql.length;
}

/** Each join of tenant relations in `sql` whose condition leaves out cooperative_id, as its text. */
export function unkeyedJoins(sqlText: string, names: RelationNames): string[] {
  const sql = plain(sqlText);
  const aliases = aliasesOf(sql, names);
  const found: string[] = [];
  for (const join of sql.matchAll(/\bJOIN\s+/gi)) {
    const start = join.index ?? 0;
    let at = start + join[0].length;
    if (/^LATERAL\b/i.test(sql.slice(at))) continue;
    let target: Kind | 'unknown';
    let name: string;
    if (sql[at] === '(') {
      const group = balanced(sql, at);
      target = namesTenant(group.inner, names) ? 'tenant' : 'other';
      name = '';
      at = group.end;
    } else if (sql.startsWith(FRAGMENT, at)) {
      target = 'tenant';
      name = '';
      at += FRAGMENT.length;
    } else {
      const word = /^(?:[A-Za-z_]\w*\.)?([A-Za-z_]\w*)/.exec(sql.slice(at));
      if (!word) continue;
      name = word[1].toLowerCase();
      target = aliases.get(name) ?? 'unknown';
      at += word[0].length;
    }
    const aliasMatch = /^\s+(?:AS\s+)?([A-Za-z_]\w*)/i.exec(sql.slice(at));
    let alias = name;
    if (aliasMatch && !NOT_ALIAS.test(aliasMatch[1])) {
      alias = aliasMatch[1].toLowerCase();
      at += aliasMatch[0].length;
    }
    if (target !== 'tenant') continue;
    const rest = sql.slice(at);
    const using = /^\s*USING\s*\(([^)]*)\)/i.exec(rest);
    const on = /^\s*ON\b/i.exec(rest);
    const end = on ? conditionEnd(sql, at + on[0].length) : at + (using?.[0].length ?? 0);
    const text = sql.slice(start, end).replace(/\s+/g, ' ').trim();
    if (using) {
      if (!using[1].split(',').some((column) => column.trim().toLowerCase() === KEY)) found.push(text);
      continue;
    }
    if (!on) {
      found.push(text);
      continue;
    }
    const condition = sql.slice(at + on[0].length, end);
    if (new RegExp(`\\b${KEY}\\b`, 'i').test(condition)) continue;
    const others = [...condition.matchAll(/([A-Za-z_]\w*)\s*\.\s*[A-Za-z_"]/g)].map((m) => m[1].toLowerCase()).filter((q) => q !== alias);
    if (others.some((qualifier) => aliases.get(qualifier) !== 'other')) found.push(text);
  }
  return found;
}
