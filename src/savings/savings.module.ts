import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SAVINGS_ENTITIES } from './savings.entities.js';
import { SavingsController } from './savings.controller.js';
import { SavingsRepository } from './savings.repository.js';
import { SavingsService } from './savings.service.js';

@Module({
  imports: [TypeOrmModule.forFeature(SAVINGS_ENTITIES)],
  controllers: [SavingsController],
  providers: [SavingsService, SavingsRepository],
  exports: [SavingsService],
})
export class SavingsModule {}
