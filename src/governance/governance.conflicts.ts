import type { ModuleConflicts } from '../common/conflicts.js';

/** The unique constraints of assemblies, demands and elections (migrations/), with the code the services answer. */
export const governanceConflicts: ModuleConflicts = {
  assemblies_pkey: { code: 'GOVERNANCE_ID_TAKEN', column: 'id' },
  assembly_demands_pkey: { code: 'GOVERNANCE_ID_TAKEN', column: 'id' },
  elections_pkey: { code: 'GOVERNANCE_ID_TAKEN', column: 'id' },
};
