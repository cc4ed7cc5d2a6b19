import { Module } from '@nestjs/common';
import { CooperativesModule } from '../cooperatives/cooperatives.module.js';
import { OrganisationsController } from './organisations.controller.js';
import { OrganisationsRepository } from './organisations.repository.js';
import { OrganisationsService } from './organisations.service.js';

/** Organisations outside the cooperatives and their people: identity, below the features that grant them reach. */
@Module({
  imports: [CooperativesModule],
  controllers: [OrganisationsController],
  providers: [OrganisationsRepository, OrganisationsService],
  exports: [OrganisationsRepository],
})
export class OrganisationsModule {}
