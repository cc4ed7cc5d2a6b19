import pg from 'pg';
import { formatMemberNumber, isValidMemberNumber } from '../src/miners/rules/member-number.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';
import { bearer, twoCooperatives, type Session } from './support/identity-fixture.js';

/**
 * What the registry's speed-ups (migration h7-miner-registry-speed) must not cost: member numbers
 * allocated in the insert stay gapless when registrations run in parallel and some roll back,
 * the SQL numbering agrees with the rule, and a search through miners_matching() never shows one
 * cooperative's miners to another.
 */

let sequence = 0;
function minerBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    firstName: `Prénom${sequence}`,
    lastName: `Nom${sequence}`,
    sex: 'F',
    dateOfBirth: '1988-02-03',
    nationality: 'CD',
    idDocumentType: 'voter_card',
    idDocumentNumber: `SC-${10_000 + sequence}`,
    confirmNotDuplicate: true,
    ...overrides,
  };
}

describe('miner registry at scale', () => {
  let t: TestApp;
  let coopA: string;
  let coopB: string;
  let officerA: Session;
  let adminB: Session;

  beforeAll(async () => {
    t = await startTestApp();
    const two = await twoCooperatives(t);
    ({ coopA, coopB, adminB } = two);
    officerA = two.inA.officer;
  });
  afterAll(async () => {
    await t.close();
  });

  const register = (cooperativeId: string, session: Session, body: Record<string, unknown>) =>
    t.http().post(`/api/v1/cooperatives/${cooperativeId}/miners`).set(bearer(session)).send(body);
  const search = (cooperativeId: string, session: Session, q: string) =>
    t.http().get(`/api/v1/cooperatives/${cooperativeId}/miners`).query({ q }).set(bearer(session)).expect(200);

  describe('member numbers', () => {
    it('are computed in SQL exactly as the rule computes them', async () => {
      const cases: Array<[string, number, number]> = [];
      for (const prefix of ['TUJ', 'KOL', 'AAA', 'ZZZ', 'XQX']) {
        for (const year of [1000, 1999, 2026, 9999]) {
          for (const seq of [1, 2, 9, 10, 42, 99, 100, 12_345, 99_999, 100_000, 123_456, 9_999_999]) cases.push([prefix, year, seq]);
        }
      }
      for (let i = 1; i <= 2000; i += 1) cases.push(['TUJ', 2026, i * 37]);
      const rows = await adminQuery<{ number: string }>(
        t.target.ownerUrl,
        'SELECT member_number_of(p, y, s) AS number FROM unnest($1::text[], $2::int[], $3::int[]) WITH ORDINALITY AS x(p, y, s, n) ORDER BY n',
        [cases.map((c) => c[0]), cases.map((c) => c[1]), cases.map((c) => c[2])],
      );
      expect(rows.map((row) => row.number)).toEqual(cases.map(([prefix, year, seq]) => formatMemberNumber(prefix, year, seq)));
    });

    it('stay gapless when parallel registrations roll back after taking a number, even at commit', async () => {
      // A registration named "Rollback…" fails at COMMIT, after its number, its rows and its audit were written.
      await adminQuery(t.target.ownerUrl, `
        CREATE FUNCTION test_refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.first_name LIKE 'Rollback%' THEN RAISE EXCEPTION 'forced rollback at commit'; END IF;
          RETURN NULL;
        END $$`);
      await adminQuery(t.target.ownerUrl, `
        CREATE CONSTRAINT TRIGGER test_refuse_at_commit AFTER INSERT ON miners DEFERRABLE INITIALLY DEFERRED
          FOR EACH ROW EXECUTE FUNCTION test_refuse_at_commit()`);
      try {
        const bodies = Array.from({ length: 40 }, (_, i) => minerBody(i % 4 === 1 ? { firstName: `Rollback${i}` } : {}));
        const responses = await Promise.all(bodies.map((body) => register(coopB, adminB, body)));
        const kept = responses.filter((response) => response.status === 201);
        expect(kept).toHaveLength(30);
        expect(responses.filter((response) => response.status >= 500)).toHaveLength(10);

        const numbers = kept.map((response) => (response.body as { memberNumber: string }).memberNumber);
        expect(numbers.every(isValidMemberNumber)).toBe(true);
        const stored = await adminQuery<{ member_number: string; first_name: string }>(
          t.target.ownerUrl, 'SELECT member_number, first_name FROM miners WHERE cooperative_id = $1', [coopB],
        );
        expect(stored.filter((row) => row.first_name.startsWith('Rollback'))).toEqual([]);
        expect(stored.map((row) => row.member_number).sort()).toEqual([...numbers].sort());
        const sequences = stored.map((row) => Number(row.member_number.split('-')[2])).sort((a, b) => a - b);
        expect(sequences).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
        const [counter] = await adminQuery<{ last_value: number }>(
          t.target.ownerUrl, 'SELECT last_value FROM member_number_sequences WHERE cooperative_id = $1', [coopB],
        );
        expect(counter.last_value).toBe(30);
        // Nothing of a rolled-back registration stays behind: no status change, card or audit row.
        const [orphans] = await adminQuery<{ changes: number; audits: number }>(
          t.target.ownerUrl,
          `SELECT (SELECT count(*)::int FROM miner_status_changes WHERE cooperative_id = $1) AS changes,
                  (SELECT count(*)::int FROM audit_log WHERE cooperative_id = $1 AND action = 'miner.registered') AS audits`,
          [coopB],
        );
        expect(orphans).toEqual({ changes: 30, audits: 30 });
      } finally {
        await adminQuery(t.target.ownerUrl, 'DROP TRIGGER test_refuse_at_commit ON miners');
        await adminQuery(t.target.ownerUrl, 'DROP FUNCTION test_refuse_at_commit()');
      }
      // The next registration takes the next number.
      const next = await register(coopB, adminB, minerBody()).expect(201);
      expect(Number((next.body as { memberNumber: string }).memberNumber.split('-')[2])).toBe(31);
    });
  });

  describe('search', () => {
    let inA: string;
    let inB: string;

    beforeAll(async () => {
      inA = ((await register(coopA, officerA, minerBody({ firstName: 'Élodie', lastName: 'Kabongo-Isolée' })).expect(201)).body as { id: string }).id;
      inB = ((await register(coopB, adminB, minerBody({ firstName: 'Elodie', lastName: 'Kabongo Isolee' })).expect(201)).body as { id: string }).id;
    });

    it('finds a name in its own cooperative only, accents and case aside', async () => {
      for (const q of ['kabongo isolee', 'ÉLODIE kabon', 'isolée']) {
        expect((await search(coopA, officerA, q)).body.items.map((item: { id: string }) => item.id)).toEqual([inA]);
        expect((await search(coopB, adminB, q)).body.items.map((item: { id: string }) => item.id)).toEqual([inB]);
      }
      expect((await search(coopA, officerA, 'isoleex')).body.items).toEqual([]);
    });

    it('finds by member number in its own cooperative only', async () => {
      const [{ member_number: numberInB }] = await adminQuery<{ member_number: string }>(t.target.ownerUrl, 'SELECT member_number FROM miners WHERE id = $1', [inB]);
      expect((await search(coopB, adminB, numberInB)).body.items.map((item: { id: string }) => item.id)).toEqual([inB]);
      // Cooperatives have different prefixes, but the sequence and year alone must not reach across either.
      const [, year, seq] = numberInB.split('-');
      const found = (await search(coopA, officerA, `${year} ${seq}`)).body.items.map((item: { id: string }) => item.id);
      expect(found).not.toContain(inB);
    });

    it('gives nothing of another cooperative through miners_matching(), whatever cooperative it is asked for', async () => {
      const client = new pg.Client({ connectionString: t.target.appUrl });
      await client.connect();
      const matching = async (scopeIds: string, cooperativeId: string): Promise<string[]> => {
        await client.query('BEGIN');
        try {
          await client.query(`SELECT set_config('app.cooperative_ids', $1, true)`, [scopeIds]);
          const { rows } = await client.query<{ id: string }>(`SELECT id FROM miners_matching($1, '{kabongo,isolee}', NULL, NULL, NULL, NULL)`, [cooperativeId]);
          return rows.map((row) => row.id);
        } finally {
          await client.query('ROLLBACK');
        }
      };
      try {
        expect(await matching(coopA, coopA)).toEqual([inA]);
        expect(await matching(coopA, coopB)).toEqual([]);
        expect(await matching('', coopA)).toEqual([]);
        expect(await matching(`${coopA},${coopB}`, coopB)).toEqual([inB]);
        // LIKE's wildcards in a word are matched as letters, not as wildcards.
        await client.query('BEGIN');
        await client.query(`SELECT set_config('app.cooperative_ids', $1, true)`, [coopA]);
        const { rows } = await client.query(`SELECT id FROM miners_matching($1, ARRAY['%', '_'], NULL, NULL, NULL, NULL)`, [coopA]);
        await client.query('ROLLBACK');
        expect(rows).toEqual([]);
      } finally {
        await client.end();
      }
    });
  });
});
