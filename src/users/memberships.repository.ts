import type { EntityManager } from 'typeorm';
import type { CooperativeRole } from '../auth/roles.js';

/** The SQL behind invitations and roles granted by them. */

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

const COLUMNS = `i.id, i.cooperative_id, i.user_id, u.login, i.role, i.expires_at, i.answer, i.created_at`;

/** A new invitation replaces a pending one for the same person and role. */
export async function insertInvitation(
  tx: EntityManager,
  invitation: { id: string; cooperativeId: string; userId: string; role: CooperativeRole; invitedBy: string; expiresAt: Date },
): Promise<void> {
  await tx.query(
    `UPDATE invitations SET answer = 'cancelled', answered_at = now()
      WHERE cooperative_id = $1 AND user_id = $2 AND role = $3 AND answer IS NULL`,
    [invitation.cooperativeId, invitation.userId, invitation.role],
  );
  await tx.query(
    'INSERT INTO invitations (id, cooperative_id, user_id, role, invited_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [invitation.id, invitation.cooperativeId, invitation.userId, invitation.role, invitation.invitedBy, invitation.expiresAt],
  );
}

export async function invitationById(tx: EntityManager, id: string, lock = false): Promise<InvitationRow | undefined> {
  const [row] = await tx.query<InvitationRow[]>(
    `SELECT ${COLUMNS} FROM invitations i JOIN users u ON u.id = i.user_id WHERE i.id = $1${lock ? ' FOR UPDATE OF i' : ''}`,
    [id],
  );
  return row;
}

export async function pendingInvitationsOfCooperative(tx: EntityManager, cooperativeId: string): Promise<InvitationRow[]> {
  return tx.query<InvitationRow[]>(
    `SELECT ${COLUMNS} FROM invitations i JOIN users u ON u.id = i.user_id
      WHERE i.cooperative_id = $1 AND i.answer IS NULL AND i.expires_at > now() ORDER BY i.created_at, i.id`,
    [cooperativeId],
  );
}

export async function pendingInvitationsOfUser(tx: EntityManager, userId: string): Promise<InvitationRow[]> {
  return tx.query<InvitationRow[]>(
    `SELECT ${COLUMNS} FROM invitations i JOIN users u ON u.id = i.user_id
      WHERE i.user_id = $1 AND i.answer IS NULL AND i.expires_at > now() ORDER BY i.created_at, i.id`,
    [userId],
  );
}

export async function answerInvitation(tx: EntityManager, id: string, answer: 'accepted' | 'declined' | 'cancelled'): Promise<void> {
  await tx.query('UPDATE invitations SET answer = $2, answered_at = now() WHERE id = $1 AND answer IS NULL', [id, answer]);
}

/** Grants the role; false when the person already held it. */
export async function grantRole(tx: EntityManager, cooperativeId: string, userId: string, role: CooperativeRole): Promise<boolean> {
  const inserted = await tx.query<unknown[]>(
    'INSERT INTO user_roles (cooperative_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1',
    [cooperativeId, userId, role],
  );
  return inserted.length > 0;
}

/** Whether the account is also someone else's business: roles elsewhere, a jurisdiction, the operator's rights. */
export async function reachesBeyond(tx: EntityManager, userId: string, cooperativeId: string): Promise<boolean> {
  const [row] = await tx.query<{ beyond: boolean }[]>('SELECT app_user_reaches_beyond($1, $2) AS beyond', [userId, cooperativeId]);
  return row?.beyond ?? true;
}
