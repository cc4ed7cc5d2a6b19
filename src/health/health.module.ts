import { Module } from '@nestjs/common';
import { BackupSchedule } from '../database/backup-schedule.js';
import { HealthController } from './health.controller.js';

/** Liveness and readiness, and the automatic backups whose freshness readiness reports. */
@Module({ controllers: [HealthController], providers: [BackupSchedule] })
export class HealthModule {}
