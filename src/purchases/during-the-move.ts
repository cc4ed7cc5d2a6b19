import type { EntityManager } from 'typeorm';
import { Scopes } from '../database/scopes.js';
import { TenantTx } from '../database/tx.js';

/**
 * @deprecated For callers of the exported providers that still hold a bare EntityManager
 * (the regulator report): wraps it for the repositories, which read only the transaction and
 * the cooperative (the scope named here is not set again: the caller's is in force). Delete
 * once every caller passes its TenantTx.
 */
export function tenantTxOf(tx: TenantTx | EntityManager, cooperativeId: string | undefined): TenantTx {
  if (tx instanceof TenantTx) return tx;
  if (cooperativeId === undefined) throw new Error('A bare EntityManager needs its cooperative id');
  return new TenantTx(tx, Scopes.system(), { userId: null, requestId: null }, cooperativeId);
}
