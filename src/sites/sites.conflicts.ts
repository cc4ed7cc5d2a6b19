import type { ModuleConflicts } from '../common/conflicts.js';

/** The unique constraints of sites, zones and gate events (migrations/), with the codes the services answer. */
export const sitesConflicts: ModuleConflicts = {
  sites_pkey: { code: 'SITE_ID_TAKEN', column: 'id' },
  sites_cooperative_id_code_key: { code: 'SITE_CODE_TAKEN', column: 'code' },
  site_zones_pkey: { code: 'ZONE_ID_TAKEN', column: 'id' },
  site_zones_cooperative_id_site_id_name_key: { code: 'ZONE_NAME_TAKEN', column: 'name' },
  gate_events_pkey: { code: 'GATE_EVENT_ID_TAKEN', column: 'id' },
};
