import { Injectable } from '@nestjs/common';
import type { TenantTx, Tx } from '../database/tx.js';
import type { RawBenefitStatement } from './rules/benefit-statement.js';

/** The cooperative's choice to publish its benefit-sharing statement, and the statement's figures. */
@Injectable()
export class PublicStatementRepository {
  async setting(tx: TenantTx): Promise<{ published: boolean; changed_at: Date } | null> {
    const [row] = await tx.query<{ published: boolean; changed_at: Date }[]>(`SELECT published, changed_at FROM public_benefit_statements WHERE cooperative_id = $1`, [tx.cooperativeId]);
    return row ?? null;
  }

  async saveSetting(tx: TenantTx, published: boolean, changedBy: string): Promise<void> {
    await tx.query(
      `INSERT INTO public_benefit_statements (cooperative_id, published, changed_by) VALUES ($1, $2, $3)
       ON CONFLICT (cooperative_id) DO UPDATE SET published = EXCLUDED.published, changed_by = EXCLUDED.changed_by, changed_at = now()`,
      [tx.cooperativeId, published, changedBy],
    );
  }

  /**
   * The statement's figures, or null when the cooperative does not publish it (or does not
   * exist): through app_public_benefit_statement, the one function that reads a cooperative's
   * rows for a caller with no scope (see migration H7ObserversPartners).
   */
  async statement(tx: Tx, cooperativeId: string, from: string, to: string): Promise<RawBenefitStatement | null> {
    const [row] = await tx.query<{ statement: RawBenefitStatement | null }[]>(`SELECT app_public_benefit_statement($1, $2, $3) AS statement`, [cooperativeId, from, to]);
    return row?.statement ?? null;
  }
}
