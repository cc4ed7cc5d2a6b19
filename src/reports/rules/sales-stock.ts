/** One sale as the report needs it: who bought, what, our mass and value, the buyer's measurement in force. */
export interface ReportedSale {
  readonly buyer: { readonly id: string; readonly name: string };
  readonly mineral: string;
  readonly currency: string;
  readonly netMg: number;
  readonly amountMinor: number;
  readonly measurement: { readonly netMg: number; readonly ourNetMg: number; readonly massDiffMg: number; readonly exceeds: boolean } | null;
}

export interface SalesByBuyerRow {
  readonly key: string;
  readonly buyerId: string;
  readonly buyerName: string;
  readonly mineral: string;
  readonly currency: string;
  readonly sales: number;
  readonly netMassMg: number;
  readonly valueMinor: number;
  /** Sales the buyer has weighed; the reconciliation covers those only. */
  readonly measured: number;
  readonly ourMeasuredNetMassMg: number;
  readonly buyerNetMassMg: number;
  /** Buyer's mass − ours over the measured sales (negative: the buyer found less). */
  readonly massDifferenceMg: number;
  /** Measured sales whose difference is beyond the cooperative's tolerance. */
  readonly beyondTolerance: number;
}

/** Sales of the period by buyer, mineral and currency, with our weights reconciled against the buyers'. */
export function salesByBuyer(sales: readonly ReportedSale[]): SalesByBuyerRow[] {
  const rows = new Map<string, SalesByBuyerRow>();
  for (const sale of sales) {
    const key = `${sale.buyer.id}|${sale.mineral}|${sale.currency}`;
    const row = rows.get(key) ?? {
      key, buyerId: sale.buyer.id, buyerName: sale.buyer.name, mineral: sale.mineral, currency: sale.currency, sales: 0, netMassMg: 0, valueMinor: 0,
      measured: 0, ourMeasuredNetMassMg: 0, buyerNetMassMg: 0, massDifferenceMg: 0, beyondTolerance: 0,
    };
    const m = sale.measurement;
    rows.set(key, {
      ...row,
      sales: row.sales + 1,
      netMassMg: row.netMassMg + sale.netMg,
      valueMinor: row.valueMinor + sale.amountMinor,
      measured: row.measured + (m === null ? 0 : 1),
      ourMeasuredNetMassMg: row.ourMeasuredNetMassMg + (m?.ourNetMg ?? 0),
      buyerNetMassMg: row.buyerNetMassMg + (m?.netMg ?? 0),
      massDifferenceMg: row.massDifferenceMg + (m?.massDiffMg ?? 0),
      beyondTolerance: row.beyondTolerance + (m?.exceeds === true ? 1 : 0),
    });
  }
  return [...rows.values()].sort((a, b) => a.buyerName.localeCompare(b.buyerName) || a.key.localeCompare(b.key));
}

export interface StockLevel { readonly mineral: string; readonly siteId: string; readonly onHandMg: number }

export interface StockRow {
  readonly key: string;
  readonly mineral: string;
  readonly siteId: string;
  /** On hand at the end of the day before the period. */
  readonly openingMg: number;
  /** On hand at the end of the period's last day. */
  readonly closingMg: number;
}

/** Stock per mineral and site at the period's start and end; a line present at either end is shown. */
export function stockAtBothEnds(opening: readonly StockLevel[], closing: readonly StockLevel[]): StockRow[] {
  const rows = new Map<string, StockRow>();
  const row = (line: StockLevel): StockRow => rows.get(`${line.mineral}|${line.siteId}`) ?? { key: `${line.mineral}|${line.siteId}`, mineral: line.mineral, siteId: line.siteId, openingMg: 0, closingMg: 0 };
  for (const line of opening) rows.set(`${line.mineral}|${line.siteId}`, { ...row(line), openingMg: line.onHandMg });
  for (const line of closing) rows.set(`${line.mineral}|${line.siteId}`, { ...row(line), closingMg: line.onHandMg });
  return [...rows.values()].sort((a, b) => a.key.localeCompare(b.key));
}
