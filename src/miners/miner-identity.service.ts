import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import { Scopes } from '../database/scopes.js';
import type { MinerView } from './dto/miner.view.js';
import type { UpdateMinerDto } from './dto/register-miner.dto.js';
import { MinerRecords } from './miner-records.js';
import { MinersRepository } from './miners.repository.js';
import { changedFieldNames } from './personal-audit.js';
import { ADULT_AGE, ageOn } from './rules/age.js';
import { birthOf, birthOfColumns, touchesBirth } from './rules/birth.js';
import { assertIsoDate } from '../common/calendar-date.js';
import { assertRequiredFieldsKept, identityOf, patchedIdentity } from './rules/identity.js';
import { likelyDuplicateKey } from './rules/names.js';
import { searchTextOf } from './rules/search-text.js';

/** Reading and correcting a person's record. */
@Injectable()
export class MinerIdentityService {
  constructor(
    private readonly db: Db,
    private readonly repository: MinersRepository,
    private readonly records: MinerRecords,
    private readonly audit: AuditService,
  ) {}

  /**
   * The full record holds the ID document number, personal data whose every read is kept in
   * the audit trail: a read-only caller's transaction writes that audit row and nothing else.
   */
  async get(auth: TenantAuthContext, minerId: string, on: string | undefined): Promise<MinerView> {
    return this.db.tenant(
      auth,
      async (tx) => {
        const date = on === undefined ? (await this.records.cooperativeDay(tx)).today : assertIsoDate(on);
        const detail = await this.records.detail(tx, minerId, date);
        await this.audit.record(tx, auth, { action: 'read_personal_data', entity: 'miner', entityId: minerId, after: { fields: ['idDocumentNumber'] } });
        return detail;
      },
      Scopes.auditedRead(auth.scope),
    );
  }

  /** Corrects the identity; the audit names the fields changed, never their values. */
  async update(auth: TenantAuthContext, minerId: string, dto: UpdateMinerDto): Promise<MinerView> {
    assertRequiredFieldsKept(dto);
    return this.db.tenant(auth, async (tx) => {
      const { today } = await this.records.cooperativeDay(tx);
      const row = await this.records.require(tx, minerId, true);
      await this.records.assertHomeSite(tx, dto.homeSiteId);
      const birth = touchesBirth(dto) ? birthOf(dto) : birthOfColumns(row);
      const ageYears = touchesBirth(dto) ? ageOn(birth, row.registeredOn).years : ADULT_AGE;
      if (ageYears < ADULT_AGE) throw new DomainError('MINER_UNDER_18', { ageYears, minimumAge: ADULT_AGE, riskFlagId: null });
      const identity = patchedIdentity(row, dto, birth);
      if (identity.idDocumentNumber !== row.idDocumentNumber) await this.records.assertIdDocumentFree(tx, identity.idDocumentNumber, minerId);
      const cardNumbers = (await this.repository.cards(tx, [minerId])).map((card) => card.cardNumber);
      await this.repository.updateIdentity(tx, minerId, {
        ...identity,
        searchText: searchTextOf([identity.firstName, identity.middleName, identity.lastName, row.memberNumber, identity.idDocumentNumber, ...cardNumbers]),
        duplicateKey: likelyDuplicateKey(identity.firstName, identity.middleName, identity.lastName, birth),
      });
      await this.audit.record(tx, auth, { action: 'miner.updated', entity: 'miner', entityId: minerId, after: { changed: changedFieldNames(identityOf(row), identity) } });
      return this.records.detail(tx, minerId, today);
    });
  }
}
