import type { ModuleConflicts } from '../common/conflicts.js';

/** The unique constraints of savings groups (migrations/), with the codes the services answer. */
export const savingsConflicts: ModuleConflicts = {
  savings_groups_pkey: { code: 'SAVINGS_ID_TAKEN', column: 'id' },
  savings_groups_cooperative_id_name_key: { code: 'SAVINGS_GROUP_NAME_TAKEN', column: 'name' },
  savings_group_members_pkey: { code: 'SAVINGS_ID_TAKEN', column: 'id' },
};
