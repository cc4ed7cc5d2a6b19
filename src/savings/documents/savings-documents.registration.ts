import { SavingsDocumentsController } from './savings-documents.controller.js';
import { SavingsDocumentsService } from './savings-documents.service.js';

/** Registered by SavingsModule: the documents read through its SavingsBooks and repositories. */
export const SAVINGS_DOCUMENTS_CONTROLLERS = [SavingsDocumentsController];
export const SAVINGS_DOCUMENTS_PROVIDERS = [SavingsDocumentsService];
