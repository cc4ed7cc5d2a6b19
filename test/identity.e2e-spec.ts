import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';
import { bearer, cooperativeBody, createCooperative, login, member, PASSWORD, twoCooperatives, type Session } from './support/identity-fixture.js';
import { concretePath, listRoutes } from './support/routes.js';
import { Db } from '../src/database/db.js';
import { Scopes } from '../src/database/scopes.js';
import type { CooperativeRole } from '../src/auth/roles.js';

describe('identity, tenancy and audit', () => {
  let t: TestApp;
  let operator: Session;
  let coopA: string;
  let coopB: string;
  let coopC: string;
  let inA: Record<CooperativeRole, Session>;
  let adminB: Session;
  let lualabaSupervisor: Session;

  beforeAll(async () => {
    t = await startTestApp();
    ({ operator, coopA, coopB, inA, adminB, lualabaSupervisor } = await twoCooperatives(t, { supervisor: true }));
    coopC = await createCooperative(t, operator, 'Haut-Katanga Coop', 'Haut-Katanga');
  });
  afterAll(async () => {
    await t.close();
  });

  describe('every route is guarded', () => {
    it('has no route that is neither public nor role-guarded', () => {
      const routes = listRoutes(t.app);
      expect(routes.length).toBeGreaterThan(10);
      const unguarded = routes.filter((route) => !route.isPublic && (!route.roles || route.roles.length === 0));
      expect(unguarded).toEqual([]);
    });

    it('keeps the public routes to health, docs, the token endpoints, redeeming a reset code, the gate snapshot public key, the public incident form and the published benefit-sharing statement', () => {
      const publicRoutes = listRoutes(t.app).filter((route) => route.isPublic).map((route) => `${route.method} ${route.path}`).sort();
      expect(publicRoutes).toEqual([
        'GET /api/v1/gate-snapshot-key',
        'GET /api/v1/public/cooperatives/:cooperativeId/benefit-sharing',
        'GET /api/v1/public/cooperatives/:cooperativeId/benefit-sharing.pdf',
        'GET /api/v1/public/incident-reports/challenge',
        'GET /health',
        'GET /health/ready',
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/refresh',
        'POST /api/v1/public/incident-reports',
        'PUT /api/v1/auth/password-reset',
      ]);
    });

    it('refuses every guarded route without a token', async () => {
      for (const route of listRoutes(t.app).filter((r) => !r.isPublic)) {
        const response = await t.http()[route.method.toLowerCase() as 'get'](concretePath(route.path, coopA));
        expect({ route: route.handler, status: response.status }).toEqual({ route: route.handler, status: 401 });
      }
    });
  });

  describe('authentication', () => {
    it('answers a wrong password and an unknown login with the same problem', async () => {
      const wrong = await t.http().post('/api/v1/auth/login').send({ login: 'admin.a@test.ushirika.org', password: 'not-the-password' }).expect(401);
      const unknown = await t.http().post('/api/v1/auth/login').send({ login: 'nobody@test.ushirika.org', password: 'not-the-password' }).expect(401);
      expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
      expect({ ...unknown.body, requestId: undefined }).toEqual({ ...wrong.body, requestId: undefined });
    });

    it('throttles a login after five failures, even with the right password', async () => {
      await member(t, operator, coopB, 'officer', 'throttled');
      for (let i = 0; i < 5; i++) {
        await t.http().post('/api/v1/auth/login').send({ login: 'officer.throttled@test.ushirika.org', password: 'wrong-password-x' }).expect(401);
      }
      const blocked = await t.http().post('/api/v1/auth/login').send({ login: 'officer.throttled@test.ushirika.org', password: PASSWORD }).expect(429);
      expect(blocked.body.code).toBe('LOGIN_THROTTLED');
    });

    it('rotates refresh tokens and revokes the family when an old one is replayed', async () => {
      const session = await login(t, 'officer.a@test.ushirika.org');
      const rotated = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(200);
      expect(rotated.body.refreshToken).not.toBe(session.refreshToken);
      const replay = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
      expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');
      const afterTheft = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: rotated.body.refreshToken }).expect(401);
      expect(afterTheft.body.code).toBe('REFRESH_TOKEN_INVALID');
    });

    it('ends a session at logout', async () => {
      const session = await login(t, 'auditor.a@test.ushirika.org');
      await t.http().post('/api/v1/auth/logout').set(bearer(session)).send({ refreshToken: session.refreshToken }).expect(204);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    });

    it('tells the caller their roles by cooperative', async () => {
      const me = await t.http().get('/api/v1/auth/me').set(bearer(inA.treasurer)).expect(200);
      expect(me.body.cooperatives).toEqual([{ cooperativeId: coopA, name: 'Tujenge', roles: ['treasurer'] }]);
      const sup = await t.http().get('/api/v1/auth/me').set(bearer(lualabaSupervisor)).expect(200);
      expect(sup.body.jurisdictions).toEqual([{ country: 'CD', province: 'Lualaba' }]);
    });

    it('refuses a password shorter than ten characters', async () => {
      const response = await t.http()
        .post(`/api/v1/cooperatives/${coopA}/users`)
        .set(bearer(inA.admin))
        .send({ login: 'short@test.ushirika.org', password: 'short', name: 'Short', role: 'officer' })
        .expect(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'password', code: 'minLength' })]);
    });
  });

  describe('tenancy', () => {
    it('answers 404 on every tenant route of a cooperative the caller has no part in', async () => {
      // The public statement names a cooperative but has no caller to refuse: its own 404 is in observers.e2e-spec.ts.
      const tenantRoutes = listRoutes(t.app).filter((route) => route.path.includes(':cooperativeId') && !route.isPublic);
      expect(tenantRoutes.length).toBeGreaterThanOrEqual(6);
      for (const route of tenantRoutes) {
        for (const path of [concretePath(route.path, coopB), concretePath(route.path, '9a1c7d3e-0000-4000-8000-000000000000')]) {
          const response = await t.http()[route.method.toLowerCase() as 'get'](path).set(bearer(inA.admin)).send({});
          expect({ route: `${route.method} ${path}`, status: response.status, code: response.body.code }).toEqual({
            route: `${route.method} ${path}`,
            status: 404,
            code: 'NOT_FOUND',
          });
        }
      }
    });

    it('lists only the cooperatives the caller belongs to or supervises', async () => {
      const mine = await t.http().get('/api/v1/cooperatives').set(bearer(adminB)).expect(200);
      expect(mine.body.map((c: { id: string }) => c.id)).toEqual([coopB]);
      const supervised = await t.http().get('/api/v1/cooperatives').set(bearer(lualabaSupervisor)).expect(200);
      expect(supervised.body.map((c: { id: string }) => c.id).sort()).toEqual([coopA, coopB].sort());
      const all = await t.http().get('/api/v1/cooperatives').set(bearer(operator)).expect(200);
      expect(all.body).toHaveLength(3);
    });

    it('holds with the tenant filter removed: row-level security returns only the scoped cooperative', async () => {
      const db = t.app.get(Db);
      const scoped = await db.run({ cooperativeIds: [coopA], userId: null, readOnly: true }, async (tx) => ({
        cooperatives: await tx.query<{ id: string }[]>('SELECT id FROM cooperatives'),
        roles: await tx.query<{ cooperative_id: string }[]>('SELECT DISTINCT cooperative_id FROM user_roles'),
        audit: await tx.query<{ cooperative_id: string }[]>('SELECT DISTINCT cooperative_id FROM audit_log'),
      }));
      expect(scoped.cooperatives.map((row) => row.id)).toEqual([coopA]);
      expect(scoped.roles.map((row) => row.cooperative_id)).toEqual([coopA]);
      expect(scoped.audit.map((row) => row.cooperative_id)).toEqual([coopA]);
      const unscoped = await db.run(Scopes.account(null, true), (tx) => tx.query('SELECT id FROM cooperatives'));
      expect(unscoped).toEqual([]);
    });

    it('refuses at the database a write into another cooperative', async () => {
      const db = t.app.get(Db);
      await expect(
        db.run({ cooperativeIds: [coopA], userId: null, readOnly: false }, (tx) =>
          tx.query('INSERT INTO user_roles (cooperative_id, user_id, role) VALUES ($1, $2, $3)', [coopB, inA.officer.userId, 'admin']),
        ),
      ).rejects.toThrow(/row-level security/);
    });

    it('makes supervisors read-only at the database level', async () => {
      const db = t.app.get(Db);
      await expect(
        db.run({ cooperativeIds: [coopA], userId: lualabaSupervisor.userId, readOnly: true }, (tx) =>
          tx.query(`UPDATE cooperatives SET name = 'x' WHERE id = $1`, [coopA]),
        ),
      ).rejects.toThrow(/read-only transaction/);
    });

    it('lets a supervisor read the cooperatives of their province only, and never write', async () => {
      await t.http().get(`/api/v1/cooperatives/${coopA}`).set(bearer(lualabaSupervisor)).expect(200);
      await t.http().get(`/api/v1/cooperatives/${coopC}`).set(bearer(lualabaSupervisor)).expect(404);
      await t.http().patch(`/api/v1/cooperatives/${coopA}`).set(bearer(lualabaSupervisor)).send({ name: 'Hijacked' }).expect(403);
    });
  });

  describe('roles', () => {
    const matrix: { route: string; method: 'get' | 'patch' | 'post'; body?: object; allowed: (CooperativeRole | 'supervisor')[] }[] = [
      { route: '', method: 'get', allowed: ['admin', 'officer', 'treasurer', 'auditor', 'supervisor'] },
      { route: '', method: 'patch', body: { territory: 'Kolwezi' }, allowed: ['admin'] },
      { route: '/users', method: 'get', allowed: ['admin'] },
      { route: '/audit', method: 'get', allowed: ['admin', 'auditor'] },
    ];
    for (const entry of matrix) {
      for (const role of ['admin', 'officer', 'treasurer', 'auditor', 'supervisor'] as const) {
        const allowed = entry.allowed.includes(role);
        it(`${allowed ? 'lets' : 'forbids'} ${role} ${entry.method.toUpperCase()} /cooperatives/{id}${entry.route}`, async () => {
          const session = role === 'supervisor' ? lualabaSupervisor : inA[role];
          const response = await t.http()[entry.method](`/api/v1/cooperatives/${coopA}${entry.route}`).set(bearer(session)).send(entry.body ?? {});
          if (allowed) expect(response.status).toBe(200);
          else expect(response.body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
        });
      }
    }

    it('keeps cooperative creation and supervisors to the operator', async () => {
      await t.http().post('/api/v1/cooperatives').set(bearer(inA.admin)).send(cooperativeBody('Rogue')).expect(403);
      await t.http().get('/api/v1/supervisors').set(bearer(inA.admin)).expect(403);
      await t.http().get('/api/v1/supervisors').set(bearer(operator)).expect(200);
    });

    it('lets one person hold roles in two cooperatives, once they accept the invitation', async () => {
      const invitation = await t.http().post(`/api/v1/cooperatives/${coopB}/invitations`).set(bearer(adminB)).send({ login: 'officer.a@test.ushirika.org', role: 'auditor' }).expect(201);
      await t.http().post(`/api/v1/auth/invitations/${invitation.body.id}/accept`).set(bearer(inA.officer)).expect(200);
      const me = await t.http().get('/api/v1/auth/me').set(bearer(inA.officer)).expect(200);
      expect(me.body.cooperatives.map((c: { roles: string[] }) => c.roles)).toEqual(expect.arrayContaining([['officer'], ['auditor']]));
    });

    it('takes effect at once when an admin removes a role', async () => {
      const temp = await member(t, operator, coopA, 'officer', 'temp');
      await t.http().get(`/api/v1/cooperatives/${coopA}`).set(bearer(temp)).expect(200);
      await t.http().patch(`/api/v1/cooperatives/${coopA}/users/${temp.userId}`).set(bearer(inA.admin)).send({ roles: ['auditor'] }).expect(200);
      await t.http().patch(`/api/v1/cooperatives/${coopA}`).set(bearer(temp)).send({ territory: 'Kolwezi' }).expect(403);
      await t.http().patch(`/api/v1/cooperatives/${coopA}/users/${temp.userId}`).set(bearer(inA.admin)).send({ disabled: true }).expect(200);
      // Disabling also ends the session: the old token is refused before roles are looked at.
      await t.http().get(`/api/v1/cooperatives/${coopA}`).set(bearer(temp)).expect(401);
      const fresh = await login(t, 'officer.temp@test.ushirika.org');
      await t.http().get(`/api/v1/cooperatives/${coopA}`).set(bearer(fresh)).expect(404);
    });
  });

  describe('audit trail', () => {
    it('records every mutation with who, what and the changed fields only', async () => {
      await t.http().patch(`/api/v1/cooperatives/${coopA}`).set(bearer(inA.admin)).send({ approvalNumber: 'AGR-2' }).expect(200);
      const page = await t.http().get(`/api/v1/cooperatives/${coopA}/audit?entity=cooperative`).set(bearer(inA.auditor)).expect(200);
      const update = page.body.items.find((item: { action: string; after: Record<string, unknown> }) => item.action === 'update' && item.after.approvalNumber === 'AGR-2');
      expect(update).toMatchObject({ actorUserId: inA.admin.userId, entityId: coopA, before: { approvalNumber: expect.any(String) }, after: { approvalNumber: 'AGR-2' } });
      expect(Object.keys(update.after)).toEqual(['approvalNumber']);
      expect(update.requestId).toEqual(expect.any(String));
      const creation = page.body.items.find((item: { action: string }) => item.action === 'create');
      expect(creation).toMatchObject({ actorUserId: operator.userId, entityId: coopA });
    });

    it('records role grants and removals', async () => {
      const page = await t.http().get(`/api/v1/cooperatives/${coopA}/audit?entity=user`).set(bearer(inA.admin)).expect(200);
      const actions = page.body.items.map((item: { action: string }) => item.action);
      expect(actions).toEqual(expect.arrayContaining(['grant_role', 'disable']));
    });

    it('pages with a cursor', async () => {
      const first = await t.http().get(`/api/v1/cooperatives/${coopA}/audit?limit=2`).set(bearer(inA.admin)).expect(200);
      expect(first.body.items).toHaveLength(2);
      const second = await t.http().get(`/api/v1/cooperatives/${coopA}/audit?limit=2&cursor=${first.body.nextCursor}`).set(bearer(inA.admin)).expect(200);
      expect(Number(second.body.items[0].id)).toBeLessThan(Number(first.body.items[1].id));
    });

    it('is append-only in the database, even for its owner', async () => {
      await expect(adminQuery(t.target.ownerUrl, `UPDATE audit_log SET action = 'forged'`)).rejects.toThrow(/append-only/);
      await expect(adminQuery(t.target.ownerUrl, 'DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    });
  });

  describe('idempotent writes', () => {
    it('replays the first answer for a repeated key and refuses the key with another body', async () => {
      const body = { login: 'officer.offline@test.ushirika.org', password: PASSWORD, name: 'Offline Officer', role: 'officer' };
      const first = await t.http().post(`/api/v1/cooperatives/${coopA}/users`).set(bearer(inA.admin)).set('Idempotency-Key', 'sync-0001-abcd').send(body).expect(201);
      const again = await t.http().post(`/api/v1/cooperatives/${coopA}/users`).set(bearer(inA.admin)).set('Idempotency-Key', 'sync-0001-abcd').send(body).expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replay']).toBe('true');
      const rows = await adminQuery(t.target.ownerUrl, `SELECT count(*)::int AS n FROM users WHERE login = 'officer.offline@test.ushirika.org'`);
      expect(rows).toEqual([{ n: 1 }]);
      const clash = await t.http().post(`/api/v1/cooperatives/${coopA}/users`).set(bearer(inA.admin)).set('Idempotency-Key', 'sync-0001-abcd').send({ ...body, role: 'auditor' }).expect(409);
      expect(clash.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('replays a PATCH and a PUT too, and keeps nothing of a password-reset code', async () => {
      const created = await t.http().post(`/api/v1/cooperatives/${coopA}/users`).set(bearer(inA.admin))
        .send({ login: 'officer.patched@test.ushirika.org', password: PASSWORD, name: 'Patched Officer', role: 'officer' }).expect(201);
      const path = `/api/v1/cooperatives/${coopA}/users/${created.body.id}`;
      const first = await t.http().patch(path).set(bearer(inA.admin)).set('Idempotency-Key', 'sync-patch-0001').send({ name: 'Renamed Once' }).expect(200);
      // Someone else renames the person meanwhile: the phone's repeat must not undo it.
      await t.http().patch(path).set(bearer(inA.admin)).send({ name: 'Renamed Later' }).expect(200);
      const again = await t.http().patch(path).set(bearer(inA.admin)).set('Idempotency-Key', 'sync-patch-0001').send({ name: 'Renamed Once' }).expect(200);
      expect(again.headers['idempotent-replay']).toBe('true');
      expect(again.body).toEqual(first.body);
      const [{ name }] = await adminQuery(t.target.ownerUrl, `SELECT name FROM users WHERE id = $1`, [created.body.id]);
      expect(name).toBe('Renamed Later');
      const clash = await t.http().patch(path).set(bearer(inA.admin)).set('Idempotency-Key', 'sync-patch-0001').send({ name: 'Other' }).expect(409);
      expect(clash.body.code).toBe('IDEMPOTENCY_KEY_REUSED');

      const reset = await t.http().put(`${path}/password-reset`).set(bearer(inA.admin)).set('Idempotency-Key', 'sync-reset-0001').expect(200);
      const repeated = await t.http().put(`${path}/password-reset`).set(bearer(inA.admin)).set('Idempotency-Key', 'sync-reset-0001').expect(200);
      expect(repeated.headers['idempotent-replay']).toBeUndefined();
      expect(repeated.body).not.toEqual(reset.body);
      const kept = await adminQuery(t.target.ownerUrl, `SELECT key FROM idempotency_keys WHERE key IN ('sync-patch-0001', 'sync-reset-0001') ORDER BY key`);
      expect(kept).toEqual([{ key: 'sync-patch-0001' }]);
    });

    it('accepts a client-chosen id and refuses it a second time without a key', async () => {
      const id = '6d1b8f1e-2f55-4a8f-9d55-3f3c1b7a0a11';
      const created = await t.http().post('/api/v1/cooperatives').set(bearer(operator)).send({ ...cooperativeBody('Client id', 'Lualaba', 'RCCM-client-id'), id }).expect(201);
      expect(created.body.id).toBe(id);
      const again = await t.http().post('/api/v1/cooperatives').set(bearer(operator)).send({ ...cooperativeBody('Client id', 'Lualaba', 'RCCM-client-id'), id }).expect(409);
      expect(again.body.code).toBe('COOPERATIVE_EXISTS');
    });
  });

  describe('input', () => {
    it('rejects unknown fields and lists each invalid field, in English on request', async () => {
      const response = await t.http()
        .post('/api/v1/cooperatives')
        .set(bearer(operator))
        .set('Accept-Language', 'en')
        .send({ ...cooperativeBody('Bad'), legalForm: 'LLC', timezone: 'Mars/Olympus', colour: 'red' })
        .expect(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const fields = response.body.errors.map((error: { field: string }) => error.field).sort();
      expect(fields).toEqual(['colour', 'legalForm', 'timezone']);
      expect(response.body.errors.find((e: { field: string }) => e.field === 'colour').message).toBe('field colour is not expected');
    });

    it('answers malformed JSON with a problem, not a crash', async () => {
      const response = await t.http().post('/api/v1/cooperatives').set(bearer(operator)).set('Content-Type', 'application/json').send('{"name": ').expect(400);
      expect(response.body.status).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    });
  });
});
