import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { IsoDate } from '../../common/calendar-date.js';
import type { LedgerEntryKind } from '../rules/canonical.js';
import type { ReconciliationTolerance } from '../rules/reconciliation.js';
import type { BuyerType } from './dto/sale.dto.js';
import type { LotFacts } from './rules/sale-lots.js';
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

/** What a sale states about itself, the same in a new row and in its view. */
export interface SaleFigures {
  soldOn: IsoDate;
  mineral: string;
  lotCount: number;
  netMg: number;
  gradeBp: number | null;
  unitPriceMinor: number | null;
  priceUnit: string | null;
  priceBasis: string | null;
  currency: string;
  amountMinor: number;
  reportingCurrency: string;
  amountReportingMinor: number;
  reference: string | null;
}

export interface NewSale extends SaleFigures {
  id: string;
  buyerId: string;
  exchangeRate: string | null;
  exchangeRateBase: string | null;
  recordedBy: string;
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

export interface NewMeasurement {
  id: string;
  saleId: string;
  correctsId: string | null;
  reason: string | null;
  measuredOn: IsoDate;
  netMg: number;
  gradeBp: number | null;
  moistureBp: number | null;
  reference: string | null;
  ourNetMg: number;
  ourGradeBp: number | null;
  massDiffMg: number;
  massDiffBp: number;
  gradeDiffBp: number | null;
  tolerance: ReconciliationTolerance;
  exceeds: boolean;
  reasons: readonly string[];
  riskFlagId: string | null;
  recordedBy: string;
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

/**
 * Sales and reversals of the same lots take turns: each takes a transaction lock per lot,
 * in one order (sorted ids) so that two sales sharing lots never deadlock, and then reads
 * the lot's state, which the other has committed by then.
 */
export async function lockLots(tx: EntityManager, cooperativeId: string, purchaseIds: readonly string[]): Promise<void> {
  const sorted = [...new Set(purchaseIds)].sort();
  await tx.query(
    `SELECT pg_advisory_xact_lock(hashtext('purchase_lot:' || $1::text || ':' || lot.id::text))
       FROM unnest($2::uuid[]) WITH ORDINALITY AS lot (id, position) ORDER BY lot.position`,
    [cooperativeId, sorted],
  );
}

/** The sale holding a purchase lot, or null when it is unsold. */
export async function saleOfLot(tx: EntityManager, cooperativeId: string, purchaseId: string): Promise<string | null> {
  const [row] = await tx.query<{ sale_id: string }[]>('SELECT sale_id FROM sale_lots WHERE cooperative_id = $1 AND purchase_id = $2', [cooperativeId, purchaseId]);
  return row?.sale_id ?? null;
}

@Injectable()
export class SalesRepository {
  async insertBuyer(tx: EntityManager, cooperativeId: string, id: string, buyer: { name: string; licenceNumber: string; type: BuyerType }, createdBy: string): Promise<void> {
    await tx.query(`INSERT INTO buyers (cooperative_id, id, name, licence_number, type, created_by) VALUES ($1, $2, $3, $4, $5, $6)`, [
      cooperativeId,
      id,
      buyer.name,
      buyer.licenceNumber,
      buyer.type,
      createdBy,
    ]);
  }

  async buyers(tx: EntityManager, cooperativeId: string): Promise<BuyerRow[]> {
    return tx.query<BuyerRow[]>(`SELECT id, name, licence_number, type, created_by, created_at FROM buyers WHERE cooperative_id = $1 ORDER BY name, id`, [cooperativeId]);
  }

  async findBuyer(tx: EntityManager, cooperativeId: string, id: string): Promise<BuyerRow | null> {
    const [row] = await tx.query<BuyerRow[]>(`SELECT id, name, licence_number, type, created_by, created_at FROM buyers WHERE cooperative_id = $1 AND id = $2`, [cooperativeId, id]);
    return row ?? null;
  }

  async buyerWithLicence(tx: EntityManager, cooperativeId: string, licenceNumber: string): Promise<string | null> {
    const [row] = await tx.query<{ id: string }[]>(`SELECT id FROM buyers WHERE cooperative_id = $1 AND licence_number = $2`, [cooperativeId, licenceNumber]);
    return row?.id ?? null;
  }

  /** Ledger entries named by id or (purchase) tag, with their day, reversal and sale if any. */
  async lotFacts(tx: EntityManager, cooperativeId: string, purchaseIds: readonly string[], tagIds: readonly string[]): Promise<LotFacts[]> {
    const rows = await tx.query<LotFactsRow[]>(
      `SELECT e.id, e.tag_id, e.lot_number, e.kind, e.mineral, e.site_id, e.net_mg, e.grade_bp,
              ${ENTRY_DAY}::text AS purchased_on, r.id AS reversal_id, l.sale_id
         FROM purchase_ledger e
         JOIN cooperatives c ON c.id = e.cooperative_id
         LEFT JOIN purchase_ledger r ON r.cooperative_id = e.cooperative_id AND r.reverses_id = e.id
         LEFT JOIN sale_lots l ON l.cooperative_id = e.cooperative_id AND l.purchase_id = e.id
        WHERE e.cooperative_id = $1 AND (e.id = ANY ($2::uuid[]) OR (e.kind = 'purchase' AND e.tag_id = ANY ($3::text[])))`,
      [cooperativeId, purchaseIds, tagIds],
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
    }));
  }

  async saleIdTaken(tx: EntityManager, cooperativeId: string, id: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>('SELECT 1 FROM sales WHERE cooperative_id = $1 AND id = $2', [cooperativeId, id]);
    return rows.length > 0;
  }

  async insertSale(tx: EntityManager, cooperativeId: string, sale: NewSale, purchaseIds: readonly string[]): Promise<void> {
    await tx.query(
      `INSERT INTO sales (cooperative_id, id, buyer_id, sold_on, mineral, lot_count, net_mg, grade_bp, unit_price_minor, price_unit,
                          price_basis, currency, amount_minor, exchange_rate, exchange_rate_base, reporting_currency,
                          amount_reporting_minor, reference, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
      [
        cooperativeId, sale.id, sale.buyerId, sale.soldOn, sale.mineral, sale.lotCount, sale.netMg, sale.gradeBp, sale.unitPriceMinor,
        sale.priceUnit, sale.priceBasis, sale.currency, sale.amountMinor, sale.exchangeRate, sale.exchangeRateBase,
        sale.reportingCurrency, sale.amountReportingMinor, sale.reference, sale.recordedBy,
      ],
    );
    await tx.query(`INSERT INTO sale_lots (cooperative_id, purchase_id, sale_id) SELECT $1, lot, $2 FROM unnest($3::uuid[]) AS lot`, [
      cooperativeId,
      sale.id,
      purchaseIds,
    ]);
  }

  async findSale(tx: EntityManager, cooperativeId: string, id: string): Promise<SaleRow | null> {
    const [row] = await tx.query<SaleRow[]>(`SELECT ${SALE_COLUMNS} FROM ${SALE_FROM} WHERE s.cooperative_id = $1 AND s.id = $2`, [cooperativeId, id]);
    return row ?? null;
  }

  async listSales(
    tx: EntityManager,
    cooperativeId: string,
    filter: { from: IsoDate | null; to: IsoDate | null; buyerId: string | null; limit: number | null; offset: number },
  ): Promise<SaleRow[]> {
    return tx.query<SaleRow[]>(
      `SELECT ${SALE_COLUMNS} FROM ${SALE_FROM}
        WHERE s.cooperative_id = $1 AND ($2::date IS NULL OR s.sold_on >= $2) AND ($3::date IS NULL OR s.sold_on <= $3)
          AND ($4::uuid IS NULL OR s.buyer_id = $4)
        ORDER BY s.sold_on DESC, s.recorded_at DESC, s.id LIMIT $5 OFFSET $6`,
      [cooperativeId, filter.from, filter.to, filter.buyerId, filter.limit, filter.offset],
    );
  }

  async lotsOfSale(tx: EntityManager, cooperativeId: string, saleId: string): Promise<SaleLotRow[]> {
    return tx.query<SaleLotRow[]>(
      `SELECT e.id AS purchase_id, e.lot_number, e.tag_id, e.site_id, e.net_mg, e.grade_bp, e.moisture_bp, e.amount_reporting_minor,
              e.reporting_currency::text AS reporting_currency
         FROM sale_lots l JOIN purchase_ledger e ON e.cooperative_id = l.cooperative_id AND e.id = l.purchase_id
        WHERE l.cooperative_id = $1 AND l.sale_id = $2 ORDER BY e.sequence`,
      [cooperativeId, saleId],
    );
  }

  /** A sale's measurements, oldest first; the last is the one in force. */
  async measurementsOf(tx: EntityManager, cooperativeId: string, saleIds: readonly string[]): Promise<MeasurementRow[]> {
    return tx.query<MeasurementRow[]>(
      `SELECT ${MEASUREMENT_COLUMNS} FROM sale_buyer_measurements WHERE cooperative_id = $1 AND sale_id = ANY ($2::uuid[]) ORDER BY recorded_at, id`,
      [cooperativeId, saleIds],
    );
  }

  /** Measurements of one sale take turns, so that the second of two becomes a correction of the first. */
  async lockSaleMeasurements(tx: EntityManager, cooperativeId: string, saleId: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('sale_measurements:' || $1::text || ':' || $2::text))`, [cooperativeId, saleId]);
  }

  /** The measurement no other corrects: the one in force. */
  async currentMeasurementId(tx: EntityManager, cooperativeId: string, saleId: string): Promise<string | null> {
    const [row] = await tx.query<{ id: string }[]>(
      `SELECT m.id FROM sale_buyer_measurements m
        WHERE m.cooperative_id = $1 AND m.sale_id = $2
          AND NOT EXISTS (SELECT 1 FROM sale_buyer_measurements n WHERE n.cooperative_id = m.cooperative_id AND n.corrects_id = m.id)`,
      [cooperativeId, saleId],
    );
    return row?.id ?? null;
  }

  async measurementIdTaken(tx: EntityManager, cooperativeId: string, id: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>('SELECT 1 FROM sale_buyer_measurements WHERE cooperative_id = $1 AND id = $2', [cooperativeId, id]);
    return rows.length > 0;
  }

  async insertMeasurement(tx: EntityManager, cooperativeId: string, m: NewMeasurement): Promise<void> {
    await tx.query(
      `INSERT INTO sale_buyer_measurements (cooperative_id, id, sale_id, corrects_id, reason, measured_on, net_mg, grade_bp, moisture_bp,
                                            reference, our_net_mg, our_grade_bp, mass_diff_mg, mass_diff_bp, grade_diff_bp,
                                            mass_tolerance_bp, grade_tolerance_bp, exceeds, reasons, risk_flag_id, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19::jsonb, $20, $21)`,
      [
        cooperativeId, m.id, m.saleId, m.correctsId, m.reason, m.measuredOn, m.netMg, m.gradeBp, m.moistureBp, m.reference, m.ourNetMg,
        m.ourGradeBp, m.massDiffMg, m.massDiffBp, m.gradeDiffBp, m.tolerance.massBp, m.tolerance.gradeBp, m.exceeds,
        JSON.stringify(m.reasons), m.riskFlagId, m.recordedBy,
      ],
    );
  }

  async tolerance(tx: EntityManager, cooperativeId: string, lock = false): Promise<(ReconciliationTolerance & { updatedAt: Date }) | null> {
    const [row] = await tx.query<{ mass_tolerance_bp: number; grade_tolerance_bp: number; updated_at: Date }[]>(
      `SELECT mass_tolerance_bp, grade_tolerance_bp, updated_at FROM sale_reconciliation_settings WHERE cooperative_id = $1${lock ? ' FOR UPDATE' : ''}`,
      [cooperativeId],
    );
    return row ? { massBp: row.mass_tolerance_bp, gradeBp: row.grade_tolerance_bp, updatedAt: row.updated_at } : null;
  }

  async saveTolerance(tx: EntityManager, cooperativeId: string, tolerance: ReconciliationTolerance): Promise<void> {
    await tx.query(
      `INSERT INTO sale_reconciliation_settings (cooperative_id, mass_tolerance_bp, grade_tolerance_bp, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (cooperative_id) DO UPDATE
         SET mass_tolerance_bp = EXCLUDED.mass_tolerance_bp, grade_tolerance_bp = EXCLUDED.grade_tolerance_bp, updated_at = now()`,
      [cooperativeId, tolerance.massBp, tolerance.gradeBp],
    );
  }

  /**
   * Ledger movements counted by the end of `on`, summed per mineral, site and reporting
   * currency: purchases positive, reversals negative, each on its own day.
   */
  async purchasedMovements(tx: EntityManager, cooperativeId: string, on: IsoDate): Promise<ValuedMovement[]> {
    const rows = await tx.query<MovementRow[]>(
      `SELECT e.mineral, e.site_id, e.reporting_currency::text AS currency,
              SUM(CASE WHEN e.kind = 'reversal' THEN -e.net_mg ELSE e.net_mg END)::text AS mass_mg,
              SUM(COALESCE(e.amount_reporting_minor, 0))::text AS value_minor
         FROM purchase_ledger e JOIN cooperatives c ON c.id = e.cooperative_id
        WHERE e.cooperative_id = $1 AND ${ENTRY_DAY} <= $2::date
        GROUP BY e.mineral, e.site_id, e.reporting_currency`,
      [cooperativeId, on],
    );
    return rows.map(movementOf);
  }

  /** Lots sold by the end of `on`, at their purchase mass and cost, summed like purchasedMovements. */
  async soldMovements(tx: EntityManager, cooperativeId: string, on: IsoDate): Promise<ValuedMovement[]> {
    const rows = await tx.query<MovementRow[]>(
      `SELECT e.mineral, e.site_id, e.reporting_currency::text AS currency, SUM(e.net_mg)::text AS mass_mg,
              SUM(COALESCE(e.amount_reporting_minor, 0))::text AS value_minor
         FROM sale_lots l
         JOIN sales s ON s.cooperative_id = l.cooperative_id AND s.id = l.sale_id
         JOIN purchase_ledger e ON e.cooperative_id = l.cooperative_id AND e.id = l.purchase_id
        WHERE l.cooperative_id = $1 AND s.sold_on <= $2::date
        GROUP BY e.mineral, e.site_id, e.reporting_currency`,
      [cooperativeId, on],
    );
    return rows.map(movementOf);
  }
}
