import { Injectable } from '@nestjs/common';
import type { TenantTx, Tx } from '../database/tx.js';
import { AuditEntry } from './audit-entry.entity.js';

export interface NewAuditEntry {
  readonly cooperativeId: string | null;
  readonly actorUserId: string | null;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string;
  readonly before: Readonly<Record<string, unknown>> | null;
  readonly after: Readonly<Record<string, unknown>> | null;
  readonly requestId: string | null;
}

export interface AuditFilter {
  readonly entity?: string;
  readonly entityId?: string;
  readonly actorUserId?: string;
  readonly action?: string;
  readonly from?: Date;
  readonly to?: Date;
  /** Only entries older than this id (the keyset of a page). */
  readonly beforeId?: string;
  readonly limit: number;
}

/**
 * The SQL of the append-only audit logs: a cooperative's entries in `audit_log` (keyed by the
 * cooperative, so that they shard with its other rows), the platform's own (accounts,
 * operators) in `platform_audit_log`.
 */
@Injectable()
export class AuditRepository {
  async insertEntry(tx: Tx, entry: NewAuditEntry): Promise<void> {
    const values = [
      entry.actorUserId,
      entry.action,
      entry.entity,
      entry.entityId,
      entry.before === null ? null : JSON.stringify(entry.before),
      entry.after === null ? null : JSON.stringify(entry.after),
      entry.requestId,
    ];
    if (entry.cooperativeId === null) {
      await tx.query(
        `INSERT INTO platform_audit_log (actor_user_id, action, entity, entity_id, before, after, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        values,
      );
    } else {
      await tx.query(
        `INSERT INTO audit_log (actor_user_id, action, entity, entity_id, before, after, request_id, cooperative_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [...values, entry.cooperativeId],
      );
    }
  }

  /** The entries of the transaction's cooperative matching the filter, newest first. */
  async entriesHere(tx: TenantTx, filter: AuditFilter): Promise<AuditEntry[]> {
    const builder = tx.manager
      .createQueryBuilder(AuditEntry, 'a')
      .where('a.cooperative_id = :cooperativeId', { cooperativeId: tx.cooperativeId })
      .orderBy('a.id', 'DESC')
      .limit(filter.limit);
    if (filter.entity) builder.andWhere('a.entity = :entity', { entity: filter.entity });
    if (filter.entityId) builder.andWhere('a.entity_id = :entityId', { entityId: filter.entityId });
    if (filter.actorUserId) builder.andWhere('a.actor_user_id = :actor', { actor: filter.actorUserId });
    if (filter.action) builder.andWhere('a.action = :action', { action: filter.action });
    if (filter.from) builder.andWhere('a.at >= :from', { from: filter.from });
    if (filter.to) builder.andWhere('a.at < :to', { to: filter.to });
    if (filter.beforeId) builder.andWhere('a.id < :beforeId', { beforeId: filter.beforeId });
    return builder.getMany();
  }

  /** The record id and time of each audited read of the given field of the entity's records, in the transaction's cooperative. */
  async personalDataReadsOf(tx: TenantTx, entity: string, field: string): Promise<{ entityId: string; at: Date }[]> {
    return tx.query<{ entityId: string; at: Date }[]>(
      `SELECT entity_id AS "entityId", at FROM audit_log
        WHERE cooperative_id = $1 AND entity = $2 AND action = 'read_personal_data' AND after -> 'fields' @> $3::jsonb`,
      [tx.cooperativeId, entity, JSON.stringify([field])],
    );
  }
}
