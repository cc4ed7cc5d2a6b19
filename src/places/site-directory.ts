import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import type { TenantTx } from '../database/tx.js';

/**
 * The cooperative's sites as places other records point at (a miner's home site, a flag's
 * site, a purchase's site). The gate's own use of sites lives in `sites/`; this sits below
 * every module that references a site, so none of them reaches into the gate.
 */
@Injectable()
export class SiteDirectory {
  /**
   * Refuses a record that names a site this cooperative does not have. The foreign keys to
   * sites would refuse it too, but as a bare database error; a worded 422 is the caller's due.
   */
  async assertKnown(tx: TenantTx, siteId: string | null | undefined, field = 'siteId'): Promise<void> {
    if (siteId === null || siteId === undefined) return;
    const rows = await tx.query<unknown[]>('SELECT 1 FROM sites WHERE cooperative_id = $1 AND id = $2', [tx.cooperativeId, siteId]);
    if (rows.length === 0) throw new DomainError('SITE_REFERENCE_UNKNOWN', { field, siteId });
  }
}
