import { ApiProperty } from '@nestjs/swagger';
import { JOB_STATES, type JobState } from '../jobs.repository.js';

/** How far a job has got: counts of its units of work and the whole percentage they make. */
export class JobProgressView {
  @ApiProperty({ type: Number })
  done!: number;
  @ApiProperty({ type: Number, description: '0 while the amount of work is not known yet.' })
  total!: number;
  @ApiProperty({ type: Number, description: 'Whole percent, rounded down: 100 only when everything is done.' })
  percent!: number;
}

/** A background job the caller queued: state, progress and, once done, its result or error. */
export class JobView {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;
  @ApiProperty({ type: String, example: 'regulator-report' })
  kind!: string;
  @ApiProperty({ type: String, enum: JOB_STATES })
  state!: JobState;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  cooperativeId!: string | null;
  @ApiProperty({ type: () => JobProgressView })
  progress!: JobProgressView;
  @ApiProperty({ type: Number, description: 'How many times a worker took the job (a retry after a worker died counts).' })
  attempts!: number;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'Once succeeded: what the job made (e.g. `reportId`, `href`).' })
  result!: unknown;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'Once failed: `{ code, params }`.' })
  error!: unknown;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt!: string | null;
}
