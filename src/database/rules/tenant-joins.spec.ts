import { sqlLiteralsOf, unkeyedJoins, type RelationNames } from './tenant-joins.js';

const names: RelationNames = {
  tenant: new Set(['miners', 'miner_cards', 'savings_loans', 'savings_cycles', 'savings_committee_posts', 'savings_committee_terms', 'user_roles']),
  other: new Set(['users', 'cooperatives']),
};
const check = (sql: string): string[] => unkeyedJoins(sql, names);

describe('unkeyedJoins (joins of tenant relations that leave out cooperative_id)', () => {
  it('refuses a join of two tenant tables on their ids alone', () => {
    expect(check('SELECT m.id FROM miner_cards k JOIN miners m ON m.id = k.miner_id WHERE k.cooperative_id = $1')).toEqual(['JOIN miners m ON m.id = k.miner_id']);
  });

  it('accepts the same join once it matches cooperative_id, or binds the target to the caller’s cooperative', () => {
    expect(check('SELECT 1 FROM miner_cards k JOIN miners m ON m.cooperative_id = k.cooperative_id AND m.id = k.miner_id')).toEqual([]);
    expect(check('SELECT 1 FROM savings_loans l JOIN savings_cycles c ON c.cooperative_id::text = $1 AND c.id = l.cycle_id')).toEqual([]);
  });

  it('refuses every kind of outer join and stops the condition at the next clause', () => {
    expect(check(`SELECT 1 FROM miner_cards k LEFT JOIN miners m ON m.id = k.miner_id LEFT JOIN users u ON u.id = m.created_by WHERE m.cooperative_id = $1`))
      .toEqual(['JOIN miners m ON m.id = k.miner_id']);
    expect(check('SELECT 1 FROM miner_cards k FULL OUTER JOIN miners AS m ON m.id = k.miner_id ORDER BY 1')).toEqual(['JOIN miners AS m ON m.id = k.miner_id']);
  });

  it('accepts joins to reference tables, and a tenant table joined from a reference one', () => {
    expect(check('SELECT 1 FROM miners m JOIN cooperatives c ON c.id = m.cooperative_id JOIN users u ON u.id = m.created_by')).toEqual([]);
    expect(check('SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id')).toEqual([]);
  });

  it('refuses a subquery, a CTE or an interpolated fragment joined without cooperative_id when they read tenant tables', () => {
    expect(check('SELECT 1 FROM savings_loans l JOIN (${}) cy ON cy.id = l.cycle_id')).toEqual(['JOIN (${}) cy ON cy.id = l.cycle_id']);
    expect(check('SELECT 1 FROM savings_loans l JOIN (SELECT id FROM savings_cycles) cy ON cy.id = l.cycle_id')).toHaveLength(1);
    expect(check(`WITH latest AS (SELECT id FROM savings_committee_terms ORDER BY 1 LIMIT 1)
      SELECT p.seat FROM savings_committee_posts p JOIN latest ON p.term_id = latest.id`)).toEqual(['JOIN latest ON p.term_id = latest.id']);
    expect(check(`WITH a AS (SELECT 1 AS j), b AS (SELECT 2 AS j) SELECT 1 FROM a FULL JOIN b ON a.j = b.j`)).toEqual([]);
  });

  it('refuses USING without cooperative_id and a tenant table joined with no condition', () => {
    expect(check('SELECT 1 FROM miner_cards k JOIN miners USING (id)')).toEqual(['JOIN miners USING (id)']);
    expect(check('SELECT 1 FROM miner_cards k JOIN miners USING (cooperative_id, id)')).toEqual([]);
    expect(check('SELECT 1 FROM miner_cards k CROSS JOIN miners m')).toEqual(['JOIN miners m']);
  });

  it('reads an alias given to a tenant table elsewhere in the statement as a tenant one', () => {
    expect(check('SELECT 1 FROM cooperatives c WHERE EXISTS (SELECT 1 FROM miners c JOIN savings_cycles y ON y.id = c.cycle_id)')).toHaveLength(1);
  });

  it('skips LATERAL joins, comments, quoted strings and conditions that name no other relation', () => {
    expect(check("SELECT 1 FROM miners m LEFT JOIN LATERAL (SELECT 1 FROM miner_cards k WHERE k.miner_id = m.id) c ON true")).toEqual([]);
    expect(check("SELECT 'JOIN miners m ON m.id = k.id' FROM miner_cards k -- JOIN miners m ON m.id = k.miner_id")).toEqual([]);
    expect(check('SELECT 1 FROM miner_cards k JOIN miners m ON true')).toEqual([]);
  });

  it('stops a condition at the parenthesis that closes its subquery', () => {
    expect(check('SELECT (SELECT 1 FROM miner_cards k JOIN miners m ON m.id = k.miner_id) AS x, m2.id FROM miners m2 JOIN miner_cards k2 ON k2.cooperative_id = m2.cooperative_id'))
      .toEqual(['JOIN miners m ON m.id = k.miner_id']);
  });
});

describe('sqlLiteralsOf (the SQL a TypeScript file holds)', () => {
  it('finds template and quoted literals with a join, fragments replaced, with their line', () => {
    const source = [
      "const a = 'SELECT 1 FROM miners m JOIN miner_cards k ON k.miner_id = m.id';",
      '// const b = `SELECT 1 FROM a JOIN b ON b.id = a.id`;',
      'const c = `SELECT ${cols.map((x) => `m.${x}`).join(", ")}',
      '  FROM miners m JOIN (${running}) cy ON cy.id = m.cycle_id`;',
      'const d = "no sql here";',
    ].join('\n');
    expect(sqlLiteralsOf(source)).toEqual([
      { text: 'SELECT 1 FROM miners m JOIN miner_cards k ON k.miner_id = m.id', line: 1 },
      { text: 'SELECT ${}\n  FROM miners m JOIN (${}) cy ON cy.id = m.cycle_id', line: 3 },
    ]);
  });
});
