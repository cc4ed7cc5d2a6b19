import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import type { TenantAuthContext } from '../../auth/auth-context.js';
import { DomainError } from '../../common/domain-error.js';
import { Db } from '../../database/db.js';
import type { TenantTx } from '../../database/tx.js';
import { SiteDirectory } from '../../places/site-directory.js';
import type { MemberCertificationsView, TrainingSessionDetailView, TrainingSessionListView, TrainingSessionView } from '../dto/training.view.js';
import { MinerRecords } from '../miner-records.js';
import { assertIsoDate, compareIsoDates } from '../../common/calendar-date.js';
import { certificationsOn } from '../rules/certifications.js';
import type { CreateTrainingSessionDto, ListTrainingSessionsDto, RecordAttendanceDto } from './training.dto.js';
import { attendanceOf, TrainingsRepository } from './trainings.repository.js';

const DEFAULT_LIST_LIMIT = 100;

@Injectable()
export class TrainingsService {
  constructor(
    private readonly db: Db,
    private readonly repository: TrainingsRepository,
    private readonly records: MinerRecords,
    private readonly sites: SiteDirectory,
    private readonly audit: AuditService,
  ) {}

  /** Records a session once: a retry with the same id answers the session already recorded. */
  async create(auth: TenantAuthContext, dto: CreateTrainingSessionDto): Promise<TrainingSessionDetailView> {
    const heldOn = assertIsoDate(dto.heldOn);
    return this.db.tenant(auth, async (tx) => {
      await this.sites.assertKnown(tx, dto.siteId);
      const session = {
        id: dto.id ?? randomUUID(),
        topic: dto.topic,
        heldOn,
        trainer: dto.trainer.trim(),
        validityMonths: dto.validityMonths,
        siteId: dto.siteId ?? null,
        notes: dto.notes?.trim() || null,
        createdBy: auth.userId,
      };
      if (session.trainer.length === 0) throw new DomainError('TRAINER_REQUIRED', {});
      const inserted = await this.repository.insertSession(tx, session);
      if (inserted === null) {
        const existing = await this.requireSession(tx, session.id);
        if (existing.topic !== session.topic || existing.heldOn !== session.heldOn) throw new DomainError('TRAINING_ID_TAKEN', { id: session.id }, 'conflict');
        return { ...existing, attendees: await this.repository.attendees(tx, session.id) };
      }
      const { createdBy: _createdBy, ...audited } = session;
      await this.audit.record(tx, auth, { action: 'training.session_created', entity: 'training_session', entityId: session.id, after: { ...audited } });
      return { ...(await this.requireSession(tx, session.id)), attendees: [] };
    });
  }

  async list(auth: TenantAuthContext, query: ListTrainingSessionsDto): Promise<TrainingSessionListView> {
    const filters = { ...query, from: query.from === undefined ? undefined : assertIsoDate(query.from), to: query.to === undefined ? undefined : assertIsoDate(query.to) };
    return this.db.tenant(auth, async (tx) => ({ items: await this.repository.sessions(tx, filters, query.limit ?? DEFAULT_LIST_LIMIT) }));
  }

  async get(auth: TenantAuthContext, sessionId: string): Promise<TrainingSessionDetailView> {
    return this.db.tenant(auth, (tx) => this.detail(tx, sessionId));
  }

  /**
   * Records who attended, all or nothing: an unknown or exited member refuses the whole
   * list, and attendance is only recorded once the session has been held.
   */
  async recordAttendance(auth: TenantAuthContext, sessionId: string, dto: RecordAttendanceDto): Promise<TrainingSessionDetailView> {
    const minerIds = [...new Set(dto.minerIds.map((id) => id.toLowerCase()))];
    return this.db.tenant(auth, async (tx) => {
      const session = await this.requireSession(tx, sessionId);
      const { today } = await this.records.cooperativeDay(tx);
      if (compareIsoDates(session.heldOn, today) > 0) throw new DomainError('TRAINING_NOT_YET_HELD', { heldOn: session.heldOn });
      const found = new Map((await this.repository.minerStatuses(tx, minerIds)).map((miner) => [miner.id, miner]));
      for (const minerId of minerIds) {
        const miner = found.get(minerId);
        if (miner === undefined) throw new DomainError('MINER_NOT_FOUND', { minerId }, 'not_found');
        if (miner.status === 'exited') throw new DomainError('ATTENDEE_EXITED', { memberNumber: miner.memberNumber }, 'conflict');
      }
      const added = await this.repository.insertAttendance(tx, sessionId, minerIds, auth.userId);
      if (added.length > 0) {
        await this.audit.record(tx, auth, { action: 'training.attendance_recorded', entity: 'training_session', entityId: sessionId, after: { minerIds: added } });
      }
      return this.detail(tx, sessionId);
    });
  }

  /** A member's certifications on a date (today when absent), with the sessions they rest on. */
  async certifications(auth: TenantAuthContext, minerId: string, on: string | undefined): Promise<MemberCertificationsView> {
    return this.db.tenant(auth, async (tx) => {
      const miner = await this.records.require(tx, minerId);
      const date = on === undefined ? (await this.records.cooperativeDay(tx)).today : assertIsoDate(on);
      const history = await this.repository.historyOf(tx, minerId);
      return { minerId, memberNumber: miner.memberNumber, on: date, certifications: certificationsOn(history.map(attendanceOf), date), history };
    });
  }

  private async detail(tx: TenantTx, sessionId: string): Promise<TrainingSessionDetailView> {
    return { ...(await this.requireSession(tx, sessionId)), attendees: await this.repository.attendees(tx, sessionId) };
  }

  private async requireSession(tx: TenantTx, sessionId: string): Promise<TrainingSessionView> {
    const session = await this.repository.session(tx, sessionId);
    if (session === null) throw new DomainError('TRAINING_NOT_FOUND', { sessionId }, 'not_found');
    return session;
  }
}
