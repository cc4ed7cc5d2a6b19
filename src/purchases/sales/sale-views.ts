import type { BuyerMeasurementView, BuyerView, SaleLotView, SaleView } from './dto/sale.view.js';
import type { BuyerRow, MeasurementRow, SaleLotRow, SaleRow } from './sales.repository.js';

/** Sales rows as the API shows them: bigint columns as numbers, timestamps as ISO strings. */

export function buyerViewOf(row: BuyerRow): BuyerView {
  return { id: row.id, name: row.name, licenceNumber: row.licence_number, type: row.type, createdBy: row.created_by, createdAt: row.created_at.toISOString() };
}

export function measurementViewOf(row: MeasurementRow): BuyerMeasurementView {
  return {
    id: row.id,
    saleId: row.sale_id,
    correctsId: row.corrects_id,
    reason: row.reason,
    measuredOn: row.measured_on,
    netMg: Number(row.net_mg),
    gradeBp: row.grade_bp,
    moistureBp: row.moisture_bp,
    reference: row.reference,
    ours: { netMg: Number(row.our_net_mg), gradeBp: row.our_grade_bp },
    massDiffMg: Number(row.mass_diff_mg),
    massDiffBp: Number(row.mass_diff_bp),
    gradeDiffBp: row.grade_diff_bp,
    tolerance: { massBp: row.mass_tolerance_bp, gradeBp: row.grade_tolerance_bp },
    exceeds: row.exceeds,
    reasons: row.reasons,
    riskFlagId: row.risk_flag_id,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at.toISOString(),
  };
}

export function saleViewOf(row: SaleRow, measurements: readonly BuyerMeasurementView[]): SaleView {
  return {
    id: row.id,
    buyer: { id: row.buyer_id, name: row.buyer_name, licenceNumber: row.buyer_licence_number, type: row.buyer_type },
    soldOn: row.sold_on,
    mineral: row.mineral,
    lotCount: row.lot_count,
    netMg: Number(row.net_mg),
    gradeBp: row.grade_bp,
    unitPriceMinor: row.unit_price_minor === null ? null : Number(row.unit_price_minor),
    priceUnit: row.price_unit,
    priceBasis: row.price_basis,
    currency: row.currency,
    amountMinor: Number(row.amount_minor),
    exchangeRate: row.exchange_rate === null || row.exchange_rate_base === null ? null : { base: row.exchange_rate_base, rate: row.exchange_rate },
    reportingCurrency: row.reporting_currency,
    amountReportingMinor: Number(row.amount_reporting_minor),
    reference: row.reference,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at.toISOString(),
    buyerMeasurement: measurements.filter((m) => m.saleId === row.id).at(-1) ?? null,
  };
}

export function lotViewOf(row: SaleLotRow): SaleLotView {
  return {
    purchaseId: row.purchase_id,
    lotNumber: row.lot_number,
    tagId: row.tag_id,
    siteId: row.site_id,
    netMg: Number(row.net_mg),
    gradeBp: row.grade_bp,
    moistureBp: row.moisture_bp,
  };
}
