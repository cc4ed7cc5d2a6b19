import { ApiProperty } from '@nestjs/swagger';

/** The process answers. */
export class LivenessView {
  @ApiProperty({ type: String, enum: ['ok'] })
  status!: 'ok';
}

/** The database answers and every migration is applied. */
export class ReadinessView {
  @ApiProperty({ type: String, enum: ['ready'] })
  status!: 'ready';
  @ApiProperty({ type: String, enum: ['ok'] })
  database!: 'ok';
  @ApiProperty({ type: Number, enum: [0], description: 'Always 0 when ready: pending migrations answer 503.' })
  pendingMigrations!: 0;
}
