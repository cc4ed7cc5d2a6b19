import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlacesModule } from '../places/places.module.js';
import { RiskModule } from '../risk/risk.module.js';
import { CooperativeTermsCache } from './cooperative-terms.cache.js';
import { FeeRulesService } from './fee-rules.service.js';
import { FeeRuleRecord } from './fee-rule.entity.js';
import { FundSpendingDecisionRecord, FundSpendingRecord } from './funds/fund-spending.entity.js';
import { FundsController } from './funds/funds.controller.js';
import { FundsRepository } from './funds/funds.repository.js';
import { FundFigures } from './funds/fund-figures.js';
import { FundsService } from './funds/funds.service.js';
import { MinerStatementController } from './statement/miner-statement.controller.js';
import { MinerStatementService } from './statement/miner-statement.service.js';
import { StatementRepository } from './statement/statement.repository.js';
import { LedgerHead } from './ledger-head.entity.js';
import { PurchaseLedgerEntry } from './purchase-ledger-entry.entity.js';
import { PurchasesController } from './purchases.controller.js';
import { PurchasesRepository } from './purchases.repository.js';
import { PurchasesService } from './purchases.service.js';
import { Buyer, Sale, SaleBuyerMeasurement, SaleLot, SaleReconciliationSettings } from './sales/sale.entity.js';
import { SalesController } from './sales/sales.controller.js';
import { SalesRepository } from './sales/sales.repository.js';
import { SalesService } from './sales/sales.service.js';
import { StockService } from './sales/stock.service.js';
import { BuyerMeasurementsService } from './sales/buyer-measurements.service.js';
import { BuyersService } from './sales/buyers.service.js';
import { ReconciliationSettingsService } from './sales/reconciliation-settings.service.js';
import { DiamondsController } from './diamonds/diamonds.controller.js';
import { DiamondsRepository } from './diamonds/diamonds.repository.js';
import { DiamondsService } from './diamonds/diamonds.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([PurchaseLedgerEntry, LedgerHead, FeeRuleRecord, FundSpendingRecord, FundSpendingDecisionRecord, Buyer, Sale, SaleLot, SaleBuyerMeasurement, SaleReconciliationSettings]), PlacesModule, RiskModule],
  controllers: [PurchasesController, FundsController, MinerStatementController, SalesController, DiamondsController],
  providers: [
    PurchasesService, CooperativeTermsCache, FeeRulesService, PurchasesRepository, FundsService, FundsRepository, FundFigures, MinerStatementService, StatementRepository, SalesService, BuyersService, BuyerMeasurementsService,
    ReconciliationSettingsService, SalesRepository, StockService, DiamondsService, DiamondsRepository,
  ],
  exports: [PurchasesService, StockService, SalesService, DiamondsRepository, FundFigures],
})
export class PurchasesModule {}
