import type { DomainError } from '../common/domain-error.js';
import { isUniqueViolation } from '../common/unique-violation.js';

/** Runs an insert and turns the named unique violations into the domain errors they mean. */
export async function insertOrConflict(insert: () => Promise<void>, conflicts: Readonly<Record<string, () => DomainError>>): Promise<void> {
  try {
    await insert();
  } catch (error) {
    const constraint = Object.keys(conflicts).find((name) => isUniqueViolation(error, name));
    throw constraint === undefined ? error : conflicts[constraint]();
  }
}
