import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { FastifyInstance } from 'fastify';
import { PlacesModule } from '../places/places.module.js';
import { FlagReadability } from './case-viewer.js';
import { CasePartner, ChildLabourCase, ChildLabourCaseVisit } from './child-labour-case.entity.js';
import { CasePartnersController, ChildLabourCasesController } from './child-labour-cases.controller.js';
import { ChildLabourCasesRepository } from './child-labour-cases.repository.js';
import { ChildLabourCasesService } from './child-labour-cases.service.js';
import { CorrectiveAction } from './corrective-action.entity.js';
import { EVIDENCE_CONTENT_TYPES, MAX_EVIDENCE_BYTES } from './evidence-file.js';
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

/** The evidence upload route, whatever the global prefix. */
const EVIDENCE_UPLOAD_URL = /\/cooperatives\/:cooperativeId\/risk-flags\/:flagId\/evidence\/?$/;

/**
 * The gate, the registry and purchases raise flags through RiskFlagsService, and reports
 * apply the settings through RiskSettingsRepository: each imports this module. It sits below
 * them (it imports only PlacesModule), so no cycle.
 */
@Module({
  imports: [TypeOrmModule.forFeature([RiskFlag, RiskFlagTransition, CorrectiveAction, CasePartner, ChildLabourCase, ChildLabourCaseVisit, RiskFlagEvidence, RiskSettings]), PlacesModule],
  controllers: [RiskFlagsController, ChildLabourCasesController, CasePartnersController, RiskEvidenceController, RiskSettingsController],
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
  ],
  exports: [RiskFlagsService, RiskSettingsRepository],
})
export class RiskModule implements OnApplicationBootstrap {
  /**
   * The evidence route gets its own body limit (2 MiB), which Fastify prefers to the limit
   * of whichever module registered the image parsers (the miners module's is 1 MiB). Routes
   * are added before any lifecycle hook runs, so the onRoute hook goes in here, when the
   * module is instantiated.
   */
  constructor(private readonly adapterHost: HttpAdapterHost) {
    const fastify = adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (methods.includes('POST') && EVIDENCE_UPLOAD_URL.test(route.url)) route.bodyLimit = MAX_EVIDENCE_BYTES;
    });
  }

  /**
   * Evidence arrives as a raw body. Parsers are registered only for the types no other module
   * has claimed (the miners module registers the image ones in onModuleInit, which runs
   * before this hook), so modules do not clash.
   */
  onApplicationBootstrap(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const missing = EVIDENCE_CONTENT_TYPES.filter((type) => !fastify.hasContentTypeParser(type));
    if (missing.length === 0) return;
    fastify.addContentTypeParser(missing, { parseAs: 'buffer', bodyLimit: MAX_EVIDENCE_BYTES }, (_request, body, done) => {
      done(null, body);
    });
  }
}
