import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GateEvent } from './gate-event.entity.js';
import { SiteZone } from './site-zone.entity.js';
import { Site } from './site.entity.js';
import { SitesController } from './sites.controller.js';
import { SitesRepository } from './sites.repository.js';
import { SitesService } from './sites.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Site, SiteZone, GateEvent])],
  controllers: [SitesController],
  providers: [SitesService, SitesRepository],
})
export class SitesModule {}
