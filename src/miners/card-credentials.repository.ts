import { Injectable } from '@nestjs/common';
import { TenantTx } from '../database/tx.js';

export type CardRevocationReason = 'reprinted' | 'renewed' | 'lost';

/** A member's card-token state (migration h8-card-credentials); no row: never printed since token ids. */
export interface CardCredential {
  readonly minerId: string;
  readonly serial: number;
  readonly currentTokenId: string | null;
  readonly currentKeyId: string | null;
  readonly currentTokenDigest: string | null;
  readonly currentIssuedOn: string | null;
  readonly revokedReason: CardRevocationReason | null;
  readonly revokedAt: Date | null;
}

export interface IssuedToken {
  readonly tokenId: string;
  readonly keyId: string;
  readonly digest: string;
  readonly issuedOn: string;
}

const COLUMNS = `miner_id AS "minerId", serial, current_token_id AS "currentTokenId", current_key_id AS "currentKeyId",
  current_token_digest AS "currentTokenDigest", current_issued_on::text AS "currentIssuedOn",
  revoked_reason AS "revokedReason", revoked_at AS "revokedAt"`;

/**
 * Used by the card printing (miners) and by the gate and its offline snapshot (sites).
 */
@Injectable()
export class CardCredentialsRepository {
  async credential(tx: TenantTx, minerId: string, lock = false): Promise<CardCredential | null> {
    const rows = await tx.query<CardCredential[]>(
      `SELECT ${COLUMNS} FROM miner_card_credentials WHERE cooperative_id = $1 AND miner_id = $2${lock ? ' FOR UPDATE' : ''}`,
      [tx.cooperativeId, minerId],
    );
    return rows[0] ?? null;
  }

  async credentials(tx: TenantTx): Promise<CardCredential[]> {
    return tx.query<CardCredential[]>(`SELECT ${COLUMNS} FROM miner_card_credentials WHERE cooperative_id = $1`, [tx.cooperativeId]);
  }

  /**
   * The serial the next print takes, reserving it: the row is created or locked, so two
   * prints at once take two serials and the later one stays current.
   */
  async nextSerial(tx: TenantTx, minerId: string): Promise<number> {
    const rows = await tx.query<{ serial: number }[]>(
      `INSERT INTO miner_card_credentials (cooperative_id, miner_id, serial, updated_by) VALUES ($1, $2, 1, $3)
       ON CONFLICT (cooperative_id, miner_id) DO UPDATE SET serial = miner_card_credentials.serial + 1
       RETURNING serial`,
      [tx.cooperativeId, minerId, tx.actor.userId],
    );
    return rows[0].serial;
  }

  /** Makes `token` the only one accepted, revoking any earlier one as reprinted. */
  async makeCurrent(tx: TenantTx, minerId: string, token: IssuedToken): Promise<void> {
    await tx.query(
      `UPDATE miner_card_credentials
          SET revoked_reason = CASE WHEN current_token_id IS NOT NULL OR serial > 1 THEN 'reprinted' ELSE revoked_reason END,
              revoked_at = CASE WHEN current_token_id IS NOT NULL OR serial > 1 THEN now() ELSE revoked_at END,
              current_token_id = $3, current_key_id = $4, current_token_digest = $5, current_issued_on = $6,
              updated_by = $7, updated_at = now()
        WHERE cooperative_id = $1 AND miner_id = $2`,
      [tx.cooperativeId, minerId, token.tokenId, token.keyId, token.digest, token.issuedOn, tx.actor.userId],
    );
  }

  /** Leaves the member without an accepted token (also revoking one printed before token ids). */
  async revokeAll(tx: TenantTx, minerId: string, reason: CardRevocationReason): Promise<CardCredential | null> {
    const before = await this.credential(tx, minerId, true);
    await tx.query(
      `INSERT INTO miner_card_credentials (cooperative_id, miner_id, serial, revoked_reason, revoked_at, updated_by) VALUES ($1, $2, 0, $3, now(), $4)
       ON CONFLICT (cooperative_id, miner_id) DO UPDATE
         SET current_token_id = NULL, current_key_id = NULL, current_token_digest = NULL, current_issued_on = NULL,
             revoked_reason = $3, revoked_at = now(), updated_by = $4, updated_at = now()`,
      [tx.cooperativeId, minerId, reason, tx.actor.userId],
    );
    return before;
  }

  async erase(tx: TenantTx, minerId: string): Promise<void> {
    await tx.query(`DELETE FROM miner_card_credentials WHERE cooperative_id = $1 AND miner_id = $2`, [tx.cooperativeId, minerId]);
  }
}
