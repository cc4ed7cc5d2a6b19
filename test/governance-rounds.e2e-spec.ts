import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';
import { bearer, createCooperative, member, operatorSession, type Session } from './support/identity-fixture.js';
import { registerActiveMember, type ActiveMember } from './support/member-fixture.js';

const MEMBERSHIP = '2024-01-10';

interface Tally {
  status: string;
  round: number;
  nextRoundElectionId: string | null;
  positions: { positionId: string; tally: { status: string; elected: { memberId: string }[]; tied: { memberId: string }[]; undecidedSeats: number } }[];
  mandates: { memberId: string; positionId: string }[];
}

/**
 * Members' demands for an assembly, and what happens after a tied count: a second round on the
 * undecided seats, or a draw recorded at the assembly.
 */
describe('governance: members demand an assembly; ties go to a second round or a draw', () => {
  let t: TestApp;
  let operator: Session;
  const coops: Record<'demand' | 'round' | 'lot', { id: string; admin: Session; officer: Session; auditor: Session; members: ActiveMember[] }> = {} as never;

  const url = (coop: keyof typeof coops, path: string) => `/api/v1/cooperatives/${coops[coop].id}${path}`;
  const post = (coop: keyof typeof coops, path: string, body: Record<string, unknown>, role: 'admin' | 'officer' | 'auditor' = 'admin') =>
    t.http().post(url(coop, path)).set(bearer(coops[coop][role])).send(body);
  const get = (coop: keyof typeof coops, path: string) => t.http().get(url(coop, path)).set(bearer(coops[coop].auditor));
  const ids = (coop: keyof typeof coops, ...indexes: number[]) => indexes.map((i) => coops[coop].members[i].id);

  async function setUp(key: keyof typeof coops, name: string, memberCount: number): Promise<void> {
    const id = await createCooperative(t, operator, name);
    const [admin, officer, auditor] = [await member(t, operator, id, 'admin', key), await member(t, operator, id, 'officer', key), await member(t, operator, id, 'auditor', key)];
    const members: ActiveMember[] = [];
    for (let i = 0; i < memberCount; i++) members.push(await registerActiveMember(t, officer, id, MEMBERSHIP));
    coops[key] = { id, admin, officer, auditor, members };
  }

  /** An opened ordinary assembly with every member present, and an election on one seat. */
  async function electionWithCandidates(coop: keyof typeof coops, candidates: number[]): Promise<{ electionId: string; positionId: string }> {
    const assembly = await post(coop, '/assemblies', {
      kind: 'ordinary', heldOn: '2026-06-30', place: 'Likasi', callNumber: 1, noticeOn: '2026-06-01', agenda: [{ title: 'Élections', decisionKind: 'ordinary' }],
    }).expect(201);
    await t.http().put(url(coop, `/assemblies/${assembly.body.id}/attendance`)).set(bearer(coops[coop].officer))
      .send({ entries: coops[coop].members.map((m) => ({ memberId: m.id, mode: 'present' })) }).expect(200);
    await post(coop, `/assemblies/${assembly.body.id}/open`, {}, 'officer').expect(200);
    const election = await post(coop, `/assemblies/${assembly.body.id}/elections`, {
      title: 'Comité de surveillance', governingBody: false, positions: [{ title: 'Président du comité', seats: 1, termMonths: 12 }],
    }, 'officer').expect(201);
    const positionId = election.body.positions[0].id as string;
    for (const candidate of candidates) {
      await post(coop, `/elections/${election.body.id}/candidacies`, { positionId, memberId: coops[coop].members[candidate].id }, 'officer').expect(201);
    }
    return { electionId: election.body.id as string, positionId };
  }

  async function vote(coop: keyof typeof coops, electionId: string, positionId: string, voter: number, choice: number | null): Promise<void> {
    await post(coop, `/elections/${electionId}/ballots`, {
      voterMemberId: coops[coop].members[voter].id,
      choices: [{ positionId, memberIds: choice === null ? [] : [coops[coop].members[choice].id] }],
    }, 'officer').expect(201);
  }

  beforeAll(async () => {
    t = await startTestApp();
    operator = await operatorSession(t);
    await setUp('demand', 'Tujenge', 8);
    await setUp('round', 'Amani', 5);
    await setUp('lot', 'Bahati', 5);
  }, 180_000);

  afterAll(async () => {
    await t.close();
  });

  describe("members' demand for an assembly", () => {
    let valid: { id: string };

    it("refuses signatories of another cooperative exactly as ids that exist nowhere, and stores nothing", async () => {
      const demand = (signatories: string[]) => post('demand', '/assembly-demands', {
        receivedOn: '2026-05-02', kind: 'extraordinary', purpose: 'Révoquer le trésorier', agenda: [{ title: 'Révocation', decisionKind: 'ordinary' }], signatories,
      }, 'officer');
      const foreign = await demand([ids('demand', 0)[0], coops.round.members[0].id]).expect(404);
      const nowhere = await demand([ids('demand', 0)[0], randomUUID()]).expect(404);
      expect(foreign.body.code).toBe('MEMBER_NOT_FOUND');
      expect(nowhere.body.code).toBe(foreign.body.code);
      expect(Object.keys(nowhere.body).sort()).toEqual(Object.keys(foreign.body).sort());
      const stored = await adminQuery(t.target.ownerUrl, 'SELECT 1 FROM assembly_demands WHERE cooperative_id = $1', [coops.demand.id]);
      expect(stored).toHaveLength(0);
    });

    it('records a demand signed by fewer than a quarter as invalid, with the signatures that do not count', async () => {
      // Joined after the demand was received: a member of this cooperative, not active that day.
      const latecomer = (await registerActiveMember(t, coops.demand.officer, coops.demand.id, '2026-06-01')).id;
      const [first] = ids('demand', 0);
      const response = await post('demand', '/assembly-demands', {
        receivedOn: '2026-05-02', kind: 'extraordinary', purpose: 'Révoquer le trésorier', agenda: [{ title: 'Révocation', decisionKind: 'ordinary' }],
        signatories: [first, first, latecomer],
      }, 'officer').expect(201);
      expect(response.body).toMatchObject({
        valid: false,
        assemblyId: null,
        check: { activeMembers: 8, required: 2, signatories: 1, rule: 'OHADA_QUARTER_OF_MEMBERS_MAY_DEMAND_ASSEMBLY' },
      });
      const ignored = (response.body.check.ignored as { code: string }[]).map((i) => i.code).sort();
      expect(ignored).toEqual(['DUPLICATE_SIGNATURE', 'SIGNATORY_NOT_ACTIVE']);

      const answer = await post('demand', '/assemblies', {
        kind: 'extraordinary', heldOn: '2026-06-30', place: 'Likasi', callNumber: 1, noticeOn: '2026-06-01', agenda: [{ title: 'Révocation', decisionKind: 'ordinary' }],
        demandId: response.body.id,
      }).expect(422);
      expect(answer.body.code).toBe('ASSEMBLY_DEMAND_INSUFFICIENT');
      expect(answer.body.detail).toContain('2');
    });

    it('records a demand signed by a quarter of the members as valid, readable by every member role', async () => {
      const response = await post('demand', '/assembly-demands', {
        receivedOn: '2026-05-03', kind: 'extraordinary', purpose: 'Révoquer le trésorier', agenda: [{ title: 'Révocation', decisionKind: 'ordinary' }],
        signatories: ids('demand', 0, 1),
      }, 'officer').expect(201);
      valid = response.body;
      expect(response.body).toMatchObject({ valid: true, check: { signatories: 2, required: 2 } });
      const listed = await get('demand', '/assembly-demands').expect(200);
      expect((listed.body as { id: string }[]).map((d) => d.id)).toEqual([valid.id, expect.any(String)]);
      await post('demand', '/assembly-demands', { receivedOn: '2026-05-03', kind: 'ordinary', purpose: 'x', agenda: [{ title: 'x', decisionKind: 'ordinary' }], signatories: ids('demand', 0) }, 'auditor').expect(403);
      await t.http().get(url('round', `/assembly-demands/${valid.id}`)).set(bearer(coops.round.admin)).expect(404);
    });

    it('convenes the assembly the members asked for, once, and of the kind they asked for', async () => {
      const body = {
        heldOn: '2026-06-30', place: 'Likasi', callNumber: 1, noticeOn: '2026-06-01', agenda: [{ title: 'Révocation du trésorier', decisionKind: 'ordinary' }], demandId: valid.id,
      };
      const wrongKind = await post('demand', '/assemblies', { ...body, kind: 'ordinary' }).expect(422);
      expect(wrongKind.body.code).toBe('ASSEMBLY_DEMAND_KIND_MISMATCH');
      const convened = await post('demand', '/assemblies', { ...body, kind: 'extraordinary' }).expect(201);
      expect(convened.body.demandId).toBe(valid.id);
      const demand = await get('demand', `/assembly-demands/${valid.id}`).expect(200);
      expect(demand.body.assemblyId).toBe(convened.body.id);
      const twice = await post('demand', '/assemblies', { ...body, kind: 'extraordinary', heldOn: '2026-07-01' }).expect(409);
      expect(twice.body.code).toBe('ASSEMBLY_DEMAND_ANSWERED');
    });

    it('keeps demands append-only', async () => {
      await expect(adminQuery(t.target.ownerUrl, `UPDATE assembly_demands SET valid = true WHERE id = $1`, [valid.id])).rejects.toThrow(/append-only|not allowed|refused/i);
    });
  });

  describe('a tie under the default rule goes to a second round', () => {
    let first: { electionId: string; positionId: string };
    let second: { id: string; round: number; positions: { id: string; seats: number }[] };

    it('reports the tie and refuses to certify before a second round is opened', async () => {
      first = await electionWithCandidates('round', [0, 1, 2]);
      await vote('round', first.electionId, first.positionId, 0, 0);
      await vote('round', first.electionId, first.positionId, 1, 1);
      await vote('round', first.electionId, first.positionId, 2, 0);
      await vote('round', first.electionId, first.positionId, 3, 1);
      await vote('round', first.electionId, first.positionId, 4, 2);
      expect((await get('round', `/elections/${first.electionId}/tally`).expect(409)).body.code).toBe('POLL_STILL_OPEN');
      await post('round', `/elections/${first.electionId}/close`, {}, 'officer').expect(200);
      const tally = (await get('round', `/elections/${first.electionId}/tally`).expect(200)).body as Tally;
      expect(tally.positions[0].tally).toMatchObject({ status: 'second_round_required', undecidedSeats: 1, elected: [] });
      expect(tally.positions[0].tally.tied.map((c) => c.memberId).sort()).toEqual(ids('round', 0, 1).sort());
      const refused = await post('round', `/elections/${first.electionId}/tally`, {}).expect(422);
      expect(refused.body.code).toBe('TALLY_UNDECIDED');
      const noDraw = await post('round', `/elections/${first.electionId}/lot-draws`, { positionId: first.positionId, seed: 'x' }, 'officer').expect(409);
      expect(noDraw.body.code).toBe('LOT_DRAW_NOT_REQUIRED');
    });

    it('opens a second round with the undecided seat and only the tied candidates, once', async () => {
      await post('round', `/elections/${first.electionId}/second-round`, {}, 'auditor').expect(403);
      const response = await post('round', `/elections/${first.electionId}/second-round`, {}, 'officer').expect(201);
      second = response.body;
      expect(response.body).toMatchObject({ round: 2, previousElectionId: first.electionId, status: 'open', positions: [{ title: 'Président du comité', seats: 1, termMonths: 12 }] });
      const candidates = await adminQuery<{ member_id: string }>(t.target.ownerUrl, 'SELECT member_id FROM election_candidacies WHERE election_id = $1', [second.id]);
      expect(candidates.map((c) => c.member_id).sort()).toEqual(ids('round', 0, 1).sort());
      const again = await post('round', `/elections/${first.electionId}/second-round`, {}, 'officer').expect(409);
      expect(again.body.code).toBe('SECOND_ROUND_EXISTS');
    });

    it('certifies the first round without a mandate for the tied seat, then the second round elects', async () => {
      const firstCertified = (await post('round', `/elections/${first.electionId}/tally`, {}).expect(200)).body as Tally;
      expect(firstCertified).toMatchObject({ status: 'certified', nextRoundElectionId: second.id, mandates: [] });
      const positionId = second.positions[0].id;
      // Everyone votes again; the member who voted for the eliminated candidate decides.
      for (const [voter, choice] of [[0, 0], [1, 1], [2, 0], [3, 1], [4, 0]] as const) await vote('round', second.id, positionId, voter, choice);
      const outsider = await post('round', `/elections/${second.id}/ballots`, { voterMemberId: ids('round', 0)[0], choices: [{ positionId, memberIds: ids('round', 2) }] }, 'officer').expect(409);
      expect(outsider.body.code).toBe('ALREADY_VOTED');
      const certified = (await post('round', `/elections/${second.id}/tally`, {}).expect(200)).body as Tally;
      expect(certified).toMatchObject({ status: 'certified', round: 2 });
      expect(certified.mandates).toEqual([expect.objectContaining({ memberId: ids('round', 0)[0], positionId })]);
      const impossible = await post('round', `/elections/${second.id}/second-round`, {}, 'officer').expect(409);
      expect(impossible.body.code).toBe('ELECTION_CERTIFIED');
    });
  });

  describe("a tie under the bylaws' 'lot' rule waits for a recorded draw", () => {
    let election: { electionId: string; positionId: string };

    beforeAll(async () => {
      await post('lot', '/bylaws', { text: 'Statuts Bahati', settings: { electionTieBreak: 'lot' }, adoptedOn: MEMBERSHIP }).expect(201);
      election = await electionWithCandidates('lot', [0, 1]);
      for (const [voter, choice] of [[0, 0], [1, 1], [2, null]] as const) await vote('lot', election.electionId, election.positionId, voter, choice);
    });

    it('asks for a draw and refuses to certify before it', async () => {
      await post('lot', `/elections/${election.electionId}/close`, {}, 'officer').expect(200);
      const tally = (await get('lot', `/elections/${election.electionId}/tally`).expect(200)).body as Tally;
      expect(tally.positions[0].tally.status).toBe('draw_required');
      expect((await post('lot', `/elections/${election.electionId}/tally`, {}).expect(422)).body.code).toBe('TALLY_UNDECIDED');
      const noRound = await post('lot', `/elections/${election.electionId}/second-round`, {}, 'officer').expect(409);
      expect(noRound.body.code).toBe('SECOND_ROUND_NOT_REQUIRED');
    });

    it('refuses a draw that names someone else, or both a seed and an order', async () => {
      const wrong = await post('lot', `/elections/${election.electionId}/lot-draws`, { positionId: election.positionId, order: ids('lot', 0, 2) }, 'officer').expect(422);
      expect(wrong.body.code).toBe('LOT_DRAW_MISMATCH');
      const both = await post('lot', `/elections/${election.electionId}/lot-draws`, { positionId: election.positionId, seed: 'x', order: ids('lot', 0, 1) }, 'officer').expect(422);
      expect(both.body.code).toBe('LOT_DRAW_SEED_OR_ORDER');
    });

    it('records the hand-drawn order once, decides the seat by it and certifies', async () => {
      const drawn = ids('lot', 1, 0);
      const response = await post('lot', `/elections/${election.electionId}/lot-draws`, { positionId: election.positionId, order: drawn }, 'officer').expect(200);
      const tally = response.body as Tally & { lotDraws: { order: string[] }[] };
      expect(tally.positions[0].tally).toMatchObject({ status: 'decided', elected: [{ memberId: drawn[0] }] });
      expect(tally.lotDraws).toEqual([expect.objectContaining({ order: drawn, seed: null })]);
      const again = await post('lot', `/elections/${election.electionId}/lot-draws`, { positionId: election.positionId, seed: 'autre' }, 'officer').expect(409);
      expect(again.body.code).toBe('LOT_DRAW_NOT_REQUIRED');
      const certified = (await post('lot', `/elections/${election.electionId}/tally`, {}).expect(200)).body as Tally;
      expect(certified.mandates.map((m) => m.memberId)).toEqual([drawn[0]]);
      const audited = await adminQuery<{ action: string }>(t.target.ownerUrl, 'SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id', [election.electionId]);
      expect(audited.map((a) => a.action)).toContain('election.lot_drawn');
    });
  });
});
