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
}
