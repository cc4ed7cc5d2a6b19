import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StandardsModule } from '../standards/standards.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { PurchasesModule } from '../purchases/purchases.module.js';
import { RiskModule } from '../risk/risk.module.js';
import { SitesModule } from '../sites/sites.module.js';
import { JurisdictionReportsRepository } from './jurisdiction-reports.repository.js';
import { JurisdictionReportsService } from './jurisdiction-reports.service.js';
import { RegulatorReportComposer } from './regulator-report-composer.js';
import { ReportJobs } from './report-jobs.js';
import { ReportRecord } from './report.entity.js';
import { ReportsController, SupervisionController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';
import { SupervisionRepository } from './supervision.repository.js';
import { SupervisionService } from './supervision.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([ReportRecord]), PurchasesModule, JobsModule, RiskModule, SitesModule, StandardsModule],
  controllers: [ReportsController, SupervisionController],
  providers: [ReportsService, ReportsRepository, RegulatorReportComposer, SupervisionService, SupervisionRepository, JurisdictionReportsService, JurisdictionReportsRepository, ReportJobs],
  exports: [ReportsRepository],
})
export class ReportsModule {}
