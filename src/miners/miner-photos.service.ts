import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import { Scopes } from '../database/scopes.js';
import { MinerRecords } from './miner-records.js';
import { type MinerPhotoRow, MinersRepository } from './miners.repository.js';
import { photoContentType } from './rules/photo.js';

/** The identity photo of a miner: personal data, so reading it is audited. */
@Injectable()
export class MinerPhotosService {
  constructor(
    private readonly db: Db,
    private readonly repository: MinersRepository,
    private readonly records: MinerRecords,
    private readonly audit: AuditService,
  ) {}

  async upload(auth: TenantAuthContext, minerId: string, declaredType: string | undefined, body: unknown): Promise<void> {
    const contentType = photoContentType(declaredType, body);
    const content = body as Buffer;
    await this.db.tenant(auth, async (tx) => {
      await this.records.require(tx, minerId, true);
      await this.repository.upsertPhoto(tx, minerId, contentType, content, auth.userId);
      await this.audit.record(tx, auth, { action: 'miner.photo_uploaded', entity: 'miner', entityId: minerId, after: { contentType, bytes: content.length } });
    });
  }

  async photo(auth: TenantAuthContext, minerId: string): Promise<MinerPhotoRow> {
    return this.db.tenant(
      auth,
      async (tx) => {
        await this.records.require(tx, minerId);
        const photo = await this.repository.photo(tx, minerId);
        if (!photo) throw new DomainError('PHOTO_NOT_FOUND', { minerId }, 'not_found');
        await this.audit.record(tx, auth, { action: 'read_personal_data', entity: 'miner', entityId: minerId, after: { fields: ['photo'] } });
        return photo;
      },
      Scopes.auditedRead(auth.scope),
    );
  }
}
