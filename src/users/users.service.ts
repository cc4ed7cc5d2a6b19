import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccountsRepository } from '../auth/accounts.repository.js';
import type { AuthContext, TenantAuthContext } from '../auth/auth-context.js';
import { normaliseLogin } from '../auth/login.js';
import { hashPassword } from '../auth/password.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import type { TenantTx, Tx } from '../database/tx.js';
import type { CreateSupervisorDto, CreateUserDto, JurisdictionDto, UpdateUserDto } from '../cooperatives/dto/user.dto.js';
import type { CooperativeUserView } from './dto/cooperative-user.view.js';
import type { SupervisorView } from './dto/supervisor.view.js';
import { UsersRepository } from './users.repository.js';

/** People and their roles: one person may hold roles in several cooperatives. */
@Injectable()
export class UsersService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly users: UsersRepository,
    private readonly accounts: AccountsRepository,
  ) {}

  /** Creates the person with the role; an existing login is invited instead (MembershipsService). */
  async addToCooperative(auth: TenantAuthContext, dto: CreateUserDto): Promise<CooperativeUserView> {
    const { login, kind } = normaliseLogin(dto.login);
    const passwordHash = dto.password ? await hashPassword(dto.password) : undefined;
    return this.db.tenant(auth, async (tx) => {
      // An existing login is someone's own: it joins only by accepting an invitation.
      if (await this.users.userByLogin(tx, login)) throw new DomainError('LOGIN_EXISTS_INVITE', {}, 'conflict', [{ field: 'login', code: 'LOGIN_EXISTS_INVITE' }]);
      if (!passwordHash || !dto.name) throw new DomainError('NEW_USER_NEEDS_NAME_AND_PASSWORD', {}, 'invalid');
      const user = await this.insertUser(tx, auth, { id: dto.id, login, kind, name: dto.name, passwordHash });
      if (!(await this.users.grantRole(tx, tx.cooperativeId, user.id, dto.role))) throw new DomainError('ROLE_ALREADY_HELD', { role: dto.role }, 'conflict');
      await this.audit.record(tx, auth, { action: 'grant_role', entity: 'user', entityId: user.id, after: { role: dto.role } });
      return this.view(tx, user.id);
    });
  }

  async list(auth: TenantAuthContext): Promise<CooperativeUserView[]> {
    return this.db.tenant(auth, (tx) => this.users.membersHere(tx));
  }

  async update(auth: TenantAuthContext, userId: string, dto: UpdateUserDto): Promise<CooperativeUserView> {
    return this.db.tenant(auth, async (tx) => {
      const before = await this.view(tx, userId);
      const roles = dto.disabled ? [] : dto.roles;
      if (roles) {
        if (userId === auth.userId && before.roles.includes('admin') && !roles.includes('admin')) {
          throw new DomainError('CANNOT_REMOVE_OWN_ADMIN', {}, 'invalid');
        }
        await this.users.replaceRolesHere(tx, userId, roles);
      }
      if (dto.name && dto.name !== before.name) {
        // A name shown in other cooperatives is not this admin's to change.
        if (!auth.scope.operator && (await this.users.reachesBeyond(tx, userId))) throw new DomainError('ACCOUNT_SHARED_WITH_OTHERS', {}, 'conflict');
        await this.users.renameUser(tx, userId, dto.name);
      }
      // Disabling ends every session at once: refresh tokens revoked, access tokens refused.
      if (dto.disabled) await this.accounts.endAllSessions(tx, userId);
      const after = roles?.length === 0 ? { ...before, roles: [], name: dto.name ?? before.name } : await this.view(tx, userId);
      await this.audit.record(tx, auth, {
        action: dto.disabled ? 'disable' : 'update',
        entity: 'user',
        entityId: userId,
        before: { name: before.name, roles: before.roles },
        after: { name: after.name, roles: after.roles },
      });
      return after;
    });
  }

  async createSupervisor(auth: AuthContext, dto: CreateSupervisorDto): Promise<SupervisorView> {
    const { login, kind } = normaliseLogin(dto.login);
    const passwordHash = await hashPassword(dto.password);
    return this.db.run(auth.scope, async (tx) => {
      if (await this.users.userByLogin(tx, login)) throw new DomainError('LOGIN_EXISTS', {}, 'conflict');
      const user = await this.insertUser(tx, auth, { id: dto.id, login, kind, name: dto.name, passwordHash });
      await this.replaceJurisdictions(tx, auth, user.id, dto.jurisdictions);
      return this.supervisorView(tx, user.id);
    });
  }

  async setJurisdictions(auth: AuthContext, userId: string, jurisdictions: readonly JurisdictionDto[]): Promise<SupervisorView> {
    return this.db.run(auth.scope, async (tx) => {
      if (!(await this.users.userById(tx, userId))) throw new DomainError('NOT_FOUND', {}, 'not_found');
      await this.replaceJurisdictions(tx, auth, userId, jurisdictions);
      return this.supervisorView(tx, userId);
    });
  }

  async listSupervisors(auth: AuthContext): Promise<SupervisorView[]> {
    return this.db.run(auth.scope, async (tx) => {
      const ids = await this.users.supervisorIds(tx);
      return Promise.all(ids.map((id) => this.supervisorView(tx, id)));
    });
  }

  private async insertUser(
    tx: Tx,
    auth: AuthContext,
    fields: { id?: string; login: string; kind: 'email' | 'phone'; name: string; passwordHash: string },
  ): Promise<{ id: string }> {
    const id = fields.id ?? randomUUID();
    if (await this.users.userById(tx, id)) throw new DomainError('ID_TAKEN', { id }, 'conflict');
    await this.users.insertUser(tx, { id, login: fields.login, kind: fields.kind, name: fields.name, passwordHash: fields.passwordHash });
    await this.audit.record(tx, auth, { action: 'create', entity: 'user', entityId: id, after: { login: fields.login, name: fields.name } });
    return { id };
  }

  private async replaceJurisdictions(tx: Tx, auth: AuthContext, userId: string, jurisdictions: readonly JurisdictionDto[]): Promise<void> {
    const before = await this.users.jurisdictionsOf(tx, userId);
    const after = jurisdictions.map(({ country, province }) => ({ country: country.toUpperCase(), province }));
    await this.users.replaceJurisdictions(tx, userId, after);
    await this.audit.record(tx, auth, {
      cooperativeId: null,
      action: 'set_jurisdictions',
      entity: 'user',
      entityId: userId,
      before: { jurisdictions: before },
      after: { jurisdictions: after },
    });
  }

  private async view(tx: TenantTx, userId: string): Promise<CooperativeUserView> {
    const user = await this.users.userById(tx, userId);
    const roles = await this.users.rolesHere(tx, userId);
    if (!user || roles.length === 0) throw new DomainError('NOT_FOUND', {}, 'not_found');
    return { id: user.id, login: user.login, name: user.name, roles };
  }

  private async supervisorView(tx: Tx, userId: string): Promise<SupervisorView> {
    const user = await this.users.userById(tx, userId);
    if (!user) throw new DomainError('NOT_FOUND', {}, 'not_found');
    return { id: user.id, login: user.login, name: user.name, jurisdictions: await this.users.jurisdictionsOf(tx, userId) };
  }
}
