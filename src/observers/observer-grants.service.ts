import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { AuthContext, TenantAuthContext } from '../auth/auth-context.js';
import { assertIsoDate } from '../common/calendar-date.js';
import { DomainError } from '../common/domain-error.js';
import { Db, scopeToCooperatives } from '../database/db.js';
import type { Tx } from '../database/tx.js';
import { roleOfKind } from '../organisations/organisation-kinds.js';
import { OrganisationsRepository } from '../organisations/organisations.repository.js';
import type { GrantObservationDto, GrantProvinceObservationDto, RevokeObservationDto } from './dto/observer-grant.dto.js';
import type { ObserverGrantView } from './dto/observer-grant.view.js';
import { type GrantRow, ObserverGrantsRepository } from './observer-grants.repository.js';
import { assertGrantDates, assertRevocable, grantStatus, type ObserverView } from './rules/observer-grants.js';

function grantView(row: GrantRow): ObserverGrantView {
  return {
    id: row.id,
    organisation: { id: row.organisation_id, name: row.organisation_name, kind: row.organisation_kind },
    views: row.views as ObserverView[],
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    status: grantStatus({ validFrom: row.valid_from, validUntil: row.valid_until, revoked: row.revoked_at !== null }, row.today),
    grantedBy: row.granted_by,
    grantedAt: row.granted_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    revokeReason: row.revoke_reason,
  };
}

/**
 * A cooperative's admin (or the platform operator) grants an organisation read access to
 * chosen aggregate views, dated and revocable; every member of the cooperative lists them.
 */
@Injectable()
export class ObserverGrantsService {
  constructor(
    private readonly db: Db,
    private readonly repository: ObserverGrantsRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly audit: AuditService,
  ) {}

  async grant(auth: TenantAuthContext, dto: GrantObservationDto): Promise<ObserverGrantView> {
    assertIsoDate(dto.validFrom);
    if (dto.validUntil !== undefined) assertIsoDate(dto.validUntil);
    return this.db.tenant(auth, async (tx) => {
      await this.requireObserverOrganisation(tx, dto.organisationId);
      const id = dto.id ?? randomUUID();
      if ((await this.repository.grantById(tx, id)) !== null) throw new DomainError('OBSERVER_GRANT_ID_TAKEN', { id }, 'conflict');
      return this.grantIn(tx, auth, tx.cooperativeId, id, dto);
    });
  }

  /**
   * The platform operator grants an organisation the same views in every cooperative of a
   * province, one grant each (each cooperative's admin sees and may revoke its own), in one
   * transaction: all of them or none.
   */
  async grantProvince(auth: AuthContext, dto: GrantProvinceObservationDto): Promise<ObserverGrantView[]> {
    assertIsoDate(dto.validFrom);
    if (dto.validUntil !== undefined) assertIsoDate(dto.validUntil);
    return this.db.run(auth.scope, async (tx) => {
      await this.requireObserverOrganisation(tx, dto.organisationId);
      const cooperativeIds = await this.repository.cooperativesOfProvince(tx, dto.country.toUpperCase(), dto.province);
      if (cooperativeIds.length === 0) throw new DomainError('PROVINCE_HAS_NO_COOPERATIVE', { country: dto.country.toUpperCase(), province: dto.province }, 'invalid');
      await scopeToCooperatives(tx, cooperativeIds);
      const granted: ObserverGrantView[] = [];
      for (const cooperativeId of cooperativeIds) granted.push(await this.grantIn(tx, auth, cooperativeId, randomUUID(), dto));
      return granted;
    }, { userId: auth.userId, requestId: auth.requestId });
  }

  async list(auth: TenantAuthContext): Promise<ObserverGrantView[]> {
    return this.db.tenant(auth, async (tx) => (await this.repository.grants(tx)).map(grantView));
  }

  async revoke(auth: TenantAuthContext, grantId: string, dto: RevokeObservationDto): Promise<ObserverGrantView> {
    const reason = dto.reason.trim();
    if (reason === '') throw new DomainError('OBSERVER_GRANT_REASON_REQUIRED', {}, 'invalid');
    return this.db.tenant(auth, async (tx) => {
      const row = await this.repository.grantById(tx, grantId, true);
      if (row === null) throw new DomainError('OBSERVER_GRANT_NOT_FOUND', { id: grantId }, 'not_found');
      const before = grantView(row);
      assertRevocable(before.status);
      await this.repository.revoke(tx, grantId, auth.userId, reason);
      const revoked = await this.require(tx, tx.cooperativeId, grantId);
      await this.audit.record(tx, auth, {
        action: 'observer_grant.revoke', entity: 'observer_grant', entityId: grantId, before: { status: before.status }, after: { status: revoked.status, reason },
      });
      return revoked;
    });
  }

  private async requireObserverOrganisation(tx: Tx, organisationId: string): Promise<void> {
    const organisation = await this.organisations.organisationById(tx, organisationId);
    if (organisation === null) throw new DomainError('ORGANISATION_NOT_FOUND', { id: organisationId }, 'invalid');
    if (roleOfKind(organisation.kind) !== 'observer') throw new DomainError('ORGANISATION_NOT_OBSERVER', { kind: organisation.kind }, 'invalid');
  }

  /** One grant in one cooperative, its dates checked on that cooperative's local date, audited there. */
  private async grantIn(tx: Tx, auth: AuthContext, cooperativeId: string, id: string, dto: { organisationId: string; views: readonly string[]; validFrom: string; validUntil?: string }): Promise<ObserverGrantView> {
    assertGrantDates(dto.validFrom, dto.validUntil ?? null, await this.repository.localTodayIn(tx, cooperativeId));
    await this.repository.insertGrantIn(tx, cooperativeId, {
      id, organisationId: dto.organisationId, views: dto.views, validFrom: dto.validFrom, validUntil: dto.validUntil ?? null, grantedBy: auth.userId,
    });
    const granted = await this.require(tx, cooperativeId, id);
    await this.audit.record(tx, auth, {
      cooperativeId, action: 'observer_grant.grant', entity: 'observer_grant', entityId: id,
      after: { organisationId: dto.organisationId, views: granted.views, validFrom: granted.validFrom, validUntil: granted.validUntil },
    });
    return granted;
  }

  private async require(tx: Tx, cooperativeId: string, id: string): Promise<ObserverGrantView> {
    const row = await this.repository.grantIn(tx, cooperativeId, id);
    if (row === null) throw new Error('The grant just written is missing');
    return grantView(row);
  }
}
