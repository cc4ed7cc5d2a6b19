import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import type { TenantAuthContext } from '../../auth/auth-context.js';
import { assertIsoDate, type IsoDate } from '../../common/calendar-date.js';
import { DomainError } from '../../common/domain-error.js';
import { decodeCursor, type Page, pageOf, pageSizeOf } from '../../common/pagination.js';
import { localDateIn } from '../../common/time-zone.js';
import { Db } from '../../database/db.js';
import type { TenantTx } from '../../database/tx.js';
import { PurchasesRepository } from '../purchases.repository.js';
import { convertToReportingCurrency } from '../rules/amount.js';
import { insertOrConflict } from '../unique-conflicts.js';
import type { ListSalesDto, RecordSaleDto } from './dto/sale.dto.js';
import type { SaleDetailView, SaleView } from './dto/sale.view.js';
import { assertSalePriceComplete, newSaleOf } from './rules/new-sale.js';
import { dayNotAfterToday } from './rules/sale-days.js';
import { composeSale, resolveRequestedLots } from './rules/sale-lots.js';
import { lotViewOf, measurementViewOf, saleViewOf } from './sale-views.js';
import { type SaleRow, SalesRepository } from './sales.repository.js';
import { DiamondsRepository } from '../diamonds/diamonds.repository.js';
import { assertLotsOutsideParcels, lotsOfParcelsForSale } from '../diamonds/rules/parcel-sale.js';

/**
 * Sales of purchase lots to buyers. A lot is sold once (the database key on sale_lots), never
 * once reversed, and a sold lot is never reversed: sales and reversals of one lot take turns
 * on a per-lot lock (SalesRepository.lockLots).
 */
@Injectable()
export class SalesService {
  constructor(
    private readonly db: Db,
    private readonly repository: SalesRepository,
    private readonly purchases: PurchasesRepository,
    private readonly audit: AuditService,
    private readonly diamonds: DiamondsRepository,
  ) {}

  async record(auth: TenantAuthContext, dto: RecordSaleDto): Promise<SaleDetailView> {
    assertSalePriceComplete(dto);
    const request = { purchaseIds: dto.purchaseIds ?? [], tagIds: dto.tagIds ?? [] };
    return this.db.tenant(auth, async (tx) => {
      const cooperative = await this.purchases.cooperative(tx);
      const soldOn = dayNotAfterToday(dto.soldOn, localDateIn(cooperative.timezone), 'SALE_DATE_IN_FUTURE');
      if ((await this.repository.findBuyer(tx, dto.buyerId)) === null) throw new DomainError('SALE_BUYER_NOT_FOUND', { buyerId: dto.buyerId });
      const id = dto.id ?? randomUUID();
      if (await this.repository.saleIdTaken(tx, id)) throw new DomainError('SALE_ID_TAKEN', { id }, 'conflict');

      const parcelIds = dto.parcelIds ?? [];
      const purchaseIds = parcelIds.length === 0 ? await this.namedLots(tx, request) : await this.lotsOfParcels(tx, request, parcelIds);
      await this.repository.lockLots(tx, purchaseIds);
      // Read again under the locks: a sale or reversal that held them has committed by now.
      const current = await this.repository.lotFacts(tx, purchaseIds, []);
      const sale = composeSale(resolveRequestedLots({ purchaseIds, tagIds: [] }, current), soldOn);
      const reporting = convertToReportingCurrency(dto.amountMinor, dto.currency, cooperative.default_currency, dto.exchangeRate ?? null);
      const newSale = newSaleOf({ id, soldOn, recordedBy: auth.userId }, sale, dto, { ...reporting, currency: cooperative.default_currency });
      await insertOrConflict(() => this.repository.insertSale(tx, newSale, purchaseIds), {
        sale_lots_pkey: () => new DomainError('SALE_LOT_ALREADY_SOLD', { purchaseIds: purchaseIds.join(', ') }, 'conflict'),
      });
      if (parcelIds.length > 0) await this.diamonds.insertSaleParcels(tx, id, parcelIds);
      await this.audit.record(tx, auth, { action: 'sale.recorded', entity: 'sale', entityId: id, after: { ...newSale, purchaseIds, ...(parcelIds.length > 0 ? { parcelIds } : {}) } });
      return this.detail(tx, id);
    });
  }

  /** Lots named by id or tag: none of them in a diamond parcel. */
  private async namedLots(tx: TenantTx, request: { purchaseIds: string[]; tagIds: string[] }): Promise<string[]> {
    const named = resolveRequestedLots(request, await this.repository.lotFacts(tx, request.purchaseIds, request.tagIds));
    assertLotsOutsideParcels(named.map((lot) => ({ purchaseId: lot.purchaseId, tagId: lot.tagId, parcelId: lot.parcelId ?? null })));
    return named.map((lot) => lot.purchaseId);
  }

  /** Every unreversed purchase of the parcels, read under the parcels' locks (purchases into them have committed or wait). */
  private async lotsOfParcels(tx: TenantTx, request: { purchaseIds: string[]; tagIds: string[] }, parcelIds: readonly string[]): Promise<string[]> {
    if (request.purchaseIds.length + request.tagIds.length > 0) throw new DomainError('SALE_LOTS_AND_PARCELS', {});
    await this.diamonds.lockParcels(tx, parcelIds);
    const parcels = await this.diamonds.parcels(tx, parcelIds);
    const found = await Promise.all(parcels.map(async (parcel) => ({
      parcelId: parcel.id, parcelNumber: parcel.parcel_number, saleId: parcel.sale_id,
      lots: (await this.diamonds.lotsOfParcel(tx, parcel.id)).map((lot) => ({ purchaseId: lot.id, reversed: lot.reversed })),
    })));
    return lotsOfParcelsForSale(parcelIds, found);
  }

  async get(auth: TenantAuthContext, saleId: string): Promise<SaleDetailView> {
    return this.db.tenant(auth, (tx) => this.detail(tx, saleId));
  }

  /** The cooperative's sales, newest first, a page at a time. */
  async list(auth: TenantAuthContext, query: ListSalesDto): Promise<Page<SaleView>> {
    const limit = pageSizeOf(query);
    const filter = {
      from: query.from === undefined ? null : assertIsoDate(query.from),
      to: query.to === undefined ? null : assertIsoDate(query.to),
      buyerId: query.buyerId ?? null,
    };
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor, ['string', 'string', 'uuid'] as const);
    return this.db.tenant(auth, async (tx) => {
      const rows = await this.repository.salesPage(tx, filter, after === null ? null : { soldOn: after[0], recordedAt: after[1], id: after[2] }, limit + 1);
      const views = await this.withMeasurements(tx, rows.slice(0, limit));
      return pageOf(rows, limit, (row) => [row.sold_on, row.recorded_at_key, row.id], () => views);
    });
  }

  /**
   * Every sale dated from `from` to `to` inclusive, newest first, each with the buyer's
   * measurement in force and its comparison with ours: for other modules (the regulator
   * report's sales by buyer and weight reconciliation) inside their own tenant transaction.
   */
  async salesBetween(tx: TenantTx, from: IsoDate, to: IsoDate): Promise<SaleView[]> {
    const rows = await this.repository.salesBetween(tx, assertIsoDate(from), assertIsoDate(to));
    return this.withMeasurements(tx, rows);
  }

  private async withMeasurements(tx: TenantTx, rows: readonly SaleRow[]): Promise<SaleView[]> {
    const measurements = (await this.repository.measurementsOf(tx, rows.map((row) => row.id))).map(measurementViewOf);
    return rows.map((row) => saleViewOf(row, measurements));
  }

  private async detail(tx: TenantTx, saleId: string): Promise<SaleDetailView> {
    const row = await this.repository.findSale(tx, saleId);
    if (row === null) throw new DomainError('SALE_NOT_FOUND', { id: saleId }, 'not_found');
    const measurements = (await this.repository.measurementsOf(tx, [saleId])).map(measurementViewOf);
    const lots = (await this.repository.lotsOfSale(tx, saleId)).map(lotViewOf);
    return { ...saleViewOf(row, measurements), lots, measurements, parcelIds: await this.diamonds.parcelsOfSale(tx, saleId) };
  }
}
