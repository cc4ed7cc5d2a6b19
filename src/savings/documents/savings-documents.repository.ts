import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The few reads the savings documents need beyond SavingsRepository's. */
@Injectable()
export class SavingsDocumentsRepository {
  async cooperative(tx: EntityManager, cooperativeId: string): Promise<{ name: string; timezone: string } | undefined> {
    const [row] = await tx.query<{ name: string; timezone: string }[]>('SELECT name, timezone FROM cooperatives WHERE id = $1', [cooperativeId]);
    return row;
  }

  /** Attendance taken at every meeting of a cycle, one row per member and meeting. */
  cycleAttendance(tx: EntityManager, cooperativeId: string, cycleId: string): Promise<{ meeting_id: string; member_id: string; status: string }[]> {
    return tx.query<{ meeting_id: string; member_id: string; status: string }[]>(
      `SELECT a.meeting_id, a.member_id, a.status
         FROM savings_attendance a JOIN savings_meetings m ON m.cooperative_id = a.cooperative_id AND m.id = a.meeting_id
        WHERE a.cooperative_id = $1 AND m.cycle_id = $2`,
      [cooperativeId, cycleId],
    );
  }
}
