import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../../database/tx.js';
import { DomainError } from '../../common/domain-error.js';
import { GENESIS_PREVIOUS_HASH } from '../rules/hash-chain.js';
import type { CooperativeIdentityView, LedgerHeadView } from './dto/statement.view.js';
import { LEDGER_ENTRY_LOCAL_DAY, type StatementPeriod } from './rules/statement-period.js';

/** A ledger entry of a miner's statement, bigint columns as text. */
export interface MinerEntryRow {
  id: string;
  sequence: number;
  kind: 'purchase' | 'reversal';
  reverses_id: string | null;
  at: Date;
  lot_number: string | null;
  tag_id: string | null;
  mineral: string | null;
  net_mg: string | null;
  currency: string;
  amount_minor: string | null;
  fees: { fundCode: string; amountMinor: number }[];
  net_paid_minor: string | null;
  reason: string | null;
  hash: string;
}

@Injectable()
export class StatementRepository {
  async cooperative(tx: TenantTx): Promise<CooperativeIdentityView> {
    const [row] = await tx.query<CooperativeIdentityView[]>(
      `SELECT id, name, legal_form AS "legalForm", registration_number AS "registrationNumber", approval_number AS "approvalNumber",
              country::text AS country, province, territory, timezone
         FROM cooperatives WHERE id = $1`,
      [tx.cooperativeId],
    );
    if (row === undefined) throw new DomainError('NOT_FOUND', {}, 'not_found');
    return row;
  }

  /** Read in the statement's own transaction, so the head matches the rows the statement shows. */
  async ledgerHead(tx: TenantTx): Promise<LedgerHeadView> {
    const [row] = await tx.query<{ last_sequence: number; last_hash: string }[]>(
      `SELECT last_sequence, last_hash FROM ledger_heads WHERE cooperative_id = $1`,
      [tx.cooperativeId],
    );
    return row === undefined ? { sequence: 0, hash: GENESIS_PREVIOUS_HASH } : { sequence: row.last_sequence, hash: row.last_hash };
  }

  /** The miner's entries whose local day falls in the period, up to a sequence (the head the statement prints). */
  async minerEntries(tx: TenantTx, minerId: string, upToSequence: number, period: StatementPeriod): Promise<MinerEntryRow[]> {
    return tx.query<MinerEntryRow[]>(
      `SELECT p.id, p.sequence, p.kind, p.reverses_id, CASE p.kind WHEN 'reversal' THEN p.recorded_at ELSE coalesce(p.captured_at, p.recorded_at) END AS at,
              p.lot_number, p.tag_id, p.mineral, p.net_mg::text AS net_mg, p.currency::text AS currency, p.amount_minor::text AS amount_minor,
              p.fees, p.net_paid_minor::text AS net_paid_minor, p.reason, p.hash
         FROM purchase_ledger p JOIN cooperatives c ON c.id = p.cooperative_id
        WHERE p.cooperative_id = $1 AND p.seller_id = $2 AND p.sequence <= $3 AND ${LEDGER_ENTRY_LOCAL_DAY} BETWEEN $4 AND $5
        ORDER BY p.sequence`,
      [tx.cooperativeId, minerId, upToSequence, period.from, period.to],
    );
  }
}
