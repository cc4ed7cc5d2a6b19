import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthContext } from '../auth/auth-context.js';
import type { Tx } from '../database/tx.js';
import { changedFields } from './changes.js';
import { AuditEntry } from './audit-entry.entity.js';

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

export interface AuditQuery {
  readonly entity?: string;
  readonly entityId?: string;
  readonly actorUserId?: string;
  readonly action?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly limit: number;
  readonly beforeId?: string;
}

/** Writes the audit record inside the caller's transaction, so a change and its trace commit together. */
@Injectable()
export class AuditService {
  async record(tx: Tx | EntityManager, auth: AuthContext, event: AuditEvent): Promise<void> {
    const { before, after } = changedFields(event.before ?? null, event.after ?? null);
    await tx.query(
      `INSERT INTO audit_log (cooperative_id, actor_user_id, action, entity, entity_id, before, after, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        event.cooperativeId === undefined ? auth.cooperativeId : event.cooperativeId,
        event.anonymous === true ? null : auth.userId,
        event.action,
        event.entity,
        event.entityId,
        before === null ? null : JSON.stringify(before),
        after === null ? null : JSON.stringify(after),
        event.anonymous === true ? null : auth.requestId,
      ],
    );
  }

  async list(tx: EntityManager, cooperativeId: string, query: AuditQuery): Promise<AuditEntry[]> {
    const builder = tx
      .createQueryBuilder(AuditEntry, 'a')
      .where('a.cooperative_id = :cooperativeId', { cooperativeId })
      .orderBy('a.id', 'DESC')
      .limit(query.limit);
    if (query.entity) builder.andWhere('a.entity = :entity', { entity: query.entity });
    if (query.entityId) builder.andWhere('a.entity_id = :entityId', { entityId: query.entityId });
    if (query.actorUserId) builder.andWhere('a.actor_user_id = :actor', { actor: query.actorUserId });
    if (query.action) builder.andWhere('a.action = :action', { action: query.action });
    if (query.from) builder.andWhere('a.at >= :from', { from: query.from });
    if (query.to) builder.andWhere('a.at < :to', { to: query.to });
    if (query.beforeId) builder.andWhere('a.id < :beforeId', { beforeId: query.beforeId });
    return builder.getMany();
  }
}
