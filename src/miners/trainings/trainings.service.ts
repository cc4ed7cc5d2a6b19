import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import type { TenantAuthContext } from '../../auth/auth-context.js';
import { DomainError } from '../../common/domain-error.js';
import { localDateIn } from '../../common/time-zone.js';
import { Db } from '../../database/db.service.js';
import { assertSiteReference } from '../../sites/site-reference.js';
import { MinersRepository } from '../miners.repository.js';
import { assertIsoDate, compareIsoDates } from '../rules/calendar.js';
import { type Certification, certificationsOn } from '../rules/certifications.js';
import type { CreateTrainingSessionDto, ListTrainingSessionsDto, RecordAttendanceDto } from './training.dto.js';
import { attendanceOf, type AttendedSessionRow, type AttendeeRow, trainingHistoryOf, TrainingsRepository, type TrainingSessionRow } from './trainings.repository.js';

export interface TrainingSessionDetail extends TrainingSessionRow {
  attendees: AttendeeRow[];
}

export interface MemberCertifications {
  minerId: string;
  memberNumber: string;
  on: string;
  certifications: Certification[];
  history: AttendedSessionRow[];
}

const DEFAULT_LIST_LIMIT = 100;

/** A member's certifications on a date, from the sessions they attended. */
export async function certificationsOfMember(tx: EntityManager, cooperativeId: string, minerId: string, on: string): Promise<{ certifications: Certification[]; history: AttendedSessionRow[] }> {
  const history = await trainingHistoryOf(tx, cooperativeId, minerId);
  return { certifications: certificationsOn(history.map(attendanceOf), on), history };
}

@Injectable()
export class TrainingsService {
  constructor(
    private readonly db: Db,
    private readonly repository: TrainingsRepository,
    private readonly miners: MinersRepository,
    private readonly audit: AuditService,
  ) {}

  async create(auth: TenantAuthContext, dto: CreateTrainingSessionDto): Promise<TrainingSessionDetail> {
    const heldOn = assertIsoDate(dto.heldOn);
    return this.db.inScope(auth.scope, async (tx) => {
      await assertSiteReference(tx, auth.cooperativeId, dto.siteId);
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
      const inserted = await this.repository.insertSession(tx, auth.cooperativeId, session);
      if (inserted === null) {
        const existing = await this.requireSession(tx, auth, session.id);
        if (existing.topic !== session.topic || existing.heldOn !== session.heldOn) throw new DomainError('TRAINING_ID_TAKEN', { id: session.id }, 'conflict');
        return { ...existing, attendees: await this.repository.attendees(tx, auth.cooperativeId, session.id) };
      }
      const { createdBy: _createdBy, ...audited } = session;
      await this.audit.record(tx, auth, { action: 'training.session_created', entity: 'training_session', entityId: session.id, after: { ...audited } });
      return { ...(await this.requireSession(tx, auth, session.id)), attendees: [] };
    });
  }

  async list(auth: TenantAuthContext, query: ListTrainingSessionsDto): Promise<{ items: TrainingSessionRow[] }> {
    const filters = { ...query, from: query.from === undefined ? undefined : assertIsoDate(query.from), to: query.to === undefined ? undefined : assertIsoDate(query.to) };
    return this.db.inScope(auth.scope, async (tx) => ({
      items: await this.repository.sessions(tx, auth.cooperativeId, filters, query.limit ?? DEFAULT_LIST_LIMIT),
    }));
  }

  async get(auth: TenantAuthContext, sessionId: string): Promise<TrainingSessionDetail> {
    return this.db.inScope(auth.scope, async (tx) => ({
      ...(await this.requireSession(tx, auth, sessionId)),
      attendees: await this.repository.attendees(tx, auth.cooperativeId, sessionId),
    }));
  }

  /**
   * Records who attended, all or nothing: an unknown or exited member refuses the whole
   * list, and attendance is only recorded once the session has been held.
   */
  async recordAttendance(auth: TenantAuthContext, sessionId: string, dto: RecordAttendanceDto): Promise<TrainingSessionDetail> {
    const minerIds = [...new Set(dto.minerIds.map((id) => id.toLowerCase()))];
    return this.db.inScope(auth.scope, async (tx) => {
      const session = await this.requireSession(tx, auth, sessionId);
      const today = localDateIn((await this.miners.cooperative(tx, auth.cooperativeId)).timezone);
      if (compareIsoDates(session.heldOn, today) > 0) throw new DomainError('TRAINING_NOT_YET_HELD', { heldOn: session.heldOn });
      const found = new Map((await this.repository.minerStatuses(tx, auth.cooperativeId, minerIds)).map((miner) => [miner.id, miner]));
      for (const minerId of minerIds) {
        const miner = found.get(minerId);
        if (miner === undefined) throw new DomainError('MINER_NOT_FOUND', { minerId }, 'not_found');
        if (miner.status === 'exited') throw new DomainError('ATTENDEE_EXITED', { memberNumber: miner.memberNumber }, 'conflict');
      }
      const added = await this.repository.insertAttendance(tx, auth.cooperativeId, sessionId, minerIds, auth.userId);
      if (added.length > 0) {
        await this.audit.record(tx, auth, { action: 'training.attendance_recorded', entity: 'training_session', entityId: sessionId, after: { minerIds: added } });
      }
      return { ...(await this.requireSession(tx, auth, sessionId)), attendees: await this.repository.attendees(tx, auth.cooperativeId, sessionId) };
    });
  }

  async certifications(auth: TenantAuthContext, minerId: string, on: string | undefined): Promise<MemberCertifications> {
    return this.db.inScope(auth.scope, async (tx) => {
      const miner = await this.miners.findMiner(tx, auth.cooperativeId, minerId);
      if (miner === null) throw new DomainError('MINER_NOT_FOUND', { minerId }, 'not_found');
      const date = on === undefined ? localDateIn((await this.miners.cooperative(tx, auth.cooperativeId)).timezone) : assertIsoDate(on);
      return { minerId, memberNumber: miner.member_number, on: date, ...(await certificationsOfMember(tx, auth.cooperativeId, minerId, date)) };
    });
  }

  private async requireSession(tx: EntityManager, auth: TenantAuthContext, sessionId: string): Promise<TrainingSessionRow> {
    const session = await this.repository.session(tx, auth.cooperativeId, sessionId);
    if (session === null) throw new DomainError('TRAINING_NOT_FOUND', { sessionId }, 'not_found');
    return session;
  }
}
