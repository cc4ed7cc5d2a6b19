import type { ModuleConflicts } from '../common/conflicts.js';

/** The unique constraints of users (migrations/), with the code the service answers. */
export const usersConflicts: ModuleConflicts = {
  users_pkey: { code: 'ID_TAKEN', column: 'id' },
};
