import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MinersModule } from '../miners/miners.module.js';
import { RiskModule } from '../risk/risk.module.js';
import { SiteAuthorisationRemindersController, SiteAuthorisationsController } from './authorisations/site-authorisations.controller.js';
import { SiteAuthorisationsRepository } from './authorisations/site-authorisations.repository.js';
import { SiteAuthorisationsService } from './authorisations/site-authorisations.service.js';
import { GateEvent } from './gate-event.entity.js';
import { GateEventsService } from './gate-events.service.js';
import { GatePresence } from './gate-presence.entity.js';
import { GateSnapshotKeyController } from './gate-snapshot-key.controller.js';
import { GateSnapshotService } from './gate-snapshot.service.js';
import { GateRepository } from './gate.repository.js';
import { GateService } from './gate.service.js';
import { PresenceService } from './presence.service.js';
import { SiteZone } from './site-zone.entity.js';
import { Site } from './site.entity.js';
import { SitesController } from './sites.controller.js';
import { SitesRepository } from './sites.repository.js';
import { SitesService } from './sites.service.js';
import { ZonesService } from './zones.service.js';

/** The gate reads the registry (members, cards, trainings, card credentials and keys) and raises risk flags through their modules' exports. */
@Module({
  imports: [TypeOrmModule.forFeature([Site, SiteZone, GateEvent, GatePresence]), MinersModule, RiskModule],
  controllers: [SitesController, GateSnapshotKeyController, SiteAuthorisationsController, SiteAuthorisationRemindersController],
  providers: [
    SitesService, ZonesService, GateService, GateEventsService, PresenceService, GateSnapshotService,
    SitesRepository, GateRepository, SiteAuthorisationsService, SiteAuthorisationsRepository,
  ],
  // The regulator's report lists the authorisations in force.
  exports: [SiteAuthorisationsRepository],
})
export class SitesModule {}
