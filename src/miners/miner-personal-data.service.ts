import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import { CardCredentialsRepository } from './card-credentials.repository.js';
import type { MinerPersonalDataView } from './dto/miner-personal-data.view.js';
import { MinerRecords } from './miner-records.js';
import { MinersRepository } from './miners.repository.js';
import { wasEverMember } from './rules/erasure.js';

/** A person's rights over their data: a full export, and erasure of someone who never became a member. */
@Injectable()
export class MinerPersonalDataService {
  constructor(
    private readonly db: Db,
    private readonly repository: MinersRepository,
    private readonly records: MinerRecords,
    private readonly credentials: CardCredentialsRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * Everything held about one person, for an admin answering that person's request: the
   * record, cards, status history, photo metadata and the audit trail about them. The export
   * itself is audited.
   */
  async export(auth: TenantAuthContext, minerId: string): Promise<MinerPersonalDataView> {
    return this.db.tenant(auth, async (tx) => {
      const cooperative = await this.records.cooperativeDay(tx);
      const person = await this.records.detail(tx, minerId, cooperative.today);
      const photo = await this.repository.photo(tx, minerId);
      const trail = await this.audit.trailOf(tx, 'miner', minerId);
      await this.audit.record(tx, auth, { action: 'export_personal_data', entity: 'miner', entityId: minerId, after: { format: 'json' } });
      return {
        exportedAt: new Date().toISOString(),
        cooperative: { id: auth.cooperativeId, name: cooperative.name },
        person,
        photo: photo ? { contentType: photo.contentType, bytes: photo.content.length } : null,
        auditTrail: trail.map(({ id, action, actorUserId, at, before, after }) => ({ id, action, actorUserId, at, before, after })),
      };
    });
  }

  /**
   * Erases a person who never became a member, at their request: the record, photo, cards
   * and status history go, and the audit trail about them keeps only that they were erased.
   * Anyone a purchase, gate event, savings group, assembly or risk flag still points at is
   * kept. The rules are checked here for clear errors and again by the database function.
   */
  async erase(auth: TenantAuthContext, minerId: string): Promise<void> {
    await this.db.tenant(auth, async (tx) => {
      const row = await this.records.require(tx, minerId, true);
      if (wasEverMember(row.status, await this.repository.statusHistory(tx, minerId))) throw new DomainError('MINER_WAS_A_MEMBER', { minerId }, 'conflict');
      const kinds = await this.repository.recordKindsReferencing(tx, minerId);
      if (kinds.length > 0) throw new DomainError('MINER_HAS_RECORDS', { kinds: kinds.join(',') }, 'conflict');
      await this.credentials.erase(tx, minerId);
      await this.repository.eraseNeverMember(tx, minerId);
      await this.repository.eraseCopies(tx, minerId);
      await this.audit.record(tx, auth, { action: 'erase_personal_data', entity: 'miner', entityId: minerId, after: { erased: true } });
    });
  }
}
