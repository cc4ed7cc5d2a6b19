import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GateEvent } from './gate-event.entity.js';
import { GatePresence } from './gate-presence.entity.js';
import { GateSnapshotKeyController } from './gate-snapshot-key.controller.js';
import { GateSnapshotService } from './gate-snapshot.service.js';
import { SiteZone } from './site-zone.entity.js';
import { Site } from './site.entity.js';
import { SitesController } from './sites.controller.js';
import { SitesRepository } from './sites.repository.js';
import { SitesService } from './sites.service.js';
import { CardCredentialsRepository } from '../miners/card-credentials.repository.js';
import { cardKeyRingProvider } from '../miners/card-key-ring.provider.js';

@Module({
  imports: [TypeOrmModule.forFeature([Site, SiteZone, GateEvent, GatePresence])],
  controllers: [SitesController, GateSnapshotKeyController],
  providers: [SitesService, SitesRepository, GateSnapshotService, CardCredentialsRepository, cardKeyRingProvider],
})
export class SitesModule {}
