import type { TenantTx } from '../../src/database/tx.js';
import { MinersRepository } from '../../src/miners/miners.repository.js';
import { MinerRegistrationRepository } from '../../src/miners/miner-registration.repository.js';
import { parseMemberNumber } from '../../src/miners/rules/member-number.js';
import { createCtx, type Ctx, type NewMember } from '../support/ctx.js';

describe('MinersRepository inside one cooperative', () => {
  let ctx: Ctx;
  let miners: MinersRepository;
  let coopA: string;
  let officerA: string;
  let amani: NewMember;
  let bahati: NewMember;
  let ofB: NewMember;

  beforeAll(async () => {
    ctx = await createCtx();
    miners = ctx.get(MinersRepository);
    coopA = await ctx.newCooperative({ name: 'Tujenge' });
    const coopB = await ctx.newCooperative({ name: 'Umoja' });
    officerA = await ctx.newUser(coopA, 'officer');
    const site = await ctx.newSite(coopA);
    amani = await ctx.newMember(coopA, { firstName: 'Amani', lastName: 'Kabila', sex: 'F', homeSiteId: site });
    bahati = await ctx.newMember(coopA, { firstName: 'Bahati', lastName: 'Ilunga', status: 'applicant' });
    ofB = await ctx.newMember(coopB, { firstName: 'Bora', lastName: 'Kabila' });
  });
  afterAll(async () => {
    await ctx.close();
  });

  const inA = <T>(work: (tx: TenantTx) => Promise<T>): Promise<T> => ctx.db.tenant(ctx.caller(coopA, officerA, ['officer']), work);

  it('reads a member of the caller\'s cooperative as the registry stores it', async () => {
    const row = await inA((tx) => miners.findMiner(tx, amani.id));
    expect(row).toMatchObject({ id: amani.id, memberNumber: amani.memberNumber, firstName: 'Amani', lastName: 'Kabila', sex: 'F', status: 'active', membershipDate: '2025-01-15' });
    expect(parseMemberNumber(amani.memberNumber)).toMatchObject({ prefix: 'TUJ', year: 2025, sequence: 1 });
  });

  it('answers nothing for another cooperative\'s member, even asked by id', async () => {
    await expect(inA((tx) => miners.findMiner(tx, ofB.id))).resolves.toBeNull();
    await expect(inA((tx) => miners.minerExists(tx, ofB.id))).resolves.toBe(false);
    const found = await inA((tx) => miners.search(tx, { q: 'Kabila' }, '2026-01-05', 30, null, null));
    expect(found.map((row) => row.id)).toEqual([amani.id]);
  });

  it('is held to the cooperative by row-level security even where a query names no cooperative', async () => {
    const rows = await inA((tx) => tx.query<{ id: string }[]>('SELECT id FROM miners ORDER BY member_number'));
    expect(rows.map((row) => row.id)).toEqual([amani.id, bahati.id]);
    const behind = await ctx.query<{ n: string }>('SELECT count(*) AS n FROM miners');
    expect(Number(behind[0].n)).toBe(3);
  });

  it('numbers the next registration after the members the fixtures wrote', async () => {
    await expect(inA((tx) => ctx.get(MinerRegistrationRepository).nextMemberSequence(tx))).resolves.toBe(3);
  });
});
