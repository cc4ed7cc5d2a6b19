import { randomUUID } from 'node:crypto';
import { AuditRepository, type NewAuditEntry } from '../../src/audit/audit.repository.js';
import { createCtx, type Ctx } from '../support/ctx.js';

describe('AuditRepository in a tenant transaction', () => {
  let ctx: Ctx;
  let audit: AuditRepository;
  let coopA: string;
  let coopB: string;
  let adminA: string;
  let adminB: string;

  beforeAll(async () => {
    ctx = await createCtx();
    audit = ctx.get(AuditRepository);
    coopA = await ctx.newCooperative();
    coopB = await ctx.newCooperative();
    adminA = await ctx.newUser(coopA, 'admin');
    adminB = await ctx.newUser(coopB, 'admin');
  });
  afterAll(async () => {
    await ctx.close();
  });

  const entry = (cooperativeId: string, entityId: string): NewAuditEntry => ({
    cooperativeId, actorUserId: adminA, action: 'test.recorded', entity: 'test_thing', entityId, before: null, after: { label: 'one' }, requestId: 'req-1',
  });

  it('reads back, in the same transaction, the entry it wrote', async () => {
    const entityId = randomUUID();
    const read = await ctx.db.tenant(ctx.caller(coopA, adminA, ['admin']), async (tx) => {
      await audit.insertEntry(tx, entry(tx.cooperativeId, entityId));
      return audit.entriesHere(tx, { entityId, limit: 10 });
    });
    expect(read).toHaveLength(1);
    expect(read[0]).toMatchObject({ cooperativeId: coopA, actorUserId: adminA, action: 'test.recorded', entity: 'test_thing', entityId, before: null, after: { label: 'one' }, requestId: 'req-1' });
    const fromB = await ctx.db.tenant(ctx.caller(coopB, adminB, ['admin']), (tx) => audit.entriesHere(tx, { entityId, limit: 10 }));
    expect(fromB).toEqual([]);
  });

  it('cannot write an entry into another cooperative\'s trail, and the refusal rolls the transaction back', async () => {
    const entityId = randomUUID();
    await expect(ctx.db.tenant(ctx.caller(coopA, adminA, ['admin']), async (tx) => {
      await audit.insertEntry(tx, entry(coopA, entityId));
      await audit.insertEntry(tx, entry(coopB, entityId));
    })).rejects.toThrow(/row-level security/);
    await expect(ctx.query('SELECT 1 FROM audit_log WHERE entity_id = $1', [entityId])).resolves.toEqual([]);
  });

  it('refuses any write in a read-only caller\'s transaction', async () => {
    const auditorA = await ctx.newUser(coopA, 'auditor');
    await expect(ctx.db.tenant(ctx.caller(coopA, auditorA, ['auditor']), (tx) => audit.insertEntry(tx, entry(coopA, randomUUID()))))
      .rejects.toThrow(/read-only transaction/);
  });
});
