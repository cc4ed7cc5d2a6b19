import { SavingsGroupsService } from '../../src/savings/groups.service.js';
import { createCtx, type Ctx, type NewMember } from '../support/ctx.js';

describe('SavingsGroupsService with registry members written as rows', () => {
  let ctx: Ctx;
  let groups: SavingsGroupsService;
  let coopA: string;
  let adminA: string;
  let amani: NewMember;
  let ofB: NewMember;

  beforeAll(async () => {
    ctx = await createCtx();
    groups = ctx.get(SavingsGroupsService);
    coopA = await ctx.newCooperative();
    const coopB = await ctx.newCooperative();
    adminA = await ctx.newUser(coopA, 'admin');
    amani = await ctx.newMember(coopA, { firstName: 'Amani', lastName: 'Kabila', sex: 'F', phone: '+243990000001' });
    ofB = await ctx.newMember(coopB, { firstName: 'Bora', lastName: 'Umoja' });
  });
  afterAll(async () => {
    await ctx.close();
  });

  const admin = () => ctx.caller(coopA, adminA, ['admin']);
  const newGroup = async (name: string): Promise<string> =>
    (await groups.createGroup(admin(), { name, meetingPlace: 'École de Kasulo', frequency: 'weekly', meetingWeekday: 1 })).id;

  it('adds a registered miner with the names and phone the registry holds, and audits it', async () => {
    const groupId = await newGroup('Tujenge Mama');
    const added = await groups.addMember(admin(), groupId, { minerId: amani.id, joinedOn: '2026-01-05' });
    expect(added).toMatchObject({ minerId: amani.id, firstName: 'Amani', lastName: 'Kabila', sex: 'F', phone: '+243990000001', joinedOn: '2026-01-05' });
    const detail = await groups.group(admin(), groupId);
    expect(detail.members.map((member) => member.id)).toEqual([added.id]);
    const audits = await ctx.query<{ actor_user_id: string; cooperative_id: string }>(
      `SELECT actor_user_id, cooperative_id FROM audit_log WHERE action = 'savings.member.added' AND entity_id = $1`,
      [added.id],
    );
    expect(audits).toEqual([{ actor_user_id: adminA, cooperative_id: coopA }]);
  });

  it('refuses the same miner twice in a group', async () => {
    const groupId = await newGroup('Tujenge Baba');
    await groups.addMember(admin(), groupId, { minerId: amani.id });
    await expect(groups.addMember(admin(), groupId, { minerId: amani.id })).rejects.toMatchObject({ code: 'SAVINGS_MEMBER_ALREADY_IN_GROUP' });
  });

  it('does not find another cooperative\'s miner, and stores nothing', async () => {
    const groupId = await newGroup('Tujenge Vijana');
    await expect(groups.addMember(admin(), groupId, { minerId: ofB.id })).rejects.toMatchObject({ code: 'MINER_NOT_FOUND', kind: 'not_found' });
    const stored = await ctx.query('SELECT 1 FROM savings_group_members WHERE miner_id = $1', [ofB.id]);
    expect(stored).toEqual([]);
  });
});
