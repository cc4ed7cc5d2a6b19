import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { AuthContext } from '../auth/auth-context.js';
import { normaliseLogin } from '../auth/login.js';
import { hashPassword } from '../auth/password.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import { Scopes } from '../database/scopes.js';
import type { Tx } from '../database/tx.js';
import { UsersRepository } from '../users/users.repository.js';
import type { AddOrganisationPersonDto, CreateOrganisationDto } from './dto/organisation.dto.js';
import type { OrganisationPersonView, OrganisationView } from './dto/organisation.view.js';
import { roleOfKind } from './organisation-kinds.js';
import { type OrganisationRow, OrganisationsRepository } from './organisations.repository.js';

function organisationView(row: OrganisationRow): OrganisationView {
  return { id: row.id, name: row.name, kind: row.kind, country: row.country, createdAt: row.created_at.toISOString() };
}

/** The platform operator registers organisations and their people; anyone signed in may read the list of organisations. */
@Injectable()
export class OrganisationsService {
  constructor(
    private readonly db: Db,
    private readonly repository: OrganisationsRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
  ) {}

  async create(auth: AuthContext, dto: CreateOrganisationDto): Promise<OrganisationView> {
    return this.db.run(auth.scope, async (tx) => {
      const id = dto.id ?? randomUUID();
      const organisation = { id, name: dto.name.trim(), kind: dto.kind, country: dto.country.toUpperCase() };
      if (!(await this.repository.insertOrganisation(tx, organisation))) throw new DomainError('ORGANISATION_ID_TAKEN', { id }, 'conflict');
      await this.audit.record(tx, auth, { cooperativeId: null, action: 'organisation.create', entity: 'organisation', entityId: id, after: organisation });
      return organisationView(await this.require(tx, id));
    }, { userId: auth.userId, requestId: auth.requestId });
  }

  async list(auth: AuthContext): Promise<OrganisationView[]> {
    return this.db.run(Scopes.readOnly(auth.scope), async (tx) => (await this.repository.organisations(tx)).map(organisationView));
  }

  /** A new login for the organisation, with the one role its kind allows (organisation-kinds.ts). */
  async addPerson(auth: AuthContext, organisationId: string, dto: AddOrganisationPersonDto): Promise<OrganisationPersonView> {
    const { login, kind } = normaliseLogin(dto.login);
    const passwordHash = await hashPassword(dto.password);
    return this.db.run(auth.scope, async (tx) => {
      const organisation = await this.require(tx, organisationId);
      if (roleOfKind(organisation.kind) !== dto.role) throw new DomainError('ORGANISATION_ROLE_MISMATCH', { role: dto.role, kind: organisation.kind }, 'invalid');
      if (await this.users.userByLogin(tx, login)) throw new DomainError('LOGIN_EXISTS', {}, 'conflict');
      const id = dto.id ?? randomUUID();
      if (await this.users.userById(tx, id)) throw new DomainError('ID_TAKEN', { id }, 'conflict');
      await this.users.insertUser(tx, { id, login, kind, name: dto.name, passwordHash });
      await this.repository.addPerson(tx, organisationId, id, dto.role);
      await this.audit.record(tx, auth, {
        cooperativeId: null, action: 'organisation.person.add', entity: 'user', entityId: id, after: { organisationId, role: dto.role, login, name: dto.name },
      });
      return { id, login, name: dto.name, organisationId, role: dto.role };
    }, { userId: auth.userId, requestId: auth.requestId });
  }

  async people(auth: AuthContext, organisationId: string): Promise<OrganisationPersonView[]> {
    return this.db.run(Scopes.readOnly(auth.scope), async (tx) => {
      await this.require(tx, organisationId);
      return (await this.repository.peopleOf(tx, organisationId)).map((row) => ({ id: row.user_id, login: row.login, name: row.name, organisationId: row.organisation_id, role: row.role }));
    });
  }

  private async require(tx: Tx, id: string): Promise<OrganisationRow> {
    const row = await this.repository.organisationById(tx, id);
    if (row === null) throw new DomainError('ORGANISATION_NOT_FOUND', { id }, 'not_found');
    return row;
  }
}
