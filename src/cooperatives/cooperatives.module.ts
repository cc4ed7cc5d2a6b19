import { CooperativeExportController } from './cooperative-export.controller.js';
import { CooperativeExportService } from './cooperative-export.service.js';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from '../users/user.entity.js';
import { CooperativeUsersController, SupervisorsController } from '../users/users.controller.js';
import { UsersRepository } from '../users/users.repository.js';
import { UsersService } from '../users/users.service.js';
import { RefreshToken } from '../auth/refresh-token.entity.js';
import { IdempotencyRecord } from '../common/idempotency/idempotency-record.entity.js';
import { Cooperative, CooperativeLegalFormChange } from './cooperative.entity.js';
import { CooperativesController } from './cooperatives.controller.js';
import { CooperativesRepository } from './cooperatives.repository.js';
import { CooperativesService } from './cooperatives.service.js';
import { SupervisorJurisdiction } from './supervisor-jurisdiction.entity.js';
import { UserRole } from './user-role.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([Cooperative, CooperativeLegalFormChange, UserRole, SupervisorJurisdiction, User, RefreshToken, IdempotencyRecord])],
  controllers: [CooperativesController, CooperativeExportController, CooperativeUsersController, SupervisorsController],
  providers: [CooperativeExportService, CooperativesRepository, CooperativesService, UsersRepository, UsersService],
  exports: [CooperativesRepository, CooperativesService, UsersRepository, UsersService],
})
export class CooperativesModule {}
