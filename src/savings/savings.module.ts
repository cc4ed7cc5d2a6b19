import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SAVINGS_ENTITIES } from './savings.entities.js';
import { SavingsController } from './savings.controller.js';
import { SavingsRepository } from './savings.repository.js';
import { SavingsService } from './savings.service.js';
import { SAVINGS_DOCUMENTS_CONTROLLERS, SAVINGS_DOCUMENTS_PROVIDERS } from './documents/savings-documents.registration.js';

@Module({
  imports: [TypeOrmModule.forFeature(SAVINGS_ENTITIES)],
  controllers: [SavingsController, ...SAVINGS_DOCUMENTS_CONTROLLERS],
  providers: [SavingsService, SavingsRepository, ...SAVINGS_DOCUMENTS_PROVIDERS],
  exports: [SavingsService],
})
export class SavingsModule {}
