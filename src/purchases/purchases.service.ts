import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { decodeCursor, type Page, pageOf, pageSizeOf } from '../common/pagination.js';
import { localDateIn } from '../common/time-zone.js';
import { Db } from '../database/db.js';
import type { TenantTx } from '../database/tx.js';
import { cardStatusOn } from '../miners/rules/card-status.js';
import { SiteDirectory } from '../places/site-directory.js';
import type { ListPurchasesDto, RecordPurchaseDto, ReversePurchaseDto } from './dto/purchase.dto.js';
import { type PurchaseView, purchaseViewOf, unplacedPurchaseViewOf } from './dto/purchase.view.js';
import { type AppendProblem, type CooperativeTerms, type PurchaseAppendOutcome, PurchasesRepository, type SellerStanding } from './purchases.repository.js';
import { CooperativeTermsCache } from './cooperative-terms.cache.js';
import { type CanonicalTemplate, canonicalTemplate, hashOfFilledTemplate, type UnplacedEntry } from './rules/canonical-template.js';
import { changedFields } from '../audit/changes.js';
import { assertClientAmount, pricePurchase, type PurchasePricing } from './rules/amount.js';
import type { LedgerEntry } from './rules/canonical.js';
import { datedFeeRulesInForce } from './rules/fee-rules.js';
import { sealEntry, type SealedEntry } from './rules/hash-chain.js';
import { type MeasuredPurchase, measurePurchase, placeEntry, reversalEntry, unplacedPurchaseEntry } from './rules/ledger-entries.js';
import type { ChainVerification } from './rules/verify-chain.js';
import { SalesRepository } from './sales/sales.repository.js';
import { insertOrConflict } from './unique-conflicts.js';

export interface ReceiptData {
  entry: SealedEntry;
  cooperativeName: string;
  seller: { memberNumber: string; name: string } | null;
  /** The officer who recorded the entry, named on the receipt. */
  officerName: string | null;
  timezone: string;
}

/** Stale terms twice in a row is a schedule being edited as we speak; a third time is a fault. */
const MAX_TERMS_ATTEMPTS = 3;

/** Throws the first reason a seller may not sell on the day: unknown, not active, no valid card. */
function refuseSeller(sellerId: string, seller: SellerStanding | null, day: string): void {
  if (seller === null) throw new DomainError('SELLER_NOT_FOUND', { sellerId });
  if (seller.status !== 'active') {
    throw new DomainError('SELLER_NOT_ACTIVE', { memberNumber: seller.memberNumber, status: seller.status ?? 'none', on: day });
  }
  const standing = cardStatusOn(seller.cards, day);
  switch (standing.status) {
    case 'valid':
    case 'expiring':
      return;
    case 'expired':
      throw new DomainError('SELLER_CARD_EXPIRED', { memberNumber: seller.memberNumber, cardNumber: standing.card.cardNumber, expiresOn: standing.card.expiresOn, on: day });
    case 'none':
    case 'not_yet_valid':
      throw new DomainError('SELLER_NO_CARD', { memberNumber: seller.memberNumber, on: day });
  }
}

function appendProblem(problem: AppendProblem, given: { siteId: string; id: string; tagId: string; mineral: string; parcelId?: string }): DomainError {
  const parcel = { parcelId: given.parcelId ?? '', mineral: given.mineral };
  switch (problem) {
    case 'PARCEL_NOT_FOUND':
      return new DomainError('PARCEL_NOT_FOUND', parcel);
    case 'PARCEL_MINERAL_MISMATCH':
      return new DomainError('PARCEL_MINERAL_MISMATCH', parcel);
    case 'PARCEL_SOLD':
      return new DomainError('PARCEL_SOLD', parcel, 'conflict');
    case 'SITE_REFERENCE_UNKNOWN':
      return new DomainError('SITE_REFERENCE_UNKNOWN', { field: 'siteId', siteId: given.siteId });
    case 'PURCHASE_ID_TAKEN':
      return new DomainError('PURCHASE_ID_TAKEN', { id: given.id }, 'conflict');
    case 'PURCHASE_TAG_TAKEN':
      return new DomainError('PURCHASE_TAG_TAKEN', { tagId: given.tagId }, 'conflict');
  }
}

/**
 * The appended entry, its hash checked here by the chain's rule (from the same template): a
 * hash or lot number of the database function that differed from hash-chain.ts would throw,
 * and nothing would be stored.
 */
function sealedFromAppend(entry: UnplacedEntry, template: CanonicalTemplate, outcome: PurchaseAppendOutcome): SealedEntry {
  const { sequence, lotNumber, previousHash, hash } = outcome;
  if (sequence === undefined || previousHash === undefined || hash === undefined) throw new Error('purchase_append answered without an entry');
  const placed = placeEntry(entry, sequence);
  const expected = placed.lotNumber === null ? '' : hashOfFilledTemplate(previousHash, template, sequence, placed.lotNumber);
  if (expected !== hash || placed.lotNumber !== lotNumber) {
    throw new Error(`purchase_append sealed sequence ${sequence} as ${lotNumber} ${hash}, the chain rule gives ${placed.lotNumber} ${expected}`);
  }
  return { ...placed, previousHash, hash };
}

/** The purchase ledger: appending purchases and reversals to the hash chain, reading it back, verifying it. */
@Injectable()
export class PurchasesService {
  constructor(
    private readonly db: Db,
    private readonly repository: PurchasesRepository,
    private readonly sales: SalesRepository,
    private readonly sites: SiteDirectory,
    private readonly audit: AuditService,
    private readonly terms: CooperativeTermsCache,
  ) {}

  /**
   * One round trip after validation when the cooperative's terms are known: the entry is
   * priced from the cached terms and its canonical text built here, then purchase_append
   * checks, seals, appends and audits in one call. A refusal it reports, or a seller's card
   * refused here, throws, which rolls the transaction back (and the append with it).
   */
  async record(auth: TenantAuthContext, dto: RecordPurchaseDto): Promise<PurchaseView> {
    const measured = measurePurchase(dto, new Date());
    const id = dto.id ?? randomUUID();
    return this.db.tenant(auth, async (tx) => {
      let known = await this.terms.of(tx);
      for (let attempt = 1; ; attempt += 1) {
        const { terms } = known;
        const day = localDateIn(terms.timezone, measured.capturedAt);
        let priced: { pricing: PurchasePricing; feeRuleIds: string[] };
        try {
          priced = this.price(dto, measured, terms, day);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          // Cached terms may be the cause; with fresh ones, the seller and the site come first, as they always have.
          if (!known.read) {
            known = await this.terms.of(tx, true);
            continue;
          }
          await this.assertSellerMaySell(tx, dto.sellerId, day);
          await this.sites.assertKnown(tx, dto.siteId);
          throw error;
        }
        const entry = unplacedPurchaseEntry(
          { cooperativeId: tx.cooperativeId, id, officerId: auth.userId },
          dto,
          { ...dto, reportingCurrency: terms.reportingCurrency },
          measured,
          priced.pricing,
        );
        const template = canonicalTemplate(entry);
        const outcome = await this.repository.appendPurchase(tx, {
          entry,
          template,
          day,
          terms,
          feeRuleIds: priced.feeRuleIds,
          auditAfter: changedFields(null, unplacedPurchaseViewOf(entry)).after ?? {},
        });
        refuseSeller(dto.sellerId, outcome.seller, day);
        if (outcome.problem !== undefined) throw appendProblem(outcome.problem, { siteId: dto.siteId, id, tagId: dto.tagId, mineral: dto.mineral, parcelId: dto.diamond?.parcelId });
        if (outcome.stale === true) {
          if (attempt >= MAX_TERMS_ATTEMPTS) throw new Error(`The cooperative's terms changed during ${attempt} attempts in a row`);
          known = await this.terms.of(tx, true);
          continue;
        }
        return purchaseViewOf(sealedFromAppend(entry, template, outcome));
      }
    });
  }

  private price(dto: RecordPurchaseDto, measured: MeasuredPurchase, terms: CooperativeTerms, day: string): { pricing: PurchasePricing; feeRuleIds: string[] } {
    const inForce = datedFeeRulesInForce(terms.schedule, day);
    const pricing = pricePurchase({
      netMg: measured.netMg,
      unitPriceMinor: dto.unitPriceMinor,
      priceUnit: measured.priceUnit,
      priceBasis: dto.priceBasis,
      gradeBp: measured.gradeBp,
      moistureBp: measured.moistureBp,
      currency: dto.currency,
      reportingCurrency: terms.reportingCurrency,
      exchangeRate: dto.exchangeRate ?? null,
      feeRules: inForce.map((dated) => dated.rule),
    });
    if (dto.amountMinor !== undefined) assertClientAmount(dto.amountMinor, pricing.amount.amountMinor);
    return { pricing, feeRuleIds: inForce.map((dated) => dated.id) };
  }

  async reverse(auth: TenantAuthContext, purchaseId: string, dto: ReversePurchaseDto): Promise<PurchaseView> {
    const reason = dto.reason.trim();
    if (reason === '') throw new DomainError('REVERSAL_REASON_REQUIRED', {});
    return this.db.tenant(auth, async (tx) => {
      const original = await this.requireEntry(tx, purchaseId);
      if (original.kind === 'reversal') throw new DomainError('REVERSAL_OF_REVERSAL', { id: purchaseId });
      const existing = await this.repository.reversalOf(tx, purchaseId);
      if (existing !== null) throw new DomainError('PURCHASE_ALREADY_REVERSED', { id: purchaseId, reversalId: existing }, 'conflict');
      await this.sales.lockLots(tx, [purchaseId]);
      const saleId = await this.sales.saleOfLot(tx, purchaseId);
      if (saleId !== null) throw new DomainError('PURCHASE_SOLD', { id: purchaseId, saleId }, 'conflict');
      const id = await this.freshEntryId(tx, dto.id);
      const sealed = await this.append(tx, (sequence) => reversalEntry(original, { sequence, id, officerId: auth.userId }, reason, new Date()));
      await this.audit.record(tx, auth, {
        action: 'purchase.reversed',
        entity: 'purchase',
        entityId: original.id,
        after: { reversalId: id, sequence: sealed.sequence, reason },
      });
      return purchaseViewOf(sealed);
    });
  }

  async get(auth: TenantAuthContext, id: string): Promise<PurchaseView> {
    return this.db.tenant(auth, async (tx) => purchaseViewOf(await this.requireEntry(tx, id)));
  }

  /** The ledger in sequence order, a page at a time. */
  async list(auth: TenantAuthContext, query: ListPurchasesDto): Promise<Page<PurchaseView>> {
    const limit = pageSizeOf(query);
    const [afterSequence] = query.cursor === undefined ? [0] : decodeCursor(query.cursor, ['number'] as const);
    const entries = await this.db.tenant(auth, (tx) => this.repository.entriesAfter(tx, afterSequence, limit + 1));
    return pageOf(entries, limit, (entry) => [entry.sequence], (shown) => shown.map(purchaseViewOf));
  }

  async receipt(auth: TenantAuthContext, id: string): Promise<ReceiptData> {
    return this.db.tenant(auth, async (tx) => {
      const entry = await this.requireEntry(tx, id);
      const cooperative = await this.repository.cooperative(tx);
      const seller = entry.sellerId === null ? null : await this.repository.sellerOn(tx, entry.sellerId, '9999-12-31');
      return {
        entry,
        cooperativeName: cooperative.name,
        timezone: cooperative.timezone,
        seller: seller === null ? null : { memberNumber: seller.member_number, name: `${seller.first_name} ${seller.last_name}` },
        officerName: await this.repository.userName(tx, entry.officerId),
      };
    });
  }

  /** Recomputes the whole chain, streamed by COPY and checked on worker threads, in constant memory. */
  async verify(auth: TenantAuthContext): Promise<ChainVerification> {
    return this.db.tenant(auth, (tx) => this.verifyIn(tx));
  }

  /** The same check inside a caller's tenant transaction (the regulator report reads the figures in the same one). */
  async verifyIn(tx: TenantTx): Promise<ChainVerification> {
    return this.repository.verifyLedger(tx);
  }

  private async requireEntry(tx: TenantTx, id: string): Promise<SealedEntry> {
    const entry = await this.repository.entryById(tx, id);
    if (entry === null) throw new DomainError('PURCHASE_NOT_FOUND', { id }, 'not_found');
    return entry;
  }

  private async freshEntryId(tx: TenantTx, given: string | undefined): Promise<string> {
    const id = given ?? randomUUID();
    if (await this.repository.entryIdTaken(tx, id)) throw new DomainError('PURCHASE_ID_TAKEN', { id }, 'conflict');
    return id;
  }

  /** Refused with the first reason that applies on the purchase's date. */
  private async assertSellerMaySell(tx: TenantTx, sellerId: string, day: string): Promise<void> {
    const seller = await this.repository.sellerOn(tx, sellerId, day);
    refuseSeller(
      sellerId,
      seller === null ? null : { memberNumber: seller.member_number, status: seller.status_on, cards: await this.repository.cardsOf(tx, sellerId) },
      day,
    );
  }

  /**
   * Seals the entry built for the next sequence on the locked head, writes it and moves the
   * head; a racing duplicate tag or reversal is caught by the unique indexes.
   */
  private async append(tx: TenantTx, build: (sequence: number) => LedgerEntry): Promise<SealedEntry> {
    const head = await this.repository.lockHead(tx);
    const sealed = sealEntry(head.lastHash, build(head.lastSequence + 1));
    // A duplicate tag is a registered conflict (purchases.conflicts.ts); a second reversal names the reversed entry.
    await insertOrConflict(() => this.repository.insertEntry(tx, sealed), {
      purchase_ledger_reversed_once: () => new DomainError('PURCHASE_ALREADY_REVERSED', { id: sealed.reversesId, reversalId: null }, 'conflict'),
    });
    await this.repository.advanceHead(tx, sealed.sequence, sealed.hash);
    return sealed;
  }
}
