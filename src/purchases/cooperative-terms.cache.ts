import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../database/tx.js';
import { type CooperativeTerms, PurchasesRepository } from './purchases.repository.js';

/** Enough for every cooperative of a national deployment; past it the oldest entry is dropped. */
const MAX_COOPERATIVES = 10_000;

/**
 * Each cooperative's time zone, reporting currency and fee schedule, kept between purchases
 * so that a purchase is priced without reading them. A hint, never trusted: purchase_append
 * checks that the time zone, the currency and the rules in force on the purchase's day are
 * still the ones the entry was priced with, and answers `stale` otherwise (a fee rule added
 * by another instance, an edited cooperative); the service then asks for fresh terms.
 */
@Injectable()
export class CooperativeTermsCache {
  private readonly known = new Map<string, CooperativeTerms>();

  constructor(private readonly repository: PurchasesRepository) {}

  /** The cooperative's terms, read in `tx` when not known yet or when `fresh` is asked. */
  async of(tx: TenantTx, fresh = false): Promise<{ terms: CooperativeTerms; read: boolean }> {
    const known = fresh ? undefined : this.known.get(tx.cooperativeId);
    if (known !== undefined) return { terms: known, read: false };
    const terms = await this.repository.cooperativeTerms(tx);
    this.known.delete(tx.cooperativeId);
    if (this.known.size >= MAX_COOPERATIVES) {
      const oldest = this.known.keys().next();
      if (oldest.done !== true) this.known.delete(oldest.value);
    }
    this.known.set(tx.cooperativeId, terms);
    return { terms, read: true };
  }

  /** Forgets a cooperative's terms (after a change this process made, so the next purchase need not be told). */
  forget(cooperativeId: string): void {
    this.known.delete(cooperativeId);
  }
}
