import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Auth, type AuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { type JobView, JobsService } from './jobs.service.js';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  /** State, progress (counts and percentage) and, once done, the result or the error of a job the caller queued. */
  @Get(':jobId')
  @Roles('authenticated')
  async get(@Auth() auth: AuthContext, @Param('jobId', ParseUUIDPipe) jobId: string): Promise<JobView> {
    return this.jobs.get(auth, jobId);
  }
}
