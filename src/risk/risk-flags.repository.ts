import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../database/tx.js';
import { CorrectiveAction } from './corrective-action.entity.js';
import { type PersonInvolved, RiskFlag, RiskFlagTransition } from './risk-flag.entity.js';
import type { ProposedFlag } from './rules/auto-rules.js';
import type { FlagCategory, FlagSeverity } from './rules/categories.js';
import { ACTIVE_FLAG_STATES, type FlagState } from './rules/lifecycle.js';

export interface NewManualFlag {
  readonly id: string | null;
  readonly category: FlagCategory;
  readonly severity: FlagSeverity;
  readonly siteId: string | null;
  readonly people: readonly PersonInvolved[];
  readonly description: string;
  readonly anonymous: boolean;
  readonly reporterUserId: string | null;
  readonly occurredAt: Date;
}

/** The flag a community incident report raises: the report's words, its reporter kept only when a monitor. */
export interface NewCommunityFlag {
  readonly reportId: string;
  readonly category: FlagCategory;
  readonly severity: FlagSeverity;
  readonly siteId: string | null;
  readonly description: string;
  readonly anonymous: boolean;
  readonly reporterUserId: string | null;
  readonly occurredAt: Date;
}

export interface FlagFilter {
  readonly status?: FlagState;
  readonly category?: FlagCategory;
  readonly severity?: FlagSeverity;
  readonly siteId?: string;
  readonly activeOnly?: boolean;
}

export type FlagStateChange = Pick<RiskFlag, 'state' | 'stateChangedAt' | 'acknowledgedAt' | 'dismissalReason'>;

export interface NewCorrectiveAction {
  readonly id: string | null;
  readonly flagId: string;
  readonly description: string;
  readonly ownerUserId: string;
  readonly dueOn: string;
  readonly createdByUserId: string;
}

export interface CriterionActionInput {
  readonly criterionId: string;
  readonly description: string;
  readonly ownerUserId: string;
  readonly dueOn: string;
}

/** No flag has this id: stands in for an empty `IN` list. */
const NO_FLAG = '00000000-0000-0000-0000-000000000000';

/** Risk flags, their transitions and their corrective actions, in the transaction's cooperative. */
@Injectable()
export class RiskFlagsRepository {
  /** The id of the new flag, or null when the dedupe key had already raised one. */
  async insertAutomaticFlag(tx: TenantTx, flag: ProposedFlag): Promise<string | null> {
    const inserted = await tx.query<{ id: string }[]>(
      `INSERT INTO risk_flags (cooperative_id, category, severity, site_id, description_key, description_params,
                               source, source_type, source_id, dedupe_key, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (cooperative_id, dedupe_key) DO NOTHING
       RETURNING id`,
      [
        tx.cooperativeId,
        flag.category,
        flag.severity,
        flag.siteId,
        flag.descriptionKey,
        JSON.stringify(flag.descriptionParams),
        flag.sourceRule,
        flag.sourceRef.type,
        flag.sourceRef.id,
        flag.dedupeKey,
        flag.occurredAt,
      ],
    );
    return inserted[0]?.id ?? null;
  }

  async flagIdByDedupeKey(tx: TenantTx, dedupeKey: string): Promise<string | null> {
    const rows = await tx.query<{ id: string }[]>('SELECT id FROM risk_flags WHERE cooperative_id = $1 AND dedupe_key = $2', [tx.cooperativeId, dedupeKey]);
    return rows[0]?.id ?? null;
  }

  /** The id of the new flag, or null when the client's id is already taken. */
  async insertManualFlag(tx: TenantTx, flag: NewManualFlag): Promise<string | null> {
    const inserted = await tx.query<{ id: string }[]>(
      `INSERT INTO risk_flags (cooperative_id, id, category, severity, site_id, people, description, source, anonymous,
                               reporter_user_id, occurred_at)
       VALUES ($1, COALESCE($2::uuid, gen_random_uuid()), $3, $4, $5, $6, $7, 'manual', $8, $9, $10)
       ON CONFLICT (cooperative_id, id) DO NOTHING
       RETURNING id`,
      [tx.cooperativeId, flag.id, flag.category, flag.severity, flag.siteId, JSON.stringify(flag.people), flag.description, flag.anonymous, flag.reporterUserId, flag.occurredAt],
    );
    return inserted[0]?.id ?? null;
  }

  /** The id of the new flag, or null when the report had already raised one. */
  async insertCommunityFlag(tx: TenantTx, flag: NewCommunityFlag): Promise<string | null> {
    const inserted = await tx.query<{ id: string }[]>(
      `INSERT INTO risk_flags (cooperative_id, category, severity, site_id, description, source, source_type, source_id, dedupe_key,
                               anonymous, reporter_user_id, occurred_at)
       VALUES ($1, $2, $3, $4, $5, 'community_report', 'incident_report', $6, 'community_report:' || $6, $7, $8, $9)
       ON CONFLICT (cooperative_id, dedupe_key) DO NOTHING
       RETURNING id`,
      [tx.cooperativeId, flag.category, flag.severity, flag.siteId, flag.description, flag.reportId, flag.anonymous, flag.reporterUserId, flag.occurredAt],
    );
    return inserted[0]?.id ?? null;
  }

  async flagById(tx: TenantTx, flagId: string): Promise<RiskFlag | null> {
    return tx.manager.findOneBy(RiskFlag, { cooperativeId: tx.cooperativeId, id: flagId });
  }

  async lockFlag(tx: TenantTx, flagId: string): Promise<RiskFlag | null> {
    return tx.manager
      .createQueryBuilder(RiskFlag, 'f')
      .setLock('pessimistic_write')
      .where('f.cooperative_id = :cooperativeId AND f.id = :flagId', { cooperativeId: tx.cooperativeId, flagId })
      .getOne();
  }

  /** Whether a flag was filed anonymously; false for a flag that does not exist. */
  async isAnonymousFlag(tx: TenantTx, flagId: string): Promise<boolean> {
    const rows = await tx.query<{ anonymous: boolean }[]>('SELECT anonymous FROM risk_flags WHERE cooperative_id = $1 AND id = $2', [tx.cooperativeId, flagId]);
    return rows[0]?.anonymous === true;
  }

  /**
   * Flags matching the filter, newest raised first, after the flag `afterId` in that order
   * (the page cursor); `limit` null for all of them.
   */
  async flagsMatching(tx: TenantTx, filter: FlagFilter, afterId: string | null, limit: number | null): Promise<RiskFlag[]> {
    const builder = tx.manager
      .createQueryBuilder(RiskFlag, 'f')
      .where('f.cooperative_id = :cooperativeId', { cooperativeId: tx.cooperativeId })
      .orderBy('f.raised_at', 'DESC')
      .addOrderBy('f.id', 'DESC');
    if (filter.status) builder.andWhere('f.state = :status', { status: filter.status });
    if (filter.category) builder.andWhere('f.category = :category', { category: filter.category });
    if (filter.severity) builder.andWhere('f.severity = :severity', { severity: filter.severity });
    if (filter.siteId) builder.andWhere('f.site_id = :siteId', { siteId: filter.siteId });
    if (filter.activeOnly) builder.andWhere('f.state IN (:...active)', { active: ACTIVE_FLAG_STATES });
    if (afterId !== null) {
      builder.andWhere('(f.raised_at, f.id) < (SELECT c.raised_at, c.id FROM risk_flags c WHERE c.cooperative_id = :cooperativeId AND c.id = :afterId)', { afterId });
    }
    if (limit !== null) builder.take(limit);
    return builder.getMany();
  }

  async updateFlagState(tx: TenantTx, flagId: string, change: FlagStateChange): Promise<void> {
    await tx.manager.update(RiskFlag, { cooperativeId: tx.cooperativeId, id: flagId }, change);
  }

  async insertTransition(tx: TenantTx, transition: Omit<RiskFlagTransition, 'cooperativeId' | 'id'>): Promise<void> {
    await tx.manager.insert(RiskFlagTransition, { ...transition, cooperativeId: tx.cooperativeId });
  }

  async transitionsOfFlag(tx: TenantTx, flagId: string): Promise<RiskFlagTransition[]> {
    return tx.manager.find(RiskFlagTransition, { where: { cooperativeId: tx.cooperativeId, flagId }, order: { at: 'ASC', id: 'ASC' } });
  }

  /** The id of the new action, or null when the client's id is already taken. */
  async insertCorrectiveAction(tx: TenantTx, action: NewCorrectiveAction): Promise<string | null> {
    const inserted = await tx.query<{ id: string }[]>(
      `INSERT INTO corrective_actions (cooperative_id, id, flag_id, description, owner_user_id, due_on, created_by_user_id)
       VALUES ($1, COALESCE($2::uuid, gen_random_uuid()), $3, $4, $5, $6, $7)
       ON CONFLICT (cooperative_id, id) DO NOTHING RETURNING id`,
      [tx.cooperativeId, action.id, action.flagId, action.description, action.ownerUserId, action.dueOn, action.createdByUserId],
    );
    return inserted[0]?.id ?? null;
  }

  async lockCorrectiveAction(tx: TenantTx, flagId: string, actionId: string): Promise<CorrectiveAction | null> {
    return tx.manager
      .createQueryBuilder(CorrectiveAction, 'a')
      .setLock('pessimistic_write')
      .where('a.cooperative_id = :cooperativeId AND a.flag_id = :flagId AND a.id = :actionId', { cooperativeId: tx.cooperativeId, flagId, actionId })
      .getOne();
  }

  async correctiveActionById(tx: TenantTx, flagId: string, actionId: string): Promise<CorrectiveAction> {
    return tx.manager.findOneByOrFail(CorrectiveAction, { cooperativeId: tx.cooperativeId, flagId, id: actionId });
  }

  async updateCorrectiveAction(tx: TenantTx, actionId: string, change: Pick<CorrectiveAction, 'status' | 'note' | 'completedByUserId' | 'completedAt'>): Promise<void> {
    await tx.manager.update(CorrectiveAction, { cooperativeId: tx.cooperativeId, id: actionId }, change);
  }

  /** One flag's actions, soonest due first. */
  async correctiveActionsOfFlag(tx: TenantTx, flagId: string): Promise<CorrectiveAction[]> {
    return tx.manager.find(CorrectiveAction, { where: { cooperativeId: tx.cooperativeId, flagId }, order: { dueOn: 'ASC', id: 'ASC' } });
  }

  /** The actions of these flags, open ones only when asked, soonest due first. */
  async correctiveActionsOfFlags(tx: TenantTx, flagIds: readonly string[], openOnly = false): Promise<CorrectiveAction[]> {
    const builder = tx.manager
      .createQueryBuilder(CorrectiveAction, 'a')
      .where('a.cooperative_id = :cooperativeId AND a.flag_id IN (:...ids)', { cooperativeId: tx.cooperativeId, ids: flagIds.length > 0 ? [...flagIds] : [NO_FLAG] })
      .orderBy('a.due_on', 'ASC')
      .addOrderBy('a.id', 'ASC');
    if (openOnly) builder.andWhere('a.status = :open', { open: 'open' });
    return builder.getMany();
  }

  /** Actions answering failed criteria of a site assessment; the unique index keeps one per criterion. */
  async insertCriterionActions(tx: TenantTx, flagId: string, assessmentId: string, actions: readonly CriterionActionInput[], createdByUserId: string): Promise<CorrectiveAction[]> {
    if (actions.length === 0) return [];
    await tx.query(
      `INSERT INTO corrective_actions (cooperative_id, flag_id, assessment_id, criterion_id, description, owner_user_id, due_on, created_by_user_id)
       SELECT $1, $2, $3, a.criterion_id, a.description, a.owner_user_id, a.due_on, $4
         FROM unnest($5::text[], $6::text[], $7::uuid[], $8::date[]) AS a (criterion_id, description, owner_user_id, due_on)`,
      [tx.cooperativeId, flagId, assessmentId, createdByUserId, actions.map((a) => a.criterionId), actions.map((a) => a.description), actions.map((a) => a.ownerUserId), actions.map((a) => a.dueOn)],
    );
    return this.criterionActionsOf(tx, [assessmentId]);
  }

  /** The actions opened by these assessments' failed criteria, in no particular assessment order. */
  async criterionActionsOf(tx: TenantTx, assessmentIds: readonly string[]): Promise<CorrectiveAction[]> {
    if (assessmentIds.length === 0) return [];
    return tx.manager
      .createQueryBuilder(CorrectiveAction, 'a')
      .where('a.cooperative_id = :cooperativeId AND a.assessment_id IN (:...ids)', { cooperativeId: tx.cooperativeId, ids: [...assessmentIds] })
      .orderBy('a.created_at', 'ASC')
      .addOrderBy('a.criterion_id', 'ASC')
      .getMany();
  }

  /** Whether the user holds any role in the cooperative (a corrective action's owner must). */
  async isCooperativeMember(tx: TenantTx, userId: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>('SELECT 1 FROM user_roles WHERE cooperative_id = $1 AND user_id = $2 LIMIT 1', [tx.cooperativeId, userId]);
    return rows.length > 0;
  }

  /** Which of these miner ids the cooperative's registry holds. */
  async knownMinerIds(tx: TenantTx, minerIds: readonly string[]): Promise<Set<string>> {
    if (minerIds.length === 0) return new Set();
    const rows = await tx.query<{ id: string }[]>('SELECT id FROM miners WHERE cooperative_id = $1 AND id = ANY ($2::uuid[])', [tx.cooperativeId, [...minerIds]]);
    return new Set(rows.map((row) => row.id));
  }
}
