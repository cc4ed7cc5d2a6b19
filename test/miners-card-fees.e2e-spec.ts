import { randomUUID } from 'node:crypto';
import { localDateIn } from '../src/common/time-zone.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';
import { bearer, twoCooperatives, type Session } from './support/identity-fixture.js';
import { activeCardHolder, registerMiner, type RegisteredMiner } from './support/member-fixture.js';
import { addDays } from '../src/common/calendar-date.js';
import type { CooperativeRole } from '../src/auth/roles.js';

interface Miner extends RegisteredMiner {
  cards: { id: string }[];
}

interface Fee {
  id: string;
  minerId: string;
  memberNumber: string;
  cardId: string | null;
  amountMinor: number;
  currency: string;
  paidOn: string;
  receiptNumber: string;
  paymentMethod: string;
}

interface FeeList {
  items: Fee[];
  totals: { amountMinor: number; currency: string }[];
}

const TIMEZONE = 'Africa/Lubumbashi';

describe('card fees', () => {
  let t: TestApp;
  let coopA: string;
  let coopB: string;
  let inA: Record<CooperativeRole, Session>;
  let adminB: Session;
  let today: string;
  let base: string;
  let miner: Miner;

  const register = async (overrides: Record<string, unknown> = {}): Promise<Miner> =>
    (await registerMiner(t, inA.officer, coopA, { dateOfBirth: '1987-09-09', ...activeCardHolder(today), ...overrides })) as Miner;
  const pay = (minerId: string, body: Record<string, unknown>, session: Session = inA.officer) =>
    t.http().post(`${base}/miners/${minerId}/card-fees`).set(bearer(session)).send({ amountMinor: 2_500, currency: 'USD', paymentMethod: 'cash', ...body });

  beforeAll(async () => {
    t = await startTestApp();
    ({ coopA, coopB, inA, adminB } = await twoCooperatives(t));
    today = localDateIn(TIMEZONE);
    base = `/api/v1/cooperatives/${coopA}`;
    miner = await register();
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('records a fee with its receipt against the card it pays for, audited', async () => {
    const fee = (await pay(miner.id, { receiptNumber: ' R-0001 ', cardId: miner.cards[0].id, paidOn: addDays(today, -2), paymentMethod: 'mobile_money' }).expect(201)).body as Fee;
    expect(fee).toMatchObject({ minerId: miner.id, memberNumber: miner.memberNumber, cardId: miner.cards[0].id, amountMinor: 2_500, currency: 'USD', paidOn: addDays(today, -2), receiptNumber: 'R-0001', paymentMethod: 'mobile_money' });
    const [audit] = await adminQuery<{ after: Record<string, unknown> }>(
      t.target.ownerUrl, `SELECT after FROM audit_log WHERE action = 'miner.card_fee_recorded' AND entity_id = $1`, [miner.id],
    );
    expect(audit.after).toMatchObject({ receiptNumber: 'R-0001', amountMinor: 2_500 });
  });

  it('lists fees per miner and for the cooperative by period, with totals per currency never mixed', async () => {
    const other = await register();
    await pay(other.id, { receiptNumber: 'R-0002', amountMinor: 5_000_000, currency: 'CDF' }).expect(201);
    await pay(other.id, { receiptNumber: 'R-0003', amountMinor: 1_000 }).expect(201);

    const all = (await t.http().get(`${base}/card-fees`).set(bearer(inA.auditor)).expect(200)).body as FeeList;
    expect(all.items.map((fee) => fee.receiptNumber)).toEqual(['R-0001', 'R-0002', 'R-0003']);
    expect(all.totals).toEqual([{ amountMinor: 5_000_000, currency: 'CDF' }, { amountMinor: 3_500, currency: 'USD' }]);

    const recent = (await t.http().get(`${base}/card-fees`).query({ from: addDays(today, -1) }).set(bearer(inA.treasurer)).expect(200)).body as FeeList;
    expect(recent.items.map((fee) => fee.receiptNumber)).toEqual(['R-0002', 'R-0003']);

    const mine = (await t.http().get(`${base}/miners/${other.id}/card-fees`).set(bearer(inA.officer)).expect(200)).body as FeeList;
    expect(mine.totals).toEqual([{ amountMinor: 5_000_000, currency: 'CDF' }, { amountMinor: 1_000, currency: 'USD' }]);
  });

  it('refuses a receipt number used twice, a future date, a card of someone else, an exited member', async () => {
    const taken = await pay(miner.id, { receiptNumber: 'R-0001' }).expect(409);
    expect(taken.body.code).toBe('RECEIPT_NUMBER_TAKEN');
    expect((await pay(miner.id, { receiptNumber: 'R-0100', paidOn: addDays(today, 1) }).expect(422)).body.code).toBe('CARD_FEE_IN_FUTURE');
    const stranger = await register();
    expect((await pay(miner.id, { receiptNumber: 'R-0101', cardId: stranger.cards[0].id }).expect(404)).body.code).toBe('CARD_NOT_FOUND');
    await t.http().post(`${base}/miners/${stranger.id}/status`).set(bearer(inA.officer)).send({ to: 'exited', reason: 'départ' }).expect(200);
    expect((await pay(stranger.id, { receiptNumber: 'R-0102' }).expect(409)).body.code).toBe('MINER_EXITED');
    await pay(miner.id, { receiptNumber: 'R-0103', currency: 'usd' }).expect(400);
    await pay(miner.id, { receiptNumber: 'R-0104', amountMinor: 0 }).expect(400);
  });

  it('replays a fee sent twice with the same id and refuses the id for another fee', async () => {
    const id = randomUUID();
    const first = (await pay(miner.id, { id, receiptNumber: 'R-0200' }).expect(201)).body as Fee;
    const again = (await pay(miner.id, { id, receiptNumber: 'R-0200' }).expect(201)).body as Fee;
    expect(again.id).toBe(first.id);
    expect((await pay(miner.id, { id, receiptNumber: 'R-0201' }).expect(409)).body.code).toBe('CARD_FEE_ID_TAKEN');
    const [count] = await adminQuery<{ n: number }>(t.target.ownerUrl, 'SELECT count(*)::int AS n FROM miner_card_fees WHERE id = $1', [id]);
    expect(count.n).toBe(1);
  });

  it('lets only officers and admins record, and hides fees of other cooperatives', async () => {
    for (const session of [inA.auditor, inA.treasurer]) await pay(miner.id, { receiptNumber: 'R-0300' }, session).expect(403);
    await t.http().get(`/api/v1/cooperatives/${coopB}/miners/${miner.id}/card-fees`).set(bearer(adminB)).expect(404);
    const foreign = (await t.http().get(`/api/v1/cooperatives/${coopB}/card-fees`).set(bearer(adminB)).expect(200)).body as FeeList;
    expect(foreign.items).toEqual([]);
    await expect(adminQuery(t.target.ownerUrl, 'DELETE FROM miner_card_fees WHERE miner_id = $1', [miner.id])).rejects.toThrow(/append-only/);
  });
});
