import type { EntityManager } from 'typeorm';
import type { AuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import type { Db } from '../database/db.service.js';
import type { PersonInvolved } from './risk-flag.entity.js';

/**
 * Every miner a flag names must be in the caller's cooperative's registry, checked in the
 * database. Another cooperative's miner gets the answer of an id that does not exist, so the
 * refusal tells nothing about other registries.
 */
export async function assertPeopleReferences(tx: EntityManager, cooperativeId: string, people: readonly PersonInvolved[]): Promise<void> {
  const ids = [...new Set(people.map((person) => person.minerId).filter((id): id is string => id !== undefined))];
  if (ids.length === 0) return;
  const rows = await tx.query<{ id: string }[]>('SELECT id FROM miners WHERE cooperative_id = $1 AND id = ANY ($2::uuid[])', [cooperativeId, ids]);
  const known = new Set(rows.map((row) => row.id));
  const index = people.findIndex((person) => person.minerId !== undefined && !known.has(person.minerId));
  const unknown = people[index];
  if (unknown?.minerId !== undefined) throw new DomainError('FLAG_PERSON_UNKNOWN', { field: `people[${index}].minerId`, minerId: unknown.minerId });
}

/** Whether a flag was filed anonymously: what is sent about it (evidence) then leaves no trace of the sender either. */
export async function isAnonymousFlag(db: Db, auth: AuthContext, flagId: unknown): Promise<boolean> {
  if (auth.cooperativeId === null || typeof flagId !== 'string' || !/^[0-9a-f-]{36}$/i.test(flagId)) return false;
  const cooperativeId = auth.cooperativeId;
  const rows = await db.inScope(auth.scope, (tx) =>
    tx.query<{ anonymous: boolean }[]>('SELECT anonymous FROM risk_flags WHERE cooperative_id = $1 AND id = $2', [cooperativeId, flagId]),
  );
  return rows[0]?.anonymous === true;
}
