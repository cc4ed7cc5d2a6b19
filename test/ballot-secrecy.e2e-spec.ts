import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { backupDatabase } from '../src/database/backup.js';
import { readSealedLines } from '../src/database/table-dump.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';
import { bearer, createCooperative, member, operatorSession, type Session } from './support/identity-fixture.js';
import { registerActiveMember, type ActiveMember } from './support/member-fixture.js';
import type { CooperativeRole } from '../src/auth/roles.js';

/**
 * The queries someone who can read the database would run to learn who voted what, as the
 * API role and as the owner: joins on system columns, physical and id order, timestamps,
 * the audit trail, the idempotency store and a backup. None may pair a voter with a ballot.
 */
const MEMBERSHIP = '2024-01-10';
const VOTERS = 8;
/** Voter i's choices among the four candidates: all different, so a ballot names its voter. */
const CHOICES: readonly (readonly number[])[] = [[0], [1], [2], [3], [0, 1], [0, 2], [0, 3], [1, 2]];

describe('ballot secrecy against the database', () => {
  let t: TestApp;
  let coopA: string;
  let coopB: string;
  const inA = {} as Record<CooperativeRole, Session>;
  let adminB: Session;
  const members: ActiveMember[] = [];
  let strangerInB: string;
  let electionId: string;
  let positionId: string;
  const votingOrder: string[] = [];
  const choiceOf = new Map<string, string>();

  const base = () => `/api/v1/cooperatives/${coopA}`;
  const post = (path: string, body: Record<string, unknown>, session: Session = inA.officer) => t.http().post(`${base()}${path}`).set(bearer(session)).send(body);
  const ballot = (voter: number, memberIds = CHOICES[voter].map((c) => members[c].id)) => ({ voterMemberId: members[voter].id, choices: [{ positionId, memberIds }] });
  const choiceKey = (choices: Record<string, string[]>): string => JSON.stringify([...(choices[positionId] ?? [])].sort());
  const owner = <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => adminQuery<T>(t.target.ownerUrl, sql, params);

  /** A query as the API role, inside the tenant context the application sets. */
  async function asApp<T extends pg.QueryResultRow>(sql: string, params: unknown[] = [], cooperativeId = coopA): Promise<T[]> {
    const client = new pg.Client({ connectionString: t.target.appUrl });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.cooperative_ids', $1, true)`, [cooperativeId]);
      const rows = (await client.query<T>(sql, params)).rows;
      await client.query('COMMIT');
      return rows;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      await client.end();
    }
  }

  /** How many voters a pairing of two sequences (register order, box order) gets right. */
  function rightPairs(voterOrder: readonly string[], ballotOrder: readonly Record<string, string[]>[]): number {
    return voterOrder.filter((voter, i) => ballotOrder[i] !== undefined && choiceOf.get(voter) === choiceKey(ballotOrder[i])).length;
  }

  beforeAll(async () => {
    t = await startTestApp();
    const operator = await operatorSession(t);
    coopA = await createCooperative(t, operator, 'Siri');
    coopB = await createCooperative(t, operator, 'Wazi');
    for (const role of ['admin', 'officer', 'treasurer', 'auditor'] as const) inA[role] = await member(t, operator, coopA, role, 's');
    adminB = await member(t, operator, coopB, 'admin', 'w');
    const officerB = await member(t, operator, coopB, 'officer', 'w');
    strangerInB = (await registerActiveMember(t, officerB, coopB, MEMBERSHIP)).id;
    for (let i = 0; i < VOTERS; i++) members.push(await registerActiveMember(t, inA.officer, coopA, MEMBERSHIP));

    const assembly = await post('/assemblies', {
      kind: 'ordinary', heldOn: '2026-06-30', place: 'Kolwezi', callNumber: 1, noticeOn: '2026-06-01', agenda: [{ title: 'Élections', decisionKind: 'ordinary' }],
    }, inA.admin).expect(201);
    await t.http().put(`${base()}/assemblies/${assembly.body.id}/attendance`).set(bearer(inA.officer))
      .send({ entries: members.map((m) => ({ memberId: m.id, mode: 'present' })) }).expect(200);
    await post(`/assemblies/${assembly.body.id}/open`, {}).expect(200);
    const election = await post(`/assemblies/${assembly.body.id}/elections`, {
      title: 'Comité de contrôle', governingBody: false, positions: [{ title: 'Contrôleurs', seats: 3, termMonths: 12 }],
    }).expect(201);
    electionId = election.body.id;
    positionId = election.body.positions[0].id;
    for (const candidate of [0, 1, 2, 3]) await post(`/elections/${electionId}/candidacies`, { positionId, memberId: members[candidate].id }).expect(201);
  }, 180_000);

  afterAll(async () => {
    await t.close();
  });

  describe('while the poll is open', () => {
    it('refuses ballots naming members of another cooperative exactly as ids that exist nowhere', async () => {
      const foreign = await post(`/elections/${electionId}/ballots`, ballot(0, [strangerInB])).expect(404);
      const nowhere = await post(`/elections/${electionId}/ballots`, ballot(0, [randomUUID()])).expect(404);
      expect(foreign.body.code).toBe('MEMBER_NOT_FOUND');
      expect(nowhere.body.code).toBe(foreign.body.code);
      await t.http().post(`/api/v1/cooperatives/${coopB}/elections/${electionId}/ballots`).set(bearer(adminB)).send(ballot(0)).expect(404);
    });

    it('records each ballot once: a retry, a concurrent double and an Idempotency-Key replay are all refused', async () => {
      for (let voter = 0; voter < VOTERS - 2; voter++) {
        const response = await post(`/elections/${electionId}/ballots`, ballot(voter)).expect(201);
        expect(response.body).toEqual({ recorded: true });
        votingOrder.push(members[voter].id);
        choiceOf.set(members[voter].id, choiceKey({ [positionId]: CHOICES[voter].map((c) => members[c].id) }));
      }
      const twice = await post(`/elections/${electionId}/ballots`, ballot(0)).expect(409);
      expect(twice.body.code).toBe('ALREADY_VOTED');

      const concurrent = await Promise.all([post(`/elections/${electionId}/ballots`, ballot(6)), post(`/elections/${electionId}/ballots`, ballot(6))]);
      expect(concurrent.map((r) => r.status).sort()).toEqual([201, 409]);
      votingOrder.push(members[6].id);
      choiceOf.set(members[6].id, choiceKey({ [positionId]: CHOICES[6].map((c) => members[c].id) }));

      const key = `ballot-${randomUUID()}`;
      await t.http().post(`${base()}/elections/${electionId}/ballots`).set(bearer(inA.officer)).set('Idempotency-Key', key).send(ballot(7)).expect(201);
      const retried = await t.http().post(`${base()}/elections/${electionId}/ballots`).set(bearer(inA.officer)).set('Idempotency-Key', key).send(ballot(7)).expect(409);
      expect(retried.body.code).toBe('ALREADY_VOTED');
      expect(retried.headers['idempotent-replay']).toBeUndefined();
      votingOrder.push(members[7].id);
      choiceOf.set(members[7].id, choiceKey({ [positionId]: CHOICES[7].map((c) => members[c].id) }));

      expect(await owner(`SELECT 1 FROM idempotency_keys WHERE key = $1 OR path LIKE '%/ballots'`, [key])).toEqual([]);
      const [counts] = await owner<{ voters: number; sealed: number; boxed: number }>(
        `SELECT (SELECT count(*)::int FROM election_voters WHERE election_id = $1) AS voters,
                (SELECT count(*)::int FROM election_sealed_ballots WHERE election_id = $1) AS sealed,
                (SELECT count(*)::int FROM election_ballots WHERE election_id = $1) AS boxed`,
        [electionId],
      );
      expect(counts).toEqual({ voters: VOTERS, sealed: VOTERS, boxed: 0 });
    });

    it('shows no count to any role, with a problem+json answer', async () => {
      for (const role of ['admin', 'officer', 'treasurer', 'auditor'] as const) {
        const response = await t.http().get(`${base()}/elections/${electionId}/tally`).set(bearer(inA[role])).expect(409);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.body).toMatchObject({ code: 'POLL_STILL_OPEN', status: 409 });
      }
    });

    it('keeps the register and the sealed ballots out of the API role\'s reach', async () => {
      for (const table of ['election_voters', 'election_sealed_ballots']) {
        await expect(asApp(`SELECT * FROM ${table}`)).rejects.toMatchObject({ code: '42501' });
        await expect(asApp(`SELECT xmin, ctid FROM ${table}`)).rejects.toMatchObject({ code: '42501' });
      }
      expect(await asApp('SELECT choices FROM election_ballots WHERE election_id = $1', [electionId])).toEqual([]);
      await expect(asApp('SELECT election_close_poll($1, $2)', [coopA, electionId], coopB)).rejects.toMatchObject({ code: '42501' });
      await expect(asApp(`INSERT INTO election_ballots (cooperative_id, id, election_id, choices) VALUES ($1, $2, $3, '{}')`, [coopA, randomUUID(), electionId])).rejects.toMatchObject({ code: '42501' });
    });

    it('leaves the owner no xmin or order that singles out a sealed ballot', async () => {
      const sealed = await owner<{ xmin: string }>('SELECT xmin::text FROM election_sealed_ballots WHERE election_id = $1', [electionId]);
      expect(new Set(sealed.map((s) => s.xmin)).size).toBe(1);
      const joined = await owner<{ member_id: string; n: number }>(
        `SELECT v.member_id, count(*)::int AS n FROM election_voters v JOIN election_sealed_ballots s ON s.xmin = v.xmin
          WHERE v.election_id = $1 AND s.election_id = $1 GROUP BY v.member_id`,
        [electionId],
      );
      // Only the last voter shares the sealed rows' xmin, and with every one of them.
      expect(joined).toEqual([{ member_id: votingOrder[VOTERS - 1], n: VOTERS }]);
    });
  });

  describe('after the poll is closed', () => {
    it('closes once, counts every ballot exactly once and takes no more ballots', async () => {
      await post(`/elections/${electionId}/close`, {}, inA.auditor).expect(403);
      await t.http().post(`/api/v1/cooperatives/${coopB}/elections/${electionId}/close`).set(bearer(adminB)).send({}).expect(404);
      const closed = await post(`/elections/${electionId}/close`, {}).expect(200);
      expect(closed.body).toMatchObject({ status: 'closed', voters: VOTERS });
      const tally = closed.body.positions[0].tally as { ballots: { total: number }; elected: { memberId: string; votes: number }[]; ranking?: unknown };
      expect(tally.ballots.total).toBe(VOTERS);
      const expectedVotes = [0, 1, 2, 3].map((c) => CHOICES.filter((choice) => choice.includes(c)).length);
      const read = await t.http().get(`${base()}/elections/${electionId}/tally`).set(bearer(inA.auditor)).expect(200);
      const elected = (read.body.positions[0].tally.elected as { memberId: string; votes: number }[]).map((e) => [members.findIndex((m) => m.id === e.memberId), e.votes]);
      for (const [candidate, votes] of elected) expect(votes).toBe(expectedVotes[candidate]);
      expect(elected.map(([candidate]) => candidate).sort()).toEqual([0, 1, 2]);

      const [counts] = await owner<{ voters: number; sealed: number; boxed: number }>(
        `SELECT (SELECT count(*)::int FROM election_voters WHERE election_id = $1) AS voters,
                (SELECT count(*)::int FROM election_sealed_ballots WHERE election_id = $1) AS sealed,
                (SELECT count(*)::int FROM election_ballots WHERE election_id = $1) AS boxed`,
        [electionId],
      );
      expect(counts).toEqual({ voters: VOTERS, sealed: 0, boxed: VOTERS });
      const late = await post(`/elections/${electionId}/ballots`, ballot(0)).expect(409);
      expect(late.body.code).toBe('POLL_CLOSED');
      const again = await post(`/elections/${electionId}/close`, {}).expect(409);
      expect(again.body.code).toBe('POLL_ALREADY_CLOSED');
    });

    it('gives every register row and every ballot the same xmin, as the API role and as the owner', async () => {
      const xmins = await owner<{ source: string; xmin: string }>(
        `SELECT 'voter' AS source, xmin::text FROM election_voters WHERE election_id = $1
          UNION ALL SELECT 'ballot', xmin::text FROM election_ballots WHERE election_id = $1`,
        [electionId],
      );
      expect(xmins).toHaveLength(2 * VOTERS);
      expect(new Set(xmins.map((x) => x.xmin)).size).toBe(1);
      const joined = await owner<{ member_id: string; n: number }>(
        `SELECT v.member_id, count(*)::int AS n FROM election_voters v JOIN election_ballots b ON b.xmin = v.xmin
          WHERE v.election_id = $1 AND b.election_id = $1 GROUP BY v.member_id`,
        [electionId],
      );
      expect(joined.every((j) => j.n === VOTERS)).toBe(true);
      const appXmins = await asApp<{ xmin: string }>('SELECT DISTINCT xmin::text FROM election_ballots WHERE election_id = $1', [electionId]);
      expect(appXmins).toHaveLength(1);
    });

    it('pairs nobody by physical order, id order, ORDER-less reads or voting order', async () => {
      const byCtid = await owner<{ choices: Record<string, string[]> }>('SELECT choices FROM election_ballots WHERE election_id = $1 ORDER BY ctid', [electionId]);
      const byId = await owner<{ choices: Record<string, string[]> }>('SELECT choices FROM election_ballots WHERE election_id = $1 ORDER BY id', [electionId]);
      const unordered = await owner<{ choices: Record<string, string[]> }>('SELECT choices FROM election_ballots WHERE election_id = $1', [electionId]);
      const votersByCtid = (await owner<{ member_id: string }>('SELECT member_id FROM election_voters WHERE election_id = $1 ORDER BY ctid', [electionId])).map((v) => v.member_id);
      const votersUnordered = (await owner<{ member_id: string }>('SELECT member_id FROM election_voters WHERE election_id = $1', [electionId])).map((v) => v.member_id);
      // Each pairing is right for all eight voters by chance once in 8! = 40 320 closes.
      for (const ballots of [byCtid, byId, unordered]) {
        for (const voters of [votingOrder, votersByCtid, votersUnordered]) {
          expect(rightPairs(voters, ballots.map((b) => b.choices))).toBeLessThan(VOTERS);
        }
      }
      expect(votersByCtid).not.toEqual(votingOrder);
    });

    it('keeps no time, no per-vote audit entry and no idempotency row that could order the votes', async () => {
      const columns = await owner<{ table_name: string; column_name: string; data_type: string }>(
        `SELECT table_name, column_name, data_type FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name IN ('election_voters', 'election_ballots', 'election_sealed_ballots')`,
      );
      expect(columns.filter((c) => c.data_type.startsWith('timestamp') || /_at$|_on$|member|voter|user|_by$/.test(c.column_name) && c.table_name !== 'election_voters')).toEqual([]);
      expect(columns.filter((c) => c.table_name === 'election_voters').map((c) => c.column_name).sort()).toEqual(['cooperative_id', 'election_id', 'member_id']);
      const [{ track_commit_timestamp: commitTimes }] = await owner<{ track_commit_timestamp: string }>('SHOW track_commit_timestamp');
      expect(commitTimes).toBe('off');

      const audited = await owner<{ action: string; before: unknown; after: unknown }>(
        `SELECT action, before, after FROM audit_log WHERE entity_id = $1 ORDER BY id`,
        [electionId],
      );
      expect(audited.map((a) => a.action)).toEqual(['election.created', 'election.poll_closed']);
      expect(audited[1].after).toEqual({ status: 'closed', turnout: VOTERS });
      const voterIds = members.slice(4).map((m) => m.id);
      const mentions = await owner(`SELECT action FROM audit_log WHERE ${voterIds.map((_, i) => `strpos(coalesce(before::text, '') || coalesce(after::text, ''), $${i + 1}) > 0`).join(' OR ')}`, voterIds);
      expect(mentions.every((m) => !String(m.action).startsWith('election.'))).toBe(true);
      expect(await owner(`SELECT 1 FROM idempotency_keys WHERE path LIKE '%/ballots'`)).toEqual([]);
    });

    it('writes a backup in which register and box cannot be zipped together', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ushirika-secrecy-'));
      try {
        const file = join(dir, 'ushirika.backup');
        const passphrase = randomBytes(24).toString('base64url');
        await backupDatabase(t.target.ownerUrl, file, passphrase);
        const lines: Record<string, unknown>[] = [];
        for await (const l of readSealedLines(file, passphrase)) if (l.trim() !== '') lines.push(JSON.parse(l) as Record<string, unknown>);
        const rowsOf = (table: string): Record<string, unknown>[] => {
          const start = lines.findIndex((l) => l.table === table);
          const rows: Record<string, unknown>[] = [];
          for (let i = start + 1; i < lines.length && !('end' in lines[i]); i++) rows.push(lines[i].row as Record<string, unknown>);
          return rows;
        };
        const voters = rowsOf('election_voters').filter((r) => r.election_id === electionId).map((r) => r.member_id as string);
        const ballots = rowsOf('election_ballots').filter((r) => r.election_id === electionId).map((r) => r.choices as Record<string, string[]>);
        expect(voters).toHaveLength(VOTERS);
        expect(ballots).toHaveLength(VOTERS);
        expect(rightPairs(voters, ballots)).toBeLessThan(VOTERS);
        expect(rightPairs(votingOrder, ballots)).toBeLessThan(VOTERS);
        expect(rowsOf('election_sealed_ballots')).toEqual([]);
        for (const row of [...rowsOf('election_voters'), ...rowsOf('election_ballots')]) {
          expect(Object.keys(row).some((k) => /_at$|time/.test(k))).toBe(false);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
