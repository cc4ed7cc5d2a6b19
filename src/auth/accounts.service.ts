import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import { Scopes } from '../database/scopes.js';
import type { AuthContext } from './auth-context.js';
import { AccountsRepository } from './accounts.repository.js';
import type { ChangePasswordDto, RedeemPasswordResetDto } from './dto/account.dto.js';
import { LoginService, loginKey } from './login.service.js';
import { hashPassword, verifyPassword } from './password.js';
import { resetCodeHash } from './reset-code.js';
import type { TokenPairView } from './dto/token-pair.view.js';
import { TokensService } from './tokens.service.js';
import { UsersRepository } from '../users/users.repository.js';

/**
 * What a person does with their own account: change the password, end every session, redeem a
 * reset code. Account events are the platform's, not a cooperative's (`Scopes.accountEvent`):
 * these transactions touch the one account and its audit row, nothing else.
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly tokens: TokensService,
    private readonly logins: LoginService,
    private readonly accounts: AccountsRepository,
    private readonly users: UsersRepository,
  ) {}

  /** Needs the current password (counted like a login); ends every other session and answers fresh tokens. */
  async changePassword(auth: AuthContext, dto: ChangePasswordDto, address: string): Promise<TokenPairView> {
    const user = await this.db.run(Scopes.accountEvent(auth.userId), (tx) => this.accounts.credentialsOfUser(tx, auth.userId));
    if (!user) throw new DomainError('UNAUTHENTICATED', {}, 'unauthenticated');
    await this.logins.throttled(user.login, address, () => new DomainError('CURRENT_PASSWORD_WRONG', {}, 'forbidden', [{ field: 'currentPassword', code: 'CURRENT_PASSWORD_WRONG' }]), async () =>
      (await verifyPassword(user.password_hash, dto.currentPassword)) ? true : null,
    );
    const passwordHash = await hashPassword(dto.newPassword);
    await this.db.run(Scopes.accountEvent(auth.userId), async (tx) => {
      await this.accounts.setPasswordHash(tx, auth.userId, passwordHash);
      await this.accounts.endAllSessions(tx, auth.userId);
      await this.audit.record(tx, auth, { cooperativeId: null, action: 'change_password', entity: 'user', entityId: auth.userId, after: { sessionsEnded: true } });
    });
    return this.tokens.issue(auth.userId);
  }

  /** The person's own name: a cooperative's admin may rename only an account no one else shares. */
  async rename(auth: AuthContext, name: string): Promise<void> {
    await this.db.run(Scopes.accountEvent(auth.userId), async (tx) => {
      const before = await this.users.userById(tx, auth.userId);
      await this.users.renameUser(tx, auth.userId, name);
      await this.audit.record(tx, auth, { cooperativeId: null, action: 'update', entity: 'user', entityId: auth.userId, before: { name: before?.name }, after: { name } });
    });
  }

  /** "Log out everywhere": every refresh token is revoked and every access token refused from now on. */
  async endSessions(auth: AuthContext): Promise<void> {
    await this.db.run(Scopes.accountEvent(auth.userId), async (tx) => {
      await this.accounts.endAllSessions(tx, auth.userId);
      await this.audit.record(tx, auth, { cooperativeId: null, action: 'end_sessions', entity: 'user', entityId: auth.userId, after: { sessionsEnded: true } });
    });
  }

  /**
   * Sets a new password with a one-time code an admin issued: the code must be the login's,
   * unused and unexpired; it is spent, and every session of the account ends. Attempts are
   * counted per login and address like logins, and every failure answers the same problem.
   */
  async redeemReset(dto: RedeemPasswordResetDto, address: string, requestId: string): Promise<void> {
    const login = loginKey(dto.login);
    const failure = (): DomainError => new DomainError('RESET_CODE_INVALID', {}, 'unauthenticated');
    await this.logins.throttled(login, address, failure, async () => {
      const passwordHash = await hashPassword(dto.newPassword);
      return this.db.run(Scopes.accountEvent(null), async (tx) => {
        const code = await this.accounts.lockedResetCode(tx, login, resetCodeHash(dto.code));
        if (!code || code.used_at || code.expires_at.getTime() <= Date.now()) return null;
        await this.accounts.markResetCodeUsed(tx, code.id);
        await this.accounts.setPasswordHash(tx, code.user_id, passwordHash);
        await this.accounts.endAllSessions(tx, code.user_id);
        const actor: AuthContext = { userId: code.user_id, requestId, cooperativeId: code.cooperative_id, roles: [], scope: Scopes.accountEvent(code.user_id) };
        await this.audit.record(tx, actor, { action: 'redeem_password_reset', entity: 'user', entityId: code.user_id, after: { sessionsEnded: true } });
        return code.user_id;
      });
    });
  }
}
