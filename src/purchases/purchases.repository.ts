import { Injectable } from '@nestjs/common';
import type { ClientBase, PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import type { TenantTx } from '../database/tx.js';
import type { DatedFeeRule } from './rules/fee-rules.js';
import type { LedgerEntry } from './rules/canonical.js';
import type { CanonicalTemplate, UnplacedEntry } from './rules/canonical-template.js';
import type { MinerCard } from '../miners/rules/card-status.js';
import type { SealedEntry } from './rules/hash-chain.js';
import { GENESIS_PREVIOUS_HASH } from './rules/hash-chain.js';
import type { ChainVerification } from './rules/verify-chain.js';
import { verifyLedgerOnClient } from './verify/verify-copy.js';
import { LEDGER_COLUMNS, type LedgerRow, storedEntryOf } from './ledger-rows.js';

/** A cooperative's ledger in sequence order through a server-side cursor, on a client whose transaction is already open. */
async function* ledgerOnClient(client: ClientBase, cooperativeId: string): AsyncGenerator<SealedEntry> {
  const stream = client.query(
    new QueryStream(`SELECT ${LEDGER_COLUMNS} FROM purchase_ledger WHERE cooperative_id = $1 ORDER BY sequence`, [cooperativeId], {
      batchSize: 500,
    }),
  );
  for await (const row of stream as AsyncIterable<LedgerRow>) yield storedEntryOf(row);
}

export interface SellerRow {
  id: string;
  member_number: string;
  first_name: string;
  last_name: string;
  status_on: string | null;
}

export interface CooperativeRow {
  name: string;
  default_currency: string;
  timezone: string;
}

export interface FeeRuleRow {
  id: string;
  rule_code: string;
  fund_code: string;
  kind: 'percent' | 'per_kg' | 'fixed';
  rate_bp: number | null;
  amount_minor: string | null;
  currency: string | null;
  valid_from: string;
  valid_to: string | null;
  created_by: string;
  created_at: Date;
}

function datedFeeRuleOf(row: FeeRuleRow): DatedFeeRule {
  const base = { ruleCode: row.rule_code, validFrom: row.valid_from, validTo: row.valid_to };
  switch (row.kind) {
    case 'percent':
      return { ...base, rule: { kind: 'percent', fundCode: row.fund_code, rateBp: row.rate_bp ?? 0 } };
    case 'per_kg':
      return { ...base, rule: { kind: 'per_kg', fundCode: row.fund_code, minorPerKg: Number(row.amount_minor), currency: row.currency ?? '' } };
    case 'fixed':
      return { ...base, rule: { kind: 'fixed', fundCode: row.fund_code, amountMinor: Number(row.amount_minor), currency: row.currency ?? '' } };
  }
}

/** A rule of the fee schedule with its id (the id of a version never changes: fee_rules is append-only). */
export type ScheduledFeeRule = DatedFeeRule & { readonly id: string };

/** What pricing a purchase needs of its cooperative: read once, kept by CooperativeTermsCache, checked at every append. */
export interface CooperativeTerms {
  readonly timezone: string;
  readonly reportingCurrency: string;
  /** The whole schedule, in the order `feeRules` lists it. */
  readonly schedule: readonly ScheduledFeeRule[];
}

/** The seller as purchase_append read them, for the service to judge their standing. */
export interface SellerStanding {
  readonly memberNumber: string;
  readonly status: string | null;
  readonly cards: readonly MinerCard[];
}

export type AppendProblem = 'SITE_REFERENCE_UNKNOWN' | 'PURCHASE_ID_TAKEN' | 'PURCHASE_TAG_TAKEN' | 'PARCEL_NOT_FOUND' | 'PARCEL_MINERAL_MISMATCH' | 'PARCEL_SOLD';

/** The answer of purchase_append (migrations/1764000100000-h1-purchase-in-one-call.ts). */
export interface PurchaseAppendOutcome {
  /** null: no such seller in the cooperative; nothing was written. */
  readonly seller: SellerStanding | null;
  /** A refusal, nothing written. */
  readonly problem?: AppendProblem;
  /** The terms the entry was priced with are no longer in force; nothing written. */
  readonly stale?: boolean;
  /** Set when the entry was appended (the seller's cards still to be judged by the caller). */
  readonly sequence?: number;
  readonly lotNumber?: string;
  readonly previousHash?: string;
  readonly hash?: string;
}

export interface PurchaseAppend {
  readonly entry: UnplacedEntry;
  readonly template: CanonicalTemplate;
  /** The purchase's local day, on which the seller's standing and the fee rules are judged. */
  readonly day: string;
  readonly terms: CooperativeTerms;
  /** The rules of `terms` in force on `day` that priced the entry, in schedule order. */
  readonly feeRuleIds: readonly string[];
  /** The audit record's `after`, without what only the head decides (sequence, lot number, hashes). */
  readonly auditAfter: Readonly<Record<string, unknown>>;
}

/** The entry's columns, named as in purchase_ledger, for jsonb_populate_record. */
function unplacedRowOf(entry: UnplacedEntry): Record<string, unknown> {
  return {
    id: entry.id, kind: entry.kind, reverses_id: entry.reversesId, tag_id: entry.tagId, seller_id: entry.sellerId,
    site_id: entry.siteId, mineral: entry.mineral, gross_mg: entry.grossMg, net_mg: entry.netMg, grade_bp: entry.gradeBp,
    moisture_bp: entry.moistureBp, unit_price_minor: entry.unitPriceMinor, price_unit: entry.priceUnit, price_basis: entry.priceBasis,
    currency: entry.currency, exchange_rate: entry.exchangeRate, exchange_rate_base: entry.exchangeRateBase,
    reporting_currency: entry.reportingCurrency, amount_minor: entry.amountMinor, amount_reporting_minor: entry.amountReportingMinor,
    fees: entry.fees, net_paid_minor: entry.netPaidMinor, payment_method: entry.paymentMethod, payment_reference: entry.paymentReference,
    captured_at: entry.capturedAt?.toISOString() ?? null, recorded_at: entry.recordedAt.toISOString(), officer_id: entry.officerId,
    stones: entry.diamond?.stones ?? null, quality_class: entry.diamond?.qualityClass ?? null, parcel_id: entry.diamond?.parcelId ?? null,
  };
}

@Injectable()
export class PurchasesRepository {
  /**
   * The ledger of the CLI's own connection (no Nest, no TypeORM): `ledger:verify` opens the
   * read-only transaction and sets the tenant itself.
   */
  static ledgerOnClient(client: ClientBase, cooperativeId: string): AsyncGenerator<SealedEntry> {
    return ledgerOnClient(client, cooperativeId);
  }

  /**
   * The cooperative's ledger in sequence order, read through a server-side cursor on the
   * transaction's own connection, so that a ledger of any length is verified in constant memory.
   */
  async *ledger(tx: TenantTx): AsyncGenerator<SealedEntry> {
    const runner = tx.manager.queryRunner;
    if (runner === undefined) throw new Error('A tenant transaction always has its query runner');
    const client = (await runner.connect()) as PoolClient;
    yield* ledgerOnClient(client, tx.cooperativeId);
  }

  /**
   * Verifies the cooperative's ledger on the transaction's own connection: COPY and worker
   * threads (verify/verify-copy.ts), with the answer of verifyChain. Instants are written in UTC
   * for the COPY (its fast path), and the session's setting is put back for the rest of the
   * transaction.
   */
  async verifyLedger(tx: TenantTx): Promise<ChainVerification> {
    const runner = tx.manager.queryRunner;
    if (runner === undefined) throw new Error('A tenant transaction always has its query runner');
    const client = (await runner.connect()) as PoolClient;
    const [{ zone, style }] = (
      await client.query<{ zone: string; style: string }>(
        `SELECT current_setting('TimeZone') AS zone, current_setting('DateStyle') AS style, set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO', true)`,
      )
    ).rows;
    try {
      return await verifyLedgerOnClient(client, tx.cooperativeId);
    } finally {
      await client.query(`SELECT set_config('TimeZone', $1, true), set_config('DateStyle', $2, true)`, [zone, style]);
    }
  }

  async cooperative(tx: TenantTx): Promise<CooperativeRow> {
    const [row] = await tx.query<CooperativeRow[]>(
      `SELECT name, default_currency::text AS default_currency, timezone FROM cooperatives WHERE id = $1`,
      [tx.cooperativeId],
    );
    return row;
  }

  /** A person's display name (the officer on a receipt); null for an unknown id. */
  async userName(tx: TenantTx, userId: string): Promise<string | null> {
    const [row] = await tx.query<{ name: string }[]>(`SELECT name FROM users WHERE id = $1`, [userId]);
    return row?.name ?? null;
  }

  /** The seller with the membership status in force on the date (latest change effective by then). */
  async sellerOn(tx: TenantTx, minerId: string, day: string): Promise<SellerRow | null> {
    const [row] = await tx.query<SellerRow[]>(
      `SELECT m.id, m.member_number, m.first_name, m.last_name,
              (SELECT s.to_status FROM miner_status_changes s
                WHERE s.cooperative_id = m.cooperative_id AND s.miner_id = m.id AND s.effective_on <= $3::date
                ORDER BY s.effective_on DESC, s.decided_at DESC LIMIT 1) AS status_on
         FROM miners m WHERE m.cooperative_id = $1 AND m.id = $2`,
      [tx.cooperativeId, minerId, day],
    );
    return row ?? null;
  }

  async cardsOf(tx: TenantTx, minerId: string): Promise<{ cardNumber: string; issuedOn: string; expiresOn: string }[]> {
    return tx.query(
      `SELECT card_number AS "cardNumber", issued_on::text AS "issuedOn", expires_on::text AS "expiresOn"
         FROM miner_cards WHERE cooperative_id = $1 AND miner_id = $2 ORDER BY recorded_at`,
      [tx.cooperativeId, minerId],
    );
  }

  async feeRules(tx: TenantTx): Promise<FeeRuleRow[]> {
    return tx.query<FeeRuleRow[]>(
      `SELECT id, rule_code, fund_code, kind, rate_bp, amount_minor::text AS amount_minor, currency::text AS currency,
              valid_from::text AS valid_from, valid_to::text AS valid_to, created_by, created_at
         FROM fee_rules WHERE cooperative_id = $1 ORDER BY valid_from, rule_code, created_at`,
      [tx.cooperativeId],
    );
  }

  /** The fee schedule as the pure rules read it. */
  async feeSchedule(tx: TenantTx): Promise<DatedFeeRule[]> {
    return (await this.feeRules(tx)).map(datedFeeRuleOf);
  }

  /** The cooperative's time zone, reporting currency and whole fee schedule, in one statement. */
  async cooperativeTerms(tx: TenantTx): Promise<CooperativeTerms> {
    const [row] = await tx.query<{ timezone: string; default_currency: string; fee_rules: FeeRuleRow[] }[]>(
      `SELECT c.timezone, c.default_currency::text AS default_currency,
              coalesce((SELECT json_agg(json_build_object('id', f.id, 'rule_code', f.rule_code, 'fund_code', f.fund_code, 'kind', f.kind,
                                                          'rate_bp', f.rate_bp, 'amount_minor', f.amount_minor::text, 'currency', f.currency::text,
                                                          'valid_from', f.valid_from::text, 'valid_to', f.valid_to::text)
                                        ORDER BY f.valid_from, f.rule_code, f.created_at)
                          FROM fee_rules f WHERE f.cooperative_id = c.id), '[]'::json) AS fee_rules
         FROM cooperatives c WHERE c.id = $1`,
      [tx.cooperativeId],
    );
    if (row === undefined) throw new Error('The tenant transaction cannot read its own cooperative');
    return {
      timezone: row.timezone,
      reportingCurrency: row.default_currency,
      schedule: row.fee_rules.map((rule) => ({ ...datedFeeRuleOf(rule), id: rule.id })),
    };
  }

  /**
   * The whole purchase write in one round trip: purchase_append checks the seller, the site,
   * the terms and the id and tag, then under the head lock seals, inserts, moves the head and
   * audits. The lock is held from this call to the end of the caller's transaction.
   */
  async appendPurchase(tx: TenantTx, append: PurchaseAppend): Promise<PurchaseAppendOutcome> {
    const [{ outcome }] = await tx.query<{ outcome: PurchaseAppendOutcome }[]>(
      `SELECT purchase_append($1, $2, $3, $4::date, $5, $6, $7::uuid[], $8::jsonb, $9, $10, $11, $12::jsonb) AS outcome`,
      [
        tx.cooperativeId,
        tx.actor.userId,
        tx.actor.requestId,
        append.day,
        append.terms.timezone,
        append.terms.reportingCurrency,
        append.feeRuleIds,
        JSON.stringify(unplacedRowOf(append.entry)),
        Buffer.from(append.template.head, 'utf8'),
        Buffer.from(append.template.middle, 'utf8'),
        Buffer.from(append.template.tail, 'utf8'),
        JSON.stringify(append.auditAfter),
      ],
    );
    return outcome;
  }

  /** Fee schedule edits of one cooperative take turns, so that overlap checks see each other. */
  async lockFeeSchedule(tx: TenantTx): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('fee_rules:' || $1::text))`, [tx.cooperativeId]);
  }

  async insertFeeRule(tx: TenantTx, createdBy: string, dated: DatedFeeRule): Promise<string> {
    const { rule } = dated;
    const [row] = await tx.query<{ id: string }[]>(
      `INSERT INTO fee_rules (cooperative_id, rule_code, fund_code, kind, rate_bp, amount_minor, currency, valid_from, valid_to, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        tx.cooperativeId,
        dated.ruleCode,
        rule.fundCode,
        rule.kind,
        rule.kind === 'percent' ? rule.rateBp : null,
        rule.kind === 'per_kg' ? rule.minorPerKg : rule.kind === 'fixed' ? rule.amountMinor : null,
        rule.kind === 'percent' ? null : rule.currency,
        dated.validFrom,
        dated.validTo,
        createdBy,
      ],
    );
    return row.id;
  }

  /**
   * Locks the cooperative's ledger head, creating it at genesis on first use: appends in one
   * cooperative queue here, other cooperatives' heads are other rows and never wait.
   */
  async lockHead(tx: TenantTx): Promise<{ lastSequence: number; lastHash: string }> {
    await tx.query(
      `INSERT INTO ledger_heads (cooperative_id, last_sequence, last_hash) VALUES ($1, 0, $2) ON CONFLICT (cooperative_id) DO NOTHING`,
      [tx.cooperativeId, GENESIS_PREVIOUS_HASH],
    );
    const [head] = await tx.query<{ last_sequence: number; last_hash: string }[]>(
      `SELECT last_sequence, last_hash FROM ledger_heads WHERE cooperative_id = $1 FOR UPDATE`,
      [tx.cooperativeId],
    );
    return { lastSequence: head.last_sequence, lastHash: head.last_hash };
  }

  async advanceHead(tx: TenantTx, sequence: number, hash: string): Promise<void> {
    await tx.query(`UPDATE ledger_heads SET last_sequence = $2, last_hash = $3 WHERE cooperative_id = $1`, [tx.cooperativeId, sequence, hash]);
  }

  async head(tx: TenantTx): Promise<{ lastSequence: number; lastHash: string } | null> {
    const [head] = await tx.query<{ last_sequence: number; last_hash: string }[]>(
      `SELECT last_sequence, last_hash FROM ledger_heads WHERE cooperative_id = $1`,
      [tx.cooperativeId],
    );
    return head ? { lastSequence: head.last_sequence, lastHash: head.last_hash } : null;
  }

  async insertEntry(tx: TenantTx, entry: SealedEntry<LedgerEntry>): Promise<void> {
    await tx.query(
      `INSERT INTO purchase_ledger (${LEDGER_COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
               $24::jsonb, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36)`,
      [
        entry.cooperativeId, entry.id, entry.sequence, entry.kind, entry.reversesId, entry.lotNumber, entry.tagId,
        entry.sellerId, entry.siteId, entry.mineral, entry.grossMg, entry.netMg, entry.gradeBp, entry.moistureBp,
        entry.unitPriceMinor, entry.priceUnit, entry.priceBasis, entry.currency, entry.exchangeRate, entry.exchangeRateBase,
        entry.reportingCurrency, entry.amountMinor, entry.amountReportingMinor, JSON.stringify(entry.fees), entry.netPaidMinor,
        entry.paymentMethod, entry.paymentReference, entry.capturedAt, entry.recordedAt, entry.officerId, entry.reason,
        entry.previousHash, entry.hash, entry.diamond?.stones ?? null, entry.diamond?.qualityClass ?? null, entry.diamond?.parcelId ?? null,
      ],
    );
  }

  async entryById(tx: TenantTx, id: string): Promise<SealedEntry | null> {
    const [row] = await tx.query<LedgerRow[]>(`SELECT ${LEDGER_COLUMNS} FROM purchase_ledger WHERE cooperative_id = $1 AND id = $2`, [tx.cooperativeId, id]);
    return row === undefined ? null : storedEntryOf(row);
  }

  async entryIdTaken(tx: TenantTx, id: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>(`SELECT 1 FROM purchase_ledger WHERE cooperative_id = $1 AND id = $2`, [tx.cooperativeId, id]);
    return rows.length > 0;
  }

  async reversalOf(tx: TenantTx, id: string): Promise<string | null> {
    const [row] = await tx.query<{ id: string }[]>(`SELECT id FROM purchase_ledger WHERE cooperative_id = $1 AND reverses_id = $2`, [tx.cooperativeId, id]);
    return row?.id ?? null;
  }

  /** Entries after a sequence number, in sequence order (fetch one more than a page to know if more follow). */
  async entriesAfter(tx: TenantTx, afterSequence: number, limit: number): Promise<SealedEntry[]> {
    const rows = await tx.query<LedgerRow[]>(
      `SELECT ${LEDGER_COLUMNS} FROM purchase_ledger WHERE cooperative_id = $1 AND sequence > $2 ORDER BY sequence LIMIT $3`,
      [tx.cooperativeId, afterSequence, limit],
    );
    return rows.map(storedEntryOf);
  }
}
