import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FeeRuleRecord } from './fee-rule.entity.js';
import { LedgerHead } from './ledger-head.entity.js';
import { PurchaseLedgerEntry } from './purchase-ledger-entry.entity.js';
import { PurchasesController } from './purchases.controller.js';
import { PurchasesRepository } from './purchases.repository.js';
import { PurchasesService } from './purchases.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([PurchaseLedgerEntry, LedgerHead, FeeRuleRecord])],
  controllers: [PurchasesController],
  providers: [PurchasesService, PurchasesRepository],
  exports: [PurchasesService],
})
export class PurchasesModule {}
