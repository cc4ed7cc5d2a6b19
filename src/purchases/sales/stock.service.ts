import { Injectable } from '@nestjs/common';
import type { TenantAuthContext } from '../../auth/auth-context.js';
import { assertIsoDate, type IsoDate } from '../../common/calendar-date.js';
import { localDateIn } from '../../common/time-zone.js';
import { Db } from '../../database/db.js';
import type { TenantTx } from '../../database/tx.js';
import { PurchasesRepository } from '../purchases.repository.js';
import type { StockQueryDto } from './dto/sale.dto.js';
import type { StockView } from './dto/sale.view.js';
import { type StockPosition, stockPosition } from './rules/stock.js';
import { SalesRepository } from './sales.repository.js';

/**
 * Stock on hand per mineral and site = purchased − sold, at the end of a day.
 *
 * A purchase counts from the day it was captured, a reversal takes it off from the day the
 * reversal was recorded, and a sold lot leaves on the sale's date; days are the cooperative's.
 * Mass is in milligrams; value is the purchase cost in the reporting currency each entry
 * recorded. Never negative: a sale cannot precede its lots nor include a reversed one, and a
 * sold lot cannot be reversed; a negative figure would mean altered records and is refused
 * (STOCK_NEGATIVE) rather than shown.
 */
@Injectable()
export class StockService {
  constructor(
    private readonly db: Db,
    private readonly sales: SalesRepository,
    private readonly purchases: PurchasesRepository,
  ) {}

  /**
   * The stock at the end of `on`, inside the caller's tenant transaction: for other modules
   * (the regulator report) that already hold one. Lines are sorted by mineral then site.
   */
  async stockOn(tx: TenantTx, on: IsoDate): Promise<StockPosition[]> {
    const day = assertIsoDate(on);
    const [purchased, sold] = [await this.sales.purchasedMovements(tx, day), await this.sales.soldMovements(tx, day)];
    return stockPosition(purchased, sold);
  }

  async stock(auth: TenantAuthContext, query: StockQueryDto): Promise<StockView> {
    return this.db.tenant(auth, async (tx) => {
      const on = query.on ?? localDateIn((await this.purchases.cooperative(tx)).timezone);
      const lines = await this.stockOn(tx, on);
      return { on, lines: lines.map((line) => ({ ...line, values: [...line.values] })) };
    });
  }
}
