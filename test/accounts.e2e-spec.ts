import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';
import { bearer, login, member, PASSWORD, twoCooperatives, type Session } from './support/identity-fixture.js';
import type { CooperativeRole } from '../src/auth/roles.js';

/** Issue 16, items 13 and 15: accounts have a lifecycle, and ending a session ends it everywhere. */
describe('accounts lifecycle', () => {
  let t: TestApp;
  let operator: Session;
  let coopA: string;
  let coopB: string;
  let inA: Record<CooperativeRole, Session>;
  let adminB: Session;

  const me = (session: Session) => t.http().get('/api/v1/auth/me').set(bearer(session));
  const refresh = (session: Session) => t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken });

  beforeAll(async () => {
    t = await startTestApp();
    ({ operator, coopA, coopB, inA, adminB } = await twoCooperatives(t));
  });
  afterAll(async () => {
    await t.close();
  });

  describe('disabling a user (item 15)', () => {
    it('ends every session at once: refresh tokens refused, access tokens refused by the guard', async () => {
      const gone = await member(t, operator, coopA, 'officer', 'disabled');
      const second = await login(t, 'officer.disabled@test.ushirika.org');
      await me(gone).expect(200);
      await t.http().patch(`/api/v1/cooperatives/${coopA}/users/${gone.userId}`).set(bearer(inA.admin)).send({ disabled: true }).expect(200);
      for (const session of [gone, second]) {
        expect((await me(session).expect(401)).body.code).toBe('UNAUTHENTICATED');
        expect((await refresh(session).expect(401)).body.code).toBe('REFRESH_TOKEN_INVALID');
      }
      const revoked = await adminQuery<{ n: number }>(t.target.ownerUrl, `SELECT count(*)::int AS n FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL`, [gone.userId]);
      expect(revoked).toEqual([{ n: 0 }]);
    });
  });

  describe('password change', () => {
    it('needs the current password, ends every other session and answers fresh tokens', async () => {
      const user = await member(t, operator, coopA, 'treasurer', 'changer');
      const elsewhere = await login(t, 'treasurer.changer@test.ushirika.org');
      const wrong = await t.http().put('/api/v1/auth/password').set(bearer(user)).set('Accept-Language', 'en').send({ currentPassword: 'not-my-password', newPassword: 'a-brand-new-password' }).expect(403);
      expect(wrong.headers['content-type']).toContain('application/problem+json');
      expect(wrong.body).toMatchObject({ code: 'CURRENT_PASSWORD_WRONG', detail: 'The current password is wrong.' });
      const fr = await t.http().put('/api/v1/auth/password').set(bearer(user)).send({ currentPassword: 'not-my-password', newPassword: 'a-brand-new-password' }).expect(403);
      expect(fr.body.detail).toBe('Le mot de passe actuel est faux.');

      const changed = await t.http().put('/api/v1/auth/password').set(bearer(user)).set('Idempotency-Key', 'change-password-01').send({ currentPassword: PASSWORD, newPassword: 'a-brand-new-password' }).expect(200);
      expect(changed.body).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String) });
      for (const session of [user, elsewhere]) {
        await me(session).expect(401);
        await refresh(session).expect(401);
      }
      await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${changed.body.accessToken}`).expect(200);
      await t.http().post('/api/v1/auth/login').send({ login: 'treasurer.changer@test.ushirika.org', password: PASSWORD }).expect(401);
      await login(t, 'treasurer.changer@test.ushirika.org', 'a-brand-new-password');

      const kept = await adminQuery(t.target.ownerUrl, `SELECT count(*)::int AS n FROM idempotency_keys WHERE user_id = $1`, [user.userId]);
      expect(kept).toEqual([{ n: 0 }]);
      // An account's own change is the platform's entry, not any cooperative's.
      const audit = await adminQuery(t.target.ownerUrl, `SELECT actor_user_id, after FROM platform_audit_log WHERE action = 'change_password' AND entity_id = $1`, [user.userId]);
      expect(audit).toEqual([{ actor_user_id: user.userId, after: { sessionsEnded: true } }]);
      expect(await adminQuery(t.target.ownerUrl, `SELECT 1 FROM audit_log WHERE action = 'change_password' AND entity_id = $1`, [user.userId])).toEqual([]);
    });

    it('throttles guesses of the current password like logins', async () => {
      const user = await member(t, operator, coopA, 'auditor', 'guessed');
      for (let i = 0; i < 5; i++) {
        await t.http().put('/api/v1/auth/password').set(bearer(user)).send({ currentPassword: `guess-${i}`, newPassword: 'a-brand-new-password' }).expect(403);
      }
      const blocked = await t.http().put('/api/v1/auth/password').set(bearer(user)).send({ currentPassword: PASSWORD, newPassword: 'a-brand-new-password' }).expect(429);
      expect(blocked.body.code).toBe('LOGIN_THROTTLED');
    });
  });

  describe('log out everywhere', () => {
    it('revokes every refresh token and refuses every access token of the caller', async () => {
      const phone = await member(t, operator, coopA, 'officer', 'everywhere');
      const laptop = await login(t, 'officer.everywhere@test.ushirika.org');
      await t.http().post('/api/v1/auth/logout-everywhere').set(bearer(laptop)).expect(204);
      for (const session of [phone, laptop]) {
        await me(session).expect(401);
        await refresh(session).expect(401);
      }
      const again = await login(t, 'officer.everywhere@test.ushirika.org');
      await me(again).expect(200);
      await me(inA.officer).expect(200);
    });
  });

  describe('admin-initiated password reset', () => {
    it('hands the admin a one-time code the member redeems; kept hashed, single use, expiring', async () => {
      const forgetful = await member(t, operator, coopA, 'officer', 'forgetful');
      const issued = await t.http().put(`/api/v1/cooperatives/${coopA}/users/${forgetful.userId}/password-reset`).set(bearer(inA.admin)).expect(200);
      expect(issued.body).toMatchObject({ userId: forgetful.userId, code: expect.stringMatching(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/), expiresAt: expect.any(String) });
      const code = issued.body.code as string;
      const stored = JSON.stringify(await adminQuery(t.target.ownerUrl, `SELECT * FROM password_reset_codes WHERE user_id = $1`, [forgetful.userId]));
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace(/-/g, ''));
      const audit = await t.http().get(`/api/v1/cooperatives/${coopA}/audit?entity=user&action=issue_password_reset`).set(bearer(inA.admin)).expect(200);
      expect(audit.body.items).toEqual([expect.objectContaining({ actorUserId: inA.admin.userId, entityId: forgetful.userId })]);
      expect(JSON.stringify(audit.body)).not.toContain(code);

      const wrong = await t.http().put('/api/v1/auth/password-reset').send({ login: 'officer.forgetful@test.ushirika.org', code: 'AAAA-BBBB-CCCC-DDDD', newPassword: 'reset-password-123' }).expect(401);
      expect(wrong.body.code).toBe('RESET_CODE_INVALID');
      const otherLogin = await t.http().put('/api/v1/auth/password-reset').send({ login: 'officer.a@test.ushirika.org', code, newPassword: 'reset-password-123' }).expect(401);
      expect(otherLogin.body).toMatchObject({ code: 'RESET_CODE_INVALID' });

      await t.http().put('/api/v1/auth/password-reset').send({ login: 'officer.forgetful@test.ushirika.org', code: code.toLowerCase(), newPassword: 'reset-password-123' }).expect(204);
      await me(forgetful).expect(401);
      await refresh(forgetful).expect(401);
      await login(t, 'officer.forgetful@test.ushirika.org', 'reset-password-123');
      const reused = await t.http().put('/api/v1/auth/password-reset').send({ login: 'officer.forgetful@test.ushirika.org', code, newPassword: 'another-password-1' }).expect(401);
      expect(reused.body.code).toBe('RESET_CODE_INVALID');

      const next = await t.http().put(`/api/v1/cooperatives/${coopA}/users/${forgetful.userId}/password-reset`).set(bearer(inA.admin)).expect(200);
      await adminQuery(t.target.ownerUrl, `UPDATE password_reset_codes SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND used_at IS NULL`, [forgetful.userId]);
      await t.http().put('/api/v1/auth/password-reset').send({ login: 'officer.forgetful@test.ushirika.org', code: next.body.code, newPassword: 'another-password-1' }).expect(401);
      const redeemed = await adminQuery(t.target.ownerUrl, `SELECT count(*)::int AS n FROM audit_log WHERE action = 'redeem_password_reset' AND entity_id = $1 AND cooperative_id = $2`, [forgetful.userId, coopA]);
      expect(redeemed).toEqual([{ n: 1 }]);
    });

    it('is refused to other roles and to another cooperative, and answers no password an admin chose', async () => {
      await t.http().put(`/api/v1/cooperatives/${coopA}/users/${inA.officer.userId}/password-reset`).set(bearer(inA.treasurer)).expect(403);
      await t.http().put(`/api/v1/cooperatives/${coopB}/users/${inA.officer.userId}/password-reset`).set(bearer(adminB)).expect(404);
      // There is no way to choose the password: the code is generated, the old password still works until it is redeemed.
      const issued = await t.http().put(`/api/v1/cooperatives/${coopA}/users/${inA.officer.userId}/password-reset`).set(bearer(inA.admin)).send({ password: 'chosen-by-admin' }).expect(200);
      expect(issued.body.code).not.toContain('chosen');
      await t.http().post('/api/v1/auth/login').send({ login: 'officer.a@test.ushirika.org', password: 'chosen-by-admin' }).expect(401);
      await login(t, 'officer.a@test.ushirika.org');
    });
  });

  describe('invitations instead of attaching an existing login', () => {
    it('refuses to attach an existing login, even the operator\'s; the person accepts an invitation instead', async () => {
      const attach = await t.http().post(`/api/v1/cooperatives/${coopB}/users`).set(bearer(adminB)).send({ login: 'officer.a@test.ushirika.org', role: 'auditor' }).expect(409);
      expect(attach.body.code).toBe('LOGIN_EXISTS_INVITE');
      await t.http().post(`/api/v1/cooperatives/${coopB}/users`).set(bearer(adminB)).send({ login: 'operator@test.ushirika.org', role: 'admin' }).expect(409);
      expect((await me(operator).expect(200)).body.cooperatives).toEqual([]);

      const invited = await t.http().post(`/api/v1/cooperatives/${coopB}/invitations`).set(bearer(adminB)).send({ login: 'officer.a@test.ushirika.org', role: 'auditor' }).expect(201);
      expect(invited.body).toMatchObject({ cooperativeId: coopB, login: 'officer.a@test.ushirika.org', role: 'auditor' });
      expect((await me(inA.officer)).body.cooperatives.map((c: { cooperativeId: string }) => c.cooperativeId)).toEqual([coopA]);
      const pending = await t.http().get(`/api/v1/cooperatives/${coopB}/invitations`).set(bearer(adminB)).expect(200);
      expect(pending.body.map((i: { id: string }) => i.id)).toEqual([invited.body.id]);

      const mine = await t.http().get('/api/v1/auth/invitations').set(bearer(inA.officer)).expect(200);
      expect(mine.body).toEqual([expect.objectContaining({ id: invited.body.id, cooperativeId: coopB, cooperativeName: 'Umoja', role: 'auditor' })]);
      await t.http().post(`/api/v1/auth/invitations/${invited.body.id}/accept`).set(bearer(inA.treasurer)).expect(404);
      const accepted = await t.http().post(`/api/v1/auth/invitations/${invited.body.id}/accept`).set(bearer(inA.officer)).expect(200);
      expect(accepted.body).toEqual({ cooperativeId: coopB, role: 'auditor', answer: 'accepted' });
      const roles = (await me(inA.officer)).body.cooperatives.map((c: { roles: string[] }) => c.roles);
      expect(roles).toEqual(expect.arrayContaining([['officer'], ['auditor']]));
      await t.http().post(`/api/v1/auth/invitations/${invited.body.id}/accept`).set(bearer(inA.officer)).expect(404);
      const audit = await t.http().get(`/api/v1/cooperatives/${coopB}/audit?entity=user&entityId=${inA.officer.userId}`).set(bearer(adminB)).expect(200);
      expect(audit.body.items.map((item: { action: string; actorUserId: string }) => [item.action, item.actorUserId])).toEqual(
        expect.arrayContaining([['invite', adminB.userId], ['grant_role', inA.officer.userId]]),
      );
    });

    it('lets the person decline, and the admin withdraw', async () => {
      const first = await t.http().post(`/api/v1/cooperatives/${coopB}/invitations`).set(bearer(adminB)).send({ login: 'treasurer.a@test.ushirika.org', role: 'treasurer' }).expect(201);
      await t.http().post(`/api/v1/auth/invitations/${first.body.id}/decline`).set(bearer(inA.treasurer)).expect(200);
      const second = await t.http().post(`/api/v1/cooperatives/${coopB}/invitations`).set(bearer(adminB)).send({ login: 'treasurer.a@test.ushirika.org', role: 'treasurer' }).expect(201);
      await t.http().delete(`/api/v1/cooperatives/${coopB}/invitations/${second.body.id}`).set(bearer(adminB)).expect(204);
      await t.http().post(`/api/v1/auth/invitations/${second.body.id}/accept`).set(bearer(inA.treasurer)).expect(404);
      expect((await me(inA.treasurer)).body.cooperatives.map((c: { cooperativeId: string }) => c.cooperativeId)).toEqual([coopA]);
      const unknown = await t.http().post(`/api/v1/cooperatives/${coopB}/invitations`).set(bearer(adminB)).send({ login: 'nobody@test.ushirika.org', role: 'officer' }).expect(404);
      expect(unknown.body.code).toBe('LOGIN_NOT_FOUND');
    });

    it('refuses an expired invitation', async () => {
      const invited = await t.http().post(`/api/v1/cooperatives/${coopB}/invitations`).set(bearer(adminB)).send({ login: 'auditor.a@test.ushirika.org', role: 'auditor' }).expect(201);
      await adminQuery(t.target.ownerUrl, `UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [invited.body.id]);
      const expired = await t.http().post(`/api/v1/auth/invitations/${invited.body.id}/accept`).set(bearer(inA.auditor)).expect(409);
      expect(expired.body.code).toBe('INVITATION_EXPIRED');
    });

    it('keeps an account that also serves elsewhere out of one admin\'s hands: no rename, no reset', async () => {
      // officer.a accepted Umoja's invitation above: the account is Tujenge's and Umoja's.
      const rename = await t.http().patch(`/api/v1/cooperatives/${coopB}/users/${inA.officer.userId}`).set(bearer(adminB)).send({ name: 'Renamed by B' }).expect(409);
      expect(rename.body.code).toBe('ACCOUNT_SHARED_WITH_OTHERS');
      expect((await me(inA.officer)).body.name).toBe('officer a');
      await t.http().put(`/api/v1/cooperatives/${coopB}/users/${inA.officer.userId}/password-reset`).set(bearer(adminB)).expect(409);
      await t.http().put(`/api/v1/cooperatives/${coopB}/users/${inA.officer.userId}/password-reset`).set(bearer(operator)).expect(200);
      // Its holder renames it.
      const renamed = await t.http().patch('/api/v1/auth/me').set(bearer(inA.officer)).send({ name: 'Officer A, own choice' }).expect(200);
      expect(renamed.body.name).toBe('Officer A, own choice');
      // An account only this cooperative uses is still its admin's to rename.
      await t.http().patch(`/api/v1/cooperatives/${coopA}/users/${inA.auditor.userId}`).set(bearer(inA.admin)).send({ name: 'Auditor renamed' }).expect(200);
    });
  });
});
