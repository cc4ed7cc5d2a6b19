import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/tx.js';

export interface RefreshTokenRow {
  id: string;
  user_id: string;
  family_id: string;
  session_epoch: number;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

export interface NewRefreshToken {
  readonly id: string;
  readonly userId: string;
  readonly familyId: string;
  readonly tokenHash: string;
  readonly sessionEpoch: number;
  readonly expiresAt: Date;
}

const COLUMNS = 'id, user_id, family_id, session_epoch, expires_at, used_at, revoked_at';

/** The SQL of refresh tokens (their SHA-256 only) and of the session state they are checked against. */
@Injectable()
export class TokensRepository {
  async sessionEpochOf(tx: Tx, userId: string): Promise<number> {
    const [row] = await tx.query<{ session_epoch: number }[]>('SELECT session_epoch FROM users WHERE id = $1', [userId]);
    return row?.session_epoch ?? 0;
  }

  async sessionStateOf(tx: Tx, userId: string): Promise<{ disabled: boolean; session_epoch: number } | undefined> {
    const [row] = await tx.query<{ disabled: boolean; session_epoch: number }[]>(
      'SELECT disabled_at IS NOT NULL AS disabled, session_epoch FROM users WHERE id = $1',
      [userId],
    );
    return row;
  }

  async insertRefreshToken(tx: Tx, token: NewRefreshToken): Promise<void> {
    await tx.query(
      'INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, session_epoch, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [token.id, token.userId, token.familyId, token.tokenHash, token.sessionEpoch, token.expiresAt],
    );
  }

  /** The token with this hash, locked for its rotation. */
  async lockedRefreshToken(tx: Tx, tokenHash: string): Promise<RefreshTokenRow | undefined> {
    const [row] = await tx.query<RefreshTokenRow[]>(`SELECT ${COLUMNS} FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`, [tokenHash]);
    return row;
  }

  async refreshTokenOfUser(tx: Tx, tokenHash: string, userId: string): Promise<RefreshTokenRow | undefined> {
    const [row] = await tx.query<RefreshTokenRow[]>(`SELECT ${COLUMNS} FROM refresh_tokens WHERE token_hash = $1 AND user_id = $2`, [tokenHash, userId]);
    return row;
  }

  async markRefreshTokenUsed(tx: Tx, id: string): Promise<void> {
    await tx.query('UPDATE refresh_tokens SET used_at = now() WHERE id = $1', [id]);
  }

  async revokeFamily(tx: Tx, familyId: string): Promise<void> {
    await tx.query('UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1', [familyId]);
  }
}
