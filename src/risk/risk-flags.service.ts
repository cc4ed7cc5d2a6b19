import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { AuthContext, TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { decodeCursor, type Page, pageOf, pageSizeOf } from '../common/pagination.js';
import { localDateAt, utcOffsetMinutesOf } from '../common/time-zone.js';
import { Db } from '../database/db.js';
import { TenantTx } from '../database/tx.js';
import { SiteDirectory } from '../places/site-directory.js';
import { FlagReadability } from './case-viewer.js';
import type { CorrectiveAction } from './corrective-action.entity.js';
import type { CreateCorrectiveActionDto, CreateRiskFlagDto, FlagTransitionDto, ListRiskFlagsQuery, UpdateCorrectiveActionDto } from './dto/risk-flag.dto.js';
import type { CorrectiveActionView, RiskFlagDetailView, RiskFlagView, RiskOverdueView } from './dto/risk-flag.view.js';
import type { PersonInvolved, RiskFlag } from './risk-flag.entity.js';
import { type FlagFilter, type NewCommunityFlag, RiskFlagsRepository } from './risk-flags.repository.js';
import { assertPeopleReferences } from './risk-references.js';
import { RiskSettingsRepository } from './risk-settings.repository.js';
import type { ProposedFlag } from './rules/auto-rules.js';
import { defaultSeverity } from './rules/categories.js';
import { utcMidnightOf } from '../common/time-zone.js';
import { CHILD_IDENTITY_CATEGORIES, redactActionText, redactFlagText, redactTransitionText } from './rules/flag-visibility.js';
import { assertFlagTransition, isActiveFlagState } from './rules/lifecycle.js';
import { correctiveActionOverdue, flagOverdue, type OverdueSettings, type OverdueStatus } from './rules/overdue.js';

export interface RaisedFlag {
  readonly id: string;
  /** False when the same event had already raised this flag: the existing id is returned. */
  readonly created: boolean;
}

/** A phone's clock may run a little ahead of the server's. */
const CLOCK_SKEW_MS = 5 * 60_000;

function overdueView(status: OverdueStatus): { overdue: boolean; overdueSince: Date | null } {
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
    private readonly repository: RiskFlagsRepository,
    private readonly settingsRepository: RiskSettingsRepository,
    private readonly readability: FlagReadability,
    private readonly sites: SiteDirectory,
    private readonly audit: AuditService,
  ) {}

  /**
   * Stores a flag proposed by a rule of auto-rules.ts in the caller's transaction. The
   * unique (cooperative_id, dedupe_key) makes a replayed event harmless: nothing is
   * inserted nor audited, and the id of the flag it raised first is returned. 
   */
  async raiseAutomatic(tx: TenantTx, auth: TenantAuthContext, flag: ProposedFlag): Promise<RaisedFlag> {
    const created = await this.repository.insertAutomaticFlag(tx, flag);
    if (created === null) {
      const found = await this.repository.flagIdByDedupeKey(tx, flag.dedupeKey);
      if (found === null) throw new Error(`risk flag ${flag.dedupeKey} conflicted but cannot be read`);
      return { id: found, created: false };
    }
    await this.audit.record(tx, auth, {
      action: 'risk_flag.raised',
      entity: 'risk_flag',
      entityId: created,
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
    return { id: created, created: true };
  }

  /**
   * The flag a community incident report raises, in the report's transaction. Its reporter is
   * protected as an anonymous flag's: an anonymous report's flag and audit record keep no user
   * nor request id (`caller` then names nobody); a monitor's flag names them like an officer's.
   */
  async raiseFromCommunityReport(tx: TenantTx, caller: AuthContext, flag: NewCommunityFlag): Promise<string> {
    const created = await this.repository.insertCommunityFlag(tx, flag);
    if (created === null) throw new Error(`incident report ${flag.reportId} had already raised a flag`);
    await this.audit.record(tx, caller, {
      action: 'risk_flag.raised',
      entity: 'risk_flag',
      entityId: created,
      anonymous: flag.anonymous,
      after: { category: flag.category, severity: flag.severity, siteId: flag.siteId, source: 'community_report', sourceType: 'incident_report', sourceId: flag.reportId, anonymous: flag.anonymous },
    });
    return created;
  }

  /** A flag filed by hand. Anonymous: no reporter in the row nor in the audit record. */
  async createManual(auth: TenantAuthContext, dto: CreateRiskFlagDto): Promise<RiskFlagDetailView> {
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
    return this.db.tenant(auth, async (tx) => {
      await this.sites.assertKnown(tx, dto.siteId);
      await assertPeopleReferences(tx, this.repository, people);
      const siteId = dto.siteId ?? null;
      const reporterUserId = anonymous ? null : auth.userId;
      const created = await this.repository.insertManualFlag(tx, { id: dto.id ?? null, category: dto.category, severity, siteId, people, description: dto.description, anonymous, reporterUserId, occurredAt });
      if (created === null) throw new DomainError('FLAG_EXISTS', { id: dto.id }, 'conflict');
      await this.audit.record(tx, auth, {
        action: 'risk_flag.reported',
        entity: 'risk_flag',
        entityId: created,
        anonymous,
        after: { category: dto.category, severity, siteId, source: 'manual', anonymous, occurredAt: occurredAt.toISOString() },
      });
      return this.detail(tx, auth, created, now);
    });
  }

  /**
   * Newest raised first, a page at a time. Overdue depends on the clock and the
   * cooperative's time zone: with that filter the rules decide over every matching flag
   * after the cursor, then the page is cut.
   */
  async list(auth: TenantAuthContext, query: ListRiskFlagsQuery): Promise<Page<RiskFlagView>> {
    const limit = pageSizeOf(query);
    const afterId = query.cursor === undefined ? null : decodeCursor(query.cursor, ['uuid'] as const)[0];
    const filter: FlagFilter = { status: query.status, category: query.category, severity: query.severity, siteId: query.siteId, activeOnly: query.overdue === 'true' };
    const now = new Date();
    return this.db.tenant(auth, async (tx) => {
      const settings = await this.overdueSettings(tx, now);
      if (query.overdue === undefined) {
        const flags = await this.repository.flagsMatching(tx, filter, afterId, limit + 1);
        return pageOf(await this.views(tx, auth, flags, now, settings), limit, (view) => [view.id], (views) => views);
      }
      const views = await this.views(tx, auth, await this.repository.flagsMatching(tx, filter, afterId, null), now, settings);
      const matching = views.filter((view) => view.overdue === (query.overdue === 'true'));
      return pageOf(matching.slice(0, limit + 1), limit, (view) => [view.id], (page) => page);
    });
  }

  async get(auth: TenantAuthContext, flagId: string): Promise<RiskFlagDetailView> {
    return this.db.tenant(auth, (tx) => this.detail(tx, auth, flagId, new Date()));
  }

  async transition(auth: TenantAuthContext, flagId: string, dto: FlagTransitionDto): Promise<RiskFlagDetailView> {
    return this.db.tenant(auth, async (tx) => {
      const flag = await this.lockFlag(tx, flagId);
      const reason = dto.reason?.trim() ? dto.reason.trim() : null;
      const kind = assertFlagTransition(flag.state, dto.to, { reason });
      const now = new Date();
      await this.repository.updateFlagState(tx, flagId, {
        state: dto.to,
        stateChangedAt: now,
        acknowledgedAt: dto.to === 'acknowledged' && flag.acknowledgedAt === null ? now : flag.acknowledgedAt,
        dismissalReason: dto.to === 'dismissed' ? reason : kind === 'reopen' && flag.state === 'dismissed' ? null : flag.dismissalReason,
      });
      await this.repository.insertTransition(tx, { flagId, fromState: flag.state, toState: dto.to, reason, actorUserId: auth.userId, at: now });
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
    return this.db.tenant(auth, async (tx) => {
      const flag = await this.lockFlag(tx, flagId);
      if (!isActiveFlagState(flag.state)) throw new DomainError('FLAG_NOT_ACTIVE', { state: flag.state }, 'conflict');
      if (!(await this.repository.isCooperativeMember(tx, dto.ownerUserId))) throw new DomainError('CORRECTIVE_ACTION_OWNER_NOT_MEMBER', { ownerUserId: dto.ownerUserId });
      const created = await this.repository.insertCorrectiveAction(tx, {
        id: dto.id ?? null,
        flagId,
        description: dto.description,
        ownerUserId: dto.ownerUserId,
        dueOn: dto.dueOn,
        createdByUserId: auth.userId,
      });
      if (created === null) throw new DomainError('CORRECTIVE_ACTION_EXISTS', { id: dto.id }, 'conflict');
      await this.audit.record(tx, auth, {
        action: 'corrective_action.create',
        entity: 'corrective_action',
        entityId: created,
        after: {
          flagId,
          ...(CHILD_IDENTITY_CATEGORIES.includes(flag.category) ? {} : { description: dto.description }),
          ownerUserId: dto.ownerUserId,
          dueOn: dto.dueOn,
          status: 'open',
        },
      });
      return this.actionView(tx, auth, flag, created);
    });
  }

  async updateAction(auth: TenantAuthContext, flagId: string, actionId: string, dto: UpdateCorrectiveActionDto): Promise<CorrectiveActionView> {
    return this.db.tenant(auth, async (tx) => {
      const action = await this.repository.lockCorrectiveAction(tx, flagId, actionId);
      if (!action) throw new DomainError('CORRECTIVE_ACTION_NOT_FOUND', {}, 'not_found');
      const flag = await this.repository.flagById(tx, flagId);
      if (!flag) throw new DomainError('FLAG_NOT_FOUND', {}, 'not_found');
      const quiet = CHILD_IDENTITY_CATEGORIES.includes(flag.category);
      if (action.status !== 'open') throw new DomainError('CORRECTIVE_ACTION_NOT_OPEN', { status: action.status }, 'conflict');
      await this.repository.updateCorrectiveAction(tx, actionId, { status: dto.status, note: dto.note ?? null, completedByUserId: auth.userId, completedAt: new Date() });
      await this.audit.record(tx, auth, {
        action: 'corrective_action.update',
        entity: 'corrective_action',
        entityId: actionId,
        before: { status: action.status, note: quiet ? null : action.note },
        after: { status: dto.status, note: quiet ? null : (dto.note ?? null) },
      });
      return this.actionView(tx, auth, flag, actionId);
    });
  }

  async overdue(auth: TenantAuthContext): Promise<RiskOverdueView> {
    const now = new Date();
    return this.db.tenant(auth, async (tx) => {
      const settings = await this.overdueSettings(tx, now);
      const active = await this.repository.flagsMatching(tx, { activeOnly: true }, null, null);
      const flags = (await this.views(tx, auth, active, now, settings))
        .filter((view) => view.overdue)
        .sort((a, b) => (a.overdueSince?.getTime() ?? 0) - (b.overdueSince?.getTime() ?? 0));
      const open = await this.repository.correctiveActionsOfFlags(tx, active.map((flag) => flag.id), true);
      const readable = await this.readability.readableFlagIds(tx, auth, active);
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
  private async overdueSettings(tx: TenantTx, now: Date): Promise<OverdueSettings> {
    const timezone = await this.settingsRepository.cooperativeTimezone(tx);
    return { criticalAcknowledgementHours: await this.settingsRepository.criticalAckHours(tx), utcOffsetMinutes: utcOffsetMinutesOf(timezone, now) };
  }

  /** Today's date at the cooperative. */
  async localToday(tx: TenantTx, now = new Date()): Promise<string> {
    const settings = await this.overdueSettings(tx, now);
    return localDateAt(now, settings.utcOffsetMinutes);
  }

  private async lockFlag(tx: TenantTx, flagId: string): Promise<RiskFlag> {
    const flag = await this.repository.lockFlag(tx, flagId);
    if (!flag) throw new DomainError('FLAG_NOT_FOUND', {}, 'not_found');
    return flag;
  }

  private async views(tx: TenantTx, auth: TenantAuthContext, flags: readonly RiskFlag[], now: Date, settings: OverdueSettings): Promise<RiskFlagView[]> {
    const actions = flags.length === 0 ? [] : await this.repository.correctiveActionsOfFlags(tx, flags.map((flag) => flag.id));
    const readable = await this.readability.readableFlagIds(tx, auth, flags);
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

  private async actionView(tx: TenantTx, auth: TenantAuthContext, flag: RiskFlag, actionId: string): Promise<CorrectiveActionView> {
    const action = await this.repository.correctiveActionById(tx, flag.id, actionId);
    const now = new Date();
    const readable = (await this.readability.readableFlagIds(tx, auth, [flag])).has(flag.id);
    return redactActionText(this.toActionView(action, now, await this.overdueSettings(tx, now)), readable);
  }

  private async detail(tx: TenantTx, auth: TenantAuthContext, flagId: string, now: Date): Promise<RiskFlagDetailView> {
    const flag = await this.repository.flagById(tx, flagId);
    if (!flag) throw new DomainError('FLAG_NOT_FOUND', {}, 'not_found');
    const settings = await this.overdueSettings(tx, now);
    const actions = await this.repository.correctiveActionsOfFlag(tx, flagId);
    const transitions = await this.repository.transitionsOfFlag(tx, flagId);
    const readable = (await this.readability.readableFlagIds(tx, auth, [flag])).has(flag.id);
    return {
      ...this.toFlagView(flag, actions, now, settings, readable),
      actions: actions.map((action) => redactActionText(this.toActionView(action, now, settings), readable)),
      transitions: transitions.map(({ cooperativeId: _cooperativeId, ...transition }) => redactTransitionText(transition, readable)),
    };
  }
}
