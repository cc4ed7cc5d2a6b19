import type { ModuleConflicts } from '../common/conflicts.js';

/** The unique constraints of reports (migrations/), with the code the service answers. */
export const reportsConflicts: ModuleConflicts = {
  reports_pkey: { code: 'REPORT_ID_TAKEN', column: 'id' },
};
