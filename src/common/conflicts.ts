import { DomainError } from './domain-error.js';
import { isUniqueViolation } from './unique-violation.js';

/**
 * What a unique constraint means when a write breaks it: the conflict code the client gets
 * and the column whose value it names (`{ id }`, `{ code }`, `{ name }`).
 */
export interface ConflictEntry {
  readonly code: string;
  /** The column of the constraint whose value goes into the problem, under `param`. */
  readonly column: string;
  /** The name of that value in the problem's params; the column's name by default. */
  readonly param?: string;
}

/** One module's unique constraints, by constraint name: `<module>/<module>.conflicts.ts`. */
export type ModuleConflicts = Readonly<Record<string, ConflictEntry>>;

/**
 * The registry of conflict codes, like the error catalogue: each module lists its unique
 * constraints once, and the problem filter turns a registered unique violation into a 409 with
 * that code, so a service need not catch it.
 */
export class ConflictRegistry {
  private readonly entries = new Map<string, ConflictEntry>();

  constructor(modules: readonly ModuleConflicts[]) {
    for (const conflicts of modules) {
      for (const [constraint, entry] of Object.entries(conflicts)) {
        if (this.entries.has(constraint)) throw new Error(`Constraint ${constraint} is registered twice`);
        this.entries.set(constraint, entry);
      }
    }
  }

  /** The 409 for a registered unique violation, else undefined. */
  conflictOf(error: unknown): DomainError | undefined {
    if (!isUniqueViolation(error)) return undefined;
    const cause = driverFields(error);
    const entry = cause.constraint === undefined ? undefined : this.entries.get(cause.constraint);
    if (!entry) return undefined;
    const value = keyValues(cause.detail)[entry.column];
    return new DomainError(entry.code, { [entry.param ?? entry.column]: value ?? null }, 'conflict');
  }
}

function driverFields(error: unknown): { constraint?: string; detail?: string } {
  const fields = error as { constraint?: string; detail?: string; driverError?: { constraint?: string; detail?: string } };
  return fields.driverError ?? fields;
}

/** `Key (cooperative_id, code)=(…, GATE-1) already exists.` as `{ cooperative_id: …, code: 'GATE-1' }`. */
export function keyValues(detail: string | undefined): Record<string, string> {
  const match = detail === undefined ? null : /^Key \((.+)\)=\((.*)\) already exists\.?$/.exec(detail);
  if (match === null) return {};
  const columns = match[1].split(', ');
  const values = match[2].split(', ');
  // A value holding ", " would shift the split: only trust a detail whose counts agree.
  if (columns.length !== values.length) return {};
  return Object.fromEntries(columns.map((column, index) => [column, values[index]]));
}
