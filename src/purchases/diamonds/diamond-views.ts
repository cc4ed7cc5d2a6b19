import { localDateIn } from '../../common/time-zone.js';
import { findMineral } from '../rules/minerals.js';
import type { CertificateRow, ParcelLotRow, ParcelRow } from './diamonds.repository.js';
import type { KimberleyCertificateView, ParcelLotView, ParcelView } from './dto/diamond.view.js';
import { mgToCarats } from './rules/carats.js';
import { certificateStatusOn } from './rules/kimberley-certificate.js';

export function parcelViewOf(row: ParcelRow): ParcelView {
  return {
    id: row.id, parcelNumber: row.parcel_number, mineral: row.mineral, hsCode: findMineral(row.mineral).hsCode,
    status: row.certificate_id !== null ? 'certified' : row.sale_id !== null ? 'sold' : 'open',
    lots: row.lots, stones: row.stones, carats: mgToCarats(row.carats_mg), saleId: row.sale_id, certificateId: row.certificate_id,
    createdBy: row.created_by, createdAt: row.created_at.toISOString(),
  };
}

export function parcelLotViewOf(row: ParcelLotRow): ParcelLotView {
  return {
    purchaseId: row.id, lotNumber: row.lot_number, tagId: row.tag_id, siteId: row.site_id, carats: mgToCarats(row.net_mg),
    stones: row.stones, qualityClass: row.quality_class, reversed: row.reversed,
  };
}

export function certificateViewOf(row: CertificateRow, timezone: string): KimberleyCertificateView {
  return {
    id: row.id, certificateNumber: row.certificate_number, issuingAuthority: row.issuing_authority, countryOfOrigin: row.country_of_origin,
    carats: mgToCarats(row.carats_mg), valueUsdMinor: row.value_usd_minor, parcelCount: row.parcel_count, issuedOn: row.issued_on,
    expiresOn: row.expires_on, status: certificateStatusOn({ expiresOn: row.expires_on }, localDateIn(timezone)),
    exporter: row.exporter, importer: row.importer, parcelIds: row.parcel_ids, ourCarats: mgToCarats(row.our_carats_mg),
    differenceCarats: mgToCarats(row.carats_mg - row.our_carats_mg), caratToleranceBp: row.carat_tolerance_bp, exceeds: row.exceeds,
    riskFlagId: row.risk_flag_id,
    scan: row.scan === null ? null : { ...row.scan, uploadedAt: new Date(row.scan.uploadedAt).toISOString() },
    recordedBy: row.recorded_by, recordedAt: row.recorded_at.toISOString(),
  };
}
