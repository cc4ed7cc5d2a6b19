import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { PlacesModule } from '../places/places.module.js';
import { CommunityReportsRepository } from './community/community-reports.repository.js';
import { CommunityReportsService } from './community/community-reports.service.js';
import { PublicIncidentReportsController } from './community/public-incident-reports.controller.js';
import { MonitorIncidentReportsController } from './community/monitor-incident-reports.controller.js';
import { IncidentStatisticsRepository } from './incident-statistics.repository.js';
import { CasePartnerOrganisationController, PartnerCasesController, PartneredCooperativesController } from './partner-cases.controller.js';
import { PartnerCasesService } from './partner-cases.service.js';
import { FlagReadability } from './case-viewer.js';
import { CasePartner, ChildLabourCase, ChildLabourCaseVisit } from './child-labour-case.entity.js';
import { CasePartnersController, ChildLabourCasesController } from './child-labour-cases.controller.js';
import { ChildLabourCasesRepository } from './child-labour-cases.repository.js';
import { ChildLabourCasesService } from './child-labour-cases.service.js';
import { CorrectiveAction } from './corrective-action.entity.js';
import { FindingActionsService } from './finding-actions.service.js';
import { RiskEvidenceController, RiskSettingsController } from './risk-evidence.controller.js';
import { RiskFlagEvidence, RiskSettings } from './risk-evidence.entity.js';
import { RiskEvidenceRepository } from './risk-evidence.repository.js';
import { RiskEvidenceService } from './risk-evidence.service.js';
import { RiskFlag, RiskFlagTransition } from './risk-flag.entity.js';
import { RiskFlagsController } from './risk-flags.controller.js';
import { RiskFlagsRepository } from './risk-flags.repository.js';
import { RiskFlagsService } from './risk-flags.service.js';
import { RiskSettingsRepository } from './risk-settings.repository.js';
import { RiskSettingsService } from './risk-settings.service.js';

/**
 * The gate, the registry and purchases raise flags through RiskFlagsService, and reports
 * apply the settings through RiskSettingsRepository: each imports this module. It sits below
 * them (it imports only PlacesModule and OrganisationsModule, identity), so no cycle.
 */
@Module({
  imports: [TypeOrmModule.forFeature([RiskFlag, RiskFlagTransition, CorrectiveAction, CasePartner, ChildLabourCase, ChildLabourCaseVisit, RiskFlagEvidence, RiskSettings]), PlacesModule, OrganisationsModule],
  controllers: [
    RiskFlagsController, ChildLabourCasesController, CasePartnersController, RiskEvidenceController, RiskSettingsController, PublicIncidentReportsController, MonitorIncidentReportsController,
    PartnerCasesController, CasePartnerOrganisationController, PartneredCooperativesController,
  ],
  providers: [
    RiskFlagsService,
    RiskFlagsRepository,
    ChildLabourCasesService,
    ChildLabourCasesRepository,
    RiskEvidenceService,
    RiskEvidenceRepository,
    RiskSettingsService,
    RiskSettingsRepository,
    FlagReadability,
    CommunityReportsService,
    CommunityReportsRepository,
    FindingActionsService,
    PartnerCasesService,
    IncidentStatisticsRepository,
  ],
  // CommunityReportsService: a monitor's report route (observer module) reports through it.
  exports: [RiskFlagsService, RiskSettingsRepository, CommunityReportsService, FindingActionsService, IncidentStatisticsRepository],
})
export class RiskModule {}
