import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RiskModule } from '../risk/risk.module.js';
import { AssessmentEvidenceService } from './assessment-evidence.service.js';
import { SiteAssessment, SiteAssessmentCriterion, SiteAssessmentEvidence } from './site-assessment.entity.js';
import { SiteAssessmentsRepository } from './site-assessments.repository.js';
import { SiteAssessmentsService } from './site-assessments.service.js';
import { SiteAssessmentsController, StandardsController } from './standards.controller.js';
import { StandardsCatalogue } from './standards-catalogue.js';
import { StandardsReportSource } from './standards-report-source.js';

/**
 * Standards (files of templates/standards/, checked when the module starts) and the site
 * assessments made against them. Failed "must" criteria open corrective actions through the
 * risk module; the regulator's report reads its standards section through StandardsReportSource.
 */
@Module({
  imports: [TypeOrmModule.forFeature([SiteAssessment, SiteAssessmentCriterion, SiteAssessmentEvidence]), RiskModule],
  controllers: [StandardsController, SiteAssessmentsController],
  providers: [
    { provide: StandardsCatalogue, useFactory: () => StandardsCatalogue.load() },
    SiteAssessmentsRepository,
    SiteAssessmentsService,
    AssessmentEvidenceService,
    StandardsReportSource,
  ],
  exports: [StandardsReportSource],
})
export class StandardsModule {}
