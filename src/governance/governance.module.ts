import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CooperativesModule } from '../cooperatives/cooperatives.module.js';
import { MinersModule } from '../miners/miners.module.js';
import { Assembly, AssemblyAgendaItem, AssemblyDemand, AssemblyAttendance, AssemblyResolution, BylawVersion } from './assembly.entity.js';
import { Election, ElectionBallot, ElectionCandidacy, ElectionLotDraw, ElectionPosition, ElectionSealedBallot, ElectionVoter, Mandate } from './election.entity.js';
import { AssembliesController } from './assemblies.controller.js';
import { AssembliesRepository } from './assemblies.repository.js';
import { AssembliesService } from './assemblies.service.js';
import { BylawsController } from './bylaws.controller.js';
import { BylawsRepository } from './bylaws.repository.js';
import { BylawsService } from './bylaws.service.js';
import { DemandsRepository } from './demands.repository.js';
import { DemandsService } from './demands.service.js';
import { ElectionCount } from './election-count.js';
import { ElectionsController } from './elections.controller.js';
import { ElectionsRepository } from './elections.repository.js';
import { ElectionsService } from './elections.service.js';
import { GovernanceContext } from './governance.context.js';
import { MinutesService } from './minutes.service.js';
import { PollingService } from './polling.service.js';
import { ResolutionsService } from './resolutions.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      Assembly,
      AssemblyAgendaItem,
      AssemblyDemand,
      AssemblyAttendance,
      AssemblyResolution,
      BylawVersion,
      Election,
      ElectionPosition,
      ElectionCandidacy,
      ElectionBallot,
      ElectionSealedBallot,
      ElectionVoter,
      Mandate,
      ElectionLotDraw,
    ]),
    CooperativesModule,
    // Who was a member, and in which status, on the day of an assembly.
    MinersModule,
  ],
  controllers: [AssembliesController, ElectionsController, BylawsController],
  providers: [
    AssembliesService,
    ResolutionsService,
    DemandsService,
    BylawsService,
    MinutesService,
    ElectionsService,
    PollingService,
    GovernanceContext,
    ElectionCount,
    AssembliesRepository,
    BylawsRepository,
    DemandsRepository,
    ElectionsRepository,
  ],
  // Nothing outside governance reads it through Nest today (reports import only the pure bylaws rule).
  exports: [AssembliesService, BylawsService, ElectionsService, PollingService],
})
export class GovernanceModule {}
