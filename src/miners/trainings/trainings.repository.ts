import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../../database/tx.js';
import type { TrainingAttendeeView, TrainingSessionView } from '../dto/training.view.js';
import type { TrainingAttendance, TrainingTopic } from '../rules/certifications.js';

/** A session one member attended, as their training history shows it. */
export interface AttendedSessionRow {
  sessionId: string;
  topic: TrainingTopic;
  heldOn: string;
  trainer: string;
  validityMonths: number;
}

/** A session to record: the session without what the database fills in (the rows read back are the views). */
export type NewTrainingSession = Omit<TrainingSessionView, 'createdAt' | 'attendeeCount'>;

export interface TrainingSessionFilters {
  topic?: TrainingTopic;
  siteId?: string;
  from?: string;
  to?: string;
}

const SESSION_COLUMNS = `
  s.id, s.topic, s.held_on::text AS "heldOn", s.trainer, s.validity_months AS "validityMonths", s.site_id AS "siteId",
  s.notes, s.created_by AS "createdBy", s.created_at AS "createdAt",
  (SELECT count(*)::int FROM training_attendance a WHERE a.cooperative_id = s.cooperative_id AND a.session_id = s.id) AS "attendeeCount"`;

const ATTENDED_SESSIONS_SQL = `
  SELECT s.id AS "sessionId", s.topic, s.held_on::text AS "heldOn", s.trainer, s.validity_months AS "validityMonths"
    FROM training_attendance a
    JOIN training_sessions s ON s.cooperative_id = a.cooperative_id AND s.id = a.session_id
   WHERE a.cooperative_id = $1 AND a.miner_id = $2
   ORDER BY s.held_on, s.id`;

/** An attended session as the certification rules (rules/certifications.ts) read it. */
export function attendanceOf(row: AttendedSessionRow): TrainingAttendance {
  return { topic: row.topic, date: row.heldOn, validityMonths: row.validityMonths };
}

/** Every SQL query of training sessions and attendance, each named for what it returns. */
@Injectable()
export class TrainingsRepository {
  /** The sessions one member attended, oldest first. */
  async historyOf(tx: TenantTx, minerId: string): Promise<AttendedSessionRow[]> {
    return tx.query<AttendedSessionRow[]>(ATTENDED_SESSIONS_SQL, [tx.cooperativeId, minerId]);
  }

  /** What the gate and the registry read of a member's trainings (exported by MinersModule). */
  async attendancesOf(tx: TenantTx, minerId: string): Promise<TrainingAttendance[]> {
    return (await this.historyOf(tx, minerId)).map(attendanceOf);
  }

  /** The new session's id, or null when a session with that id already exists. */
  async insertSession(tx: TenantTx, session: NewTrainingSession): Promise<string | null> {
    const rows = await tx.query<{ id: string }[]>(
      `INSERT INTO training_sessions (cooperative_id, id, topic, held_on, trainer, validity_months, site_id, notes, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (cooperative_id, id) DO NOTHING RETURNING id`,
      [tx.cooperativeId, session.id, session.topic, session.heldOn, session.trainer, session.validityMonths, session.siteId, session.notes, session.createdBy],
    );
    return rows[0]?.id ?? null;
  }

  async session(tx: TenantTx, sessionId: string): Promise<TrainingSessionView | null> {
    const [row] = await tx.query<TrainingSessionView[]>(
      `SELECT ${SESSION_COLUMNS} FROM training_sessions s WHERE s.cooperative_id = $1 AND s.id = $2`,
      [tx.cooperativeId, sessionId],
    );
    return row ?? null;
  }

  /** Sessions matching the filters, most recent first. */
  async sessions(tx: TenantTx, filters: TrainingSessionFilters, limit: number): Promise<TrainingSessionView[]> {
    return tx.query<TrainingSessionView[]>(
      `SELECT ${SESSION_COLUMNS} FROM training_sessions s
        WHERE s.cooperative_id = $1
          AND ($2::text IS NULL OR s.topic = $2) AND ($3::uuid IS NULL OR s.site_id = $3)
          AND ($4::date IS NULL OR s.held_on >= $4) AND ($5::date IS NULL OR s.held_on <= $5)
        ORDER BY s.held_on DESC, s.id LIMIT $6`,
      [tx.cooperativeId, filters.topic ?? null, filters.siteId ?? null, filters.from ?? null, filters.to ?? null, limit],
    );
  }

  async attendees(tx: TenantTx, sessionId: string): Promise<TrainingAttendeeView[]> {
    return tx.query<TrainingAttendeeView[]>(
      `SELECT m.id AS "minerId", m.member_number AS "memberNumber", m.first_name AS "firstName", m.middle_name AS "middleName",
              m.last_name AS "lastName", a.recorded_by AS "recordedBy", a.recorded_at AS "recordedAt"
         FROM training_attendance a JOIN miners m ON m.cooperative_id = a.cooperative_id AND m.id = a.miner_id
        WHERE a.cooperative_id = $1 AND a.session_id = $2
        ORDER BY m.last_name, m.first_name, m.id`,
      [tx.cooperativeId, sessionId],
    );
  }

  /** Status and member number of each of these miners found in the cooperative. */
  async minerStatuses(tx: TenantTx, minerIds: readonly string[]): Promise<{ id: string; status: string; memberNumber: string }[]> {
    return tx.query<{ id: string; status: string; memberNumber: string }[]>(
      `SELECT id, status, member_number AS "memberNumber" FROM miners WHERE cooperative_id = $1 AND id = ANY ($2::uuid[])`,
      [tx.cooperativeId, minerIds],
    );
  }

  /** The miners newly recorded as attending; those already recorded are left as they are. */
  async insertAttendance(tx: TenantTx, sessionId: string, minerIds: readonly string[], recordedBy: string): Promise<string[]> {
    const rows = await tx.query<{ miner_id: string }[]>(
      `INSERT INTO training_attendance (cooperative_id, session_id, miner_id, recorded_by)
       SELECT $1, $2, miner_id, $4 FROM unnest($3::uuid[]) AS miner_id
       ON CONFLICT (cooperative_id, session_id, miner_id) DO NOTHING RETURNING miner_id`,
      [tx.cooperativeId, sessionId, minerIds, recordedBy],
    );
    return rows.map((row) => row.miner_id);
  }
}
