import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type AuthContext, isPlatformOperator, type TenantAuthContext } from '../auth/auth-context.js';
import { localDateIn } from '../common/time-zone.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { Db, scopeToCooperatives } from '../database/db.js';
import { Scopes } from '../database/scopes.js';
import { UsersRepository } from '../users/users.repository.js';
import type { Cooperative } from './cooperative.entity.js';
import { CooperativesRepository } from './cooperatives.repository.js';
import type { CreateCooperativeDto, UpdateCooperativeDto } from './dto/cooperative.dto.js';
import type { CooperativeView } from './dto/cooperative.view.js';
import { operatorOnlyFieldsChanged } from './rules/operator-only-fields.js';

function view(cooperative: Cooperative): Record<string, unknown> {
  return { ...cooperative };
}

export function cooperativeView(cooperative: Cooperative): CooperativeView {
  return { ...cooperative, createdAt: cooperative.createdAt.toISOString(), updatedAt: cooperative.updatedAt.toISOString() };
}

@Injectable()
export class CooperativesService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly cooperatives: CooperativesRepository,
    private readonly users: UsersRepository,
  ) {}

  async create(auth: AuthContext, dto: CreateCooperativeDto): Promise<CooperativeView> {
    const id = dto.id ?? randomUUID();
    const country = dto.country.toUpperCase();
    return this.db.run(auth.scope, async (tx) => {
      // The operator's scope reaches no cooperative: this transaction reaches the one it creates.
      await scopeToCooperatives(tx, [id]);
      const clash = await this.cooperatives.clashingCooperative(tx, { id, country, registrationNumber: dto.registrationNumber });
      if (clash) throw new DomainError('COOPERATIVE_EXISTS', { id: clash.id }, 'conflict');
      await this.cooperatives.insertCooperative(tx, {
        id,
        name: dto.name,
        legalForm: dto.legalForm,
        registrationNumber: dto.registrationNumber,
        approvalNumber: dto.approvalNumber ?? null,
        country,
        province: dto.province,
        territory: dto.territory ?? null,
        minerals: dto.minerals,
        defaultCurrency: dto.defaultCurrency,
        timezone: dto.timezone,
        language: dto.language,
      });
      const created = await this.cooperatives.cooperativeById(tx, id);
      if (!created) throw new Error(`The cooperative ${id} just created is not readable`);
      await this.audit.record(tx, auth, { cooperativeId: id, action: 'create', entity: 'cooperative', entityId: id, after: view(created) });
      return cooperativeView(created);
    });
  }

  /** Those the caller may see: row-level security alone decides. */
  async listVisible(auth: AuthContext): Promise<CooperativeView[]> {
    return this.db.run(Scopes.readOnly(auth.scope), async (tx) => {
      await scopeToCooperatives(tx, await this.users.cooperativeIdsOfUser(tx, auth.userId));
      return (await this.cooperatives.visibleCooperatives(tx)).map(cooperativeView);
    });
  }

  async get(auth: TenantAuthContext): Promise<CooperativeView> {
    return this.db.tenant(auth, async (tx) => {
      const found = await this.cooperatives.cooperativeById(tx, tx.cooperativeId);
      if (!found) throw new DomainError('NOT_FOUND', {}, 'not_found');
      return cooperativeView(found);
    });
  }

  async update(auth: TenantAuthContext, dto: UpdateCooperativeDto): Promise<CooperativeView> {
    if (dto.id !== undefined && dto.id !== auth.cooperativeId) throw new DomainError('ID_IMMUTABLE', {}, 'bad_request');
    return this.db.tenant(auth, async (tx) => {
      const before = await this.cooperatives.lockedCooperative(tx);
      if (!before) throw new DomainError('NOT_FOUND', {}, 'not_found');
      const { id: _ignored, legalFormEffectiveOn, ...changes } = dto;
      if (changes.country) changes.country = changes.country.toUpperCase();
      const reserved = operatorOnlyFieldsChanged(before, changes);
      if (reserved.length > 0 && !isPlatformOperator(auth)) {
        throw new DomainError('COOPERATIVE_FIELDS_OPERATOR_ONLY', { fields: reserved.join(', ') }, 'forbidden');
      }
      if (legalFormEffectiveOn !== undefined && !reserved.includes('legalForm')) throw new DomainError('LEGAL_FORM_EFFECTIVE_DATE_UNEXPECTED');
      if (reserved.includes('country') || reserved.includes('registrationNumber')) {
        const country = changes.country ?? before.country;
        const registrationNumber = changes.registrationNumber ?? before.registrationNumber;
        const clash = await this.cooperatives.clashingCooperative(tx, { country, registrationNumber });
        if (clash && clash.id !== tx.cooperativeId) throw new DomainError('COOPERATIVE_EXISTS', { id: clash.id }, 'conflict');
      }
      await this.cooperatives.updateCooperative(tx, changes);
      const after = await this.cooperatives.cooperativeById(tx, tx.cooperativeId);
      if (!after) throw new DomainError('NOT_FOUND', {}, 'not_found');
      const { updatedAt: _b, ...was } = before;
      const { updatedAt: _a, ...now } = after;
      await this.audit.record(tx, auth, { action: 'update', entity: 'cooperative', entityId: tx.cooperativeId, before: view(was as Cooperative), after: view(now as Cooperative) });
      if (after.legalForm !== before.legalForm) {
        const effectiveOn = legalFormEffectiveOn ?? localDateIn(after.timezone);
        const change = { id: randomUUID(), fromForm: before.legalForm, toForm: after.legalForm, effectiveOn, recordedBy: auth.userId };
        await this.cooperatives.insertLegalFormChange(tx, change);
        await this.audit.record(tx, auth, {
          action: 'cooperative.legal_form_changed',
          entity: 'cooperative',
          entityId: tx.cooperativeId,
          before: { legalForm: before.legalForm },
          after: { legalForm: after.legalForm, effectiveOn, changeId: change.id },
        });
      }
      return cooperativeView(after);
    });
  }
}
