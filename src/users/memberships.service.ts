import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { AuthContext, TenantAuthContext } from '../auth/auth-context.js';
import { AccountsRepository } from '../auth/accounts.repository.js';
import type { InviteDto } from '../auth/dto/account.dto.js';
import { normaliseLogin } from '../auth/login.js';
import { newResetCode, RESET_CODE_TTL_MS, resetCodeHash } from '../auth/reset-code.js';
import { DomainError } from '../common/domain-error.js';
import { CooperativesRepository } from '../cooperatives/cooperatives.repository.js';
import { Db, scopeToCooperatives } from '../database/db.js';
import { Scopes } from '../database/scopes.js';
import { MembershipsRepository, type InvitationRow } from './memberships.repository.js';
import { UsersRepository } from './users.repository.js';
import type { InvitationAnswer, InvitationAnswerView, InvitationView, MyInvitationView, PasswordResetView } from './dto/invitation.view.js';

/** How long an invitation waits for its answer. */
export const INVITATION_TTL_MS = 14 * 86_400_000;

const view = (row: InvitationRow): InvitationView => ({
  id: row.id,
  cooperativeId: row.cooperative_id,
  login: row.login,
  role: row.role,
  createdAt: row.created_at.toISOString(),
  expiresAt: row.expires_at.toISOString(),
});

/**
 * How a login that already exists comes to hold a role in a cooperative: the cooperative's
 * admin invites it, the person accepts (or declines) it themselves. And how an admin helps a
 * member who lost their password: a one-time code, never a password the admin chose.
 */
@Injectable()
export class MembershipsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly invitations: MembershipsRepository,
    private readonly users: UsersRepository,
    private readonly accounts: AccountsRepository,
    private readonly cooperatives: CooperativesRepository,
  ) {}

  async invite(auth: TenantAuthContext, dto: InviteDto): Promise<InvitationView> {
    const { login } = normaliseLogin(dto.login);
    return this.db.tenant(auth, async (tx) => {
      const user = await this.users.userByLogin(tx, login);
      if (!user || user.disabled_at) throw new DomainError('LOGIN_NOT_FOUND', {}, 'not_found', [{ field: 'login', code: 'LOGIN_NOT_FOUND' }]);
      if ((await this.users.rolesHere(tx, user.id)).includes(dto.role)) throw new DomainError('ROLE_ALREADY_HELD', { role: dto.role }, 'conflict');
      const id = randomUUID();
      await this.invitations.insertInvitation(tx, { id, userId: user.id, role: dto.role, invitedBy: auth.userId, expiresAt: new Date(Date.now() + INVITATION_TTL_MS) });
      await this.audit.record(tx, auth, { action: 'invite', entity: 'user', entityId: user.id, after: { role: dto.role, invitationId: id } });
      const row = await this.invitations.invitationById(tx, id);
      if (!row) throw new DomainError('NOT_FOUND', {}, 'not_found');
      return view(row);
    });
  }

  async listForCooperative(auth: TenantAuthContext): Promise<InvitationView[]> {
    return this.db.tenant(auth, async (tx) => (await this.invitations.pendingInvitationsHere(tx)).map(view));
  }

  async cancel(auth: TenantAuthContext, invitationId: string): Promise<void> {
    await this.db.tenant(auth, async (tx) => {
      const row = await this.invitations.invitationById(tx, invitationId, true);
      if (!row || row.cooperative_id !== auth.cooperativeId || row.answer) throw new DomainError('INVITATION_NOT_FOUND', {}, 'not_found');
      await this.invitations.answerInvitation(tx, row.id, 'cancelled');
      await this.audit.record(tx, auth, { action: 'cancel_invitation', entity: 'user', entityId: row.user_id, after: { role: row.role, invitationId: row.id } });
    });
  }

  async listMine(auth: AuthContext): Promise<MyInvitationView[]> {
    return this.db.run(Scopes.account(auth.userId, true), async (tx) => {
      const rows = await this.invitations.pendingInvitationsOfUser(tx, auth.userId);
      const ids = [...new Set(rows.map((row) => row.cooperative_id))];
      await scopeToCooperatives(tx, ids);
      const names = await this.cooperatives.cooperativeNames(tx, ids);
      return rows.map((row) => {
        const { login: _login, ...rest } = view(row);
        return { ...rest, cooperativeName: names.find((name) => name.id === row.cooperative_id)?.name ?? '' };
      });
    });
  }

  /** The invited person answers; the role is granted only on their acceptance. */
  async answer(auth: AuthContext, invitationId: string, answer: InvitationAnswer): Promise<InvitationAnswerView> {
    return this.db.run(Scopes.account(auth.userId), async (tx) => {
      const row = await this.invitations.invitationById(tx, invitationId, true);
      if (!row || row.user_id !== auth.userId || row.answer) throw new DomainError('INVITATION_NOT_FOUND', {}, 'not_found');
      if (row.expires_at.getTime() <= Date.now()) throw new DomainError('INVITATION_EXPIRED', {}, 'conflict');
      await scopeToCooperatives(tx, [row.cooperative_id]);
      if (answer === 'accepted') await this.users.grantRole(tx, row.cooperative_id, auth.userId, row.role);
      await this.invitations.answerInvitation(tx, row.id, answer);
      const actor: AuthContext = { ...auth, cooperativeId: row.cooperative_id };
      await this.audit.record(tx, actor, {
        action: answer === 'accepted' ? 'grant_role' : 'decline_invitation',
        entity: 'user',
        entityId: auth.userId,
        after: { role: row.role, invitationId: row.id, via: 'invitation' },
      });
      return { cooperativeId: row.cooperative_id, role: row.role, answer };
    });
  }

  /**
   * A one-time code for a member of this cooperative, valid a day; an earlier unused code is
   * voided. An account that is also someone else's (roles in another cooperative, a
   * supervisor's jurisdiction, the operator) is reset by the operator only: a cooperative's
   * admin could otherwise take it over.
   */
  async issueReset(auth: TenantAuthContext, userId: string): Promise<PasswordResetView> {
    return this.db.tenant(auth, async (tx) => {
      const roles = await this.users.rolesHere(tx, userId);
      const user = await this.users.userById(tx, userId);
      if (!user || roles.length === 0) throw new DomainError('NOT_FOUND', {}, 'not_found');
      if (!auth.scope.operator && (await this.users.reachesBeyond(tx, userId))) {
        throw new DomainError('ACCOUNT_SHARED_WITH_OTHERS', {}, 'conflict');
      }
      const code = newResetCode();
      const expiresAt = new Date(Date.now() + RESET_CODE_TTL_MS);
      await this.accounts.insertResetCode(tx, { id: randomUUID(), userId, codeHash: resetCodeHash(code), cooperativeId: auth.cooperativeId, issuedBy: auth.userId, expiresAt });
      await this.audit.record(tx, auth, { action: 'issue_password_reset', entity: 'user', entityId: userId, after: { expiresAt: expiresAt.toISOString() } });
      return { userId, code, expiresAt: expiresAt.toISOString() };
    });
  }
}
