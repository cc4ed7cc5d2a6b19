import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PurchasesModule } from '../purchases/purchases.module.js';
import { ReportRecord } from './report.entity.js';
import { ReportsController, SupervisionController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';
import { SupervisionService } from './supervision.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([ReportRecord]), PurchasesModule],
  controllers: [ReportsController, SupervisionController],
  providers: [ReportsService, ReportsRepository, SupervisionService],
})
export class ReportsModule {}
