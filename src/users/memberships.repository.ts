import { Injectable } from '@nestjs/common';
import type { CooperativeRole } from '../auth/roles.js';
import type { TenantTx, Tx } from '../database/tx.js';

export interface InvitationRow {
  id: string;
  cooperative_id: string;
  user_id: string;
  login: string;
  role: CooperativeRole;
  expires_at: Date;
  answer: 'accepted' | 'declined' | 'cancelled' | null;
  created_at: Date;
}

export interface NewInvitation {
  readonly id: string;
  readonly userId: string;
  readonly role: CooperativeRole;
  readonly invitedBy: string;
  readonly expiresAt: Date;
}

const COLUMNS = `i.id, i.cooperative_id, i.user_id, u.login, i.role, i.expires_at, i.answer, i.created_at`;

/** The SQL behind invitations to hold a role in a cooperative. */
@Injectable()
export class MembershipsRepository {
  /** A new invitation replaces a pending one for the same person and role. */
  async insertInvitation(tx: TenantTx, invitation: NewInvitation): Promise<void> {
    await tx.query(
      `UPDATE invitations SET answer = 'cancelled', answered_at = now()
        WHERE cooperative_id = $1 AND user_id = $2 AND role = $3 AND answer IS NULL`,
      [tx.cooperativeId, invitation.userId, invitation.role],
    );
    await tx.query('INSERT INTO invitations (id, cooperative_id, user_id, role, invited_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      invitation.id,
      tx.cooperativeId,
      invitation.userId,
      invitation.role,
      invitation.invitedBy,
      invitation.expiresAt,
    ]);
  }

  async invitationById(tx: Tx, id: string, lock = false): Promise<InvitationRow | undefined> {
    const [row] = await tx.query<InvitationRow[]>(
      `SELECT ${COLUMNS} FROM invitations i JOIN users u ON u.id = i.user_id WHERE i.id = $1${lock ? ' FOR UPDATE OF i' : ''}`,
      [id],
    );
    return row;
  }

  async pendingInvitationsHere(tx: TenantTx): Promise<InvitationRow[]> {
    return tx.query<InvitationRow[]>(
      `SELECT ${COLUMNS} FROM invitations i JOIN users u ON u.id = i.user_id
        WHERE i.cooperative_id = $1 AND i.answer IS NULL AND i.expires_at > now() ORDER BY i.created_at, i.id`,
      [tx.cooperativeId],
    );
  }

  async pendingInvitationsOfUser(tx: Tx, userId: string): Promise<InvitationRow[]> {
    return tx.query<InvitationRow[]>(
      `SELECT ${COLUMNS} FROM invitations i JOIN users u ON u.id = i.user_id
        WHERE i.user_id = $1 AND i.answer IS NULL AND i.expires_at > now() ORDER BY i.created_at, i.id`,
      [userId],
    );
  }

  async answerInvitation(tx: Tx, id: string, answer: 'accepted' | 'declined' | 'cancelled'): Promise<void> {
    await tx.query('UPDATE invitations SET answer = $2, answered_at = now() WHERE id = $1 AND answer IS NULL', [id, answer]);
  }
}
