/**
 * The sale row recorded from a composed sale (its lots, mass and grade) and the terms the
 * buyer agreed. A price is stated whole (unit price and basis) or not at all.
 */
import { DomainError } from '../../../common/domain-error.js';
import type { ReportingAmount } from '../../rules/amount.js';
import { findMineral } from '../../rules/minerals.js';
import type { MassUnit } from '../../rules/units.js';
import type { SaleComposition } from './sale-lots.js';

export interface SaleTerms {
  readonly buyerId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly unitPriceMinor?: number;
  readonly priceUnit?: MassUnit;
  readonly priceBasis?: string;
  readonly reference?: string;
}

export interface NewSale {
  readonly id: string;
  readonly buyerId: string;
  readonly soldOn: string;
  readonly mineral: string;
  readonly lotCount: number;
  readonly netMg: number;
  readonly gradeBp: number | null;
  readonly unitPriceMinor: number | null;
  readonly priceUnit: string | null;
  readonly priceBasis: string | null;
  readonly currency: string;
  readonly amountMinor: number;
  readonly exchangeRate: string | null;
  readonly exchangeRateBase: string | null;
  readonly reportingCurrency: string;
  readonly amountReportingMinor: number;
  readonly reference: string | null;
  readonly recordedBy: string;
}

/** Refuses a unit price without its basis (or the reverse), and a price unit without a price. */
export function assertSalePriceComplete(terms: Pick<SaleTerms, 'unitPriceMinor' | 'priceBasis' | 'priceUnit'>): void {
  const priced = [terms.unitPriceMinor, terms.priceBasis].filter((field) => field !== undefined).length;
  if (priced === 1 || (terms.priceUnit !== undefined && priced === 0)) throw new DomainError('SALE_PRICE_INCOMPLETE');
}

/** Who records which sale on which day. */
export interface SalePlace {
  readonly id: string;
  readonly soldOn: string;
  readonly recordedBy: string;
}

export function newSaleOf(place: SalePlace, sale: SaleComposition, terms: SaleTerms, reporting: ReportingAmount & { readonly currency: string }): NewSale {
  return {
    id: place.id,
    buyerId: terms.buyerId,
    soldOn: place.soldOn,
    mineral: sale.mineral,
    lotCount: sale.lots.length,
    netMg: sale.total.massMg,
    gradeBp: sale.total.gradeBp,
    unitPriceMinor: terms.unitPriceMinor ?? null,
    priceUnit: terms.unitPriceMinor === undefined ? null : (terms.priceUnit ?? findMineral(sale.mineral).pricingUnit),
    priceBasis: terms.priceBasis ?? null,
    currency: terms.currency,
    amountMinor: terms.amountMinor,
    exchangeRate: reporting.rateUsed?.rate ?? null,
    exchangeRateBase: reporting.rateUsed?.base ?? null,
    reportingCurrency: reporting.currency,
    amountReportingMinor: reporting.amountMinor,
    reference: terms.reference ?? null,
    recordedBy: place.recordedBy,
  };
}
