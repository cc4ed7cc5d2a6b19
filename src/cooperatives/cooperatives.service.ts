import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type AuthContext, hasRole } from '../auth/auth-context.js';
import { localDateIn } from '../common/time-zone.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { Db, scopeToCooperatives } from '../database/db.service.js';
import { Cooperative, CooperativeLegalFormChange } from './cooperative.entity.js';
import type { CreateCooperativeDto, UpdateCooperativeDto } from './dto/cooperative.dto.js';

/** What places a cooperative under the law and under its supervisor: the operator's to change. */
const OPERATOR_ONLY_FIELDS = ['legalForm', 'registrationNumber', 'country', 'province'] as const;

function view(cooperative: Cooperative): Record<string, unknown> {
  return { ...cooperative };
}

@Injectable()
export class CooperativesService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async create(auth: AuthContext, dto: CreateCooperativeDto): Promise<Cooperative> {
    const id = dto.id ?? randomUUID();
    return this.db.inScope({ ...auth.scope, cooperativeIds: [id] }, async (tx) => {
      const clash = await tx.query<{ id: string }[]>('SELECT id FROM cooperatives WHERE id = $1 OR (country = $2 AND registration_number = $3)', [
        id,
        dto.country.toUpperCase(),
        dto.registrationNumber,
      ]);
      if (clash.length > 0) throw new DomainError('COOPERATIVE_EXISTS', { id: clash[0].id }, 'conflict');
      await tx.insert(Cooperative, {
        id,
        name: dto.name,
        legalForm: dto.legalForm,
        registrationNumber: dto.registrationNumber,
        approvalNumber: dto.approvalNumber ?? null,
        country: dto.country.toUpperCase(),
        province: dto.province,
        territory: dto.territory ?? null,
        minerals: dto.minerals,
        defaultCurrency: dto.defaultCurrency,
        timezone: dto.timezone,
        language: dto.language,
      });
      const created = await tx.findOneByOrFail(Cooperative, { id });
      await this.audit.record(tx, auth, { cooperativeId: id, action: 'create', entity: 'cooperative', entityId: id, after: view(created) });
      return created;
    });
  }

  /** Those the caller may see: row-level security alone decides. */
  async listVisible(auth: AuthContext): Promise<Cooperative[]> {
    return this.db.inScope({ ...auth.scope, readOnly: true }, async (tx) => {
      const memberOf = await tx.query<{ cooperative_id: string }[]>('SELECT DISTINCT cooperative_id FROM user_roles WHERE user_id = $1', [auth.userId]);
      await scopeToCooperatives(tx, memberOf.map((row) => row.cooperative_id));
      return tx.find(Cooperative, { order: { name: 'ASC', id: 'ASC' } });
    });
  }

  async get(auth: AuthContext, cooperativeId: string): Promise<Cooperative> {
    return this.db.inScope(auth.scope, async (tx) => {
      const found = await tx.findOneBy(Cooperative, { id: cooperativeId });
      if (!found) throw new DomainError('NOT_FOUND', {}, 'not_found');
      return found;
    });
  }

  async update(auth: AuthContext, cooperativeId: string, dto: UpdateCooperativeDto): Promise<Cooperative> {
    if (dto.id !== undefined && dto.id !== cooperativeId) throw new DomainError('ID_IMMUTABLE', {}, 'bad_request');
    return this.db.inScope(auth.scope, async (tx) => {
      const before = await tx.findOne(Cooperative, { where: { id: cooperativeId }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw new DomainError('NOT_FOUND', {}, 'not_found');
      const { id: _ignored, legalFormEffectiveOn, ...changes } = dto;
      if (changes.country) changes.country = changes.country.toUpperCase();
      const reserved = OPERATOR_ONLY_FIELDS.filter((field) => changes[field] !== undefined && changes[field] !== before[field]);
      if (reserved.length > 0 && !hasRole(auth, 'operator')) {
        throw new DomainError('COOPERATIVE_FIELDS_OPERATOR_ONLY', { fields: reserved.join(', ') }, 'forbidden');
      }
      if (legalFormEffectiveOn !== undefined && !reserved.includes('legalForm')) throw new DomainError('LEGAL_FORM_EFFECTIVE_DATE_UNEXPECTED');
      if (reserved.includes('country') || reserved.includes('registrationNumber')) {
        const country = changes.country ?? before.country;
        const registrationNumber = changes.registrationNumber ?? before.registrationNumber;
        const clash = await tx.findOneBy(Cooperative, { country, registrationNumber });
        if (clash && clash.id !== cooperativeId) throw new DomainError('COOPERATIVE_EXISTS', { id: clash.id }, 'conflict');
      }
      await tx.update(Cooperative, { id: cooperativeId }, { ...changes, updatedAt: new Date() });
      const after = await tx.findOneByOrFail(Cooperative, { id: cooperativeId });
      const { updatedAt: _b, ...was } = before;
      const { updatedAt: _a, ...now } = after;
      await this.audit.record(tx, auth, { action: 'update', entity: 'cooperative', entityId: cooperativeId, before: view(was as Cooperative), after: view(now as Cooperative) });
      if (after.legalForm !== before.legalForm) {
        const effectiveOn = legalFormEffectiveOn ?? localDateIn(after.timezone);
        const change = { cooperativeId, id: randomUUID(), fromForm: before.legalForm, toForm: after.legalForm, effectiveOn, recordedBy: auth.userId };
        await tx.insert(CooperativeLegalFormChange, change);
        await this.audit.record(tx, auth, {
          action: 'cooperative.legal_form_changed',
          entity: 'cooperative',
          entityId: cooperativeId,
          before: { legalForm: before.legalForm },
          after: { legalForm: after.legalForm, effectiveOn, changeId: change.id },
        });
      }
      return after;
    });
  }
}
