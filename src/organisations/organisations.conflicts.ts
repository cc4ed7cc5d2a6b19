import type { ModuleConflicts } from '../common/conflicts.js';

/** The unique constraints of organisations and observer grants (migration H7ObserversPartners). */
export const organisationsConflicts: ModuleConflicts = {
  organisation_people_user_id_key: { code: 'ORGANISATION_PERSON_TAKEN', column: 'user_id', param: 'userId' },
  observer_grants_pkey: { code: 'OBSERVER_GRANT_ID_TAKEN', column: 'id' },
};
