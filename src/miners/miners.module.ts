import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MemberNumberSequence } from './member-number-sequence.entity.js';
import { MemberStandingRepository } from './member-standing.repository.js';
import { MinerCardRecord } from './miner-card.entity.js';
import { MinerPhoto } from './miner-photo.entity.js';
import { MinerRegistrationAttempt } from './miner-registration-attempt.entity.js';
import { MinerStatusChange } from './miner-status-change.entity.js';
import { Miner } from './miner.entity.js';
import { MinersController } from './miners.controller.js';
import { MinersRepository } from './miners.repository.js';
import { MinerRegistrationRepository } from './miner-registration.repository.js';
import { CardCredentialsRepository } from './card-credentials.repository.js';
import { cardKeyRingProvider } from './card-key-ring.provider.js';
import { GateMembersReader } from './gate-members.reader.js';
import { MemberCardsService } from './member-cards.service.js';
import { MinerIdentityService } from './miner-identity.service.js';
import { MinerLifecycleService } from './miner-lifecycle.service.js';
import { MinerPersonalDataService } from './miner-personal-data.service.js';
import { MinerPhotosService } from './miner-photos.service.js';
import { MinerRecords } from './miner-records.js';
import { MinerRegistrationService } from './miner-registration.service.js';
import { MinerSearchService } from './miner-search.service.js';
import { SaemapeFormsService } from './saemape-forms.service.js';
import { PlacesModule } from '../places/places.module.js';
import { RiskModule } from '../risk/risk.module.js';
import { CardFeesController } from './card-fees/card-fees.controller.js';
import { CardFeesRepository } from './card-fees/card-fees.repository.js';
import { CardFeesService } from './card-fees/card-fees.service.js';
import { MinerCardFee } from './card-fees/miner-card-fee.entity.js';
import { TrainingAttendanceRecord } from './trainings/training-attendance.entity.js';
import { TrainingSession } from './trainings/training-session.entity.js';
import { TrainingsController } from './trainings/trainings.controller.js';
import { TrainingsRepository } from './trainings/trainings.repository.js';
import { TrainingsService } from './trainings/trainings.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Miner, MinerCardRecord, MinerStatusChange, MinerPhoto, MinerRegistrationAttempt, MemberNumberSequence, TrainingSession, TrainingAttendanceRecord, MinerCardFee]),
    PlacesModule,
    // Registration raises the child-labour flag of a refused minor.
    RiskModule,
  ],
  controllers: [MinersController, TrainingsController, CardFeesController],
  providers: [
    MinersRepository,
    MinerRegistrationRepository,
    MinerRecords,
    MinerRegistrationService,
    MinerSearchService,
    MinerIdentityService,
    MinerLifecycleService,
    MinerPhotosService,
    MinerPersonalDataService,
    SaemapeFormsService,
    MemberCardsService,
    CardCredentialsRepository,
    cardKeyRingProvider,
    TrainingsService,
    TrainingsRepository,
    CardFeesService,
    CardFeesRepository,
    MemberStandingRepository,
    GateMembersReader,
  ],
  exports: [TrainingsRepository, CardCredentialsRepository, cardKeyRingProvider, MemberStandingRepository, GateMembersReader],
})
export class MinersModule {}
