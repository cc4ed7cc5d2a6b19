import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasePartner, ChildLabourCase, ChildLabourCaseVisit } from './child-labour-case.entity.js';
import { CasePartnersController, ChildLabourCasesController } from './child-labour-cases.controller.js';
import { ChildLabourCasesService } from './child-labour-cases.service.js';
import { CorrectiveAction } from './corrective-action.entity.js';
import { RiskEvidenceController, RiskSettingsController } from './risk-evidence.controller.js';
import { RiskFlagEvidence, RiskSettings } from './risk-evidence.entity.js';
import { RiskEvidenceService } from './risk-evidence.service.js';
import { RiskFlag, RiskFlagTransition } from './risk-flag.entity.js';
import { RiskFlagsController } from './risk-flags.controller.js';
import { RiskFlagsService } from './risk-flags.service.js';
import { RiskSettingsService } from './risk-settings.service.js';

/** Global so that the gate, the registry and purchases can raise flags without importing it. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([RiskFlag, RiskFlagTransition, CorrectiveAction, CasePartner, ChildLabourCase, ChildLabourCaseVisit, RiskFlagEvidence, RiskSettings])],
  controllers: [RiskFlagsController, ChildLabourCasesController, CasePartnersController, RiskEvidenceController, RiskSettingsController],
  providers: [RiskFlagsService, ChildLabourCasesService, RiskEvidenceService, RiskSettingsService],
  exports: [RiskFlagsService],
})
export class RiskModule {}
