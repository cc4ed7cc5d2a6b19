import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { TenantAuthContext } from '../../src/auth/auth-context.js';
import { addDays } from '../../src/common/calendar-date.js';
import { localDateIn } from '../../src/common/time-zone.js';
import type { RecordPurchaseDto } from '../../src/purchases/dto/purchase.dto.js';
import { PurchasesService } from '../../src/purchases/purchases.service.js';
import { createCtx, type Ctx } from '../support/ctx.js';

/**
 * The purchase write is one statement on the wire: every query the pg clients send is
 * recorded, and those of one purchase, less the transaction's own frame (BEGIN, the tenant
 * scope, COMMIT), must be the single purchase_append call.
 */
const FRAME = /^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SET TRANSACTION|SELECT set_config\('app\.)/i;

describe('a purchase in one round trip (purchase_append)', () => {
  let ctx: Ctx;
  let purchases: PurchasesService;
  let coopA: string;
  let coopB: string;
  let officerA: TenantAuthContext;
  let officerB: TenantAuthContext;
  let sellerA: string;
  let sellerB: string;
  let expiredSellerA: string;
  let siteA: string;
  let siteB: string;
  let today: string;
  let tag = 0;
  const sent: string[] = [];
  const clientQuery = pg.Client.prototype.query;

  async function activeSeller(cooperativeId: string, card: { issuedOn: string; expiresOn: string }): Promise<string> {
    const { id } = await ctx.newMember(cooperativeId);
    await ctx.query(
      `INSERT INTO miner_status_changes (cooperative_id, miner_id, from_status, to_status, reason, effective_on, decided_by)
       VALUES ($1, $2, 'applicant', 'active', 'admission', '2025-01-15', gen_random_uuid())`,
      [cooperativeId, id],
    );
    await ctx.query(
      `INSERT INTO miner_cards (cooperative_id, miner_id, card_number, issued_on, expires_on, recorded_by) VALUES ($1, $2, $3, $4, $5, gen_random_uuid())`,
      [cooperativeId, id, `CEA-${randomUUID().slice(0, 8)}`, card.issuedOn, card.expiresOn],
    );
    return id;
  }

  async function feeRule(cooperativeId: string, ruleCode: string, rateBp: number, validFrom: string): Promise<void> {
    await ctx.query(
      `INSERT INTO fee_rules (cooperative_id, rule_code, fund_code, kind, rate_bp, valid_from, created_by) VALUES ($1, $2, $2, 'percent', $3, $4, gen_random_uuid())`,
      [cooperativeId, ruleCode, rateBp, validFrom],
    );
  }

  function body(sellerId: string, siteId: string, overrides: Partial<RecordPurchaseDto> = {}): RecordPurchaseDto {
    tag += 1;
    return {
      sellerId, siteId, mineral: 'HETEROGENITE', grossMass: { value: '12.8', unit: 'kg' }, netMass: { value: '12.5', unit: 'kg' },
      gradePercent: '14.2', moisturePercent: '8', unitPriceMinor: 950, priceBasis: 'per_unit_contained_metal', currency: 'USD',
      paymentMethod: 'cash', tagId: `INT-${tag}`, ...overrides,
    };
  }

  /** The statements `work` sent, less the transaction frame. */
  async function statementsOf<T>(work: () => Promise<T>): Promise<{ result: T | undefined; error: unknown; all: string[]; work: string[] }> {
    sent.length = 0;
    let result: T | undefined;
    let error: unknown;
    try {
      result = await work();
    } catch (caught) {
      error = caught;
    }
    const all = [...sent];
    return { result, error, all, work: all.filter((text) => !FRAME.test(text)) };
  }

  async function head(cooperativeId: string): Promise<{ last_sequence: number; last_hash: string } | undefined> {
    const [row] = await ctx.query<{ last_sequence: number; last_hash: string }>('SELECT last_sequence, last_hash FROM ledger_heads WHERE cooperative_id = $1', [cooperativeId]);
    return row;
  }

  beforeAll(async () => {
    ctx = await createCtx();
    purchases = ctx.get(PurchasesService);
    coopA = await ctx.newCooperative({ timezone: 'Africa/Lubumbashi' });
    coopB = await ctx.newCooperative({ timezone: 'Africa/Lubumbashi' });
    officerA = ctx.caller(coopA, await ctx.newUser(coopA, 'officer'), ['officer']);
    officerB = ctx.caller(coopB, await ctx.newUser(coopB, 'officer'), ['officer']);
    today = localDateIn('Africa/Lubumbashi');
    const card = { issuedOn: addDays(today, -30), expiresOn: addDays(today, 300) };
    sellerA = await activeSeller(coopA, card);
    sellerB = await activeSeller(coopB, card);
    expiredSellerA = await activeSeller(coopA, { issuedOn: addDays(today, -800), expiresOn: addDays(today, -400) });
    siteA = await ctx.newSite(coopA);
    siteB = await ctx.newSite(coopB);
    await feeRule(coopA, 'COMMUNITY', 100, '2020-01-01');
    await feeRule(coopB, 'COMMUNITY', 100, '2020-01-01');
    pg.Client.prototype.query = function recorded(this: pg.Client, ...args: unknown[]) {
      const [config] = args;
      const text = typeof config === 'string' ? config : (config as { text?: string } | undefined)?.text;
      if (text !== undefined) sent.push(text);
      return (clientQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof clientQuery;
  });
  afterAll(async () => {
    pg.Client.prototype.query = clientQuery;
    await ctx.close();
  });

  it('reads the terms once, then writes each purchase with one statement, whose audit record is the answer', async () => {
    const cold = await statementsOf(() => purchases.record(officerA, body(sellerA, siteA)));
    expect(cold.error).toBeUndefined();
    // The statements really are seen: the transaction's frame is in the record.
    expect(cold.all.some((text) => /^\s*(START TRANSACTION|BEGIN)/i.test(text))).toBe(true);
    expect(cold.work).toHaveLength(2);
    expect(cold.work[1]).toMatch(/^SELECT purchase_append\(/);

    const warm = await statementsOf(() => purchases.record(officerA, body(sellerA, siteA)));
    expect(warm.error).toBeUndefined();
    expect(warm.work).toHaveLength(1);
    expect(warm.work[0]).toMatch(/^SELECT purchase_append\(/);
    const view = warm.result;
    expect(view).toMatchObject({ sequence: 2, lotNumber: 'LOT-000002', amountMinor: 1551, fees: [{ fundCode: 'COMMUNITY', amountMinor: 16 }], netPaidMinor: 1535 });
    expect(view?.previousHash).toBe(cold.result?.hash);

    const audits = await ctx.query<{ after: unknown; actor_user_id: string; request_id: string }>(
      `SELECT after, actor_user_id, request_id FROM audit_log WHERE action = 'purchase.recorded' AND entity_id = $1`,
      [view?.id],
    );
    expect(audits).toEqual([{ after: view, actor_user_id: officerA.userId, request_id: officerA.requestId }]);
    expect(await head(coopA)).toEqual({ last_sequence: 2, last_hash: view?.hash });
  });

  it('leaves a gapless chain that verifies after 50 parallel writers on two cooperatives', async () => {
    const before = (await head(coopA))?.last_sequence ?? 0;
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, n) => (n % 5 === 4 ? purchases.record(officerB, body(sellerB, siteB)) : purchases.record(officerA, body(sellerA, siteA)))),
    );
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    for (const [coop, appended, start] of [[coopA, 40, before], [coopB, 10, 0]] as const) {
      const rows = await ctx.query<{ sequence: number; lot_number: string; previous_hash: string; hash: string }>(
        'SELECT sequence, lot_number, previous_hash, hash FROM purchase_ledger WHERE cooperative_id = $1 ORDER BY sequence',
        [coop],
      );
      expect(rows.map((row) => row.sequence)).toEqual(Array.from({ length: start + appended }, (_, index) => index + 1));
      expect(rows.map((row) => row.lot_number)).toEqual(rows.map((row) => `LOT-${String(row.sequence).padStart(6, '0')}`));
      expect(rows[0].previous_hash).toBe('0'.repeat(64));
      rows.slice(1).forEach((row, index) => expect(row.previous_hash).toBe(rows[index].hash));
      const auditor = ctx.caller(coop, await ctx.newUser(coop, 'auditor'), ['auditor']);
      expect(await purchases.verify(auditor)).toEqual({ ok: true, count: start + appended, headHash: rows.at(-1)?.hash });
      expect(await head(coop)).toEqual({ last_sequence: start + appended, last_hash: rows.at(-1)?.hash });
    }
  });

  it('learns a fee rule another instance added: the function answers stale, the service reads the terms again', async () => {
    await purchases.record(officerB, body(sellerB, siteB)); // the terms of B are cached
    await feeRule(coopB, 'ROADS', 200, addDays(today, -1));
    const { result, error, work } = await statementsOf(() => purchases.record(officerB, body(sellerB, siteB)));
    expect(error).toBeUndefined();
    expect(work.map((text) => (/^SELECT purchase_append\(/.test(text) ? 'append' : 'other'))).toEqual(['append', 'other', 'append']);
    expect(result?.fees).toEqual([
      { fundCode: 'COMMUNITY', amountMinor: 16 },
      { fundCode: 'ROADS', amountMinor: 31 },
    ]);
  });

  it('refuses with the domain codes and leaves the head, the ledger and the audit trail as they were', async () => {
    const taken = await purchases.record(officerA, body(sellerA, siteA));
    const unchanged = await head(coopA);
    const count = async () => (await ctx.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_log WHERE cooperative_id = $1', [coopA]))[0].n;
    const audited = await count();
    const refused = async (dto: RecordPurchaseDto) => (await statementsOf(() => purchases.record(officerA, dto))).error;

    // Judged after the append (the card rule lives in TypeScript): the append is rolled back.
    expect(await refused(body(expiredSellerA, siteA))).toMatchObject({ code: 'SELLER_CARD_EXPIRED' });
    expect(await refused(body(randomUUID(), siteA))).toMatchObject({ code: 'SELLER_NOT_FOUND' });
    const unknownSite = randomUUID();
    expect(await refused(body(sellerA, unknownSite))).toMatchObject({ code: 'SITE_REFERENCE_UNKNOWN', params: { field: 'siteId', siteId: unknownSite } });
    expect(await refused(body(sellerA, siteB))).toMatchObject({ code: 'SITE_REFERENCE_UNKNOWN' });
    expect(await refused(body(sellerA, siteA, { tagId: taken.tagId ?? '' }))).toMatchObject({ code: 'PURCHASE_TAG_TAKEN', kind: 'conflict', params: { tagId: taken.tagId } });
    expect(await refused(body(sellerA, siteA, { id: taken.id }))).toMatchObject({ code: 'PURCHASE_ID_TAKEN', kind: 'conflict', params: { id: taken.id } });
    // The seller comes first, also when the price is refused before the append.
    expect(await refused(body(expiredSellerA, siteA, { amountMinor: 1 }))).toMatchObject({ code: 'SELLER_CARD_EXPIRED' });
    expect(await refused(body(sellerA, siteA, { amountMinor: 1 }))).toMatchObject({ code: 'AMOUNT_MISMATCH' });

    expect(await head(coopA)).toEqual(unchanged);
    expect(await count()).toBe(audited);
  });

  it('runs as the caller: row-level security hides another cooperative from the function', async () => {
    const before = await head(coopA);
    const outcome = await ctx.db.tenant(officerB, async (tx) => {
      const [{ outcome: answer }] = await tx.query<{ outcome: unknown }[]>(
        `SELECT purchase_append($1, $2, 'r', $3::date, 'Africa/Lubumbashi', 'USD', '{}'::uuid[], $4::jsonb, ''::bytea, ''::bytea, ''::bytea, '{}'::jsonb) AS outcome`,
        [coopA, officerB.userId, today, JSON.stringify({ id: randomUUID(), seller_id: sellerA, site_id: siteA, tag_id: 'RLS' })],
      );
      return answer;
    });
    // Seller A is invisible from B's scope: nothing is checked further, nothing written.
    expect(outcome).toEqual({ seller: null });
    expect(await head(coopA)).toEqual(before);
  });
});
