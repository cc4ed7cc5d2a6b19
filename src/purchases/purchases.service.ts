import { randomUUID } from 'node:crypto';
import { localDateIn } from '../common/time-zone.js';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.service.js';
import { cardStatusOn } from '../miners/rules/card-status.js';
import type { CreateFeeRuleDto, ListPurchasesDto, RecordPurchaseDto, ReversePurchaseDto } from './dto/purchase.dto.js';
import { type FeeRuleRow, type LedgerRow, PurchasesRepository, datedFeeRuleOf, storedEntryOf, streamLedger } from './purchases.repository.js';
import { assertClientAmount, pricePurchase, type FeeRule } from './rules/amount.js';
import type { LedgerEntry } from './rules/canonical.js';
import { assertFeeScheduleConsistent, feeRulesInForce, type DatedFeeRule } from './rules/fee-rules.js';
import { sealEntry, type SealedEntry } from './rules/hash-chain.js';
import { assertMeasurementsFitMineral, findMineral } from './rules/minerals.js';
import { assertNetMassWithinGross, parseMassToMg, parsePercentToBp } from './rules/units.js';
import { verifyChain, type ChainVerification } from './rules/verify-chain.js';
import { lockLots, saleOfLot } from './sales/sales.repository.js';
import { assertSiteReference } from '../sites/site-reference.js';

export type PurchaseView = Omit<SealedEntry, 'capturedAt' | 'recordedAt'> & { capturedAt: string | null; recordedAt: string };

export interface ReceiptData {
  entry: SealedEntry;
  cooperativeName: string;
  seller: { memberNumber: string; name: string } | null;
  timezone: string;
}

const UNIQUE_VIOLATION = '23505';

function viewOf(entry: SealedEntry): PurchaseView {
  return { ...entry, capturedAt: entry.capturedAt?.toISOString() ?? null, recordedAt: entry.recordedAt.toISOString() };
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const cause = (error as { driverError?: { code?: string; constraint?: string } }).driverError ?? (error as { code?: string; constraint?: string });
  return cause.code === UNIQUE_VIOLATION && cause.constraint === constraint;
}

function negate(value: number | null): number | null {
  return value === null ? null : -value;
}

function lotNumberOf(sequence: number): string {
  return `LOT-${String(sequence).padStart(6, '0')}`;
}

function feeRuleView(row: FeeRuleRow): Record<string, unknown> {
  return {
    id: row.id,
    ruleCode: row.rule_code,
    fundCode: row.fund_code,
    kind: row.kind,
    rateBp: row.rate_bp,
    amountMinor: row.amount_minor === null ? null : Number(row.amount_minor),
    currency: row.currency,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

@Injectable()
export class PurchasesService {
  constructor(
    private readonly db: Db,
    private readonly repository: PurchasesRepository,
    private readonly audit: AuditService,
  ) {}

  async record(auth: TenantAuthContext, dto: RecordPurchaseDto): Promise<PurchaseView> {
    const mineral = findMineral(dto.mineral);
    const grossMg = parseMassToMg(dto.grossMass.value, dto.grossMass.unit);
    const netMg = parseMassToMg(dto.netMass.value, dto.netMass.unit);
    assertNetMassWithinGross(grossMg, netMg);
    const gradeBp = dto.gradePercent === undefined ? null : parsePercentToBp(dto.gradePercent);
    const moistureBp = dto.moisturePercent === undefined ? null : parsePercentToBp(dto.moisturePercent);
    assertMeasurementsFitMineral(mineral, { priceBasis: dto.priceBasis, gradeBp, moistureBp });
    if (dto.paymentMethod === 'mobile_money' && dto.paymentReference === undefined) {
      throw new DomainError('PAYMENT_REFERENCE_REQUIRED', { paymentMethod: dto.paymentMethod });
    }
    const recordedAt = new Date();
    const capturedAt = dto.capturedAt === undefined ? recordedAt : new Date(dto.capturedAt);
    if (capturedAt.getTime() > recordedAt.getTime() + 5 * 60_000) {
      throw new DomainError('CAPTURED_IN_FUTURE', { capturedAt: capturedAt.toISOString() });
    }

    const entry = await this.db.inScope(auth.scope, async (tx) => {
      const cooperative = await this.repository.cooperative(tx, auth.cooperativeId);
      const day = localDateIn(cooperative.timezone, capturedAt);
      await this.assertSellerMaySell(tx, auth.cooperativeId, dto.sellerId, day);
      await assertSiteReference(tx, auth.cooperativeId, dto.siteId);
      const feeRules: FeeRule[] = feeRulesInForce((await this.repository.feeRules(tx, auth.cooperativeId)).map(datedFeeRuleOf), day);
      const priceUnit = dto.priceUnit ?? mineral.pricingUnit;
      const pricing = pricePurchase({
        netMg,
        unitPriceMinor: dto.unitPriceMinor,
        priceUnit,
        priceBasis: dto.priceBasis,
        gradeBp,
        moistureBp,
        currency: dto.currency,
        reportingCurrency: cooperative.default_currency,
        exchangeRate: dto.exchangeRate ?? null,
        feeRules,
      });
      if (dto.amountMinor !== undefined) assertClientAmount(dto.amountMinor, pricing.amount.amountMinor);

      const id = dto.id ?? randomUUID();
      if ((await this.repository.findEntry(tx, auth.cooperativeId, id)) !== null) throw new DomainError('PURCHASE_ID_TAKEN', { id }, 'conflict');
      if (await this.repository.tagTaken(tx, auth.cooperativeId, dto.tagId)) throw new DomainError('PURCHASE_TAG_TAKEN', { tagId: dto.tagId }, 'conflict');

      const head = await this.repository.lockHead(tx, auth.cooperativeId);
      const sequence = head.lastSequence + 1;
      const content: LedgerEntry = {
        cooperativeId: auth.cooperativeId,
        sequence,
        kind: 'purchase',
        id,
        reversesId: null,
        lotNumber: lotNumberOf(sequence),
        tagId: dto.tagId,
        sellerId: dto.sellerId,
        siteId: dto.siteId,
        mineral: mineral.code,
        grossMg,
        netMg,
        gradeBp,
        moistureBp,
        unitPriceMinor: dto.unitPriceMinor,
        priceUnit,
        priceBasis: dto.priceBasis,
        currency: dto.currency,
        exchangeRate: pricing.reporting.rateUsed?.rate ?? null,
        exchangeRateBase: pricing.reporting.rateUsed?.base ?? null,
        reportingCurrency: cooperative.default_currency,
        amountMinor: pricing.amount.amountMinor,
        amountReportingMinor: pricing.reporting.amountMinor,
        fees: pricing.fees.map((fee) => ({ fundCode: fee.fundCode, amountMinor: fee.amountMinor })),
        netPaidMinor: pricing.netPaidMinor,
        paymentMethod: dto.paymentMethod,
        paymentReference: dto.paymentReference ?? null,
        capturedAt,
        recordedAt,
        officerId: auth.userId,
        reason: null,
      };
      const sealed = sealEntry(head.lastHash, content);
      await this.append(tx, sealed);
      await this.audit.record(tx, auth, { action: 'purchase.recorded', entity: 'purchase', entityId: id, after: { ...viewOf(sealed) } });
      return sealed;
    });
    return viewOf(entry);
  }

  async reverse(auth: TenantAuthContext, purchaseId: string, dto: ReversePurchaseDto): Promise<PurchaseView> {
    const reason = dto.reason.trim();
    if (reason === '') throw new DomainError('REVERSAL_REASON_REQUIRED', {});
    const entry = await this.db.inScope(auth.scope, async (tx) => {
      const originalRow = await this.repository.findEntry(tx, auth.cooperativeId, purchaseId);
      if (originalRow === null) throw new DomainError('PURCHASE_NOT_FOUND', { id: purchaseId }, 'not_found');
      const original = storedEntryOf(originalRow);
      if (original.kind === 'reversal') throw new DomainError('REVERSAL_OF_REVERSAL', { id: purchaseId });
      const existing = await this.repository.reversalOf(tx, auth.cooperativeId, purchaseId);
      if (existing !== null) throw new DomainError('PURCHASE_ALREADY_REVERSED', { id: purchaseId, reversalId: existing }, 'conflict');
      await lockLots(tx, auth.cooperativeId, [purchaseId]);
      const saleId = await saleOfLot(tx, auth.cooperativeId, purchaseId);
      if (saleId !== null) throw new DomainError('PURCHASE_SOLD', { id: purchaseId, saleId }, 'conflict');
      const id = dto.id ?? randomUUID();
      if ((await this.repository.findEntry(tx, auth.cooperativeId, id)) !== null) throw new DomainError('PURCHASE_ID_TAKEN', { id }, 'conflict');

      const head = await this.repository.lockHead(tx, auth.cooperativeId);
      const sequence = head.lastSequence + 1;
      const content: LedgerEntry = {
        ...original,
        sequence,
        kind: 'reversal',
        id,
        reversesId: original.id,
        amountMinor: negate(original.amountMinor),
        amountReportingMinor: negate(original.amountReportingMinor),
        fees: original.fees.map((fee) => ({ fundCode: fee.fundCode, amountMinor: -fee.amountMinor })),
        netPaidMinor: negate(original.netPaidMinor),
        capturedAt: null,
        recordedAt: new Date(),
        officerId: auth.userId,
        reason,
      };
      const sealed = sealEntry(head.lastHash, content);
      await this.append(tx, sealed);
      await this.audit.record(tx, auth, {
        action: 'purchase.reversed',
        entity: 'purchase',
        entityId: original.id,
        after: { reversalId: id, sequence, reason },
      });
      return sealed;
    });
    return viewOf(entry);
  }

  async get(auth: TenantAuthContext, id: string): Promise<PurchaseView> {
    return this.db.inScope(auth.scope, async (tx) => viewOf(await this.requireEntry(tx, auth.cooperativeId, id)));
  }

  async list(auth: TenantAuthContext, query: ListPurchasesDto): Promise<{ items: PurchaseView[]; nextAfterSequence: number | null }> {
    const limit = query.limit ?? 50;
    const rows = await this.db.inScope(auth.scope, (tx) => this.repository.page(tx, auth.cooperativeId, query.afterSequence ?? 0, limit));
    const items = rows.map((row) => viewOf(storedEntryOf(row)));
    return { items, nextAfterSequence: items.length === limit ? (items.at(-1)?.sequence ?? null) : null };
  }

  async receipt(auth: TenantAuthContext, id: string): Promise<ReceiptData> {
    return this.db.inScope(auth.scope, async (tx) => {
      const entry = await this.requireEntry(tx, auth.cooperativeId, id);
      const cooperative = await this.repository.cooperative(tx, auth.cooperativeId);
      const seller = entry.sellerId === null ? null : await this.repository.sellerOn(tx, auth.cooperativeId, entry.sellerId, '9999-12-31');
      return {
        entry,
        cooperativeName: cooperative.name,
        timezone: cooperative.timezone,
        seller: seller === null ? null : { memberNumber: seller.member_number, name: `${seller.first_name} ${seller.last_name}` },
      };
    });
  }

  /** Recomputes the whole chain from a database cursor, in constant memory. */
  async verify(auth: TenantAuthContext): Promise<ChainVerification> {
    return this.db.inScope(auth.scope, async (tx) => {
      const runner = tx.queryRunner;
      if (runner === undefined) throw new Error('A tenant transaction always has its query runner');
      const client = (await runner.connect()) as PoolClient;
      return verifyChain(streamLedger(client, auth.cooperativeId));
    });
  }

  async createFeeRule(auth: TenantAuthContext, dto: CreateFeeRuleDto): Promise<Record<string, unknown>> {
    const dated = this.datedFeeRule(dto);
    return this.db.inScope(auth.scope, async (tx) => {
      await this.repository.lockFeeSchedule(tx, auth.cooperativeId);
      const schedule = (await this.repository.feeRules(tx, auth.cooperativeId)).map(datedFeeRuleOf);
      assertFeeScheduleConsistent([...schedule, dated]);
      const id = await this.repository.insertFeeRule(tx, auth.cooperativeId, auth.userId, dated);
      const row = (await this.repository.feeRules(tx, auth.cooperativeId)).find((candidate) => candidate.id === id);
      if (row === undefined) throw new Error('The fee rule just inserted is not readable');
      const view = feeRuleView(row);
      await this.audit.record(tx, auth, { action: 'fee_rule.created', entity: 'fee_rule', entityId: id, after: view });
      return view;
    });
  }

  async listFeeRules(auth: TenantAuthContext): Promise<Record<string, unknown>[]> {
    const rows = await this.db.inScope(auth.scope, (tx) => this.repository.feeRules(tx, auth.cooperativeId));
    return rows.map(feeRuleView);
  }

  private datedFeeRule(dto: CreateFeeRuleDto): DatedFeeRule {
    const base = { ruleCode: dto.ruleCode, validFrom: dto.validFrom, validTo: dto.validTo ?? null };
    if (dto.kind === 'percent') {
      if (dto.rateBp === undefined || dto.amountMinor !== undefined || dto.currency !== undefined) {
        throw new DomainError('FEE_RULE_FIELDS_INVALID', { kind: dto.kind, required: 'rateBp' });
      }
      return { ...base, rule: { kind: 'percent', fundCode: dto.fundCode, rateBp: dto.rateBp } };
    }
    if (dto.amountMinor === undefined || dto.currency === undefined || dto.rateBp !== undefined) {
      throw new DomainError('FEE_RULE_FIELDS_INVALID', { kind: dto.kind, required: 'amountMinor, currency' });
    }
    return dto.kind === 'per_kg'
      ? { ...base, rule: { kind: 'per_kg', fundCode: dto.fundCode, minorPerKg: dto.amountMinor, currency: dto.currency } }
      : { ...base, rule: { kind: 'fixed', fundCode: dto.fundCode, amountMinor: dto.amountMinor, currency: dto.currency } };
  }

  private async requireEntry(tx: EntityManager, cooperativeId: string, id: string): Promise<SealedEntry> {
    const row: LedgerRow | null = await this.repository.findEntry(tx, cooperativeId, id);
    if (row === null) throw new DomainError('PURCHASE_NOT_FOUND', { id }, 'not_found');
    return storedEntryOf(row);
  }

  /** Refused with the first reason that applies on the purchase's date. */
  private async assertSellerMaySell(tx: EntityManager, cooperativeId: string, sellerId: string, day: string): Promise<void> {
    const seller = await this.repository.sellerOn(tx, cooperativeId, sellerId, day);
    if (seller === null) throw new DomainError('SELLER_NOT_FOUND', { sellerId });
    if (seller.status_on !== 'active') {
      throw new DomainError('SELLER_NOT_ACTIVE', { memberNumber: seller.member_number, status: seller.status_on ?? 'none', on: day });
    }
    const standing = cardStatusOn(await this.repository.cardsOf(tx, cooperativeId, sellerId), day);
    switch (standing.status) {
      case 'valid':
      case 'expiring':
        return;
      case 'expired':
        throw new DomainError('SELLER_CARD_EXPIRED', { memberNumber: seller.member_number, cardNumber: standing.card.cardNumber, expiresOn: standing.card.expiresOn, on: day });
      case 'none':
      case 'not_yet_valid':
        throw new DomainError('SELLER_NO_CARD', { memberNumber: seller.member_number, on: day });
    }
  }

  /** Writes the entry and moves the head; a racing duplicate tag or reversal is caught by the unique indexes. */
  private async append(tx: EntityManager, sealed: SealedEntry): Promise<void> {
    try {
      await this.repository.insertEntry(tx, sealed);
    } catch (error) {
      if (isUniqueViolation(error, 'purchase_ledger_tag')) throw new DomainError('PURCHASE_TAG_TAKEN', { tagId: sealed.tagId }, 'conflict');
      if (isUniqueViolation(error, 'purchase_ledger_reversed_once')) {
        throw new DomainError('PURCHASE_ALREADY_REVERSED', { id: sealed.reversesId, reversalId: null }, 'conflict');
      }
      throw error;
    }
    await this.repository.advanceHead(tx, sealed.cooperativeId, sealed.sequence, sealed.hash);
  }
}
