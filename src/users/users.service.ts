import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthContext, TenantAuthContext } from '../auth/auth-context.js';
import { normaliseLogin } from '../auth/login.js';
import { hashPassword } from '../auth/password.js';
import type { CooperativeRole } from '../auth/roles.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.service.js';
import { UserRole } from '../cooperatives/user-role.entity.js';
import type { CreateSupervisorDto, CreateUserDto, JurisdictionDto, UpdateUserDto } from '../cooperatives/dto/user.dto.js';
import { User } from './user.entity.js';
import { grantRole, reachesBeyond } from './memberships.repository.js';
import { endAllSessions } from '../auth/accounts.repository.js';

export interface CooperativeUserView {
  readonly id: string;
  readonly login: string;
  readonly name: string;
  readonly roles: CooperativeRole[];
}

export interface SupervisorView {
  readonly id: string;
  readonly login: string;
  readonly name: string;
  readonly jurisdictions: { country: string; province: string }[];
}

/** People and their roles: one person may hold roles in several cooperatives. */
@Injectable()
export class UsersService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  /** Creates the person with the role; an existing login is invited instead (MembershipsService). */
  async addToCooperative(auth: TenantAuthContext, dto: CreateUserDto): Promise<CooperativeUserView> {
    const { login, kind } = normaliseLogin(dto.login);
    const passwordHash = dto.password ? await hashPassword(dto.password) : undefined;
    return this.db.inScope(auth.scope, async (tx) => {
      // An existing login is someone's own: it joins only by accepting an invitation.
      if (await tx.findOneBy(User, { login })) throw new DomainError('LOGIN_EXISTS_INVITE', {}, 'conflict', [{ field: 'login', code: 'LOGIN_EXISTS_INVITE' }]);
      if (!passwordHash || !dto.name) throw new DomainError('NEW_USER_NEEDS_NAME_AND_PASSWORD', {}, 'invalid');
      const user = await this.insertUser(tx, auth, { id: dto.id, login, kind, name: dto.name, passwordHash });
      if (!(await grantRole(tx, auth.cooperativeId, user.id, dto.role))) throw new DomainError('ROLE_ALREADY_HELD', { role: dto.role }, 'conflict');
      await this.audit.record(tx, auth, { action: 'grant_role', entity: 'user', entityId: user.id, after: { role: dto.role } });
      return this.view(tx, auth.cooperativeId, user.id);
    });
  }

  async list(auth: TenantAuthContext): Promise<CooperativeUserView[]> {
    return this.db.inScope(auth.scope, async (tx) => {
      const rows = await tx.query<{ id: string; login: string; name: string; roles: CooperativeRole[] }[]>(
        `SELECT u.id, u.login, u.name, array_agg(r.role ORDER BY r.role) AS roles
           FROM user_roles r JOIN users u ON u.id = r.user_id
          WHERE r.cooperative_id = $1 GROUP BY u.id ORDER BY u.name, u.id`,
        [auth.cooperativeId],
      );
      return rows;
    });
  }

  async update(auth: TenantAuthContext, userId: string, dto: UpdateUserDto): Promise<CooperativeUserView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const before = await this.view(tx, auth.cooperativeId, userId);
      const roles = dto.disabled ? [] : dto.roles;
      if (roles) {
        if (userId === auth.userId && before.roles.includes('admin') && !roles.includes('admin')) {
          throw new DomainError('CANNOT_REMOVE_OWN_ADMIN', {}, 'invalid');
        }
        await tx.query('DELETE FROM user_roles WHERE cooperative_id = $1 AND user_id = $2 AND role <> ALL($3::text[])', [auth.cooperativeId, userId, roles]);
        for (const role of roles) {
          await tx.query('INSERT INTO user_roles (cooperative_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [auth.cooperativeId, userId, role]);
        }
      }
      if (dto.name && dto.name !== before.name) {
        // A name shown in other cooperatives is not this admin's to change.
        if (!auth.scope.operator && (await reachesBeyond(tx, userId, auth.cooperativeId))) throw new DomainError('ACCOUNT_SHARED_WITH_OTHERS', {}, 'conflict');
        await tx.update(User, { id: userId }, { name: dto.name, updatedAt: new Date() });
      }
      // Disabling ends every session at once: refresh tokens revoked, access tokens refused.
      if (dto.disabled) await endAllSessions(tx, userId);
      const after = roles?.length === 0 ? { ...before, roles: [], name: dto.name ?? before.name } : await this.view(tx, auth.cooperativeId, userId);
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
    return this.db.inScope(auth.scope, async (tx) => {
      if (await tx.findOneBy(User, { login })) throw new DomainError('LOGIN_EXISTS', {}, 'conflict');
      const user = await this.insertUser(tx, auth, { id: dto.id, login, kind, name: dto.name, passwordHash });
      await this.replaceJurisdictions(tx, auth, user.id, dto.jurisdictions);
      return this.supervisorView(tx, user.id);
    });
  }

  async setJurisdictions(auth: AuthContext, userId: string, jurisdictions: readonly JurisdictionDto[]): Promise<SupervisorView> {
    return this.db.inScope(auth.scope, async (tx) => {
      if (!(await tx.findOneBy(User, { id: userId }))) throw new DomainError('NOT_FOUND', {}, 'not_found');
      await this.replaceJurisdictions(tx, auth, userId, jurisdictions);
      return this.supervisorView(tx, userId);
    });
  }

  async listSupervisors(auth: AuthContext): Promise<SupervisorView[]> {
    return this.db.inScope(auth.scope, async (tx) => {
      const ids = await tx.query<{ user_id: string }[]>('SELECT DISTINCT user_id FROM supervisor_jurisdictions ORDER BY user_id');
      return Promise.all(ids.map((row) => this.supervisorView(tx, row.user_id)));
    });
  }

  private async insertUser(
    tx: EntityManager,
    auth: AuthContext,
    fields: { id?: string; login: string; kind: 'email' | 'phone'; name: string; passwordHash: string },
  ): Promise<User> {
    const id = fields.id ?? randomUUID();
    if (await tx.findOneBy(User, { id })) throw new DomainError('ID_TAKEN', { id }, 'conflict');
    await tx.insert(User, { id, login: fields.login, loginKind: fields.kind, name: fields.name, passwordHash: fields.passwordHash, isOperator: false });
    await this.audit.record(tx, auth, { action: 'create', entity: 'user', entityId: id, after: { login: fields.login, name: fields.name } });
    return tx.findOneByOrFail(User, { id });
  }

  private async replaceJurisdictions(tx: EntityManager, auth: AuthContext, userId: string, jurisdictions: readonly JurisdictionDto[]): Promise<void> {
    const before = await tx.query<{ country: string; province: string }[]>('SELECT country, province FROM supervisor_jurisdictions WHERE user_id = $1 ORDER BY 1, 2', [userId]);
    await tx.query('DELETE FROM supervisor_jurisdictions WHERE user_id = $1', [userId]);
    for (const { country, province } of jurisdictions) {
      await tx.query('INSERT INTO supervisor_jurisdictions (user_id, country, province) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [userId, country.toUpperCase(), province]);
    }
    await this.audit.record(tx, auth, {
      cooperativeId: null,
      action: 'set_jurisdictions',
      entity: 'user',
      entityId: userId,
      before: { jurisdictions: before },
      after: { jurisdictions: jurisdictions.map(({ country, province }) => ({ country: country.toUpperCase(), province })) },
    });
  }

  private async view(tx: EntityManager, cooperativeId: string, userId: string): Promise<CooperativeUserView> {
    const user = await tx.findOneBy(User, { id: userId });
    const roles = await tx.find(UserRole, { where: { cooperativeId, userId }, order: { role: 'ASC' } });
    if (!user || roles.length === 0) throw new DomainError('NOT_FOUND', {}, 'not_found');
    return { id: user.id, login: user.login, name: user.name, roles: roles.map((row) => row.role) };
  }

  private async supervisorView(tx: EntityManager, userId: string): Promise<SupervisorView> {
    const user = await tx.findOneByOrFail(User, { id: userId });
    const jurisdictions = await tx.query<{ country: string; province: string }[]>(
      'SELECT country, province FROM supervisor_jurisdictions WHERE user_id = $1 ORDER BY 1, 2',
      [userId],
    );
    return { id: user.id, login: user.login, name: user.name, jurisdictions };
  }
}
