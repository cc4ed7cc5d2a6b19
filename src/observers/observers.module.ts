import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { PurchasesModule } from '../purchases/purchases.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { RiskModule } from '../risk/risk.module.js';
import { StandardsModule } from '../standards/standards.module.js';
import { ObservationService } from './observation.service.js';
import { BenefitStatementSettingController, ObservationController, ObserverGrantsController, ProvinceObserverGrantsController } from './observers.controller.js';
import { ObserverGrantsRepository } from './observer-grants.repository.js';
import { ObserverGrantsService } from './observer-grants.service.js';
import { PublicStatementController } from './public-statement.controller.js';
import { PublicStatementRepository } from './public-statement.repository.js';
import { PublicStatementService } from './public-statement.service.js';

/** A read model over funds, reports and risks for the organisations a cooperative lets observe it, and the public statement. */
@Module({
  imports: [AuthModule, OrganisationsModule, PurchasesModule, ReportsModule, RiskModule, StandardsModule],
  controllers: [ObserverGrantsController, ProvinceObserverGrantsController, BenefitStatementSettingController, ObservationController, PublicStatementController],
  providers: [ObserverGrantsRepository, ObserverGrantsService, ObservationService, PublicStatementRepository, PublicStatementService],
})
export class ObserversModule {}
