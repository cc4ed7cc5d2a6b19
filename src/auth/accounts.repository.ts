import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/tx.js';

export interface CredentialsRow {
  id: string;
  login: string;
  password_hash: string;
  disabled: boolean;
}

export interface ResetCodeRow {
  id: string;
  user_id: string;
  cooperative_id: string | null;
  expires_at: Date;
  used_at: Date | null;
}

export interface NewResetCode {
  readonly id: string;
  readonly userId: string;
  readonly codeHash: string;
  readonly cooperativeId: string | null;
  readonly issuedBy: string;
  readonly expiresAt: Date;
}

/** The SQL behind an account's lifecycle: credentials, passwords, sessions, reset codes. */
@Injectable()
export class AccountsRepository {
  async credentialsOfLogin(tx: Tx, login: string): Promise<CredentialsRow | undefined> {
    const [row] = await tx.query<CredentialsRow[]>('SELECT id, login, password_hash, disabled_at IS NOT NULL AS disabled FROM users WHERE login = $1', [login]);
    return row;
  }

  async credentialsOfUser(tx: Tx, userId: string): Promise<CredentialsRow | undefined> {
    const [row] = await tx.query<CredentialsRow[]>('SELECT id, login, password_hash, disabled_at IS NOT NULL AS disabled FROM users WHERE id = $1', [userId]);
    return row;
  }

  /**
   * Ends every session of the user at once: the epoch copied into access tokens moves on (the
   * guard refuses older tokens) and every refresh token is revoked. Returns the new epoch.
   */
  async endAllSessions(tx: Tx, userId: string): Promise<number> {
    const [row] = await tx.query<{ session_epoch: number }[]>(
      'UPDATE users SET session_epoch = session_epoch + 1, updated_at = now() WHERE id = $1 RETURNING session_epoch',
      [userId],
    );
    await tx.query('UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
    return row?.session_epoch ?? 0;
  }

  async setPasswordHash(tx: Tx, userId: string, passwordHash: string): Promise<void> {
    await tx.query('UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1', [userId, passwordHash]);
  }

  /** Stores a new code (its hash only) and voids every earlier unused one of the user. */
  async insertResetCode(tx: Tx, code: NewResetCode): Promise<void> {
    await tx.query('UPDATE password_reset_codes SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [code.userId]);
    await tx.query(
      'INSERT INTO password_reset_codes (id, user_id, code_hash, cooperative_id, issued_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [code.id, code.userId, code.codeHash, code.cooperativeId, code.issuedBy, code.expiresAt],
    );
  }

  /** Takes the code for this login, locked, if it exists: used or expired codes are answered too. */
  async lockedResetCode(tx: Tx, login: string, codeHash: string): Promise<ResetCodeRow | undefined> {
    const [row] = await tx.query<ResetCodeRow[]>(
      `SELECT c.id, c.user_id, c.cooperative_id, c.expires_at, c.used_at
         FROM password_reset_codes c JOIN users u ON u.id = c.user_id
        WHERE c.code_hash = $1 AND u.login = $2 AND u.disabled_at IS NULL
        FOR UPDATE OF c`,
      [codeHash, login],
    );
    return row;
  }

  async markResetCodeUsed(tx: Tx, id: string): Promise<void> {
    await tx.query('UPDATE password_reset_codes SET used_at = now() WHERE id = $1', [id]);
  }
}
