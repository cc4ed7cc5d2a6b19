import { hasRole, type TenantAuthContext } from '../auth/auth-context.js';
import type { Role } from '../auth/roles.js';
import { DomainError } from '../common/domain-error.js';
import type { TenantTx } from '../database/tx.js';
import type { SavingsGroupsRepository } from './savings-groups.repository.js';

/**
 * Who may see and write a savings group's books. One rule for every route, JSON and PDF:
 *   - read: admins, auditors and supervisors every group; a treasurer only the groups
 *     assigned to them; officers none (they run the gate and purchases, not savings);
 *   - write: admins every group; a treasurer only the groups assigned to them.
 * A group the caller may not read answers 403 SAVINGS_GROUP_NOT_ASSIGNED, whatever route.
 */
export const SAVINGS_READERS: readonly Role[] = ['admin', 'treasurer', 'auditor', 'supervisor'];
export const SAVINGS_RECORDERS: readonly Role[] = ['admin', 'treasurer'];

/** Whether the caller reads every group of the cooperative (no assignment needed). */
export function readsEveryGroup(auth: TenantAuthContext): boolean {
  return hasRole(auth, 'admin', 'auditor', 'supervisor');
}

export async function assertCanReadGroup(tx: TenantTx, groups: SavingsGroupsRepository, auth: TenantAuthContext, groupId: string): Promise<void> {
  if (readsEveryGroup(auth)) return;
  if (hasRole(auth, 'treasurer') && (await groups.isTreasurerOf(tx, groupId, auth.userId))) return;
  throw new DomainError('SAVINGS_GROUP_NOT_ASSIGNED', {}, 'forbidden');
}

export async function assertCanRecordGroup(tx: TenantTx, groups: SavingsGroupsRepository, auth: TenantAuthContext, groupId: string): Promise<void> {
  if (hasRole(auth, 'admin')) return;
  if (hasRole(auth, 'treasurer') && (await groups.isTreasurerOf(tx, groupId, auth.userId))) return;
  throw new DomainError('SAVINGS_GROUP_NOT_ASSIGNED', {}, 'forbidden');
}
