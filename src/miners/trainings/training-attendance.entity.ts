import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A member attended a training session (append-only). */
@Entity('training_attendance')
export class TrainingAttendanceRecord {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid', { name: 'session_id' }) sessionId: string;
  @PrimaryColumn('uuid', { name: 'miner_id' }) minerId: string;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}
