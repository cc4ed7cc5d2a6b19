/** PostgreSQL's unique_violation, as thrown by `pg` directly or wrapped by TypeORM. */
const UNIQUE_VIOLATION = '23505';

interface PgErrorFields {
  code?: string;
  constraint?: string;
}

/** True when `error` is a unique violation, of `constraint` when one is named. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const fields: PgErrorFields & { driverError?: PgErrorFields } = error;
  const cause = fields.driverError ?? fields;
  return cause.code === UNIQUE_VIOLATION && (constraint === undefined || cause.constraint === constraint);
}
