import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';
import { bearer, createCooperative, member, operatorSession, type Session } from './support/identity-fixture.js';
import { registerActiveMember } from './support/member-fixture.js';

/**
 * Every id a governance body names must belong to the caller's cooperative. An id of
 * another cooperative is refused with the very answer an id that exists nowhere gets, and
 * nothing of it is stored.
 */
interface Coop {
  id: string;
  admin: Session;
  officer: Session;
  members: string[];
  assemblyId: string;
  agendaItemId: string;
  electionId: string;
  positionId: string;
  demandId: string;
  resolutionId: string;
}

describe('governance references stay inside the cooperative', () => {
  let t: TestApp;
  const coops = {} as Record<'a' | 'b', Coop>;

  const call = (coop: Coop, method: 'post' | 'put', path: string, body: Record<string, unknown>, session: Session = coop.admin) =>
    t.http()[method](`/api/v1/cooperatives/${coop.id}${path}`).set(bearer(session)).send(body);

  /** The answer for another cooperative's id must be the answer for a made-up one. */
  async function expectSameRefusal(send: (id: string) => Promise<Response>, foreignId: string): Promise<void> {
    const foreign = await send(foreignId);
    const nowhere = await send(randomUUID());
    expect(foreign.status).toBeGreaterThanOrEqual(400);
    expect(foreign.status).toBeLessThan(500);
    expect({ status: foreign.status, code: foreign.body.code, errors: (foreign.body.errors as { code: string }[] | undefined)?.map((e) => e.code) })
      .toEqual({ status: nowhere.status, code: nowhere.body.code, errors: (nowhere.body.errors as { code: string }[] | undefined)?.map((e) => e.code) });
  }

  async function setUp(key: 'a' | 'b', name: string): Promise<void> {
    const operator = await operatorSession(t);
    const id = await createCooperative(t, operator, name);
    const admin = await member(t, operator, id, 'admin', key);
    const officer = await member(t, operator, id, 'officer', key);
    const members: string[] = [];
    for (let i = 0; i < 4; i++) members.push((await registerActiveMember(t, officer, id, '2024-01-10')).id);
    const coop = { id, admin, officer, members } as Coop;
    const demand = await call(coop, 'post', '/assembly-demands', {
      receivedOn: '2026-05-02', kind: 'ordinary', purpose: 'Comptes', agenda: [{ title: 'Comptes', decisionKind: 'ordinary' }], signatories: members,
    }, officer).expect(201);
    coop.demandId = demand.body.id;
    const assembly = await call(coop, 'post', '/assemblies', {
      kind: 'extraordinary', heldOn: '2026-06-30', place: 'Likasi', callNumber: 1, noticeOn: '2026-06-01', agenda: [{ title: 'Statuts', decisionKind: 'bylaw_amendment' }],
    }).expect(201);
    coop.assemblyId = assembly.body.id;
    coop.agendaItemId = assembly.body.agenda[0].id;
    await call(coop, 'put', `/assemblies/${coop.assemblyId}/attendance`, { entries: members.map((m) => ({ memberId: m, mode: 'present' })) }, officer).expect(200);
    await call(coop, 'post', `/assemblies/${coop.assemblyId}/open`, {}, officer).expect(200);
    const election = await call(coop, 'post', `/assemblies/${coop.assemblyId}/elections`, {
      title: 'Comité', governingBody: false, positions: [{ title: 'Contrôleur', seats: 1, termMonths: 12 }],
    }, officer).expect(201);
    coop.electionId = election.body.id;
    coop.positionId = election.body.positions[0].id;
    coops[key] = coop;
  }

  beforeAll(async () => {
    t = await startTestApp();
    await setUp('a', 'Nguvu');
    await setUp('b', 'Amani');
    const resolution = await call(coops.b, 'post', `/assemblies/${coops.b.assemblyId}/resolutions`, { agendaItemId: coops.b.agendaItemId, for: 4, against: 0, abstain: 0 }, coops.b.officer).expect(201);
    coops.b.resolutionId = resolution.body.id;
  }, 180_000);

  afterAll(async () => {
    await t.close();
  });

  it('refuses another cooperative\'s members as signatories, attendees, proxy holders, candidates, voters and choices', async () => {
    const { a, b } = coops;
    const foreignMember = b.members[0];
    await expectSameRefusal((id) => call(a, 'post', '/assembly-demands', {
      receivedOn: '2026-05-03', kind: 'ordinary', purpose: 'x', agenda: [{ title: 'x', decisionKind: 'ordinary' }], signatories: [a.members[0], id],
    }, a.officer), foreignMember);
    const convened = await call(a, 'post', '/assemblies', {
      kind: 'ordinary', heldOn: '2026-07-30', place: 'Likasi', callNumber: 1, noticeOn: '2026-07-01', agenda: [{ title: 'x', decisionKind: 'ordinary' }],
    }).expect(201);
    await expectSameRefusal((id) => call(a, 'put', `/assemblies/${convened.body.id as string}/attendance`, { entries: [{ memberId: id, mode: 'present' }] }, a.officer), foreignMember);
    await expectSameRefusal((id) => call(a, 'put', `/assemblies/${convened.body.id as string}/attendance`, {
      entries: [{ memberId: a.members[0], mode: 'represented', proxyHolderId: id }],
    }, a.officer), foreignMember);
    await expectSameRefusal((id) => call(a, 'post', `/elections/${a.electionId}/candidacies`, { positionId: a.positionId, memberId: id }, a.officer), foreignMember);
    await expectSameRefusal((id) => call(a, 'post', `/elections/${a.electionId}/candidacies`, { positionId: id, memberId: a.members[1] }, a.officer), b.positionId);
    await expectSameRefusal((id) => call(a, 'post', `/elections/${a.electionId}/ballots`, { voterMemberId: id, choices: [] }, a.officer), foreignMember);
    await expectSameRefusal((id) => call(a, 'post', `/elections/${a.electionId}/ballots`, {
      voterMemberId: a.members[0], choices: [{ positionId: a.positionId, memberIds: [id] }],
    }, a.officer), foreignMember);
    await expectSameRefusal((id) => call(a, 'post', `/elections/${a.electionId}/ballots`, {
      voterMemberId: a.members[0], choices: [{ positionId: id, memberIds: [] }],
    }, a.officer), b.positionId);
  });

  it('refuses another cooperative\'s assembly, demand, agenda item and resolution', async () => {
    const { a, b } = coops;
    await expectSameRefusal((id) => call(a, 'post', '/assemblies', {
      kind: 'extraordinary', heldOn: '2026-08-30', place: 'Likasi', callNumber: 2, firstCallAssemblyId: id, noticeOn: '2026-08-01', agenda: [{ title: 'x', decisionKind: 'ordinary' }],
    }), b.assemblyId);
    await expectSameRefusal((id) => call(a, 'post', '/assemblies', {
      kind: 'ordinary', heldOn: '2026-08-30', place: 'Likasi', callNumber: 1, noticeOn: '2026-08-01', agenda: [{ title: 'x', decisionKind: 'ordinary' }], demandId: id,
    }), b.demandId);
    await expectSameRefusal((id) => call(a, 'post', `/assemblies/${a.assemblyId}/resolutions`, { agendaItemId: id, for: 1, against: 0, abstain: 0 }, a.officer), b.agendaItemId);
    await expectSameRefusal((id) => call(a, 'post', '/bylaws', { text: 'Statuts', settings: {}, resolutionId: id }), b.resolutionId);
  });

  it('stored none of the foreign ids', async () => {
    const foreign = [...coops.b.members, coops.b.positionId, coops.b.assemblyId, coops.b.demandId, coops.b.agendaItemId, coops.b.resolutionId];
    const tables = ['assembly_demands', 'assemblies', 'assembly_attendance', 'election_candidacies', 'election_ballots', 'election_sealed_ballots', 'election_voters', 'assembly_resolutions', 'bylaw_versions'];
    for (const table of tables) {
      const rows = await adminQuery<{ row: string }>(t.target.ownerUrl, `SELECT row_to_json(x)::text AS row FROM ${table} x WHERE cooperative_id = $1`, [coops.a.id]);
      for (const { row } of rows) for (const id of foreign) expect(row).not.toContain(id);
    }
  });
});
