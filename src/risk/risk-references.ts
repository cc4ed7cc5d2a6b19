import type { RequestCaller } from '../common/request-caller.js';
import { DomainError } from '../common/domain-error.js';
import type { Db } from '../database/db.js';
import type { TenantTx } from '../database/tx.js';
import type { PersonInvolved } from './risk-flag.entity.js';
import { RiskFlagsRepository } from './risk-flags.repository.js';

/**
 * Every miner a flag names must be in the caller's cooperative's registry, checked in the
 * database. Another cooperative's miner gets the answer of an id that does not exist, so the
 * refusal tells nothing about other registries.
 */
export async function assertPeopleReferences(tx: TenantTx, flags: RiskFlagsRepository, people: readonly PersonInvolved[]): Promise<void> {
  const ids = [...new Set(people.map((person) => person.minerId).filter((id): id is string => id !== undefined))];
  const known = await flags.knownMinerIds(tx, ids);
  const index = people.findIndex((person) => person.minerId !== undefined && !known.has(person.minerId));
  const unknown = people[index];
  if (unknown?.minerId !== undefined) throw new DomainError('FLAG_PERSON_UNKNOWN', { field: `people[${index}].minerId`, minerId: unknown.minerId });
}

/**
 * The idempotency interceptor's hook runs outside dependency injection and hands over only
 * the Db; the repository holds no state, so one instance serves every call.
 */
const flagsRepository = new RiskFlagsRepository();

/** Whether a flag was filed anonymously: what is sent about it (evidence) then leaves no trace of the sender either. */
export async function isAnonymousFlag(db: Db, caller: RequestCaller, flagId: unknown): Promise<boolean> {
  if (caller.cooperativeId === null || typeof flagId !== 'string' || !/^[0-9a-f-]{36}$/i.test(flagId)) return false;
  return db.tenant({ ...caller, cooperativeId: caller.cooperativeId }, (tx) => flagsRepository.isAnonymousFlag(tx, flagId));
}
