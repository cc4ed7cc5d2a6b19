import type { ModuleConflicts } from '../common/conflicts.js';

/** The unique constraints of purchases, sales, buyers and funds (migrations/), with the codes the services answer. */
export const purchasesConflicts: ModuleConflicts = {
  purchase_ledger_tag: { code: 'PURCHASE_TAG_TAKEN', column: 'tag_id', param: 'tagId' },
  buyers_pkey: { code: 'BUYER_ID_TAKEN', column: 'id' },
  buyers_cooperative_id_licence_number_key: { code: 'BUYER_LICENCE_TAKEN', column: 'licence_number', param: 'licenceNumber' },
  sales_pkey: { code: 'SALE_ID_TAKEN', column: 'id' },
  sale_buyer_measurements_pkey: { code: 'BUYER_MEASUREMENT_ID_TAKEN', column: 'id' },
  fund_spending_pkey: { code: 'FUND_SPENDING_ID_TAKEN', column: 'id' },
};
