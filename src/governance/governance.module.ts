import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Assembly, AssemblyAgendaItem, AssemblyDemand, AssemblyAttendance, AssemblyResolution, BylawVersion } from './assembly.entity.js';
import { Election, ElectionBallot, ElectionCandidacy, ElectionLotDraw, ElectionPosition, ElectionVoter, Mandate } from './election.entity.js';
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
      ElectionVoter,
      Mandate,
      ElectionLotDraw,
    ]),
  ],
  controllers: [GovernanceController],
  providers: [GovernanceService, GovernanceRepository],
  exports: [GovernanceService],
})
export class GovernanceModule {}
