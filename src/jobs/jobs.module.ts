import { Module } from '@nestjs/common';
import { JobRunner } from './job-runner.js';
import { JobsController } from './jobs.controller.js';
import { JobsRepository } from './jobs.repository.js';
import { JobsService } from './jobs.service.js';

/** Background jobs stored in PostgreSQL (see job-runner.ts); feature modules register their handlers. */
@Module({
  controllers: [JobsController],
  providers: [JobsRepository, JobRunner, JobsService],
  exports: [JobsService],
})
export class JobsModule {}
