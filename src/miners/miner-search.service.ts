import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { decodeCursor, type Page, pageOf, pageSizeOf } from '../common/pagination.js';
import { Db } from '../database/db.js';
import { Scopes } from '../database/scopes.js';
import type { ListMinersDto, MinerFiltersDto } from './dto/list-miners.dto.js';
import type { MinerSummaryView } from './dto/miner.view.js';
import { MinerRecords } from './miner-records.js';
import { MinersRepository } from './miners.repository.js';
import { DEFAULT_EXPIRING_WITHIN_DAYS } from './rules/card-status.js';
import { foundByIdNumber, idNumberWords } from './rules/search-text.js';

/** Finding miners: the registry list, page by page, and its CSV export. */
@Injectable()
export class MinerSearchService {
  constructor(
    private readonly db: Db,
    private readonly repository: MinersRepository,
    private readonly records: MinerRecords,
    private readonly audit: AuditService,
  ) {}

  /** Miners by last name, first name; a search by ID number is a read of it, so it is audited. */
  async list(auth: TenantAuthContext, query: ListMinersDto): Promise<Page<MinerSummaryView>> {
    const limit = pageSizeOf(query);
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor, ['string', 'string', 'uuid']);
    const byIdNumber = idNumberWords(query.q);
    const scope = byIdNumber.length > 0 ? Scopes.auditedRead(auth.scope) : auth.scope;
    return this.db.tenant(
      auth,
      async (tx) => {
        // Today where the cooperative works, as the search itself reads it (no query of its own).
        const rows = await this.repository.search(tx, query, null, DEFAULT_EXPIRING_WITHIN_DAYS, after, limit + 1);
        const shown = rows.slice(0, limit);
        // Audited without the number searched.
        for (const row of shown.filter((candidate) => foundByIdNumber(candidate.idDocumentNumber, byIdNumber))) {
          await this.audit.record(tx, auth, { action: 'read_personal_data', entity: 'miner', entityId: row.id, after: { fields: ['idDocumentNumber'], via: 'search' } });
        }
        const items = this.records.summariesOf(shown);
        return pageOf(rows, limit, (row) => [row.lastName, row.firstName, row.id], () => items);
      },
      scope,
    );
  }

  /** Every miner matching the filters, for the CSV export: on the read replica when one serves the caller. */
  async exportRows(auth: TenantAuthContext, filters: MinerFiltersDto): Promise<MinerSummaryView[]> {
    return this.db.tenantRead(auth, async (tx) => {
      const rows = await this.repository.search(tx, filters, null, DEFAULT_EXPIRING_WITHIN_DAYS, null, null);
      return this.records.summariesOf(rows);
    });
  }
}
