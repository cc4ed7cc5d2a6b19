import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Assembly, AssemblyAgendaItem, AssemblyDemand, AssemblyAttendance, AssemblyResolution, BylawVersion } from './assembly.entity.js';
import { Election, ElectionBallot, ElectionCandidacy, ElectionLotDraw, ElectionPosition, ElectionSealedBallot, ElectionVoter, Mandate } from './election.entity.js';
import { ElectionsRepository } from './elections.repository.js';
import { ElectionsService } from './elections.service.js';
import { GovernanceContext } from './governance.context.js';
import { GovernanceController } from './governance.controller.js';
import { GovernanceRepository } from './governance.repository.js';
import { GovernanceService } from './governance.service.js';

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
  ],
  controllers: [GovernanceController],
  providers: [GovernanceService, ElectionsService, GovernanceContext, GovernanceRepository, ElectionsRepository],
  exports: [GovernanceService, ElectionsService],
})
export class GovernanceModule {}
