import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SavingsCyclesService } from './cycles.service.js';
import { SAVINGS_DOCUMENTS_CONTROLLERS, SAVINGS_DOCUMENTS_PROVIDERS } from './documents/savings-documents.registration.js';
import { SavingsGroupsService } from './groups.service.js';
import { SavingsLoansService } from './loans.service.js';
import { SavingsMeetingsService } from './meetings.service.js';
import { SavingsMemberExitsService } from './member-exits.service.js';
import { SavingsBalancesRepository } from './savings-balances.repository.js';
import { SavingsBooks } from './savings-books.js';
import { SavingsCyclesRepository } from './savings-cycles.repository.js';
import { SavingsGroupsRepository } from './savings-groups.repository.js';
import { SavingsLoansRepository } from './savings-loans.repository.js';
import { SavingsMeetingsRepository } from './savings-meetings.repository.js';
import { SavingsSettlements } from './savings-settlements.js';
import { SAVINGS_ENTITIES } from './savings.entities.js';
import { SavingsController } from './savings.controller.js';
import { SavingsShareOutService } from './share-out.service.js';

/** Savings groups (AVEC/VSLA): one service per use case over one repository per aggregate. Nothing outside reads it through Nest. */
@Module({
  imports: [TypeOrmModule.forFeature(SAVINGS_ENTITIES)],
  controllers: [SavingsController, ...SAVINGS_DOCUMENTS_CONTROLLERS],
  providers: [
    SavingsGroupsService, SavingsCyclesService, SavingsMeetingsService, SavingsLoansService, SavingsShareOutService, SavingsMemberExitsService,
    SavingsBooks, SavingsSettlements, SavingsGroupsRepository, SavingsCyclesRepository, SavingsMeetingsRepository, SavingsLoansRepository,
    SavingsBalancesRepository, ...SAVINGS_DOCUMENTS_PROVIDERS,
  ],
})
export class SavingsModule {}
