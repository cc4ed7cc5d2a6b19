import { Module } from '@nestjs/common';
import { IdempotencyPurge } from './idempotency-purge.js';
import { JobRunner } from './job-runner.js';
import { JobsController } from './jobs.controller.js';
import { JobsRepository } from './jobs.repository.js';
import { JobsService } from './jobs.service.js';

/** Background jobs stored in PostgreSQL (see job-runner.ts); feature modules register their handlers. The worker also purges expired idempotency rows. */
@Module({
  controllers: [JobsController],
  providers: [JobsRepository, JobRunner, JobsService, IdempotencyPurge],
  exports: [JobsService],
})
export class JobsModule {}
