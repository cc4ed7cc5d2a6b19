import { SavingsDocumentsController } from './savings-documents.controller.js';
import { SavingsDocumentsRepository } from './savings-documents.repository.js';
import { SavingsDocumentsService } from './savings-documents.service.js';

/** Registered by SavingsModule: the documents read through its SavingsService and SavingsRepository. */
export const SAVINGS_DOCUMENTS_CONTROLLERS = [SavingsDocumentsController];
export const SAVINGS_DOCUMENTS_PROVIDERS = [SavingsDocumentsService, SavingsDocumentsRepository];
