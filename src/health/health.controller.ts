import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../auth/public.decorator.js';
import { isDatabaseUnavailable } from '../database/database-unavailable.js';
import { pendingMigrations } from '../database/migrate.js';
import { BackupSchedule } from '../database/backup-schedule.js';
import { ReadReplica } from '../database/read-replica.js';
import { LivenessView, ReadinessView } from './dto/health.view.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly backups: BackupSchedule,
    private readonly replica: ReadReplica,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process answers.' })
  @ApiOkResponse({ type: LivenessView })
  live(): LivenessView {
    return { status: 'ok' };
  }

  @Get('ready')
  @HttpCode(200)
  @ApiOperation({ summary: 'Readiness: the database answers and every migration is applied.' })
  @ApiOkResponse({ type: ReadinessView })
  async ready(): Promise<ReadinessView> {
    let pending: string[];
    try {
      pending = await pendingMigrations(this.dataSource);
    } catch (error) {
      // The filter answers 503 DATABASE_UNAVAILABLE; anything else here is still "not ready".
      if (isDatabaseUnavailable(error)) throw error;
      throw new ServiceUnavailableException();
    }
    if (pending.length > 0) throw new ServiceUnavailableException();
    const backup = this.backups.status();
    const replica = await this.replica.state();
    return { status: 'ready', database: 'ok', pendingMigrations: 0, ...(backup ? { backup } : {}), ...(replica ? { replica } : {}) };
  }
}
