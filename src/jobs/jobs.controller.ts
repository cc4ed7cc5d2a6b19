import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type AuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { JobView } from './dto/job.view.js';
import { JobsService } from './jobs.service.js';

@ApiTags('jobs')
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get(':jobId')
  @Roles('authenticated')
  @ApiOperation({ summary: 'State, progress and, once done, the result or the error of a job the caller queued.' })
  @ApiOkResponse({ type: JobView })
  async get(@Auth() auth: AuthContext, @Param('jobId', ParseUUIDPipe) jobId: string): Promise<JobView> {
    return this.jobs.get(auth, jobId);
  }
}
