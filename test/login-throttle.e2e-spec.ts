import { startTestApp, type TestApp } from './support/test-app.js';
import { createCooperative, member, operatorSession, PASSWORD } from './support/identity-fixture.js';

/** Issue 16, item 6: login throttling holds against parallel bursts and forged client addresses. */
describe('login throttling', () => {
  describe('without a trusted proxy (the default)', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp();
      const operator = await operatorSession(t);
      const cooperativeId = await createCooperative(t, operator, 'Throttle Coop');
      await member(t, operator, cooperativeId, 'officer', 'burst');
    });
    afterAll(async () => {
      await t.close();
    });

    it('counts every attempt of a parallel burst before checking its password: five guesses at most', async () => {
      const login = 'officer.burst@test.ushirika.org';
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => t.http().post('/api/v1/auth/login').send({ login, password: `wrong-guess-${i}` })),
      );
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
      expect(statuses.filter((status) => status === 429)).toHaveLength(20 - statuses.filter((status) => status === 401).length);
      expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
      const blocked = await t.http().post('/api/v1/auth/login').send({ login, password: PASSWORD }).expect(429);
      expect(blocked.body.code).toBe('LOGIN_THROTTLED');
    });

    it('ignores a forged X-Forwarded-For: the socket address runs out of attempts whatever the header says', async () => {
      let throttledAt: number | null = null;
      for (let i = 0; i < 60 && throttledAt === null; i++) {
        const answer = await t.http()
          .post('/api/v1/auth/login')
          .set('X-Forwarded-For', `198.51.100.${i + 1}`)
          .send({ login: `nobody.${i}@test.ushirika.org`, password: 'wrong-password-x' });
        if (answer.status === 429) throttledAt = i;
        else expect(answer.status).toBe(401);
      }
      expect(throttledAt).not.toBeNull();
      const again = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', '203.0.113.99').send({ login: 'another@test.ushirika.org', password: 'wrong-password-x' }).expect(429);
      expect(again.body.code).toBe('LOGIN_THROTTLED');
    });
  });

  describe('behind a proxy named in TRUST_PROXY', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ TRUST_PROXY: 'loopback' });
    });
    afterAll(async () => {
      await t.close();
    });

    it('counts per client address the proxy forwards', async () => {
      for (let i = 0; i < 50; i++) {
        await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', '203.0.113.7').send({ login: `guess.${i}@test.ushirika.org`, password: 'wrong-password-x' }).expect(401);
      }
      await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', '203.0.113.7').send({ login: 'guess.last@test.ushirika.org', password: 'wrong-password-x' }).expect(429);
      await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', '203.0.113.8').send({ login: 'guess.last@test.ushirika.org', password: 'wrong-password-x' }).expect(401);
    });
  });
});
