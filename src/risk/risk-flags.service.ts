import { Injectable } from '@nestjs/common';
import { localDateAt, utcOffsetMinutesOf } from '../common/time-zone.js';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.service.js';
import { CorrectiveAction } from './corrective-action.entity.js';
import type { CreateCorrectiveActionDto, CreateRiskFlagDto, FlagTransitionDto, ListRiskFlagsQuery, UpdateCorrectiveActionDto } from './dto/risk-flag.dto.js';
import { type PersonInvolved, RiskFlag, RiskFlagTransition } from './risk-flag.entity.js';
import type { ProposedFlag } from './rules/auto-rules.js';
import { defaultSeverity } from './rules/categories.js';
import { utcMidnightOf } from './rules/dates.js';
import { criticalAckHoursOf } from './risk-settings.service.js';
import { ACTIVE_FLAG_STATES, assertFlagTransition, isActiveFlagState } from './rules/lifecycle.js';
import { correctiveActionOverdue, flagOverdue, type OverdueSettings, type OverdueStatus } from './rules/overdue.js';
import { assertSiteReference } from '../sites/site-reference.js';
import { readableFlagIds } from './case-viewer.js';
import { assertPeopleReferences } from './risk-references.js';
import { CHILD_IDENTITY_CATEGORIES, type FlagRedaction, redactActionText, redactFlagText, redactTransitionText } from './rules/flag-visibility.js';

export interface RaisedFlag {
  readonly id: string;
  /** False when the same event had already raised this flag: the existing id is returned. */
  readonly created: boolean;
}

export interface OverdueView {
  readonly overdue: boolean;
  readonly overdueSince: Date | null;
}

/** On a child-labour flag, a reader who is neither admin nor designated case officer gets `redacted: true` and no words. */
export type RiskFlagView = Omit<RiskFlag, 'cooperativeId' | 'dedupeKey'> & OverdueView & FlagRedaction;

export type CorrectiveActionView = Omit<CorrectiveAction, 'cooperativeId'> & OverdueView;

export interface RiskFlagDetail extends RiskFlagView {
  readonly actions: CorrectiveActionView[];
  readonly transitions: Omit<RiskFlagTransition, 'cooperativeId'>[];
}

export interface RiskFlagPage {
  readonly items: RiskFlagView[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export interface OverdueList {
  /** Active flags with a late acknowledgement or a late corrective action, oldest overdue first. */
  readonly flags: RiskFlagView[];
  /** Open corrective actions past their due date, oldest due first. */
  readonly actions: CorrectiveActionView[];
}

const DEFAULT_PAGE_SIZE = 50;
/** A phone's clock may run a little ahead of the server's. */
const CLOCK_SKEW_MS = 5 * 60_000;

function overdueView(status: OverdueStatus): OverdueView {
  return { overdue: status.overdue, overdueSince: status.overdueSince ?? null };
}

/**
 * Risk flags: the automatic ones other modules raise inside their own transaction, the
 * manual ones officers file, their lifecycle, corrective actions and what is overdue.
 */
@Injectable()
export class RiskFlagsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  /**
   * Stores a flag proposed by a rule of auto-rules.ts in the caller's transaction. The
   * unique (cooperative_id, dedupe_key) makes a replayed event harmless: nothing is
   * inserted nor audited, and the id of the flag it raised first is returned.
   */
  async raiseAutomatic(tx: EntityManager, auth: TenantAuthContext, flag: ProposedFlag): Promise<RaisedFlag> {
    const inserted = await tx.query<{ id: string }[]>(
      `INSERT INTO risk_flags (cooperative_id, category, severity, site_id, description_key, description_params,
                               source, source_type, source_id, dedupe_key, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (cooperative_id, dedupe_key) DO NOTHING
       RETURNING id`,
      [
        auth.cooperativeId,
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
    const created = inserted[0];
    if (created) {
      await this.audit.record(tx, auth, {
        action: 'risk_flag.raised',
        entity: 'risk_flag',
        entityId: created.id,
        after: {
          category: flag.category,
          severity: flag.severity,
          siteId: flag.siteId,
          source: flag.sourceRule,
          sourceType: flag.sourceRef.type,
          sourceId: flag.sourceRef.id,
          dedupeKey: flag.dedupeKey,
        },
      });
      return { id: created.id, created: true };
    }
    const existing = await tx.query<{ id: string }[]>('SELECT id FROM risk_flags WHERE cooperative_id = $1 AND dedupe_key = $2', [
      auth.cooperativeId,
      flag.dedupeKey,
    ]);
    const found = existing[0];
    if (!found) throw new Error(`risk flag ${flag.dedupeKey} conflicted but cannot be read`);
    return { id: found.id, created: false };
  }

  /** A flag filed by hand. Anonymous: no reporter in the row nor in the audit record. */
  async createManual(auth: TenantAuthContext, dto: CreateRiskFlagDto): Promise<RiskFlagDetail> {
    const now = new Date();
    const occurredAt = dto.occurredAt ? new Date(dto.occurredAt) : now;
    if (occurredAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
      throw new DomainError('FLAG_OCCURRED_AT_IN_FUTURE', { occurredAt: occurredAt.toISOString() });
    }
    const anonymous = dto.anonymous === true;
    const severity = dto.severity ?? defaultSeverity(dto.category);
    const people: PersonInvolved[] = (dto.people ?? []).map((person) => ({
      ...(person.minerId !== undefined ? { minerId: person.minerId } : {}),
      ...(person.description !== undefined ? { description: person.description } : {}),
    }));
    return this.db.inScope(auth.scope, async (tx) => {
      await assertSiteReference(tx, auth.cooperativeId, dto.siteId);
      await assertPeopleReferences(tx, auth.cooperativeId, people);
      const inserted = await tx.query<{ id: string }[]>(
        `INSERT INTO risk_flags (cooperative_id, id, category, severity, site_id, people, description, source, anonymous,
                                 reporter_user_id, occurred_at)
         VALUES ($1, COALESCE($2::uuid, gen_random_uuid()), $3, $4, $5, $6, $7, 'manual', $8, $9, $10)
         ON CONFLICT (cooperative_id, id) DO NOTHING
         RETURNING id`,
        [auth.cooperativeId, dto.id ?? null, dto.category, severity, dto.siteId ?? null, JSON.stringify(people), dto.description, anonymous, anonymous ? null : auth.userId, occurredAt],
      );
      const created = inserted[0];
      if (!created) throw new DomainError('FLAG_EXISTS', { id: dto.id }, 'conflict');
      await this.audit.record(tx, auth, {
        action: 'risk_flag.reported',
        entity: 'risk_flag',
        entityId: created.id,
        anonymous,
        after: { category: dto.category, severity, siteId: dto.siteId ?? null, source: 'manual', anonymous, occurredAt: occurredAt.toISOString() },
      });
      return this.detail(tx, auth, created.id, now);
    });
  }

  async list(auth: TenantAuthContext, query: ListRiskFlagsQuery): Promise<RiskFlagPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const offset = query.offset ?? 0;
    const now = new Date();
    return this.db.inScope(auth.scope, async (tx) => {
      const settings = await this.settings(tx, auth.cooperativeId, now);
      const builder = tx
        .createQueryBuilder(RiskFlag, 'f')
        .where('f.cooperative_id = :cooperativeId', { cooperativeId: auth.cooperativeId })
        .orderBy('f.raised_at', 'DESC')
        .addOrderBy('f.id', 'DESC');
      if (query.status) builder.andWhere('f.state = :status', { status: query.status });
      if (query.category) builder.andWhere('f.category = :category', { category: query.category });
      if (query.severity) builder.andWhere('f.severity = :severity', { severity: query.severity });
      if (query.siteId) builder.andWhere('f.site_id = :siteId', { siteId: query.siteId });
      if (query.overdue === undefined) {
        const [flags, total] = await builder.skip(offset).take(limit).getManyAndCount();
        return { items: await this.views(tx, auth, flags, now, settings), total, limit, offset };
      }
      // Overdue depends on the clock and the cooperative's time zone: decided by the rules, then paged.
      if (query.overdue === 'true') builder.andWhere('f.state IN (:...active)', { active: ACTIVE_FLAG_STATES });
      const views = (await this.views(tx, auth, await builder.getMany(), now, settings)).filter((view) => view.overdue === (query.overdue === 'true'));
      return { items: views.slice(offset, offset + limit), total: views.length, limit, offset };
    });
  }

  async get(auth: TenantAuthContext, flagId: string): Promise<RiskFlagDetail> {
    return this.db.inScope(auth.scope, (tx) => this.detail(tx, auth, flagId, new Date()));
  }

  async transition(auth: TenantAuthContext, flagId: string, dto: FlagTransitionDto): Promise<RiskFlagDetail> {
    return this.db.inScope(auth.scope, async (tx) => {
      const flag = await this.lockFlag(tx, auth.cooperativeId, flagId);
      const reason = dto.reason?.trim() ? dto.reason.trim() : null;
      const kind = assertFlagTransition(flag.state, dto.to, { reason });
      const now = new Date();
      await tx.update(
        RiskFlag,
        { cooperativeId: auth.cooperativeId, id: flagId },
        {
          state: dto.to,
          stateChangedAt: now,
          acknowledgedAt: dto.to === 'acknowledged' && flag.acknowledgedAt === null ? now : flag.acknowledgedAt,
          dismissalReason: dto.to === 'dismissed' ? reason : kind === 'reopen' && flag.state === 'dismissed' ? null : flag.dismissalReason,
        },
      );
      await tx.insert(RiskFlagTransition, {
        cooperativeId: auth.cooperativeId,
        flagId,
        fromState: flag.state,
        toState: dto.to,
        reason,
        actorUserId: auth.userId,
        at: now,
      });
      await this.audit.record(tx, auth, {
        action: 'risk_flag.transition',
        entity: 'risk_flag',
        entityId: flagId,
        before: { state: flag.state },
        // Auditors read the trail: a child-labour flag's reason stays in the flag, for those who may read it.
        after: { state: dto.to, reason: CHILD_IDENTITY_CATEGORIES.includes(flag.category) ? null : reason },
      });
      return this.detail(tx, auth, flagId, now);
    });
  }

  async addAction(auth: TenantAuthContext, flagId: string, dto: CreateCorrectiveActionDto): Promise<CorrectiveActionView> {
    utcMidnightOf(dto.dueOn);
    return this.db.inScope(auth.scope, async (tx) => {
      const flag = await this.lockFlag(tx, auth.cooperativeId, flagId);
      if (!isActiveFlagState(flag.state)) throw new DomainError('FLAG_NOT_ACTIVE', { state: flag.state }, 'conflict');
      await this.assertMember(tx, auth.cooperativeId, dto.ownerUserId);
      const inserted = await tx.query<{ id: string }[]>(
        `INSERT INTO corrective_actions (cooperative_id, id, flag_id, description, owner_user_id, due_on, created_by_user_id)
         VALUES ($1, COALESCE($2::uuid, gen_random_uuid()), $3, $4, $5, $6, $7)
         ON CONFLICT (cooperative_id, id) DO NOTHING RETURNING id`,
        [auth.cooperativeId, dto.id ?? null, flagId, dto.description, dto.ownerUserId, dto.dueOn, auth.userId],
      );
      const created = inserted[0];
      if (!created) throw new DomainError('CORRECTIVE_ACTION_EXISTS', { id: dto.id }, 'conflict');
      await this.audit.record(tx, auth, {
        action: 'corrective_action.create',
        entity: 'corrective_action',
        entityId: created.id,
        after: {
          flagId,
          ...(CHILD_IDENTITY_CATEGORIES.includes(flag.category) ? {} : { description: dto.description }),
          ownerUserId: dto.ownerUserId,
          dueOn: dto.dueOn,
          status: 'open',
        },
      });
      return this.actionView(tx, auth, flagId, created.id);
    });
  }

  async updateAction(auth: TenantAuthContext, flagId: string, actionId: string, dto: UpdateCorrectiveActionDto): Promise<CorrectiveActionView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const action = await tx
        .createQueryBuilder(CorrectiveAction, 'a')
        .setLock('pessimistic_write')
        .where('a.cooperative_id = :cooperativeId AND a.flag_id = :flagId AND a.id = :actionId', { cooperativeId: auth.cooperativeId, flagId, actionId })
        .getOne();
      if (!action) throw new DomainError('CORRECTIVE_ACTION_NOT_FOUND', {}, 'not_found');
      const flag = await tx.findOneByOrFail(RiskFlag, { cooperativeId: auth.cooperativeId, id: flagId });
      const quiet = CHILD_IDENTITY_CATEGORIES.includes(flag.category);
      if (action.status !== 'open') throw new DomainError('CORRECTIVE_ACTION_NOT_OPEN', { status: action.status }, 'conflict');
      const now = new Date();
      await tx.update(
        CorrectiveAction,
        { cooperativeId: auth.cooperativeId, id: actionId },
        { status: dto.status, note: dto.note ?? null, completedByUserId: auth.userId, completedAt: now },
      );
      await this.audit.record(tx, auth, {
        action: 'corrective_action.update',
        entity: 'corrective_action',
        entityId: actionId,
        before: { status: action.status, note: quiet ? null : action.note },
        after: { status: dto.status, note: quiet ? null : (dto.note ?? null) },
      });
      return this.actionView(tx, auth, flagId, actionId);
    });
  }

  async overdue(auth: TenantAuthContext): Promise<OverdueList> {
    const now = new Date();
    return this.db.inScope(auth.scope, async (tx) => {
      const settings = await this.settings(tx, auth.cooperativeId, now);
      const active = await tx
        .createQueryBuilder(RiskFlag, 'f')
        .where('f.cooperative_id = :cooperativeId AND f.state IN (:...active)', { cooperativeId: auth.cooperativeId, active: ACTIVE_FLAG_STATES })
        .getMany();
      const flags = (await this.views(tx, auth, active, now, settings))
        .filter((view) => view.overdue)
        .sort((a, b) => (a.overdueSince?.getTime() ?? 0) - (b.overdueSince?.getTime() ?? 0));
      const open = await tx
        .createQueryBuilder(CorrectiveAction, 'a')
        .where('a.cooperative_id = :cooperativeId AND a.status = :open', { cooperativeId: auth.cooperativeId, open: 'open' })
        .andWhere('a.flag_id IN (:...ids)', { ids: active.length > 0 ? active.map((flag) => flag.id) : ['00000000-0000-0000-0000-000000000000'] })
        .orderBy('a.due_on', 'ASC')
        .addOrderBy('a.id', 'ASC')
        .getMany();
      const readable = await this.readable(tx, auth, active);
      const actions = open
        .map((action) => redactActionText(this.toActionView(action, now, settings), readable.has(action.flagId)))
        .filter((view) => view.overdue);
      return { flags, actions };
    });
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Critical flags: acknowledged within the cooperative's delay (risk_settings, else the default);
   * corrective actions fall due at the cooperative's local midnight.
   */
  private async settings(tx: EntityManager, cooperativeId: string, now: Date): Promise<OverdueSettings> {
    const rows = await tx.query<{ timezone: string }[]>('SELECT timezone FROM cooperatives WHERE id = $1', [cooperativeId]);
    const timezone = rows[0]?.timezone ?? 'UTC';
    return { criticalAcknowledgementHours: await criticalAckHoursOf(tx, cooperativeId), utcOffsetMinutes: utcOffsetMinutesOf(timezone, now) };
  }

  /** Today's date at the cooperative. */
  async localToday(tx: EntityManager, cooperativeId: string, now = new Date()): Promise<string> {
    const settings = await this.settings(tx, cooperativeId, now);
    return localDateAt(now, settings.utcOffsetMinutes);
  }

  private async lockFlag(tx: EntityManager, cooperativeId: string, flagId: string): Promise<RiskFlag> {
    const flag = await tx
      .createQueryBuilder(RiskFlag, 'f')
      .setLock('pessimistic_write')
      .where('f.cooperative_id = :cooperativeId AND f.id = :flagId', { cooperativeId, flagId })
      .getOne();
    if (!flag) throw new DomainError('FLAG_NOT_FOUND', {}, 'not_found');
    return flag;
  }

  private async assertMember(tx: EntityManager, cooperativeId: string, userId: string): Promise<void> {
    const rows = await tx.query<unknown[]>('SELECT 1 FROM user_roles WHERE cooperative_id = $1 AND user_id = $2 LIMIT 1', [cooperativeId, userId]);
    if (rows.length === 0) throw new DomainError('CORRECTIVE_ACTION_OWNER_NOT_MEMBER', { ownerUserId: userId });
  }

  private readable(tx: EntityManager, auth: TenantAuthContext, flags: readonly RiskFlag[]): Promise<Set<string>> {
    return readableFlagIds(tx, auth, flags);
  }

  private async views(tx: EntityManager, auth: TenantAuthContext, flags: readonly RiskFlag[], now: Date, settings: OverdueSettings): Promise<RiskFlagView[]> {
    const ids = flags.map((flag) => flag.id);
    const actions =
      ids.length === 0
        ? []
        : await tx
            .createQueryBuilder(CorrectiveAction, 'a')
            .where('a.cooperative_id = :cooperativeId AND a.flag_id IN (:...ids)', { cooperativeId: flags[0]?.cooperativeId, ids })
            .getMany();
    const readable = await this.readable(tx, auth, flags);
    return flags.map((flag) => this.toFlagView(flag, actions.filter((action) => action.flagId === flag.id), now, settings, readable.has(flag.id)));
  }

  private toFlagView(flag: RiskFlag, actions: readonly CorrectiveAction[], now: Date, settings: OverdueSettings, readable: boolean): RiskFlagView {
    const { cooperativeId: _cooperativeId, dedupeKey: _dedupeKey, ...rest } = flag;
    const status = flagOverdue(
      { severity: flag.severity, state: flag.state, raisedAt: flag.raisedAt, correctiveActions: actions.map((action) => ({ status: action.status, dueDate: action.dueOn })) },
      now,
      settings,
    );
    return redactFlagText({ ...rest, ...overdueView(status) }, readable);
  }

  private toActionView(action: CorrectiveAction, now: Date, settings: OverdueSettings): CorrectiveActionView {
    const { cooperativeId: _cooperativeId, ...rest } = action;
    return { ...rest, ...overdueView(correctiveActionOverdue({ status: action.status, dueDate: action.dueOn }, now, settings)) };
  }

  private async actionView(tx: EntityManager, auth: TenantAuthContext, flagId: string, actionId: string): Promise<CorrectiveActionView> {
    const cooperativeId = auth.cooperativeId;
    const action = await tx.findOneByOrFail(CorrectiveAction, { cooperativeId, flagId, id: actionId });
    const flag = await tx.findOneByOrFail(RiskFlag, { cooperativeId, id: flagId });
    const now = new Date();
    const readable = (await this.readable(tx, auth, [flag])).has(flagId);
    return redactActionText(this.toActionView(action, now, await this.settings(tx, cooperativeId, now)), readable);
  }

  private async detail(tx: EntityManager, auth: TenantAuthContext, flagId: string, now: Date): Promise<RiskFlagDetail> {
    const cooperativeId = auth.cooperativeId;
    const flag = await tx.findOneBy(RiskFlag, { cooperativeId, id: flagId });
    if (!flag) throw new DomainError('FLAG_NOT_FOUND', {}, 'not_found');
    const settings = await this.settings(tx, cooperativeId, now);
    const actions = await tx.find(CorrectiveAction, { where: { cooperativeId, flagId }, order: { dueOn: 'ASC', id: 'ASC' } });
    const transitions = await tx.find(RiskFlagTransition, { where: { cooperativeId, flagId }, order: { at: 'ASC', id: 'ASC' } });
    const readable = (await this.readable(tx, auth, [flag])).has(flag.id);
    return {
      ...this.toFlagView(flag, actions, now, settings, readable),
      actions: actions.map((action) => redactActionText(this.toActionView(action, now, settings), readable)),
      transitions: transitions.map(({ cooperativeId: _cooperativeId, ...transition }) => redactTransitionText(transition, readable)),
    };
  }
}
