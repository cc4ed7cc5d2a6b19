import { Injectable } from '@nestjs/common';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { Catalogue } from '../common/i18n/catalogue.js';
import type { Locale } from '../common/i18n/locale.js';
import { decodeCursor, type Page, pageOf, pageSizeOf } from '../common/pagination.js';
import { Db } from '../database/db.js';
import { GateMembersReader } from '../miners/gate-members.reader.js';
import type { GateEventView } from './dto/gate-event.view.js';
import type { ListGateEventsDto } from './dto/gate.dto.js';
import { gateEventViewOf } from './gate-answer.js';
import { GateRepository } from './gate.repository.js';
import { requireSite } from './site-lookups.js';
import { SitesRepository } from './sites.repository.js';

/** The record of a site's gate: every scan, allowed or denied, newest first. */
@Injectable()
export class GateEventsService {
  constructor(
    private readonly db: Db,
    private readonly sites: SitesRepository,
    private readonly gate: GateRepository,
    private readonly members: GateMembersReader,
    private readonly catalogue: Catalogue,
  ) {}

  async listEvents(auth: TenantAuthContext, siteId: string, query: ListGateEventsDto, locale: Locale): Promise<Page<GateEventView>> {
    const limit = pageSizeOf(query);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['number', 'uuid'] as const);
    const wording = { catalogue: this.catalogue, locale };
    return this.db.tenant(auth, async (tx) => {
      await requireSite(this.sites, tx, siteId);
      const rows = await this.gate.events(tx, siteId, {
        zoneId: query.zoneId,
        allowed: query.allowed === undefined ? undefined : query.allowed === 'true',
        after,
        limit: limit + 1,
      });
      const minerIds = [...new Set(rows.slice(0, limit).flatMap((row) => (row.miner_id === null ? [] : [row.miner_id])))];
      const numbers = new Map((await this.members.membersIn(tx, minerIds)).map((miner) => [miner.id, miner.member_number]));
      return pageOf(rows, limit, (row) => [row.captured_at.getTime(), row.id], (shown) =>
        shown.map((row) => gateEventViewOf(row, row.miner_id === null ? null : (numbers.get(row.miner_id) ?? null), false, wording)),
      );
    });
  }
}
