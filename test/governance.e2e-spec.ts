import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';
import { bearer, createCooperative, member, operatorSession, type Session } from './support/identity-fixture.js';
import { binaryBody, pdfText } from './support/pdf-text.js';
import { registerActiveMember as register, type ActiveMember } from './support/member-fixture.js';
import type { CooperativeRole } from '../src/auth/roles.js';

type Member = ActiveMember;

const SENIOR_MEMBERSHIP = '2024-01-10';
const RECENT_MEMBERSHIP = '2026-03-01';

describe('governance: assemblies, resolutions, elections, bylaws', () => {
  let t: TestApp;
  let operator: Session;
  let coopA: string;
  let coopB: string;
  const inA = {} as Record<CooperativeRole, Session>;
  let adminB: Session;
  let base: string;
  const members: Member[] = [];

  const post = (path: string, body: Record<string, unknown>, session: Session = inA.admin) => t.http().post(`${base}${path}`).set(bearer(session)).send(body);
  const put = (path: string, body: Record<string, unknown>, session: Session = inA.officer) => t.http().put(`${base}${path}`).set(bearer(session)).send(body);
  const get = (path: string, session: Session = inA.auditor) => t.http().get(`${base}${path}`).set(bearer(session));
  const auditActions = async (entityId: string): Promise<string[]> =>
    (await adminQuery<{ action: string }>(t.target.ownerUrl, 'SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id', [entityId])).map((r) => r.action);

  beforeAll(async () => {
    t = await startTestApp();
    operator = await operatorSession(t);
    coopA = await createCooperative(t, operator, 'Umoja');
    coopB = await createCooperative(t, operator, 'Baraka');
    for (const role of ['admin', 'officer', 'treasurer', 'auditor'] as const) inA[role] = await member(t, operator, coopA, role, 'a');
    adminB = await member(t, operator, coopB, 'admin', 'b');
    base = `/api/v1/cooperatives/${coopA}`;
    for (let i = 0; i < 7; i++) members.push(await register(t, inA.officer, coopA, SENIOR_MEMBERSHIP));
    members.push(await register(t, inA.officer, coopA, RECENT_MEMBERSHIP));
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  const m = (i: number): string => members[i].id;

  describe('bylaws', () => {
    it('records the first bylaws without a resolution, then refuses a new version without one', async () => {
      const first = await post('/bylaws', {
        text: 'Statuts de la coopérative Umoja, version initiale.',
        settings: { noticeDays: 20, maxProxiesPerHolder: 1, electionTieBreak: 'seniority', candidateMinMembershipMonths: 6 },
        adoptedOn: SENIOR_MEMBERSHIP,
      }).expect(201);
      expect(first.body).toMatchObject({ version: 1, resolutionId: null, adoptedOn: SENIOR_MEMBERSHIP, settings: { noticeDays: 20 } });
      expect(await auditActions(first.body.id as string)).toEqual(['bylaws.adopted']);

      const second = await post('/bylaws', { text: 'Nouveaux statuts', settings: {}, adoptedOn: '2026-01-01' }).expect(422);
      expect(second.body.code).toBe('BYLAW_RESOLUTION_REQUIRED');
    });

    it('refuses a COOP_CA quorum override that departs from the law', async () => {
      const response = await post('/bylaws', { text: 'x', settings: { quorum: { ordinary: { firstCall: { num: 1, den: 3 } } } }, adoptedOn: '2026-01-01' }).expect(422);
      expect(response.body.code).toBe('QUORUM_OVERRIDE_NOT_ALLOWED');
    });
  });

  describe('an ordinary assembly: first call without quorum, second call with an election', () => {
    let firstCall: { id: string; agenda: { id: string }[] };
    let assembly: { id: string; agenda: { id: string; decisionKind: string }[] };
    let election: { id: string; positions: { id: string; title: string }[] };
    let ordinaryResolutionId: string;

    it('refuses a notice shorter than the bylaws demand, naming the rule', async () => {
      const response = await post('/assemblies', {
        kind: 'ordinary', heldOn: '2026-04-20', place: 'Kolwezi', callNumber: 1, noticeOn: '2026-04-05', agenda: [{ title: 'Comptes', decisionKind: 'ordinary' }],
      }).expect(422);
      expect(response.body.code).toBe('NOTICE_TOO_SHORT');
      expect(response.body.detail).toContain('BYLAWS_NOTICE_DAYS');
      expect(response.body.detail).toContain('20');
    });

    it('lets only an admin convene', async () => {
      const body = { kind: 'ordinary', heldOn: '2026-04-20', place: 'Kolwezi', callNumber: 1, noticeOn: '2026-03-25', agenda: [{ title: 'Comptes', decisionKind: 'ordinary' }] };
      for (const role of ['officer', 'treasurer', 'auditor'] as const) await post('/assemblies', body, inA[role]).expect(403);
      await post('/assemblies', body, adminB).expect(404);
      await t.http().post(`${base}/assemblies`).send(body).expect(401);
    });

    it('convenes a first call that misses its quorum and cannot vote', async () => {
      const response = await post('/assemblies', {
        kind: 'ordinary', heldOn: '2026-04-20', place: 'Kolwezi', callNumber: 1, noticeOn: '2026-03-25', agenda: [{ title: 'Approbation des comptes', decisionKind: 'ordinary' }],
      }).expect(201);
      firstCall = response.body;
      expect(response.body).toMatchObject({ status: 'convened', callNumber: 1, noticeRule: 'BYLAWS_NOTICE_DAYS' });

      const attendance = await put(`/assemblies/${firstCall.id}/attendance`, { entries: [{ memberId: m(0), mode: 'present' }, { memberId: m(1), mode: 'present' }] }).expect(200);
      expect(attendance.body.quorum).toMatchObject({ activeMembers: 8, present: 2, represented: 0, required: 4, reached: false, rule: 'OHADA_COOP_CA_ORDINARY_FIRST_CALL_HALF' });
      expect(attendance.body.quorumRecorded).toBe(false);

      await post(`/assemblies/${firstCall.id}/resolutions`, { agendaItemId: firstCall.agenda[0].id, for: 2, against: 0, abstain: 0 }, inA.officer).expect(422)
        .then((r) => expect(r.body.code).toBe('ASSEMBLY_NOT_OPEN'));
      const opened = await post(`/assemblies/${firstCall.id}/open`, {}, inA.officer).expect(200);
      expect(opened.body).toMatchObject({ status: 'open', quorumRecorded: true, quorum: { reached: false, counted: 2, required: 4 } });
      const refused = await post(`/assemblies/${firstCall.id}/resolutions`, { agendaItemId: firstCall.agenda[0].id, for: 2, against: 0, abstain: 0 }, inA.officer).expect(422);
      expect(refused.body.code).toBe('QUORUM_NOT_REACHED');
      expect(refused.body.detail).toContain('OHADA_COOP_CA_ORDINARY_FIRST_CALL_HALF');
      expect(await auditActions(firstCall.id)).toEqual(['assembly.convened', 'assembly.attendance_recorded', 'assembly.opened']);
    });

    it('convenes the second call, which needs a quarter of the members', async () => {
      const noFirst = await post('/assemblies', {
        kind: 'ordinary', heldOn: '2026-05-20', place: 'Kolwezi', callNumber: 2, noticeOn: '2026-04-21', agenda: [{ title: 'x', decisionKind: 'ordinary' }],
      }).expect(422);
      expect(noFirst.body.code).toBe('FIRST_CALL_ASSEMBLY_REQUIRED');
      const response = await post('/assemblies', {
        kind: 'ordinary', heldOn: '2026-05-20', place: 'Salle paroissiale, Kolwezi', callNumber: 2, firstCallAssemblyId: firstCall.id, noticeOn: '2026-04-21',
        agenda: [
          { title: 'Approbation des comptes 2025', decisionKind: 'ordinary' },
          { title: 'Modification des statuts', decisionKind: 'bylaw_amendment' },
        ],
      }).expect(201);
      assembly = response.body;
      expect(assembly.agenda.map((a) => a.decisionKind)).toEqual(['ordinary', 'bylaw_amendment']);
    });

    it('validates attendance against the proxy policy and reports every problem', async () => {
      const response = await put(`/assemblies/${assembly.id}/attendance`, {
        entries: [
          { memberId: m(0), mode: 'present' },
          { memberId: m(4), mode: 'represented', proxyHolderId: m(0) },
          { memberId: m(5), mode: 'represented', proxyHolderId: m(0) },
          { memberId: m(6), mode: 'represented', proxyHolderId: m(6) },
        ],
      }).expect(422);
      expect(response.body.code).toBe('ATTENDANCE_INVALID');
      const codes = (response.body.errors as { code: string }[]).map((e) => e.code).sort();
      expect(codes).toEqual(['OWN_PROXY', 'TOO_MANY_PROXIES']);
      // The secretary reads sentences in the caller's language, not codes.
      const messages = (response.body.errors as { message: string }[]).map((e) => e.message).sort();
      expect(messages).toEqual(['Ce mandataire détient plus de procurations que les statuts n\'en permettent.', 'Un membre ne peut pas être son propre mandataire.']);
      await put(`/assemblies/${assembly.id}/attendance`, { entries: [] }, inA.auditor).expect(403);
      await put(`/assemblies/${assembly.id}/attendance`, { entries: [] }, inA.treasurer).expect(403);
    });

    it('records attendance, shows the live quorum and records it at opening', async () => {
      const entries = [0, 1, 2, 3].map((i) => ({ memberId: m(i), mode: 'present' }));
      entries.push({ memberId: m(4), mode: 'represented', proxyHolderId: m(0) } as (typeof entries)[number]);
      await put(`/assemblies/${assembly.id}/attendance`, { entries }).expect(200);
      const live = await get(`/assemblies/${assembly.id}`).expect(200);
      expect(live.body.quorum).toMatchObject({ activeMembers: 8, present: 4, represented: 1, counted: 5, required: 2, reached: true, rule: 'OHADA_COOP_CA_ORDINARY_SECOND_CALL_QUARTER' });
      const opened = await post(`/assemblies/${assembly.id}/open`, {}, inA.officer).expect(200);
      expect(opened.body.quorum).toMatchObject({ reached: true, counted: 5 });
      const again = await put(`/assemblies/${assembly.id}/attendance`, { entries }).expect(409);
      expect(again.body.code).toBe('ASSEMBLY_ALREADY_OPEN');
    });

    it('decides each resolution by the rule of its kind and refuses a bylaw change', async () => {
      const [accounts, bylaws] = assembly.agenda;
      const tooMany = await post(`/assemblies/${assembly.id}/resolutions`, { agendaItemId: accounts.id, for: 4, against: 1, abstain: 1 }, inA.officer).expect(422);
      expect(tooMany.body.code).toBe('MORE_VOTES_THAN_VOTERS');
      const adopted = await post(`/assemblies/${assembly.id}/resolutions`, { agendaItemId: accounts.id, for: 3, against: 1, abstain: 1 }, inA.officer).expect(201);
      expect(adopted.body).toMatchObject({ adopted: true, for: 3, against: 1, abstain: 1, rule: 'OHADA_COOP_CA_SIMPLE_MAJORITY_OF_VOTES_CAST' });
      ordinaryResolutionId = adopted.body.id;
      const twice = await post(`/assemblies/${assembly.id}/resolutions`, { agendaItemId: accounts.id, for: 3, against: 1, abstain: 1 }, inA.officer).expect(409);
      expect(twice.body.code).toBe('AGENDA_ITEM_ALREADY_VOTED');
      const bylawChange = await post(`/assemblies/${assembly.id}/resolutions`, { agendaItemId: bylaws.id, for: 5, against: 0, abstain: 0 }, inA.officer).expect(422);
      expect(bylawChange.body.code).toBe('BYLAW_CHANGE_NEEDS_EXTRAORDINARY');
      await post(`/assemblies/${assembly.id}/resolutions`, { agendaItemId: bylaws.id, for: 5, against: 0, abstain: 0 }, inA.auditor).expect(403);
      const listed = await get(`/assemblies/${assembly.id}/resolutions`, inA.treasurer).expect(200);
      expect(listed.body).toHaveLength(1);
      expect(await auditActions(ordinaryResolutionId)).toEqual(['resolution.recorded']);
    });

    it('opens an election and checks candidacies', async () => {
      const tooSmall = await post(`/assemblies/${assembly.id}/elections`, {
        title: 'Conseil', positions: [{ title: 'Administrateurs', seats: 2, termMonths: 24 }],
      }, inA.officer).expect(422);
      expect(tooSmall.body.code).toBe('COMMITTEE_SIZE_INVALID');
      expect(tooSmall.body.detail).toContain('OHADA_COOP_CA_BOARD_3_TO_12');
      await post(`/assemblies/${assembly.id}/elections`, { title: 'x', positions: [{ title: 'y', seats: 3, termMonths: 12 }] }, inA.auditor).expect(403);
      const response = await post(`/assemblies/${assembly.id}/elections`, {
        title: 'Conseil d’administration',
        positions: [{ title: 'Président', seats: 1, termMonths: 24 }, { title: 'Administrateurs', seats: 2, termMonths: 24 }],
      }, inA.officer).expect(201);
      election = response.body;
      expect(response.body.positions).toMatchObject([{ title: 'Président', seats: 1, termMonths: 24 }, { title: 'Administrateurs', seats: 2, termMonths: 24 }]);
      const [president, board] = election.positions;
      for (const [memberIndex, position] of [[1, president], [2, president], [3, board], [4, board], [5, board]] as const) {
        await post(`/elections/${election.id}/candidacies`, { positionId: position.id, memberId: m(memberIndex) }, inA.officer).expect(201);
      }
      const recent = await post(`/elections/${election.id}/candidacies`, { positionId: board.id, memberId: m(7) }, inA.officer).expect(422);
      expect(recent.body.code).toBe('CANDIDATE_INELIGIBLE');
      // The reasons in words, never as codes.
      expect(recent.body.detail).toContain('adhésion trop récente selon les statuts');
      expect(recent.body.detail).not.toContain('MEMBERSHIP_TOO_RECENT');
      const several = await post(`/elections/${election.id}/candidacies`, { positionId: board.id, memberId: m(1) }, inA.officer).expect(422);
      expect(several.body.detail).toContain('déjà candidat à un autre poste');
      const again = await post(`/elections/${election.id}/candidacies`, { positionId: president.id, memberId: m(1) }, inA.officer).expect(409);
      expect(again.body.code).toBe('CANDIDACY_EXISTS');
    });

    it('records secret ballots, one per member, at the polling table', async () => {
      const [president, board] = election.positions;
      const vote = (voter: number, presidentChoice: number[], boardChoice: number[], session: Session = inA.officer) =>
        post(`/elections/${election.id}/ballots`, {
          voterMemberId: m(voter),
          choices: [{ positionId: president.id, memberIds: presidentChoice.map(m) }, { positionId: board.id, memberIds: boardChoice.map(m) }],
        }, session);
      await vote(0, [1], [3, 4]).expect(201);
      await vote(1, [1], [3]).expect(201);
      await vote(2, [2], [3, 5], inA.admin).expect(201);
      await vote(3, [1], [4]).expect(201);
      const last = await vote(4, [], [5, 4]).expect(201);
      expect(last.body).toEqual({ recorded: true });

      const twice = await vote(0, [2], [5]).expect(409);
      expect(twice.body.code).toBe('ALREADY_VOTED');
      const absent = await vote(5, [2], [5]).expect(422);
      expect(absent.body.code).toBe('VOTER_NOT_IN_ATTENDANCE');
      await vote(6, [2], [5], inA.auditor).expect(403);
      await vote(6, [2], [5], inA.treasurer).expect(403);

      const counts = await adminQuery<{ ballots: number; sealed: number; voters: number }>(
        t.target.ownerUrl,
        `SELECT (SELECT count(*)::int FROM election_ballots WHERE election_id = $1) AS ballots,
                (SELECT count(*)::int FROM election_sealed_ballots WHERE election_id = $1) AS sealed,
                (SELECT count(*)::int FROM election_voters WHERE election_id = $1) AS voters`,
        [election.id],
      );
      expect(counts[0]).toEqual({ ballots: 0, sealed: 5, voters: 5 });
      expect(await auditActions(election.id)).toEqual(['election.created']);

      // The station's register: who voted (sorted by id, so not in voting order), never how, and no count.
      const station = await get(`/elections/${election.id}`, inA.officer).expect(200);
      expect(station.body.voted).toEqual([m(0), m(1), m(2), m(3), m(4)].sort());
      expect(station.body.candidacies).toHaveLength(5);
      expect(station.body.candidacies[0]).toMatchObject({ positionId: president.id, memberId: m(1), eligibleFrom: '2024-07-10' });
      expect(Object.keys(station.body).sort()).toEqual(['assemblyId', 'candidacies', 'id', 'positions', 'previousElectionId', 'round', 'status', 'title', 'voted']);
    });

    it('keeps the ballot table unjoinable to the voter register', async () => {
      const columns = await adminQuery<{ table_name: string; column_name: string; data_type: string }>(
        t.target.ownerUrl,
        `SELECT table_name, column_name, data_type FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name IN ('election_ballots', 'election_voters') ORDER BY table_name, ordinal_position`,
      );
      const ballotColumns = columns.filter((c) => c.table_name === 'election_ballots');
      const registerColumns = columns.filter((c) => c.table_name === 'election_voters');
      expect(ballotColumns.map((c) => c.column_name)).toEqual(['cooperative_id', 'id', 'election_id', 'choices']);
      expect(ballotColumns.some((c) => /member|voter|user|recorded|created|_at$|_by$/.test(c.column_name) || c.data_type.startsWith('timestamp'))).toBe(false);
      expect(registerColumns.map((c) => c.column_name)).toEqual(['cooperative_id', 'election_id', 'member_id']);
      expect(registerColumns.some((c) => /ballot/.test(c.column_name))).toBe(false);

      const references = await adminQuery<{ table_name: string; referenced: string }>(
        t.target.ownerUrl,
        `SELECT tc.table_name, ccu.table_name AS referenced
           FROM information_schema.table_constraints tc
           JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
          WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_name IN ('election_ballots', 'election_voters')`,
      );
      const referencedBy = (table: string): string[] => [...new Set(references.filter((r) => r.table_name === table).map((r) => r.referenced))].sort();
      expect(referencedBy('election_ballots')).toEqual(['cooperatives', 'elections']);
      expect(referencedBy('election_voters')).not.toContain('election_ballots');
      expect(referencedBy('election_voters')).toContain('miners');

      const ids = await adminQuery<{ id: string }>(t.target.ownerUrl, 'SELECT id::text FROM election_ballots WHERE election_id = $1', [election.id]);
      for (const { id } of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it('tallies with the bylaws tie rule and certifies the mandates', async () => {
      const [president, board] = election.positions;
      for (const role of ['admin', 'officer', 'treasurer', 'auditor'] as const) {
        const refused = await get(`/elections/${election.id}/tally`, inA[role]).expect(409);
        expect(refused.body.code).toBe('POLL_STILL_OPEN');
      }
      await post(`/elections/${election.id}/close`, {}, inA.auditor).expect(403);
      const closed = await post(`/elections/${election.id}/close`, {}, inA.officer).expect(200);
      expect(closed.body).toMatchObject({ status: 'closed', voters: 5 });
      const tally = await get(`/elections/${election.id}/tally`).expect(200);
      expect(tally.body.status).toBe('closed');
      const byPosition = new Map((tally.body.positions as { positionId: string; tally: { status: string; tieBreakRule: string; elected: { memberId: string; votes: number }[]; ballots: unknown } }[]).map((p) => [p.positionId, p.tally]));
      expect(byPosition.get(president.id)).toMatchObject({ status: 'decided', tieBreakRule: 'seniority', elected: [{ memberId: m(1), votes: 3 }], ballots: { total: 5, valid: 4, blank: 1, spoilt: 0 } });
      expect(byPosition.get(board.id)?.elected.map((c) => c.memberId).sort()).toEqual([m(3), m(4)].sort());

      await post(`/elections/${election.id}/tally`, {}, inA.officer).expect(403);
      const certified = await post(`/elections/${election.id}/tally`, {}).expect(200);
      expect(certified.body.status).toBe('certified');
      expect(certified.body.mandates).toHaveLength(3);
      for (const mandate of certified.body.mandates as { startsOn: string; endsOn: string }[]) {
        expect(mandate).toMatchObject({ startsOn: '2026-05-20', endsOn: '2028-05-20' });
      }
      const after = await post(`/elections/${election.id}/ballots`, { voterMemberId: m(6), choices: [] }, inA.officer).expect(409);
      expect(after.body.code).toBe('ELECTION_CERTIFIED');
      await post(`/elections/${election.id}/tally`, {}).expect(409);
      expect(await auditActions(election.id)).toEqual(['election.created', 'election.poll_closed', 'election.certified']);
    });

    it('prints the minutes with attendance, quorum, votes, results and signature lines', async () => {
      const response = await get(`/assemblies/${assembly.id}/minutes.pdf?lang=en`).buffer(true).parse(binaryBody).expect(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      const text = (await pdfText(response.body as Buffer)).replace(/\s+/g, ' ');
      expect(text).toContain('Umoja');
      expect(text).toContain('Minutes of the ordinary general assembly');
      expect(text).toContain('Salle paroissiale, Kolwezi');
      expect(text).toContain('Call: 2');
      expect(text).toContain('Active members on the assembly date: 8');
      expect(text).toContain('Present: 4');
      expect(text).toContain('Represented by proxy: 1');
      expect(text).toContain('OHADA_COOP_CA_ORDINARY_SECOND_CALL_QUARTER');
      expect(text).toContain('Approbation des comptes 2025');
      expect(text).toContain('For: 3 — Against: 1 — Abstentions: 1');
      expect(text).toContain('OHADA_COOP_CA_SIMPLE_MAJORITY_OF_VOTES_CAST');
      expect(text).toContain(`${members[1].firstName} ${members[1].lastName} (${members[1].memberNumber})`);
      expect(text).toContain('certified');
      expect(text).toContain('Secretary');

      const fr = await get(`/assemblies/${assembly.id}/minutes.pdf?lang=fr`, inA.treasurer).buffer(true).parse(binaryBody).expect(200);
      const frText = (await pdfText(fr.body as Buffer)).replace(/\s+/g, ' ');
      expect(frText).toContain('Procès-verbal de l\'assemblée générale ordinaire');
      expect(frText).toContain('Président de séance');
      await get(`/assemblies/${assembly.id}/minutes.pdf`, adminB).expect(404);
    });

    it('refuses bylaws adopted by an ordinary resolution', async () => {
      const response = await post('/bylaws', { text: 'Statuts modifiés', settings: {}, resolutionId: ordinaryResolutionId }).expect(422);
      expect(response.body.code).toBe('BYLAW_RESOLUTION_INVALID');
    });
  });

  describe('an extraordinary assembly amending the bylaws', () => {
    let assemblyId: string;
    let resolutionId: string;
    let versionId: string;

    it('needs two thirds of members and two thirds of votes cast', async () => {
      const response = await post('/assemblies', {
        kind: 'extraordinary', heldOn: '2026-06-15', place: 'Kolwezi', callNumber: 1, noticeOn: '2026-05-25',
        agenda: [{ title: 'Modification de l’article 12 des statuts', decisionKind: 'bylaw_amendment' }],
      }).expect(201);
      assemblyId = response.body.id;
      const agendaItemId = response.body.agenda[0].id as string;
      const entries = [0, 1, 2, 3, 4, 5].map((i) => ({ memberId: m(i), mode: 'present' }));
      entries.push({ memberId: m(6), mode: 'represented', proxyHolderId: m(1) } as (typeof entries)[number]);
      await put(`/assemblies/${assemblyId}/attendance`, { entries }).expect(200);
      const opened = await post(`/assemblies/${assemblyId}/open`, {}).expect(200);
      expect(opened.body.quorum).toMatchObject({ activeMembers: 8, counted: 7, required: 6, reached: true, rule: 'OHADA_COOP_CA_EXTRAORDINARY_FIRST_CALL_TWO_THIRDS' });
      const resolution = await post(`/assemblies/${assemblyId}/resolutions`, { agendaItemId, for: 4, against: 2, abstain: 1 }, inA.officer).expect(201);
      expect(resolution.body).toMatchObject({ adopted: true, rule: 'OHADA_COOP_CA_TWO_THIRDS_OF_VOTES_CAST' });
      resolutionId = resolution.body.id;
    });

    it('adopts a new bylaw version linked to the resolution, once', async () => {
      await post('/bylaws', { text: 'Statuts modifiés', settings: { noticeDays: 30 }, resolutionId }, inA.officer).expect(403);
      const response = await post('/bylaws', { text: 'Statuts modifiés : article 12 nouveau.', settings: { noticeDays: 30, proxiesAllowed: false }, resolutionId }).expect(201);
      versionId = response.body.id;
      expect(response.body).toMatchObject({ version: 2, resolutionId, adoptedOn: '2026-06-15', declaredOn: null, declaration: { deadline: '2026-07-15' } });
      expect(['pending', 'overdue']).toContain(response.body.declaration.status);
      const reused = await post('/bylaws', { text: 'Encore', settings: {}, resolutionId }).expect(409);
      expect(reused.body.code).toBe('BYLAW_VERSION_CONFLICT');
      expect(await auditActions(versionId)).toEqual(['bylaws.adopted']);
    });

    it('tracks the declaration to the registry', async () => {
      const early = await post(`/bylaws/${versionId}/declaration`, { declaredOn: '2026-06-01' }).expect(422);
      expect(early.body.code).toBe('DECLARED_BEFORE_ADOPTION');
      await post(`/bylaws/${versionId}/declaration`, { declaredOn: '2026-07-01' }, inA.officer).expect(403);
      const declared = await post(`/bylaws/${versionId}/declaration`, { declaredOn: '2026-07-01' }).expect(200);
      expect(declared.body).toMatchObject({ declaredOn: '2026-07-01', declaration: { status: 'on_time', deadline: '2026-07-15', daysLate: 0 } });
      await post(`/bylaws/${versionId}/declaration`, { declaredOn: '2026-07-02' }).expect(409);
      const list = await get('/bylaws', inA.treasurer).expect(200);
      expect((list.body as { version: number }[]).map((v) => v.version)).toEqual([1, 2]);
      expect(await auditActions(versionId)).toEqual(['bylaws.adopted', 'bylaws.declared']);
    });

    it('applies the new version: longer notice and no proxies', async () => {
      const short = await post('/assemblies', {
        kind: 'ordinary', heldOn: '2026-09-20', place: 'Kolwezi', callNumber: 1, noticeOn: '2026-08-30', agenda: [{ title: 'Comptes', decisionKind: 'ordinary' }],
      }).expect(422);
      expect(short.body.code).toBe('NOTICE_TOO_SHORT');
      expect(short.body.detail).toContain('30');
      const ok = await post('/assemblies', {
        kind: 'ordinary', heldOn: '2026-09-20', place: 'Kolwezi', callNumber: 1, noticeOn: '2026-08-20', agenda: [{ title: 'Comptes', decisionKind: 'ordinary' }],
      }).expect(201);
      const proxies = await put(`/assemblies/${ok.body.id as string}/attendance`, {
        entries: [{ memberId: m(0), mode: 'present' }, { memberId: m(1), mode: 'represented', proxyHolderId: m(0) }],
      }).expect(422);
      expect((proxies.body.errors as { code: string }[]).map((e) => e.code)).toEqual(['PROXIES_FORBIDDEN']);
    });
  });

  describe('access', () => {
    it('lets every member role read and hides a cooperative from another one', async () => {
      for (const role of ['admin', 'officer', 'treasurer', 'auditor'] as const) {
        const list = await get('/assemblies', inA[role]).expect(200);
        expect((list.body as unknown[]).length).toBe(4);
      }
      const [one] = (await get('/assemblies').expect(200)).body as { id: string }[];
      await get(`/assemblies/${one.id}`, adminB).expect(404);
      await get('/bylaws', adminB).expect(404);
      await t.http().get(`/api/v1/cooperatives/${coopB}/assemblies/${one.id}`).set(bearer(adminB)).expect(404)
        .then((r) => expect(r.body.code).toBe('ASSEMBLY_NOT_FOUND'));
      await t.http().get(`${base}/assemblies`).expect(401);
    });
  });
});
