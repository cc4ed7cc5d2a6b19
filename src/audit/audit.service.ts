import { Injectable } from '@nestjs/common';
import type { AuthContext, TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { decodeCursor, type Page, pageOf, pageSizeOf } from '../common/pagination.js';
import { Db } from '../database/db.js';
import type { TenantTx, Tx } from '../database/tx.js';
import type { AuditEntry } from './audit-entry.entity.js';
import { type AuditFilter, AuditRepository, type NewAuditEntry } from './audit.repository.js';
import { changedFields } from './changes.js';
import type { AuditQueryDto } from './dto/audit-query.dto.js';
import type { AuditEntryView } from './dto/audit-entry.view.js';

export interface AuditEvent {
  readonly action: string;
  readonly entity: string;
  readonly entityId: string;
  readonly before?: Readonly<Record<string, unknown>> | null;
  readonly after?: Readonly<Record<string, unknown>> | null;
  /** Defaults to the request's cooperative. */
  readonly cooperativeId?: string | null;
  /** An anonymous report: the record keeps no actor nor request id (which request logs would tie to the reporter). */
  readonly anonymous?: boolean;
}

export type AuditQuery = AuditFilter;

/** An audit page's sort key: the record's id (a bigint, kept as its decimal string). */
const CURSOR = ['string'] as const;
const BIGINT = /^\d{1,19}$/;

export function auditEntryView(entry: AuditEntry): AuditEntryView {
  return {
    id: entry.id,
    cooperativeId: entry.cooperativeId,
    actorUserId: entry.actorUserId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    before: entry.before,
    after: entry.after,
    requestId: entry.requestId,
    at: entry.at.toISOString(),
  };
}

/** Writes the audit record inside the caller's transaction, so a change and its trace commit together. */
@Injectable()
export class AuditService {
  constructor(
    private readonly db: Db,
    private readonly repository: AuditRepository,
  ) {}

  /** A page of the cooperative's trail, newest first. */
  async page(auth: TenantAuthContext, query: AuditQueryDto): Promise<Page<AuditEntryView>> {
    const limit = pageSizeOf(query);
    const beforeId = query.cursor === undefined ? undefined : decodeCursor(query.cursor, CURSOR)[0];
    if (beforeId !== undefined && !BIGINT.test(beforeId)) throw new DomainError('CURSOR_INVALID', {}, 'bad_request');
    const { cursor: _cursor, limit: _limit, ...filter } = query;
    const rows = await this.db.tenant(auth, (tx) => this.repository.entriesHere(tx, { ...filter, beforeId, limit: limit + 1 }));
    return pageOf(rows, limit, (row) => [row.id], (shown) => shown.map(auditEntryView));
  }

  async record(tx: Tx, auth: AuthContext, event: AuditEvent): Promise<void> {
    await this.repository.insertEntry(tx, this.entryOf(auth, event));
  }

  /** The row `record` would insert, for a writer that inserts it in its own statement (a registration). */
  entryOf(auth: AuthContext, event: AuditEvent): NewAuditEntry {
    const { before, after } = changedFields(event.before ?? null, event.after ?? null);
    return {
      cooperativeId: event.cooperativeId === undefined ? auth.cooperativeId : event.cooperativeId,
      actorUserId: event.anonymous === true ? null : auth.userId,
      action: event.action,
      entity: event.entity,
      entityId: event.entityId,
      before,
      after,
      requestId: event.anonymous === true ? null : auth.requestId,
    };
  }

  /** Everything recorded about one entity of the transaction's cooperative, newest first (a personal-data export). */
  async trailOf(tx: TenantTx, entity: string, entityId: string, limit = 10_000): Promise<AuditEntry[]> {
    return this.repository.entriesHere(tx, { entity, entityId, limit });
  }

  /** The audited reads of one field of the entity's records in the transaction's cooperative (e.g. each card print of a member). */
  async personalDataReadsOf(tx: TenantTx, entity: string, field: string): Promise<{ entityId: string; at: Date }[]> {
    return this.repository.personalDataReadsOf(tx, entity, field);
  }
}
