import { ApiProperty } from '@nestjs/swagger';

/** The process answers. */
export class LivenessView {
  @ApiProperty({ type: String, enum: ['ok'] })
  status!: 'ok';
}

/** Where the automatic backups stand (present when they are on). */
export class BackupStatusView {
  @ApiProperty({ description: 'Folder the automatic copies go to (BACKUP_DIR).' })
  folder!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the newest copy there was taken; null before the first.' })
  lastCopyAt!: string | null;
  @ApiProperty({ description: 'True when there is no copy younger than two days: take one or check the folder.' })
  stale!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Why the last attempt failed, if it did.' })
  lastError!: string | null;
}

/** The read replica (DATABASE_READ_URL) as this instance sees it. */
export class ReplicaStatusView {
  @ApiProperty({
    type: String, enum: ['streaming', 'lagging', 'not-a-standby', 'unavailable'],
    description: 'streaming: it serves reads; lagging: behind by more than maxLagSeconds (or cannot tell), not-a-standby: promoted, unavailable: out of reach. In all but the first, reads go to the primary.',
  })
  status!: 'streaming' | 'lagging' | 'not-a-standby' | 'unavailable';
  @ApiProperty({ type: Number, nullable: true, description: 'Seconds behind the primary: 0 while it has replayed all the live stream brought, else the age of the last transaction it replayed; null when unknown.' })
  lagSeconds!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'How far it has replayed the primary\'s WAL (pg_last_wal_replay_lsn).', example: '0/3000148' })
  replayLsn!: string | null;
  @ApiProperty({ description: 'DATABASE_READ_MAX_LAG_SECONDS.' })
  maxLagSeconds!: number;
}

/** The database answers and every migration is applied. */
export class ReadinessView {
  @ApiProperty({ type: String, enum: ['ready'] })
  status!: 'ready';
  @ApiProperty({ type: String, enum: ['ok'] })
  database!: 'ok';
  @ApiProperty({ type: Number, enum: [0], description: 'Always 0 when ready: pending migrations answer 503.' })
  pendingMigrations!: 0;
  @ApiProperty({ type: BackupStatusView, required: false, description: 'Automatic backups, when they are on (the embedded engine, or BACKUP_DIR set).' })
  backup?: BackupStatusView;
  @ApiProperty({ type: ReplicaStatusView, required: false, description: 'The read replica, when DATABASE_READ_URL is set. Its trouble never makes the API unready: reads then go to the primary.' })
  replica?: ReplicaStatusView;
}
