import type { ModuleConflicts } from '../common/conflicts.js';

/** The unique constraints of purchases, sales, buyers and funds (migrations/), with the codes the services answer. */
export const purchasesConflicts: ModuleConflicts = {
  purchase_ledger_tag: { code: 'PURCHASE_TAG_TAKEN', column: 'tag_id', param: 'tagId' },
  buyers_pkey: { code: 'BUYER_ID_TAKEN', column: 'id' },
  buyers_cooperative_id_licence_number_key: { code: 'BUYER_LICENCE_TAKEN', column: 'licence_number', param: 'licenceNumber' },
  sales_pkey: { code: 'SALE_ID_TAKEN', column: 'id' },
  sale_buyer_measurements_pkey: { code: 'BUYER_MEASUREMENT_ID_TAKEN', column: 'id' },
  fund_spending_pkey: { code: 'FUND_SPENDING_ID_TAKEN', column: 'id' },
  diamond_parcels_pkey: { code: 'PARCEL_ID_TAKEN', column: 'id' },
  diamond_parcels_cooperative_id_parcel_number_key: { code: 'PARCEL_NUMBER_TAKEN', column: 'parcel_number', param: 'parcelNumber' },
  sale_parcels_pkey: { code: 'PARCEL_ALREADY_SOLD', column: 'parcel_id', param: 'parcelId' },
  kimberley_certificates_pkey: { code: 'CERTIFICATE_ID_TAKEN', column: 'id' },
  kimberley_certificates_cooperative_id_certificate_number_key: { code: 'CERTIFICATE_NUMBER_TAKEN', column: 'certificate_number', param: 'certificateNumber' },
  kimberley_certificate_parcels_pkey: { code: 'PARCEL_ALREADY_CERTIFIED', column: 'parcel_id', param: 'parcelId' },
  kimberley_certificate_scans_pkey: { code: 'CERTIFICATE_SCAN_EXISTS', column: 'certificate_id', param: 'certificateId' },
};
