import { ConflictRegistry, keyValues } from './conflicts.js';

const violation = (constraint: string, detail: string): object => ({ driverError: { code: '23505', constraint, detail } });

describe('the conflict registry', () => {
  const registry = new ConflictRegistry([
    { sites_cooperative_id_code_key: { code: 'SITE_CODE_TAKEN', column: 'code' } },
    { purchase_ledger_tag: { code: 'PURCHASE_TAG_TAKEN', column: 'tag_id', param: 'tagId' } },
  ]);

  it('turns a registered unique violation into its 409 code, naming the value', () => {
    const error = registry.conflictOf(violation('sites_cooperative_id_code_key', 'Key (cooperative_id, code)=(c-1, GATE-1) already exists.'));
    expect(error).toMatchObject({ code: 'SITE_CODE_TAKEN', kind: 'conflict', params: { code: 'GATE-1' } });
    const tag = registry.conflictOf(violation('purchase_ledger_tag', 'Key (cooperative_id, tag_id)=(c-1, T-9) already exists.'));
    expect(tag).toMatchObject({ code: 'PURCHASE_TAG_TAKEN', params: { tagId: 'T-9' } });
  });

  it('leaves unregistered constraints and other errors alone', () => {
    expect(registry.conflictOf(violation('other_key', 'Key (id)=(1) already exists.'))).toBeUndefined();
    expect(registry.conflictOf({ driverError: { code: '23503', constraint: 'sites_cooperative_id_code_key' } })).toBeUndefined();
    expect(registry.conflictOf(new Error('boom'))).toBeUndefined();
  });

  it('refuses a constraint registered by two modules', () => {
    expect(() => new ConflictRegistry([{ a_key: { code: 'A', column: 'id' } }, { a_key: { code: 'B', column: 'id' } }])).toThrow('a_key');
  });

  it('reads the key of a detail only when its columns and values line up', () => {
    expect(keyValues('Key (cooperative_id, id)=(c, 7) already exists.')).toEqual({ cooperative_id: 'c', id: '7' });
    expect(keyValues('Key (cooperative_id, name)=(c, a, b) already exists.')).toEqual({});
    expect(keyValues(undefined)).toEqual({});
  });
});
