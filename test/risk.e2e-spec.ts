import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';
import { bearer, createCooperative, member, operatorSession, supervisor, type Session } from './support/identity-fixture.js';
import { Db } from '../src/database/db.js';
import type { TenantAuthContext } from '../src/auth/auth-context.js';
import { RiskFlagsService } from '../src/risk/risk-flags.service.js';
import { buyerDiscrepancy, proposeFlagsForGateAttempt, type GateAttemptFacts, type SaleReconciliationFacts } from '../src/risk/rules/auto-rules.js';
import { seedSite } from './support/site-fixture.js';
import { minerRegistration } from './support/member-fixture.js';

const SITE = '6b0f7c1e-2f0a-4d8e-9a44-1d2c3b4a5f60';
const OTHER_SITE = '0c7e1d2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f';
const CHILD_NAME = 'Kabila Mwenze Tshibangu';

describe('risk flags and child-labour cases', () => {
  let t: TestApp;
  let operator: Session;
  let coopA: string;
  let coopB: string;
  let admin: Session;
  let officer: Session;
  let officer2: Session;
  let treasurer: Session;
  let auditor: Session;
  let adminB: Session;
  let lualabaSupervisor: Session;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp();
    operator = await operatorSession(t);
    coopA = await createCooperative(t, operator, 'Tujenge');
    coopB = await createCooperative(t, operator, 'Umoja');
    for (const [coop, site] of [[coopA, SITE], [coopA, OTHER_SITE], [coopB, SITE]]) await seedSite(t, coop, site);
    admin = await member(t, operator, coopA, 'admin', 'a');
    officer = await member(t, operator, coopA, 'officer', 'a');
    officer2 = await member(t, operator, coopA, 'officer', 'a2');
    treasurer = await member(t, operator, coopA, 'treasurer', 'a');
    auditor = await member(t, operator, coopA, 'auditor', 'a');
    adminB = await member(t, operator, coopB, 'admin', 'b');
    lualabaSupervisor = await supervisor(t, operator, 'Lualaba', 'lualaba');
    base = `/api/v1/cooperatives/${coopA}`;
  });
  afterAll(async () => {
    await t.close();
  });

  async function fileFlag(session: Session, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const response = await t.http().post(`${base}/risk-flags`).set(bearer(session)).send(body).expect(201);
    return response.body as Record<string, unknown>;
  }

  async function move(session: Session, flagId: unknown, to: string, reason?: string, status = 201): Promise<Record<string, unknown>> {
    const response = await t.http().post(`${base}/risk-flags/${String(flagId)}/transitions`).set(bearer(session)).send(reason === undefined ? { to } : { to, reason });
    expect({ status: response.status, code: (response.body as { code?: string }).code }).toEqual(expect.objectContaining({ status }));
    return response.body as Record<string, unknown>;
  }

  function officerContext(session: Session): TenantAuthContext {
    return {
      userId: session.userId,
      requestId: 'gate-sync-1',
      cooperativeId: coopA,
      roles: ['officer'],
      scope: { cooperativeIds: [coopA], userId: session.userId, readOnly: false },
    };
  }

  describe('manual flags', () => {
    it('lets an officer file a flag, defaulting child labour to critical and keeping the reporter', async () => {
      const leader = ((await t.http().post(`${base}/miners`).set(bearer(officer)).send(minerRegistration()).expect(201)).body as { id: string }).id;
      const flag = await fileFlag(officer, {
        category: 'worst_forms_child_labour',
        siteId: SITE,
        description: 'Enfant vu au lavage du minerai',
        people: [{ description: 'garçon, environ 12 ans' }, { minerId: leader, description: 'chef d’équipe' }],
      });
      expect(flag).toMatchObject({ category: 'worst_forms_child_labour', severity: 'critical', state: 'open', source: 'manual', reporterUserId: officer.userId, anonymous: false, siteId: SITE });
      expect(flag.people).toEqual([{ description: 'garçon, environ 12 ans' }, { minerId: leader, description: 'chef d’équipe' }]);
      const audit = await adminQuery(t.target.ownerUrl, `SELECT actor_user_id, action FROM audit_log WHERE entity = 'risk_flag' AND entity_id = $1`, [flag.id]);
      expect(audit).toEqual([{ actor_user_id: officer.userId, action: 'risk_flag.reported' }]);
    });

    it('takes an explicit severity and a client id, and refuses the same id twice', async () => {
      const id = 'a1b2c3d4-0000-4000-8000-000000000001';
      const flag = await fileFlag(admin, { id, category: 'missing_ppe', severity: 'medium', description: 'Pas de casque', siteId: OTHER_SITE });
      expect(flag).toMatchObject({ id, severity: 'medium' });
      const again = await t.http().post(`${base}/risk-flags`).set(bearer(admin)).send({ id, category: 'missing_ppe', description: 'Pas de casque' }).expect(409);
      expect(again.body.code).toBe('FLAG_EXISTS');
    });

    it('refuses malformed input and incidents dated in the future', async () => {
      await t.http().post(`${base}/risk-flags`).set(bearer(officer)).send({ category: 'alien_visit', description: 'x' }).expect(400);
      await t.http().post(`${base}/risk-flags`).set(bearer(officer)).send({ category: 'accident', description: 'x', people: [{}] }).expect(400);
      await t.http().post(`${base}/risk-flags`).set(bearer(officer)).send({ category: 'accident', description: 'x', reporter: 'me' }).expect(400);
      const future = await t.http()
        .post(`${base}/risk-flags`)
        .set(bearer(officer))
        .send({ category: 'accident', description: 'x', occurredAt: new Date(Date.now() + 3_600_000).toISOString() })
        .expect(422);
      expect(future.body.code).toBe('FLAG_OCCURRED_AT_IN_FUTURE');
    });

    it('lets only officers and admins file flags; another cooperative gets 404', async () => {
      for (const session of [treasurer, auditor, lualabaSupervisor]) {
        await t.http().post(`${base}/risk-flags`).set(bearer(session)).send({ category: 'accident', description: 'x' }).expect(403);
      }
      await t.http().post(`${base}/risk-flags`).set(bearer(adminB)).send({ category: 'accident', description: 'x' }).expect(404);
      await t.http().get(`${base}/risk-flags`).set(bearer(adminB)).expect(404);
      await t.http().get(`${base}/risk-flags`).expect(401);
    });

    it('lists with filters and pagination for every member role, supervisors included', async () => {
      for (const session of [admin, officer, treasurer, auditor, lualabaSupervisor]) {
        const page = await t.http().get(`${base}/risk-flags`).set(bearer(session)).expect(200);
        expect(page.body.items.length).toBeGreaterThanOrEqual(2);
      }
      const bySite = await t.http().get(`${base}/risk-flags?siteId=${OTHER_SITE}`).set(bearer(auditor)).expect(200);
      expect(bySite.body.items.map((f: { category: string }) => f.category)).toEqual(['missing_ppe']);
      const critical = await t.http().get(`${base}/risk-flags?severity=critical&category=worst_forms_child_labour&status=open`).set(bearer(auditor)).expect(200);
      expect(critical.body.items.length).toBeGreaterThanOrEqual(1);
      expect(critical.body.items.every((f: { severity: string }) => f.severity === 'critical')).toBe(true);
      const first = await t.http().get(`${base}/risk-flags?limit=1`).set(bearer(officer)).expect(200);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await t.http().get(`${base}/risk-flags`).query({ limit: 1, cursor: first.body.nextCursor as string }).set(bearer(officer)).expect(200);
      expect(first.body.items).toHaveLength(1);
      expect(second.body.items).toHaveLength(1);
      expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
      await t.http().get(`${base}/risk-flags?status=unknown`).set(bearer(officer)).expect(400);
      await t.http().get(`${base}/risk-flags?limit=0`).set(bearer(officer)).expect(400);
    });

    it('never lets another cooperative read a flag', async () => {
      const flag = await fileFlag(officer, { category: 'accident', description: 'Éboulement léger' });
      await t.http().get(`${base}/risk-flags/${String(flag.id)}`).set(bearer(adminB)).expect(404);
      const inB = await t.http().get(`/api/v1/cooperatives/${coopB}/risk-flags/${String(flag.id)}`).set(bearer(adminB)).expect(404);
      expect(inB.body.code).toBe('FLAG_NOT_FOUND');
      await t.http().get(`${base}/risk-flags/not-a-uuid`).set(bearer(admin)).expect(400);
    });
  });

  describe('anonymous reporting', () => {
    it('stores no reporter, neither in the flag nor in its audit record', async () => {
      const flag = await fileFlag(officer, { category: 'human_rights_abuse_sexual_violence', description: 'Signalé par une creuseuse', anonymous: true });
      expect(flag).toMatchObject({ anonymous: true, reporterUserId: null, severity: 'critical' });
      const [row] = await adminQuery(t.target.ownerUrl, 'SELECT reporter_user_id, anonymous FROM risk_flags WHERE id = $1', [flag.id]);
      expect(row).toEqual({ reporter_user_id: null, anonymous: true });
      const audit = await adminQuery(t.target.ownerUrl, `SELECT actor_user_id, request_id, after FROM audit_log WHERE entity = 'risk_flag' AND entity_id = $1`, [flag.id]);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_user_id: null, request_id: null });
      expect(JSON.stringify(audit[0])).not.toContain(officer.userId);
    });

    it('is refused by the database when a reporter slips in', async () => {
      await expect(
        adminQuery(
          t.target.ownerUrl,
          `INSERT INTO risk_flags (cooperative_id, category, severity, description, source, anonymous, reporter_user_id, occurred_at)
           VALUES ($1, 'other', 'low', 'x', 'manual', true, $2, now())`,
          [coopA, officer.userId],
        ),
      ).rejects.toThrow(/check constraint/);
    });
  });

  describe('automatic flags', () => {
    const attempt: GateAttemptFacts = {
      id: '11111111-2222-4333-8444-555555555555',
      siteId: SITE,
      zoneId: null,
      attemptedAt: new Date('2026-11-20T07:30:00Z'),
      ageYears: 15,
      apparentMinor: true,
      pregnancyDeclared: true,
      zoneBansPregnantWomen: true,
    };

    it('raises each rule once per event, in the caller transaction, for an officer', async () => {
      const db = t.app.get(Db);
      const risk = t.app.get(RiskFlagsService);
      const auth = officerContext(officer);
      const proposals = proposeFlagsForGateAttempt(attempt);
      expect(proposals.map((p) => p.sourceRule)).toEqual(['minor_at_gate', 'pregnancy_at_forbidden_zone']);
      const first = await db.tenant(auth, (tx) => Promise.all(proposals.map((p) => risk.raiseAutomatic(tx, auth, p))));
      expect(first.map((r) => r.created)).toEqual([true, true]);
      const replay = await db.tenant(auth, async (tx) => [await risk.raiseAutomatic(tx, auth, proposals[0]), await risk.raiseAutomatic(tx, auth, proposals[1])]);
      expect(replay).toEqual(first.map((r) => ({ id: r.id, created: false })));

      const rows = await adminQuery(t.target.ownerUrl, 'SELECT id, source, source_type, source_id, severity, dedupe_key, reporter_user_id FROM risk_flags WHERE source_id = $1 ORDER BY severity', [attempt.id]);
      expect(rows).toEqual([
        { id: first[0].id, source: 'minor_at_gate', source_type: 'gate_attempt', source_id: attempt.id, severity: 'critical', dedupe_key: `minor_at_gate:gate_attempt:${attempt.id}`, reporter_user_id: null },
        { id: first[1].id, source: 'pregnancy_at_forbidden_zone', source_type: 'gate_attempt', source_id: attempt.id, severity: 'high', dedupe_key: `pregnancy_at_forbidden_zone:gate_attempt:${attempt.id}`, reporter_user_id: null },
      ]);
      const audit = await adminQuery(t.target.ownerUrl, `SELECT entity_id, actor_user_id FROM audit_log WHERE action = 'risk_flag.raised' AND entity_id = ANY ($1::text[])`, [first.map((r) => r.id)]);
      expect(audit).toHaveLength(2);
      expect(audit.every((row) => row.actor_user_id === officer.userId)).toBe(true);

      const shown = await t.http().get(`${base}/risk-flags/${first[0].id}`).set(bearer(lualabaSupervisor)).expect(200);
      expect(shown.body).toMatchObject({ source: 'minor_at_gate', sourceType: 'gate_attempt', sourceId: attempt.id, descriptionKey: 'risk.auto.minor_at_gate', descriptionParams: { ageYears: 15, zoneId: null } });
      expect(shown.body.dedupeKey).toBeUndefined();
    });

    it('leaves nothing behind when the caller transaction rolls back', async () => {
      const db = t.app.get(Db);
      const risk = t.app.get(RiskFlagsService);
      const auth = officerContext(officer);
      const [proposal] = proposeFlagsForGateAttempt({ ...attempt, id: '99999999-2222-4333-8444-555555555555', pregnancyDeclared: false });
      await expect(
        db.tenant(auth, async (tx) => {
          await risk.raiseAutomatic(tx, auth, proposal);
          throw new Error('gate entry failed');
        }),
      ).rejects.toThrow('gate entry failed');
      const rows = await adminQuery(t.target.ownerUrl, 'SELECT id FROM risk_flags WHERE source_id = $1', ['99999999-2222-4333-8444-555555555555']);
      expect(rows).toEqual([]);
    });

    it('raises one discrepancy flag per sale, however often it is reconciled', async () => {
      const db = t.app.get(Db);
      const risk = t.app.get(RiskFlagsService);
      const auth = officerContext(officer);
      const facts: SaleReconciliationFacts = {
        id: 'aaaaaaaa-0000-4000-8000-000000000001',
        saleId: 'bbbbbbbb-0000-4000-8000-000000000001',
        siteId: null,
        reconciledAt: new Date('2026-11-21T10:00:00Z'),
        ourNetMassMg: 1_000_000_000,
        buyerNetMassMg: 980_000_000,
        massToleranceBp: 50,
        ourGradeBp: 1200,
        buyerGradeBp: 1150,
        gradeToleranceBp: 100,
      };
      const first = await db.tenant(auth, (tx) => risk.raiseAutomatic(tx, auth, buyerDiscrepancy(facts)!));
      const corrected = await db.tenant(auth, (tx) => risk.raiseAutomatic(tx, auth, buyerDiscrepancy({ ...facts, id: 'aaaaaaaa-0000-4000-8000-000000000002', buyerNetMassMg: 970_000_000 })!));
      expect(first.created).toBe(true);
      expect(corrected).toEqual({ id: first.id, created: false });
      const flag = await t.http().get(`${base}/risk-flags/${first.id}`).set(bearer(auditor)).expect(200);
      expect(flag.body).toMatchObject({ category: 'weight_grade_discrepancy', severity: 'high', sourceType: 'sale_reconciliation' });
    });

    it('keeps a flag raised in one cooperative out of another', async () => {
      const db = t.app.get(Db);
      const risk = t.app.get(RiskFlagsService);
      const auth: TenantAuthContext = { ...officerContext(adminB), cooperativeId: coopB, scope: { cooperativeIds: [coopB], userId: adminB.userId, readOnly: false } };
      const [proposal] = proposeFlagsForGateAttempt(attempt);
      const inB = await db.tenant(auth, (tx) => risk.raiseAutomatic(tx, auth, proposal));
      expect(inB.created).toBe(true);
      await t.http().get(`${base}/risk-flags/${inB.id}`).set(bearer(admin)).expect(404);
    });
  });

  describe('lifecycle', () => {
    it('follows open → acknowledged → in_remediation → resolved → closed and keeps the history', async () => {
      const flag = await fileFlag(officer, { category: 'injury', description: 'Blessure à la main' });
      const refused = await move(officer, flag.id, 'in_remediation', undefined, 409);
      expect(refused.code).toBe('FLAG_TRANSITION_INVALID');
      const acknowledged = await move(officer, flag.id, 'acknowledged');
      expect(acknowledged.acknowledgedAt).toEqual(expect.any(String));
      await move(admin, flag.id, 'in_remediation');
      await move(officer, flag.id, 'resolved');
      const closed = await move(officer, flag.id, 'closed');
      expect(closed.state).toBe('closed');
      expect((closed.transitions as { fromState: string; toState: string; actorUserId: string }[]).map((step) => `${step.fromState}>${step.toState}:${step.actorUserId === admin.userId ? 'admin' : 'officer'}`)).toEqual([
        'open>acknowledged:officer',
        'acknowledged>in_remediation:admin',
        'in_remediation>resolved:officer',
        'resolved>closed:officer',
      ]);
      expect((await move(officer, flag.id, 'open', 'erreur', 409)).code).toBe('FLAG_TRANSITION_INVALID');
      const audit = await adminQuery(t.target.ownerUrl, `SELECT count(*)::int AS n FROM audit_log WHERE action = 'risk_flag.transition' AND entity_id = $1`, [flag.id]);
      expect(audit[0].n).toBe(4);
      await expect(adminQuery(t.target.ownerUrl, `UPDATE risk_flag_transitions SET reason = 'forged' WHERE flag_id = $1`, [flag.id])).rejects.toThrow(/append-only/);
    });

    it('needs a reason to dismiss and to reopen, and keeps the dismissal reason', async () => {
      const flag = await fileFlag(officer, { category: 'armed_presence', description: 'Hommes en armes signalés' });
      expect((await move(officer, flag.id, 'dismissed', undefined, 422)).code).toBe('REASON_REQUIRED');
      expect((await move(officer, flag.id, 'dismissed', '   ', 422)).code).toBe('REASON_REQUIRED');
      const dismissed = await move(officer, flag.id, 'dismissed', 'Doublon du signalement de la veille');
      expect(dismissed).toMatchObject({ state: 'dismissed', dismissalReason: 'Doublon du signalement de la veille' });
      expect((await move(officer, flag.id, 'open', undefined, 422)).code).toBe('REASON_REQUIRED');
      const reopened = await move(admin, flag.id, 'open', 'Ce n’était pas un doublon');
      expect(reopened).toMatchObject({ state: 'open', dismissalReason: null });
    });

    it('lets only officers and admins move a flag', async () => {
      const flag = await fileFlag(officer, { category: 'accident', description: 'Chute' });
      for (const session of [treasurer, auditor, lualabaSupervisor]) await move(session, flag.id, 'acknowledged', undefined, 403);
      await move(adminB, flag.id, 'acknowledged', undefined, 404);
      await t.http().post(`${base}/risk-flags/${String(flag.id)}/transitions`).set(bearer(officer)).send({ to: 'solved' }).expect(400);
      await t.http().post(`${base}/risk-flags/8a1f0b0e-8a51-4c55-9d7e-0d8e5ab0c0de/transitions`).set(bearer(officer)).send({ to: 'acknowledged' }).expect(404);
    });
  });

  describe('corrective actions and overdue', () => {
    let ppeFlag: Record<string, unknown>;

    it('adds an action owned by a member of the cooperative and closes it once', async () => {
      ppeFlag = await fileFlag(officer, { category: 'mercury_explosives', description: 'Mercure au lavage' });
      const action = await t.http()
        .post(`${base}/risk-flags/${String(ppeFlag.id)}/actions`)
        .set(bearer(officer))
        .send({ description: 'Retirer le mercure et former les laveurs', ownerUserId: treasurer.userId, dueOn: '2099-01-31' })
        .expect(201);
      expect(action.body).toMatchObject({ status: 'open', ownerUserId: treasurer.userId, dueOn: '2099-01-31', overdue: false });
      const outsider = await t.http().post(`${base}/risk-flags/${String(ppeFlag.id)}/actions`).set(bearer(officer)).send({ description: 'x', ownerUserId: adminB.userId, dueOn: '2099-01-31' }).expect(422);
      expect(outsider.body.code).toBe('CORRECTIVE_ACTION_OWNER_NOT_MEMBER');
      const badDate = await t.http().post(`${base}/risk-flags/${String(ppeFlag.id)}/actions`).set(bearer(officer)).send({ description: 'x', ownerUserId: treasurer.userId, dueOn: '2099-02-30' }).expect(422);
      expect(badDate.body.code).toBe('DATE_INVALID');
      await t.http().post(`${base}/risk-flags/${String(ppeFlag.id)}/actions`).set(bearer(treasurer)).send({ description: 'x', ownerUserId: treasurer.userId, dueOn: '2099-01-31' }).expect(403);

      const done = await t.http().patch(`${base}/risk-flags/${String(ppeFlag.id)}/actions/${String(action.body.id)}`).set(bearer(admin)).send({ status: 'done', note: 'Mercure retiré' }).expect(200);
      expect(done.body).toMatchObject({ status: 'done', note: 'Mercure retiré', completedByUserId: admin.userId });
      const again = await t.http().patch(`${base}/risk-flags/${String(ppeFlag.id)}/actions/${String(action.body.id)}`).set(bearer(admin)).send({ status: 'cancelled' }).expect(409);
      expect(again.body.code).toBe('CORRECTIVE_ACTION_NOT_OPEN');
      await t.http().patch(`${base}/risk-flags/${String(ppeFlag.id)}/actions/${String(action.body.id)}`).set(bearer(admin)).send({ status: 'open' }).expect(400);
      const audit = await adminQuery(t.target.ownerUrl, `SELECT action, actor_user_id FROM audit_log WHERE entity = 'corrective_action' AND entity_id = $1 ORDER BY id`, [action.body.id]);
      expect(audit).toEqual([
        { action: 'corrective_action.create', actor_user_id: officer.userId },
        { action: 'corrective_action.update', actor_user_id: admin.userId },
      ]);
    });

    it('refuses actions on a closed or dismissed flag', async () => {
      const flag = await fileFlag(officer, { category: 'other', description: 'Rumeur' });
      await move(officer, flag.id, 'dismissed', 'Sans fondement');
      const refused = await t.http().post(`${base}/risk-flags/${String(flag.id)}/actions`).set(bearer(officer)).send({ description: 'x', ownerUserId: officer.userId, dueOn: '2099-01-31' }).expect(409);
      expect(refused.body.code).toBe('FLAG_NOT_ACTIVE');
    });

    it('lists critical flags not acknowledged within 24 h and actions past their due date', async () => {
      const late = await fileFlag(officer, { category: 'fatality', description: 'Décès dans un puits' });
      const onTime = await fileFlag(officer, { category: 'fatality', description: 'Décès signalé ce matin' });
      const acknowledgedLate = await fileFlag(officer, { category: 'forced_labour', description: 'Travail forcé' });
      const highLate = await fileFlag(officer, { category: 'injury', description: 'Blessure ancienne' });
      await move(officer, acknowledgedLate.id, 'acknowledged');
      await adminQuery(t.target.ownerUrl, `UPDATE risk_flags SET raised_at = now() - interval '25 hours' WHERE id = ANY ($1::uuid[])`, [[late.id, acknowledgedLate.id, highLate.id]]);
      await adminQuery(t.target.ownerUrl, `UPDATE risk_flags SET raised_at = now() - interval '23 hours' WHERE id = $1`, [onTime.id]);
      const withLateAction = await fileFlag(officer, { category: 'environmental_damage', description: 'Rivière polluée' });
      const lateAction = await t.http()
        .post(`${base}/risk-flags/${String(withLateAction.id)}/actions`)
        .set(bearer(officer))
        .send({ description: 'Construire un bassin de décantation', ownerUserId: officer.userId, dueOn: '2026-01-15' })
        .expect(201);
      expect(lateAction.body).toMatchObject({ overdue: true, overdueSince: '2026-01-15T22:00:00.000Z' });

      for (const session of [officer, auditor, lualabaSupervisor]) {
        const overdue = await t.http().get(`${base}/risk-flags/overdue`).set(bearer(session)).expect(200);
        const ids = overdue.body.flags.map((flag: { id: string }) => flag.id);
        expect(ids).toEqual(expect.arrayContaining([late.id, withLateAction.id]));
        expect(ids).not.toContain(onTime.id);
        expect(ids).not.toContain(acknowledgedLate.id);
        expect(ids).not.toContain(highLate.id);
        expect(overdue.body.actions.map((action: { id: string }) => action.id)).toEqual([lateAction.body.id]);
      }
      const filtered = await t.http().get(`${base}/risk-flags?overdue=true`).set(bearer(auditor)).expect(200);
      expect(filtered.body.items.map((flag: { id: string }) => flag.id).sort()).toEqual([late.id, withLateAction.id].sort());
      expect(filtered.body.nextCursor).toBeNull();
      const notOverdue = await t.http().get(`${base}/risk-flags?overdue=false&category=fatality`).set(bearer(auditor)).expect(200);
      expect(notOverdue.body.items.map((flag: { id: string }) => flag.id)).toEqual([onTime.id]);

      await move(officer, late.id, 'acknowledged');
      const after = await t.http().get(`${base}/risk-flags/overdue`).set(bearer(officer)).expect(200);
      expect(after.body.flags.map((flag: { id: string }) => flag.id)).not.toContain(late.id);
      await t.http().get(`${base}/risk-flags/overdue`).set(bearer(adminB)).expect(404);
    });
  });

  describe('child-labour cases', () => {
    let childFlag: Record<string, unknown>;
    let partnerId: string;
    let caseId: string;

    beforeAll(async () => {
      childFlag = await fileFlag(officer, { category: 'worst_forms_child_labour', siteId: SITE, description: 'Enfant au concassage' });
    });

    it('records case-management partners', async () => {
      const partner = await t.http().post(`${base}/case-partners`).set(bearer(admin)).send({ name: 'Bon Pasteur Kolwezi', kind: 'ngo', contact: '+243 970 000 000' }).expect(201);
      partnerId = partner.body.id as string;
      await t.http().post(`${base}/case-partners`).set(bearer(auditor)).send({ name: 'x', kind: 'ngo' }).expect(403);
      await t.http().post(`${base}/case-partners`).set(bearer(admin)).send({ name: 'x', kind: 'church' }).expect(400);
      const list = await t.http().get(`${base}/case-partners`).set(bearer(lualabaSupervisor)).expect(200);
      expect(list.body.map((p: { name: string }) => p.name)).toEqual(['Bon Pasteur Kolwezi']);
      await t.http().get(`${base}/case-partners`).set(bearer(adminB)).expect(404);
    });

    it('opens a case only from a child-labour flag, with officers as case officers', async () => {
      const injury = await fileFlag(officer, { category: 'injury', description: 'Blessure' });
      const wrong = await t.http().post(`${base}/child-labour-cases`).set(bearer(officer)).send({ flagId: injury.id, child: { fullName: CHILD_NAME, sex: 'male', ageYears: 12 } }).expect(422);
      expect(wrong.body.code).toBe('CASE_FLAG_NOT_CHILD_LABOUR');
      const notOfficer = await t.http()
        .post(`${base}/child-labour-cases`)
        .set(bearer(officer))
        .send({ flagId: childFlag.id, child: { fullName: CHILD_NAME, sex: 'male', ageYears: 12 }, caseOfficerUserIds: [treasurer.userId] })
        .expect(422);
      expect(notOfficer.body.code).toBe('CASE_OFFICER_NOT_OFFICER');
      await t.http().post(`${base}/child-labour-cases`).set(bearer(officer)).send({ flagId: childFlag.id, child: { fullName: CHILD_NAME, sex: 'male', ageYears: 19 } }).expect(400);
      await t.http().post(`${base}/child-labour-cases`).set(bearer(treasurer)).send({ flagId: childFlag.id, child: { fullName: CHILD_NAME, sex: 'male' } }).expect(403);

      const opened = await t.http()
        .post(`${base}/child-labour-cases`)
        .set(bearer(officer))
        .send({
          flagId: childFlag.id,
          child: { fullName: CHILD_NAME, sex: 'male', ageYears: 12, school: 'Hors école depuis 2025', village: 'Kapata' },
          guardian: { fullName: 'Mwenze Ilunga', relationship: 'mère', phone: '+243 990 000 000' },
          identifiedOn: '2026-11-20',
        })
        .expect(201);
      caseId = opened.body.id as string;
      expect(opened.body).toMatchObject({ state: 'identified', siteId: SITE, sourceFlagId: childFlag.id, caseOfficerUserIds: [officer.userId], child: { fullName: CHILD_NAME, ageYearsAtIdentification: 12 } });
    });

    it('shows the child only to admins and designated officers; everyone else gets counts', async () => {
      for (const session of [admin, officer]) {
        const detail = await t.http().get(`${base}/child-labour-cases/${caseId}`).set(bearer(session)).expect(200);
        expect(detail.body.child.fullName).toBe(CHILD_NAME);
        const list = await t.http().get(`${base}/child-labour-cases`).set(bearer(session)).expect(200);
        expect(JSON.stringify(list.body)).toContain(CHILD_NAME);
      }
      for (const session of [officer2, treasurer, auditor, lualabaSupervisor]) {
        const detail = await t.http().get(`${base}/child-labour-cases/${caseId}`).set(bearer(session)).expect(200);
        expect(detail.body).toMatchObject({ redacted: true, id: caseId, state: 'identified', planItemCount: 0, visitCount: 0 });
        expect(JSON.stringify(detail.body)).not.toContain(CHILD_NAME);
        expect(JSON.stringify(detail.body)).not.toContain('Mwenze');
        expect(JSON.stringify(detail.body)).not.toContain('Kapata');
        const list = await t.http().get(`${base}/child-labour-cases`).set(bearer(session)).expect(200);
        expect(list.body).toHaveLength(1);
        expect(JSON.stringify(list.body)).not.toContain(CHILD_NAME);
      }
      await t.http().get(`${base}/child-labour-cases/${caseId}`).set(bearer(adminB)).expect(404);
      await t.http().get(`/api/v1/cooperatives/${coopB}/child-labour-cases/${caseId}`).set(bearer(adminB)).expect(404);
    });

    it('lets only admins and designated officers work on the case', async () => {
      const undesignated = await t.http().patch(`${base}/child-labour-cases/${caseId}`).set(bearer(officer2)).send({ to: 'referred', partnerId }).expect(403);
      expect(undesignated.body.code).toBe('CASE_ACCESS_DENIED');
      await t.http().post(`${base}/child-labour-cases/${caseId}/visits`).set(bearer(officer2)).send({ visitedOn: '2026-11-21', notes: 'x' }).expect(403);
      for (const session of [treasurer, auditor, lualabaSupervisor]) {
        await t.http().patch(`${base}/child-labour-cases/${caseId}`).set(bearer(session)).send({ to: 'referred', partnerId }).expect(403);
      }
    });

    it('goes through referral, plan, follow-up and closure with an outcome', async () => {
      const noPartner = await t.http().patch(`${base}/child-labour-cases/${caseId}`).set(bearer(officer)).send({ to: 'referred' }).expect(422);
      expect(noPartner.body.code).toBe('CASE_PARTNER_REQUIRED');
      const skip = await t.http().patch(`${base}/child-labour-cases/${caseId}`).set(bearer(officer)).send({ to: 'follow_up' }).expect(409);
      expect(skip.body.code).toBe('CASE_TRANSITION_INVALID');
      const referred = await t.http().patch(`${base}/child-labour-cases/${caseId}`).set(bearer(officer)).send({ to: 'referred', partnerId, referredOn: '2026-11-21' }).expect(200);
      expect(referred.body).toMatchObject({ state: 'referred', referral: { organisation: 'Bon Pasteur Kolwezi', referredOn: '2026-11-21' } });
      const planned = await t.http()
        .patch(`${base}/child-labour-cases/${caseId}`)
        .set(bearer(admin))
        .send({
          to: 'plan_in_progress',
          planItems: [
            { kind: 'schooling', description: 'Inscription à l’école primaire de Kapata', status: 'in_progress', dueDate: '2027-01-10' },
            { kind: 'cash_transfer', description: 'Frais scolaires du trimestre', status: 'planned' },
          ],
        })
        .expect(200);
      expect(planned.body.planItems).toHaveLength(2);
      expect(planned.body.planItems[0].id).toEqual(expect.any(String));
      const visit = await t.http().post(`${base}/child-labour-cases/${caseId}/visits`).set(bearer(officer)).send({ visitedOn: '2026-11-22', notes: 'Enfant présent en classe', childAttendingSchool: true }).expect(201);
      expect(visit.body.visits).toEqual([expect.objectContaining({ visitedOn: '2026-11-22', visitedByUserId: officer.userId, notes: 'Enfant présent en classe' })]);
      const early = await t.http().post(`${base}/child-labour-cases/${caseId}/visits`).set(bearer(officer)).send({ visitedOn: '2026-11-19', notes: 'x' }).expect(422);
      expect(early.body.code).toBe('CASE_VISIT_BEFORE_IDENTIFICATION');

      const redacted = await t.http().get(`${base}/child-labour-cases/${caseId}`).set(bearer(lualabaSupervisor)).expect(200);
      expect(redacted.body).toMatchObject({ redacted: true, referred: true, planItemCount: 2, visitCount: 1, lastVisitOn: '2026-11-22', planItemsByKind: { schooling: 1, cash_transfer: 1 } });
      expect(JSON.stringify(redacted.body)).not.toMatch(/Bon Pasteur|Kapata|présent/);

      await t.http().patch(`${base}/child-labour-cases/${caseId}`).set(bearer(officer)).send({ to: 'follow_up' }).expect(200);
      const noOutcome = await t.http().patch(`${base}/child-labour-cases/${caseId}`).set(bearer(officer)).send({ to: 'closed' }).expect(422);
      expect(noOutcome.body.code).toBe('CASE_OUTCOME_REQUIRED');
      const closed = await t.http().patch(`${base}/child-labour-cases/${caseId}`).set(bearer(officer)).send({ to: 'closed', outcome: 'returned_to_school' }).expect(200);
      expect(closed.body).toMatchObject({ state: 'closed', outcome: 'returned_to_school', closedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
      const afterClose = await t.http().post(`${base}/child-labour-cases/${caseId}/visits`).set(bearer(officer)).send({ visitedOn: '2026-11-22', notes: 'x' }).expect(409);
      expect(afterClose.body.code).toBe('CASE_CLOSED');
    });

    it('closes early only when the child is out of reach', async () => {
      const opened = await t.http().post(`${base}/child-labour-cases`).set(bearer(admin)).send({ flagId: childFlag.id, child: { fullName: 'Autre Enfant', sex: 'female' }, caseOfficerUserIds: [officer2.userId] }).expect(201);
      const id = opened.body.id as string;
      const refused = await t.http().patch(`${base}/child-labour-cases/${id}`).set(bearer(officer2)).send({ to: 'closed', outcome: 'returned_to_school' }).expect(422);
      expect(refused.body.code).toBe('CASE_OUTCOME_NOT_ALLOWED');
      await t.http().patch(`${base}/child-labour-cases/${id}`).set(bearer(officer2)).send({ to: 'closed', outcome: 'moved_away' }).expect(200);
      const hidden = await t.http().get(`${base}/child-labour-cases/${id}`).set(bearer(officer)).expect(200);
      expect(hidden.body.redacted).toBe(true);
    });

    it('keeps the child identity out of the audit trail auditors read', async () => {
      const rows = await adminQuery(t.target.ownerUrl, `SELECT action, before, after FROM audit_log WHERE entity LIKE 'child_labour_case%'`);
      expect(rows.map((row) => row.action)).toEqual(expect.arrayContaining(['child_labour_case.open', 'child_labour_case.transition', 'child_labour_case.visit']));
      const text = JSON.stringify(rows);
      expect(text).not.toContain(CHILD_NAME);
      expect(text).not.toContain('Mwenze');
      expect(text).not.toContain('présent en classe');
    });
  });
});
