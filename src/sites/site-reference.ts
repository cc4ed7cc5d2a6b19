import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error.js';

/**
 * Refuses a record that names a site this cooperative does not have. The foreign keys to
 * sites would refuse it too, but as a bare database error; modules that store a site id
 * call this first so the caller gets a worded 422.
 */
export async function assertSiteReference(tx: EntityManager, cooperativeId: string, siteId: string | null | undefined, field = 'siteId'): Promise<void> {
  if (siteId === null || siteId === undefined) return;
  const rows = await tx.query<unknown[]>('SELECT 1 FROM sites WHERE cooperative_id = $1 AND id = $2', [cooperativeId, siteId]);
  if (rows.length === 0) throw new DomainError('SITE_REFERENCE_UNKNOWN', { field, siteId });
}
