import { Injectable } from '@nestjs/common';
import type { IsoDate } from '../../common/calendar-date.js';
import type { TenantTx } from '../../database/tx.js';
import type { LedgerEntryKind } from '../rules/canonical.js';
import type { ReconciliationTolerance } from '../rules/reconciliation.js';
import type { BuyerType } from './dto/sale.dto.js';
import type { LotFacts } from './rules/sale-lots.js';
import type { NewMeasurement } from './rules/buyer-measurement.js';
import type { NewSale } from './rules/new-sale.js';
import type { ValuedMovement } from './rules/stock.js';

export interface BuyerRow {
  id: string;
  name: string;
  licence_number: string;
  type: BuyerType;
  created_by: string;
  created_at: Date;
}

/** A sale row as selected by SALE_COLUMNS: bigint columns come back as text. */
export interface SaleRow {
  id: string;
  buyer_id: string;
  buyer_name: string;
  buyer_licence_number: string;
  buyer_type: BuyerType;
  sold_on: string;
  mineral: string;
  lot_count: number;
  net_mg: string;
  grade_bp: number | null;
  unit_price_minor: string | null;
  price_unit: string | null;
  price_basis: string | null;
  currency: string;
  amount_minor: string;
  exchange_rate: string | null;
  exchange_rate_base: string | null;
  reporting_currency: string;
  amount_reporting_minor: string;
  reference: string | null;
  recorded_by: string;
  recorded_at: Date;
}

export interface SaleLotRow {
  purchase_id: string;
  lot_number: string | null;
  tag_id: string | null;
  site_id: string | null;
  net_mg: string;
  grade_bp: number | null;
  moisture_bp: number | null;
  amount_reporting_minor: string | null;
  reporting_currency: string | null;
}

export interface MeasurementRow {
  id: string;
  sale_id: string;
  corrects_id: string | null;
  reason: string | null;
  measured_on: string;
  net_mg: string;
  grade_bp: number | null;
  moisture_bp: number | null;
  reference: string | null;
  our_net_mg: string;
  our_grade_bp: number | null;
  mass_diff_mg: string;
  mass_diff_bp: string;
  grade_diff_bp: number | null;
  mass_tolerance_bp: number;
  grade_tolerance_bp: number;
  exceeds: boolean;
  reasons: string[];
  risk_flag_id: string | null;
  recorded_by: string;
  recorded_at: Date;
}

const SALE_COLUMNS = `s.id, s.buyer_id, b.name AS buyer_name, b.licence_number AS buyer_licence_number, b.type AS buyer_type,
  s.sold_on::text AS sold_on, s.mineral, s.lot_count, s.net_mg, s.grade_bp, s.unit_price_minor, s.price_unit, s.price_basis,
  s.currency::text AS currency, s.amount_minor, s.exchange_rate, s.exchange_rate_base::text AS exchange_rate_base,
  s.reporting_currency::text AS reporting_currency, s.amount_reporting_minor, s.reference, s.recorded_by, s.recorded_at`;

const SALE_FROM = `sales s JOIN buyers b ON b.cooperative_id = s.cooperative_id AND b.id = s.buyer_id`;

const MEASUREMENT_COLUMNS = `id, sale_id, corrects_id, reason, measured_on::text AS measured_on, net_mg, grade_bp, moisture_bp, reference,
  our_net_mg, our_grade_bp, mass_diff_mg, mass_diff_bp, grade_diff_bp, mass_tolerance_bp, grade_tolerance_bp, exceeds, reasons,
  risk_flag_id, recorded_by, recorded_at`;

/** The day a ledger entry counts from, in the cooperative's time zone: captured for a purchase, recorded for a reversal. */
const ENTRY_DAY = `(COALESCE(e.captured_at, e.recorded_at) AT TIME ZONE c.timezone)::date`;

export interface SaleFilter {
  readonly from: IsoDate | null;
  readonly to: IsoDate | null;
  readonly buyerId: string | null;
}

/** Where a page of sales resumes: the last sale shown (its day, exact recording time as text, id). */
export interface SaleKey {
  readonly soldOn: string;
  readonly recordedAt: string;
  readonly id: string;
}

interface LotFactsRow {
  id: string;
  tag_id: string | null;
  lot_number: string | null;
  kind: LedgerEntryKind;
  mineral: string;
  site_id: string | null;
  net_mg: string;
  grade_bp: number | null;
  purchased_on: string;
  reversal_id: string | null;
  sale_id: string | null;
  parcel_id: string | null;
}

interface MovementRow {
  mineral: string;
  site_id: string | null;
  currency: string | null;
  mass_mg: string;
  value_minor: string;
}

function movementOf(row: MovementRow): ValuedMovement {
  return { mineral: row.mineral, siteId: row.site_id ?? '', currency: row.currency ?? '', massMg: Number(row.mass_mg), valueMinor: Number(row.value_minor) };
}

@Injectable()
export class SalesRepository {
  /**
   * Sales and reversals of the same lots take turns: each takes a transaction lock per lot,
   * in one order (sorted ids) so that two sales sharing lots never deadlock, and then reads
   * the lot's state, which the other has committed by then.
   */
  async lockLots(tx: TenantTx, purchaseIds: readonly string[]): Promise<void> {
    const sorted = [...new Set(purchaseIds)].sort();
    await tx.query(
      `SELECT pg_advisory_xact_lock(hashtext('purchase_lot:' || $1::text || ':' || lot.id::text))
         FROM unnest($2::uuid[]) WITH ORDINALITY AS lot (id, position) ORDER BY lot.position`,
      [tx.cooperativeId, sorted],
    );
  }

  /** The sale holding a purchase lot, or null when it is unsold. */
  async saleOfLot(tx: TenantTx, purchaseId: string): Promise<string | null> {
    const [row] = await tx.query<{ sale_id: string }[]>('SELECT sale_id FROM sale_lots WHERE cooperative_id = $1 AND purchase_id = $2', [tx.cooperativeId, purchaseId]);
    return row?.sale_id ?? null;
  }

  async insertBuyer(tx: TenantTx, id: string, buyer: { name: string; licenceNumber: string; type: BuyerType }, createdBy: string): Promise<void> {
    await tx.query(`INSERT INTO buyers (cooperative_id, id, name, licence_number, type, created_by) VALUES ($1, $2, $3, $4, $5, $6)`, [
      tx.cooperativeId,
      id,
      buyer.name,
      buyer.licenceNumber,
      buyer.type,
      createdBy,
    ]);
  }

  async buyers(tx: TenantTx): Promise<BuyerRow[]> {
    return tx.query<BuyerRow[]>(`SELECT id, name, licence_number, type, created_by, created_at FROM buyers WHERE cooperative_id = $1 ORDER BY name, id`, [tx.cooperativeId]);
  }

  async findBuyer(tx: TenantTx, id: string): Promise<BuyerRow | null> {
    const [row] = await tx.query<BuyerRow[]>(`SELECT id, name, licence_number, type, created_by, created_at FROM buyers WHERE cooperative_id = $1 AND id = $2`, [tx.cooperativeId, id]);
    return row ?? null;
  }

  async buyerWithLicence(tx: TenantTx, licenceNumber: string): Promise<string | null> {
    const [row] = await tx.query<{ id: string }[]>(`SELECT id FROM buyers WHERE cooperative_id = $1 AND licence_number = $2`, [tx.cooperativeId, licenceNumber]);
    return row?.id ?? null;
  }

  /** Ledger entries named by id or (purchase) tag, with their day, reversal and sale if any. */
  async lotFacts(tx: TenantTx, purchaseIds: readonly string[], tagIds: readonly string[]): Promise<LotFacts[]> {
    const rows = await tx.query<LotFactsRow[]>(
      `SELECT e.id, e.tag_id, e.lot_number, e.kind, e.mineral, e.site_id, e.net_mg, e.grade_bp,
              ${ENTRY_DAY}::text AS purchased_on, r.id AS reversal_id, l.sale_id, e.parcel_id
         FROM purchase_ledger e
         JOIN cooperatives c ON c.id = e.cooperative_id
         LEFT JOIN purchase_ledger r ON r.cooperative_id = e.cooperative_id AND r.reverses_id = e.id
         LEFT JOIN sale_lots l ON l.cooperative_id = e.cooperative_id AND l.purchase_id = e.id
        WHERE e.cooperative_id = $1 AND (e.id = ANY ($2::uuid[]) OR (e.kind = 'purchase' AND e.tag_id = ANY ($3::text[])))`,
      [tx.cooperativeId, purchaseIds, tagIds],
    );
    return rows.map((row) => ({
      purchaseId: row.id,
      tagId: row.tag_id,
      lotNumber: row.lot_number,
      kind: row.kind,
      mineral: row.mineral,
      siteId: row.site_id,
      netMg: Number(row.net_mg),
      gradeBp: row.grade_bp,
      purchasedOn: row.purchased_on,
      reversalId: row.reversal_id,
      saleId: row.sale_id,
      parcelId: row.parcel_id,
    }));
  }

  async saleIdTaken(tx: TenantTx, id: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>('SELECT 1 FROM sales WHERE cooperative_id = $1 AND id = $2', [tx.cooperativeId, id]);
    return rows.length > 0;
  }

  async insertSale(tx: TenantTx, sale: NewSale, purchaseIds: readonly string[]): Promise<void> {
    await tx.query(
      `INSERT INTO sales (cooperative_id, id, buyer_id, sold_on, mineral, lot_count, net_mg, grade_bp, unit_price_minor, price_unit,
                          price_basis, currency, amount_minor, exchange_rate, exchange_rate_base, reporting_currency,
                          amount_reporting_minor, reference, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
      [
        tx.cooperativeId, sale.id, sale.buyerId, sale.soldOn, sale.mineral, sale.lotCount, sale.netMg, sale.gradeBp, sale.unitPriceMinor,
        sale.priceUnit, sale.priceBasis, sale.currency, sale.amountMinor, sale.exchangeRate, sale.exchangeRateBase,
        sale.reportingCurrency, sale.amountReportingMinor, sale.reference, sale.recordedBy,
      ],
    );
    await tx.query(`INSERT INTO sale_lots (cooperative_id, purchase_id, sale_id) SELECT $1, lot, $2 FROM unnest($3::uuid[]) AS lot`, [
      tx.cooperativeId,
      sale.id,
      purchaseIds,
    ]);
  }

  async findSale(tx: TenantTx, id: string): Promise<SaleRow | null> {
    const [row] = await tx.query<SaleRow[]>(`SELECT ${SALE_COLUMNS} FROM ${SALE_FROM} WHERE s.cooperative_id = $1 AND s.id = $2`, [tx.cooperativeId, id]);
    return row ?? null;
  }

  /**
   * One page of the cooperative's sales, newest first (day, then recording time, then id), after
   * the sale the cursor names; `recorded_at_key` is the exact timestamp as text for the next cursor.
   */
  async salesPage(tx: TenantTx, filter: SaleFilter, after: SaleKey | null, limit: number): Promise<(SaleRow & { recorded_at_key: string })[]> {
    return tx.query(
      `SELECT ${SALE_COLUMNS}, s.recorded_at::text AS recorded_at_key FROM ${SALE_FROM}
        WHERE s.cooperative_id = $1 AND ($2::date IS NULL OR s.sold_on >= $2) AND ($3::date IS NULL OR s.sold_on <= $3)
          AND ($4::uuid IS NULL OR s.buyer_id = $4)
          AND ($5::date IS NULL OR s.sold_on < $5
               OR (s.sold_on = $5 AND (s.recorded_at < $6::timestamptz OR (s.recorded_at = $6::timestamptz AND s.id > $7::uuid))))
        ORDER BY s.sold_on DESC, s.recorded_at DESC, s.id LIMIT $8`,
      [tx.cooperativeId, filter.from, filter.to, filter.buyerId, after?.soldOn ?? null, after?.recordedAt ?? null, after?.id ?? null, limit],
    );
  }

  /** Every sale dated in the period, newest first, in the order of salesPage. */
  async salesBetween(tx: TenantTx, from: IsoDate, to: IsoDate): Promise<SaleRow[]> {
    return tx.query<SaleRow[]>(
      `SELECT ${SALE_COLUMNS} FROM ${SALE_FROM} WHERE s.cooperative_id = $1 AND s.sold_on BETWEEN $2 AND $3
        ORDER BY s.sold_on DESC, s.recorded_at DESC, s.id`,
      [tx.cooperativeId, from, to],
    );
  }

  async lotsOfSale(tx: TenantTx, saleId: string): Promise<SaleLotRow[]> {
    return tx.query<SaleLotRow[]>(
      `SELECT e.id AS purchase_id, e.lot_number, e.tag_id, e.site_id, e.net_mg, e.grade_bp, e.moisture_bp, e.amount_reporting_minor,
              e.reporting_currency::text AS reporting_currency
         FROM sale_lots l JOIN purchase_ledger e ON e.cooperative_id = l.cooperative_id AND e.id = l.purchase_id
        WHERE l.cooperative_id = $1 AND l.sale_id = $2 ORDER BY e.sequence`,
      [tx.cooperativeId, saleId],
    );
  }

  /** A sale's measurements, oldest first; the last is the one in force. */
  async measurementsOf(tx: TenantTx, saleIds: readonly string[]): Promise<MeasurementRow[]> {
    return tx.query<MeasurementRow[]>(
      `SELECT ${MEASUREMENT_COLUMNS} FROM sale_buyer_measurements WHERE cooperative_id = $1 AND sale_id = ANY ($2::uuid[]) ORDER BY recorded_at, id`,
      [tx.cooperativeId, saleIds],
    );
  }

  /** Measurements of one sale take turns, so that the second of two becomes a correction of the first. */
  async lockSaleMeasurements(tx: TenantTx, saleId: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('sale_measurements:' || $1::text || ':' || $2::text))`, [tx.cooperativeId, saleId]);
  }

  /** The measurement no other corrects: the one in force. */
  async currentMeasurementId(tx: TenantTx, saleId: string): Promise<string | null> {
    const [row] = await tx.query<{ id: string }[]>(
      `SELECT m.id FROM sale_buyer_measurements m
        WHERE m.cooperative_id = $1 AND m.sale_id = $2
          AND NOT EXISTS (SELECT 1 FROM sale_buyer_measurements n WHERE n.cooperative_id = m.cooperative_id AND n.corrects_id = m.id)`,
      [tx.cooperativeId, saleId],
    );
    return row?.id ?? null;
  }

  async measurementIdTaken(tx: TenantTx, id: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>('SELECT 1 FROM sale_buyer_measurements WHERE cooperative_id = $1 AND id = $2', [tx.cooperativeId, id]);
    return rows.length > 0;
  }

  async insertMeasurement(tx: TenantTx, m: NewMeasurement): Promise<void> {
    await tx.query(
      `INSERT INTO sale_buyer_measurements (cooperative_id, id, sale_id, corrects_id, reason, measured_on, net_mg, grade_bp, moisture_bp,
                                            reference, our_net_mg, our_grade_bp, mass_diff_mg, mass_diff_bp, grade_diff_bp,
                                            mass_tolerance_bp, grade_tolerance_bp, exceeds, reasons, risk_flag_id, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19::jsonb, $20, $21)`,
      [
        tx.cooperativeId, m.id, m.saleId, m.correctsId, m.reason, m.measuredOn, m.netMg, m.gradeBp, m.moistureBp, m.reference, m.ourNetMg,
        m.ourGradeBp, m.massDiffMg, m.massDiffBp, m.gradeDiffBp, m.tolerance.massBp, m.tolerance.gradeBp, m.exceeds,
        JSON.stringify(m.reasons), m.riskFlagId, m.recordedBy,
      ],
    );
  }

  async tolerance(tx: TenantTx, lock = false): Promise<(ReconciliationTolerance & { updatedAt: Date }) | null> {
    const [row] = await tx.query<{ mass_tolerance_bp: number; grade_tolerance_bp: number; updated_at: Date }[]>(
      `SELECT mass_tolerance_bp, grade_tolerance_bp, updated_at FROM sale_reconciliation_settings WHERE cooperative_id = $1${lock ? ' FOR UPDATE' : ''}`,
      [tx.cooperativeId],
    );
    return row ? { massBp: row.mass_tolerance_bp, gradeBp: row.grade_tolerance_bp, updatedAt: row.updated_at } : null;
  }

  async saveTolerance(tx: TenantTx, tolerance: ReconciliationTolerance): Promise<void> {
    await tx.query(
      `INSERT INTO sale_reconciliation_settings (cooperative_id, mass_tolerance_bp, grade_tolerance_bp, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (cooperative_id) DO UPDATE
         SET mass_tolerance_bp = EXCLUDED.mass_tolerance_bp, grade_tolerance_bp = EXCLUDED.grade_tolerance_bp, updated_at = now()`,
      [tx.cooperativeId, tolerance.massBp, tolerance.gradeBp],
    );
  }

  /**
   * Ledger movements counted by the end of `on`, summed per mineral, site and reporting
   * currency: purchases positive, reversals negative, each on its own day.
   */
  async purchasedMovements(tx: TenantTx, on: IsoDate): Promise<ValuedMovement[]> {
    const rows = await tx.query<MovementRow[]>(
      `SELECT e.mineral, e.site_id, e.reporting_currency::text AS currency,
              SUM(CASE WHEN e.kind = 'reversal' THEN -e.net_mg ELSE e.net_mg END)::text AS mass_mg,
              SUM(COALESCE(e.amount_reporting_minor, 0))::text AS value_minor
         FROM purchase_ledger e JOIN cooperatives c ON c.id = e.cooperative_id
        WHERE e.cooperative_id = $1 AND ${ENTRY_DAY} <= $2::date
        GROUP BY e.mineral, e.site_id, e.reporting_currency`,
      [tx.cooperativeId, on],
    );
    return rows.map(movementOf);
  }

  /** Lots sold by the end of `on`, at their purchase mass and cost, summed like purchasedMovements. */
  async soldMovements(tx: TenantTx, on: IsoDate): Promise<ValuedMovement[]> {
    const rows = await tx.query<MovementRow[]>(
      `SELECT e.mineral, e.site_id, e.reporting_currency::text AS currency, SUM(e.net_mg)::text AS mass_mg,
              SUM(COALESCE(e.amount_reporting_minor, 0))::text AS value_minor
         FROM sale_lots l
         JOIN sales s ON s.cooperative_id = l.cooperative_id AND s.id = l.sale_id
         JOIN purchase_ledger e ON e.cooperative_id = l.cooperative_id AND e.id = l.purchase_id
        WHERE l.cooperative_id = $1 AND s.sold_on <= $2::date
        GROUP BY e.mineral, e.site_id, e.reporting_currency`,
      [tx.cooperativeId, on],
    );
    return rows.map(movementOf);
  }
}
