import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import type { TenantAuthContext } from '../../auth/auth-context.js';
import { assertIsoDate, type IsoDate } from '../../common/calendar-date.js';
import { DomainError } from '../../common/domain-error.js';
import { localDateIn } from '../../common/time-zone.js';
import { Db } from '../../database/db.service.js';
import { RiskFlagsService } from '../../risk/risk-flags.service.js';
import { buyerDiscrepancy } from '../../risk/rules/auto-rules.js';
import { PurchasesRepository } from '../purchases.repository.js';
import { convertToReportingCurrency } from '../rules/amount.js';
import { findMineral } from '../rules/minerals.js';
import { DEFAULT_RECONCILIATION_TOLERANCE, reconcileWithBuyer, type ReconciliationTolerance } from '../rules/reconciliation.js';
import { parseMassToMg, parsePercentToBp } from '../rules/units.js';
import type { CreateBuyerDto, ListSalesDto, RecordBuyerMeasurementDto, RecordSaleDto, UpdateReconciliationSettingsDto } from './dto/sale.dto.js';
import { composeSale, resolveRequestedLots } from './rules/sale-lots.js';
import { type BuyerRow, lockLots, type MeasurementRow, type SaleFigures, type SaleLotRow, type SaleRow, SalesRepository } from './sales.repository.js';

export interface BuyerView {
  id: string;
  name: string;
  licenceNumber: string;
  type: string;
  createdBy: string;
  createdAt: string;
}

export interface MeasurementView {
  id: string;
  saleId: string;
  correctsId: string | null;
  reason: string | null;
  measuredOn: string;
  netMg: number;
  gradeBp: number | null;
  moistureBp: number | null;
  reference: string | null;
  ours: { netMg: number; gradeBp: number | null };
  massDiffMg: number;
  massDiffBp: number;
  gradeDiffBp: number | null;
  tolerance: ReconciliationTolerance;
  exceeds: boolean;
  reasons: string[];
  riskFlagId: string | null;
  recordedBy: string;
  recordedAt: string;
}

export interface SaleView extends SaleFigures {
  id: string;
  buyer: { id: string; name: string; licenceNumber: string; type: string };
  exchangeRate: { base: string; rate: string } | null;
  recordedBy: string;
  recordedAt: string;
  /** The buyer's measurement in force (the latest correction), or null before delivery. */
  buyerMeasurement: MeasurementView | null;
}

export interface SaleLotView {
  purchaseId: string;
  lotNumber: string | null;
  tagId: string | null;
  siteId: string | null;
  netMg: number;
  gradeBp: number | null;
  moistureBp: number | null;
}

export interface SaleDetail extends SaleView {
  lots: SaleLotView[];
  /** Every measurement, oldest first: corrections never replace history. */
  measurements: MeasurementView[];
}

export interface ReconciliationSettingsView extends ReconciliationTolerance {
  /** Null while the cooperative keeps the defaults. */
  updatedAt: string | null;
}

const UNIQUE_VIOLATION = '23505';

function violatedConstraint(error: unknown): string | null {
  const cause = (error as { driverError?: { code?: string; constraint?: string } }).driverError ?? (error as { code?: string; constraint?: string });
  return cause.code === UNIQUE_VIOLATION ? (cause.constraint ?? '') : null;
}

/** Runs an insert and turns the named unique violations into the domain errors they mean. */
async function insertOrConflict(insert: () => Promise<void>, conflicts: Readonly<Record<string, () => DomainError>>): Promise<void> {
  try {
    await insert();
  } catch (error) {
    const constraint = violatedConstraint(error);
    const conflict = constraint === null ? undefined : conflicts[constraint];
    throw conflict === undefined ? error : conflict();
  }
}

function buyerView(row: BuyerRow): BuyerView {
  return { id: row.id, name: row.name, licenceNumber: row.licence_number, type: row.type, createdBy: row.created_by, createdAt: row.created_at.toISOString() };
}

function measurementView(row: MeasurementRow): MeasurementView {
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

function saleView(row: SaleRow, measurements: readonly MeasurementView[]): SaleView {
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

function lotView(row: SaleLotRow): SaleLotView {
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

/** A day given by the client, or today in the cooperative's time zone; never after today. */
function dayNotAfterToday(given: string | undefined, today: IsoDate, futureCode: string): IsoDate {
  const day = given === undefined ? today : assertIsoDate(given, 'DATE_INVALID');
  if (day > today) throw new DomainError(futureCode, { day, today });
  return day;
}

/**
 * Sales of purchase lots to buyers and the buyers' measurements. A lot is sold once (the
 * database key on sale_lots), never once reversed, and a sold lot is never reversed: sales
 * and reversals of one lot take turns on a per-lot lock (lockLots).
 */
@Injectable()
export class SalesService {
  constructor(
    private readonly db: Db,
    private readonly repository: SalesRepository,
    private readonly purchases: PurchasesRepository,
    private readonly audit: AuditService,
    private readonly riskFlags: RiskFlagsService,
  ) {}

  async createBuyer(auth: TenantAuthContext, dto: CreateBuyerDto): Promise<BuyerView> {
    const buyer = { name: dto.name.trim(), licenceNumber: dto.licenceNumber.trim(), type: dto.type };
    if (buyer.name === '' || buyer.licenceNumber === '') throw new DomainError('BUYER_FIELDS_BLANK');
    const id = dto.id ?? randomUUID();
    return this.db.inScope(auth.scope, async (tx) => {
      if ((await this.repository.findBuyer(tx, auth.cooperativeId, id)) !== null) throw new DomainError('BUYER_ID_TAKEN', { id }, 'conflict');
      const licenceConflict = () => new DomainError('BUYER_LICENCE_TAKEN', { licenceNumber: buyer.licenceNumber }, 'conflict');
      if ((await this.repository.buyerWithLicence(tx, auth.cooperativeId, buyer.licenceNumber)) !== null) throw licenceConflict();
      await insertOrConflict(() => this.repository.insertBuyer(tx, auth.cooperativeId, id, buyer, auth.userId), {
        buyers_cooperative_id_licence_number_key: licenceConflict,
        buyers_pkey: () => new DomainError('BUYER_ID_TAKEN', { id }, 'conflict'),
      });
      const row = await this.repository.findBuyer(tx, auth.cooperativeId, id);
      if (row === null) throw new Error('The buyer just inserted is not readable');
      const view = buyerView(row);
      await this.audit.record(tx, auth, { action: 'buyer.created', entity: 'buyer', entityId: id, after: { ...view } });
      return view;
    });
  }

  async listBuyers(auth: TenantAuthContext): Promise<BuyerView[]> {
    const rows = await this.db.inScope(auth.scope, (tx) => this.repository.buyers(tx, auth.cooperativeId));
    return rows.map(buyerView);
  }

  async record(auth: TenantAuthContext, dto: RecordSaleDto): Promise<SaleDetail> {
    const priced = [dto.unitPriceMinor, dto.priceBasis].filter((field) => field !== undefined).length;
    if (priced === 1 || (dto.priceUnit !== undefined && priced === 0)) throw new DomainError('SALE_PRICE_INCOMPLETE');
    const request = { purchaseIds: dto.purchaseIds ?? [], tagIds: dto.tagIds ?? [] };
    return this.db.inScope(auth.scope, async (tx) => {
      const cooperative = await this.purchases.cooperative(tx, auth.cooperativeId);
      const soldOn = dayNotAfterToday(dto.soldOn, localDateIn(cooperative.timezone), 'SALE_DATE_IN_FUTURE');
      if ((await this.repository.findBuyer(tx, auth.cooperativeId, dto.buyerId)) === null) throw new DomainError('SALE_BUYER_NOT_FOUND', { buyerId: dto.buyerId });
      const id = dto.id ?? randomUUID();
      if (await this.repository.saleIdTaken(tx, auth.cooperativeId, id)) throw new DomainError('SALE_ID_TAKEN', { id }, 'conflict');

      const named = resolveRequestedLots(request, await this.repository.lotFacts(tx, auth.cooperativeId, request.purchaseIds, request.tagIds));
      const purchaseIds = named.map((lot) => lot.purchaseId);
      await lockLots(tx, auth.cooperativeId, purchaseIds);
      // Read again under the locks: a sale or reversal that held them has committed by now.
      const current = await this.repository.lotFacts(tx, auth.cooperativeId, purchaseIds, []);
      const sale = composeSale(resolveRequestedLots({ purchaseIds, tagIds: [] }, current), soldOn);

      const reporting = convertToReportingCurrency(dto.amountMinor, dto.currency, cooperative.default_currency, dto.exchangeRate ?? null);
      const mineral = findMineral(sale.mineral);
      const newSale = {
        id,
        buyerId: dto.buyerId,
        soldOn,
        mineral: sale.mineral,
        lotCount: sale.lots.length,
        netMg: sale.total.massMg,
        gradeBp: sale.total.gradeBp,
        unitPriceMinor: dto.unitPriceMinor ?? null,
        priceUnit: dto.unitPriceMinor === undefined ? null : (dto.priceUnit ?? mineral.pricingUnit),
        priceBasis: dto.priceBasis ?? null,
        currency: dto.currency,
        amountMinor: dto.amountMinor,
        exchangeRate: reporting.rateUsed?.rate ?? null,
        exchangeRateBase: reporting.rateUsed?.base ?? null,
        reportingCurrency: cooperative.default_currency,
        amountReportingMinor: reporting.amountMinor,
        reference: dto.reference ?? null,
        recordedBy: auth.userId,
      };
      await insertOrConflict(() => this.repository.insertSale(tx, auth.cooperativeId, newSale, purchaseIds), {
        sale_lots_pkey: () => new DomainError('SALE_LOT_ALREADY_SOLD', { purchaseIds: purchaseIds.join(', ') }, 'conflict'),
        sales_pkey: () => new DomainError('SALE_ID_TAKEN', { id }, 'conflict'),
      });
      await this.audit.record(tx, auth, { action: 'sale.recorded', entity: 'sale', entityId: id, after: { ...newSale, purchaseIds } });
      return this.detail(tx, auth.cooperativeId, id);
    });
  }

  async get(auth: TenantAuthContext, saleId: string): Promise<SaleDetail> {
    return this.db.inScope(auth.scope, (tx) => this.detail(tx, auth.cooperativeId, saleId));
  }

  async list(auth: TenantAuthContext, query: ListSalesDto): Promise<{ items: SaleView[]; limit: number; offset: number }> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const filter = {
      from: query.from === undefined ? null : assertIsoDate(query.from, 'DATE_INVALID'),
      to: query.to === undefined ? null : assertIsoDate(query.to, 'DATE_INVALID'),
      buyerId: query.buyerId ?? null,
      limit,
      offset,
    };
    return this.db.inScope(auth.scope, async (tx) => ({ items: await this.views(tx, auth.cooperativeId, filter), limit, offset }));
  }

  /**
   * Every sale dated from `from` to `to` inclusive, newest first, each with the buyer's
   * measurement in force and its comparison with ours: for other modules (the regulator
   * report's sales by buyer and weight reconciliation) inside their own tenant transaction.
   */
  async salesBetween(tx: EntityManager, cooperativeId: string, from: IsoDate, to: IsoDate): Promise<SaleView[]> {
    const filter = { from: assertIsoDate(from, 'DATE_INVALID'), to: assertIsoDate(to, 'DATE_INVALID'), buyerId: null, limit: null, offset: 0 };
    return this.views(tx, cooperativeId, filter);
  }

  /**
   * Records what the buyer measured and compares it with our totals under the cooperative's
   * tolerance; beyond it, a weight/grade discrepancy flag is raised in the same transaction.
   * A sale that already has a measurement gets a correction (with a reason), never an edit.
   */
  async recordMeasurement(auth: TenantAuthContext, saleId: string, dto: RecordBuyerMeasurementDto): Promise<MeasurementView> {
    const netMg = parseMassToMg(dto.netMass.value, dto.netMass.unit);
    const gradeBp = dto.gradePercent === undefined ? null : parsePercentToBp(dto.gradePercent);
    const moistureBp = dto.moisturePercent === undefined ? null : parsePercentToBp(dto.moisturePercent);
    const reason = dto.reason?.trim() ? dto.reason.trim() : null;
    return this.db.inScope(auth.scope, async (tx) => {
      const sale = await this.requireSale(tx, auth.cooperativeId, saleId);
      if (findMineral(sale.mineral).gradeOf === null && gradeBp !== null) throw new DomainError('GRADE_NOT_APPLICABLE', { mineral: sale.mineral });
      const cooperative = await this.purchases.cooperative(tx, auth.cooperativeId);
      const measuredOn = dayNotAfterToday(dto.measuredOn, localDateIn(cooperative.timezone), 'BUYER_MEASUREMENT_IN_FUTURE');
      if (measuredOn < sale.sold_on) throw new DomainError('BUYER_MEASUREMENT_BEFORE_SALE', { measuredOn, soldOn: sale.sold_on });
      const id = dto.id ?? randomUUID();
      if (await this.repository.measurementIdTaken(tx, auth.cooperativeId, id)) throw new DomainError('BUYER_MEASUREMENT_ID_TAKEN', { id }, 'conflict');

      await this.repository.lockSaleMeasurements(tx, auth.cooperativeId, saleId);
      const correctsId = await this.repository.currentMeasurementId(tx, auth.cooperativeId, saleId);
      if (correctsId !== null && reason === null) throw new DomainError('BUYER_MEASUREMENT_REASON_REQUIRED', { correctsId });
      if (correctsId === null && reason !== null) throw new DomainError('BUYER_MEASUREMENT_NOTHING_TO_CORRECT', { saleId });

      const tolerance = (await this.repository.tolerance(tx, auth.cooperativeId)) ?? DEFAULT_RECONCILIATION_TOLERANCE;
      const ours = { massMg: Number(sale.net_mg), gradeBp: sale.grade_bp };
      const reconciliation = reconcileWithBuyer(ours, { massMg: netMg, gradeBp }, tolerance);
      const sites = new Set((await this.repository.lotsOfSale(tx, auth.cooperativeId, saleId)).map((lot) => lot.site_id));
      const proposed = buyerDiscrepancy({
        id,
        saleId,
        siteId: sites.size === 1 ? ([...sites][0] ?? null) : null,
        reconciledAt: new Date(),
        ourNetMassMg: ours.massMg,
        buyerNetMassMg: netMg,
        massToleranceBp: tolerance.massBp,
        ourGradeBp: ours.gradeBp,
        buyerGradeBp: gradeBp,
        gradeToleranceBp: tolerance.gradeBp,
      });
      const flag = proposed === null ? null : await this.riskFlags.raiseAutomatic(tx, auth, proposed);

      const conflict = () => new DomainError('BUYER_MEASUREMENT_CONFLICT', { saleId }, 'conflict');
      await insertOrConflict(
        () =>
          this.repository.insertMeasurement(tx, auth.cooperativeId, {
            id,
            saleId,
            correctsId,
            reason,
            measuredOn,
            netMg,
            gradeBp,
            moistureBp,
            reference: dto.reference ?? null,
            ourNetMg: ours.massMg,
            ourGradeBp: ours.gradeBp,
            massDiffMg: reconciliation.massDiffMg,
            massDiffBp: reconciliation.massDiffBp,
            gradeDiffBp: reconciliation.gradeDiffBp,
            tolerance: { massBp: tolerance.massBp, gradeBp: tolerance.gradeBp },
            exceeds: reconciliation.exceeds,
            reasons: reconciliation.reasons,
            riskFlagId: flag?.id ?? null,
            recordedBy: auth.userId,
          }),
        {
          sale_buyer_measurements_first: conflict,
          sale_buyer_measurements_cooperative_id_corrects_id_key: conflict,
          sale_buyer_measurements_pkey: () => new DomainError('BUYER_MEASUREMENT_ID_TAKEN', { id }, 'conflict'),
        },
      );
      const view = (await this.repository.measurementsOf(tx, auth.cooperativeId, [saleId])).map(measurementView).find((m) => m.id === id);
      if (view === undefined) throw new Error('The measurement just inserted is not readable');
      await this.audit.record(tx, auth, { action: 'sale.buyer_measurement.recorded', entity: 'sale', entityId: saleId, after: { ...view } });
      return view;
    });
  }

  async settings(auth: TenantAuthContext): Promise<ReconciliationSettingsView> {
    return this.db.inScope(auth.scope, (tx) => this.settingsView(tx, auth.cooperativeId));
  }

  async updateSettings(auth: TenantAuthContext, dto: UpdateReconciliationSettingsDto): Promise<ReconciliationSettingsView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const before = await this.settingsView(tx, auth.cooperativeId, true);
      const after = { massBp: dto.massToleranceBp, gradeBp: dto.gradeToleranceBp };
      await this.repository.saveTolerance(tx, auth.cooperativeId, after);
      await this.audit.record(tx, auth, {
        action: 'sale_reconciliation_settings.update',
        entity: 'sale_reconciliation_settings',
        entityId: auth.cooperativeId,
        before: { massBp: before.massBp, gradeBp: before.gradeBp },
        after,
      });
      return this.settingsView(tx, auth.cooperativeId);
    });
  }

  private async settingsView(tx: EntityManager, cooperativeId: string, lock = false): Promise<ReconciliationSettingsView> {
    const saved = await this.repository.tolerance(tx, cooperativeId, lock);
    return saved === null
      ? { ...DEFAULT_RECONCILIATION_TOLERANCE, updatedAt: null }
      : { massBp: saved.massBp, gradeBp: saved.gradeBp, updatedAt: saved.updatedAt.toISOString() };
  }

  private async views(tx: EntityManager, cooperativeId: string, filter: Parameters<SalesRepository['listSales']>[2]): Promise<SaleView[]> {
    const rows = await this.repository.listSales(tx, cooperativeId, filter);
    const measurements = (await this.repository.measurementsOf(tx, cooperativeId, rows.map((row) => row.id))).map(measurementView);
    return rows.map((row) => saleView(row, measurements));
  }

  private async requireSale(tx: EntityManager, cooperativeId: string, saleId: string): Promise<SaleRow> {
    const row = await this.repository.findSale(tx, cooperativeId, saleId);
    if (row === null) throw new DomainError('SALE_NOT_FOUND', { id: saleId }, 'not_found');
    return row;
  }

  private async detail(tx: EntityManager, cooperativeId: string, saleId: string): Promise<SaleDetail> {
    const row = await this.requireSale(tx, cooperativeId, saleId);
    const measurements = (await this.repository.measurementsOf(tx, cooperativeId, [saleId])).map(measurementView);
    const lots = (await this.repository.lotsOfSale(tx, cooperativeId, saleId)).map(lotView);
    return { ...saleView(row, measurements), lots, measurements };
  }
}
