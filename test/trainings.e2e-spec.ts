import { randomUUID } from 'node:crypto';
import { localDateIn } from '../src/common/time-zone.js';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';
import { bearer, twoCooperatives, type Session } from './support/identity-fixture.js';
import { activeCardHolder, registerMiner as registerIn, type RegisteredMiner as Miner } from './support/member-fixture.js';
import { deriveCardKey, signCardToken } from '../src/miners/card-token.js';
import { addDays, addMonthsRollingOver, lastDayOfValidity } from '../src/common/calendar-date.js';
import type { CooperativeRole } from '../src/auth/roles.js';

interface Certification {
  topic: string;
  attendedOn: string;
  expiresOn: string | null;
  valid: boolean;
}

interface SessionBody {
  id: string;
  topic: string;
  heldOn: string;
  trainer: string;
  validityMonths: number;
  attendeeCount: number;
  attendees: { minerId: string; memberNumber: string; lastName: string }[];
}

interface GateBody {
  allowed: boolean;
  reasons: { code: string; topics?: string[] }[];
}

const TIMEZONE = 'Africa/Lubumbashi';

describe('trainings and certifications', () => {
  let t: TestApp;
  let coopA: string;
  let coopB: string;
  let inA: Record<CooperativeRole, Session>;
  let adminB: Session;
  let lualaba: Session;
  let today: string;
  let trainings: string;
  const key = deriveCardKey(TEST_JWT_SECRET);

  const registerMiner = (overrides: Record<string, unknown> = {}): Promise<Miner> =>
    registerIn(t, inA.officer, coopA, { dateOfBirth: '1988-02-29', ...activeCardHolder(addDays(today, -30)), ...overrides });
  const createSession = async (body: Record<string, unknown>, session: Session = inA.officer): Promise<SessionBody> =>
    (await t.http().post(trainings).set(bearer(session)).send({ topic: 'site_induction', trainer: 'Ir. Mwamba', validityMonths: 12, ...body }).expect(201)).body as SessionBody;
  const attend = (sessionId: string, minerIds: string[], session: Session = inA.officer) =>
    t.http().post(`${trainings}/${sessionId}/attendance`).set(bearer(session)).send({ minerIds });
  const certificationsOf = async (miner: Miner, on?: string): Promise<Certification[]> =>
    ((await t.http().get(`/api/v1/cooperatives/${coopA}/miners/${miner.id}/certifications`).query(on === undefined ? {} : { on }).set(bearer(inA.auditor)).expect(200)).body as { certifications: Certification[] }).certifications;

  beforeAll(async () => {
    t = await startTestApp();
    ({ coopA, coopB, inA, adminB, lualabaSupervisor: lualaba } = await twoCooperatives(t, { supervisor: true }));
    today = localDateIn(TIMEZONE);
    trainings = `/api/v1/cooperatives/${coopA}/trainings`;
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  describe('sessions and attendance', () => {
    it('records a session with its topic, trainer and validity, audited, and lists it to read-only roles', async () => {
      const created = await createSession({ topic: 'first_aid', heldOn: addDays(today, -3), trainer: '  Dr Ngoy  ', validityMonths: 24, notes: 'Croix-Rouge' });
      expect(created).toMatchObject({ topic: 'first_aid', heldOn: addDays(today, -3), trainer: 'Dr Ngoy', validityMonths: 24, attendeeCount: 0, attendees: [] });
      const [audit] = await adminQuery<{ action: string }>(t.target.ownerUrl, 'SELECT action FROM audit_log WHERE entity = $1 AND entity_id = $2', ['training_session', created.id]);
      expect(audit.action).toBe('training.session_created');

      for (const reader of [inA.auditor, inA.treasurer, lualaba]) {
        const list = (await t.http().get(trainings).query({ topic: 'first_aid' }).set(bearer(reader)).expect(200)).body as { items: SessionBody[] };
        expect(list.items.map((item) => item.id)).toContain(created.id);
      }
      const later = (await t.http().get(trainings).query({ from: addDays(today, -2) }).set(bearer(inA.admin)).expect(200)).body as { items: SessionBody[] };
      expect(later.items.map((item) => item.id)).not.toContain(created.id);
    });

    it('refuses writes to read-only roles and treasurers, unknown topics, and hides sessions from other cooperatives', async () => {
      for (const session of [inA.auditor, inA.treasurer, lualaba]) {
        await t.http().post(trainings).set(bearer(session)).send({ topic: 'first_aid', heldOn: today, trainer: 'X', validityMonths: 12 }).expect(403);
      }
      await t.http().post(trainings).set(bearer(inA.officer)).send({ topic: 'juggling', heldOn: today, trainer: 'X', validityMonths: 12 }).expect(400);
      await t.http().post(trainings).set(bearer(inA.officer)).send({ topic: 'first_aid', heldOn: today, trainer: 'X', validityMonths: -1 }).expect(400);
      const nowhere = await t.http().post(trainings).set(bearer(inA.officer)).send({ topic: 'first_aid', heldOn: today, trainer: 'X', validityMonths: 12, siteId: randomUUID() }).expect(422);
      expect(nowhere.body.code).toBe('SITE_REFERENCE_UNKNOWN');
      const blank = await t.http().post(trainings).set(bearer(inA.officer)).send({ topic: 'first_aid', heldOn: today, trainer: '   ', validityMonths: 12 }).expect(422);
      expect(blank.body.code).toBe('TRAINER_REQUIRED');
      const session = await createSession({ heldOn: today });
      await t.http().get(`/api/v1/cooperatives/${coopB}/trainings/${session.id}`).set(bearer(adminB)).expect(404);
      await t.http().get(`${trainings}/${session.id}`).set(bearer(adminB)).expect(404);
      const miner = await registerMiner();
      await attend(session.id, [miner.id], inA.auditor).expect(403);
      await t.http().post(`/api/v1/cooperatives/${coopB}/trainings/${session.id}/attendance`).set(bearer(adminB)).send({ minerIds: [miner.id] }).expect(404);
    });

    it('replays a session sent twice with the same id, and refuses the id for another session', async () => {
      const id = randomUUID();
      const first = await createSession({ id, heldOn: addDays(today, -1) });
      const again = await createSession({ id, heldOn: addDays(today, -1) });
      expect(again.id).toBe(first.id);
      const clash = await t.http().post(trainings).set(bearer(inA.officer)).send({ id, topic: 'literacy', heldOn: today, trainer: 'X', validityMonths: 0 }).expect(409);
      expect(clash.body.code).toBe('TRAINING_ID_TAKEN');
      const [count] = await adminQuery<{ n: number }>(t.target.ownerUrl, 'SELECT count(*)::int AS n FROM training_sessions WHERE id = $1', [id]);
      expect(count.n).toBe(1);
    });

    it('records attendance once per member, all or nothing, only once the session has been held', async () => {
      const session = await createSession({ heldOn: addDays(today, -1) });
      const [a, b] = [await registerMiner(), await registerMiner()];
      const recorded = (await attend(session.id, [a.id, b.id]).expect(201)).body as SessionBody;
      expect(recorded.attendeeCount).toBe(2);
      expect(recorded.attendees.map((attendee) => attendee.minerId).sort()).toEqual([a.id, b.id].sort());
      const repeated = (await attend(session.id, [a.id]).expect(201)).body as SessionBody;
      expect(repeated.attendeeCount).toBe(2);

      const unknown = await attend(session.id, [randomUUID()]).expect(404);
      expect(unknown.body.code).toBe('MINER_NOT_FOUND');
      const leaver = await registerMiner();
      await t.http().post(`/api/v1/cooperatives/${coopA}/miners/${leaver.id}/status`).set(bearer(inA.officer)).send({ to: 'exited', reason: 'départ volontaire' }).expect(200);
      const fresh = await registerMiner();
      const exited = await attend(session.id, [fresh.id, leaver.id]).expect(409);
      expect(exited.body.code).toBe('ATTENDEE_EXITED');
      expect(((await t.http().get(`${trainings}/${session.id}`).set(bearer(inA.auditor)).expect(200)).body as SessionBody).attendeeCount).toBe(2);

      const planned = await createSession({ heldOn: addDays(today, 7) });
      const early = await attend(planned.id, [a.id]).set('Accept-Language', 'en').expect(422);
      expect(early.body.code).toBe('TRAINING_NOT_YET_HELD');
      expect(early.body.detail).toContain(addDays(today, 7));
    });

    it('keeps attendance append-only in the database', async () => {
      const session = await createSession({ heldOn: addDays(today, -1) });
      const miner = await registerMiner();
      await attend(session.id, [miner.id]).expect(201);
      await expect(adminQuery(t.target.ownerUrl, 'DELETE FROM training_attendance WHERE session_id = $1', [session.id])).rejects.toThrow(/append-only/);
      await expect(adminQuery(t.target.ownerUrl, `UPDATE training_sessions SET validity_months = 99 WHERE id = $1`, [session.id])).rejects.toThrow(/append-only/);
    });
  });

  describe("a member's certifications", () => {
    it('shows the current certification per topic on the member page and values it on any date', async () => {
      const miner = await registerMiner({ firstName: 'Françoise', sex: 'F' });
      const heldOn = addDays(today, -10);
      const firstAid = await createSession({ topic: 'first_aid', heldOn, validityMonths: 12 });
      const literacy = await createSession({ topic: 'literacy', heldOn, validityMonths: 0 });
      await attend(firstAid.id, [miner.id]).expect(201);
      await attend(literacy.id, [miner.id]).expect(201);

      const page = (await t.http().get(`/api/v1/cooperatives/${coopA}/miners/${miner.id}`).set(bearer(inA.officer)).expect(200)).body as { certifications: Certification[] };
      const expiresOn = lastDayOfValidity(heldOn, 12);
      expect(page.certifications).toEqual([
        { topic: 'first_aid', attendedOn: heldOn, expiresOn, valid: true },
        { topic: 'literacy', attendedOn: heldOn, expiresOn: null, valid: true },
      ]);
      expect(await certificationsOf(miner, expiresOn)).toContainEqual(expect.objectContaining({ topic: 'first_aid', valid: true }));
      expect(await certificationsOf(miner, addDays(expiresOn, 1))).toEqual([
        { topic: 'first_aid', attendedOn: heldOn, expiresOn, valid: false },
        { topic: 'literacy', attendedOn: heldOn, expiresOn: null, valid: true },
      ]);
      expect(await certificationsOf(miner, addDays(heldOn, -1))).toEqual([]);
      await t.http().get(`/api/v1/cooperatives/${coopB}/miners/${miner.id}/certifications`).set(bearer(adminB)).expect(404);
    });
  });

  describe('the gate reads the certifications', () => {
    let sites: string;
    let siteId: string;
    let washingId: string;

    const scan = async (miner: Miner): Promise<GateBody> =>
      (await t.http().post(`${sites}/${siteId}/gate`).set(bearer(inA.officer))
        .send({
          capturedAt: new Date().toISOString(),
          qrToken: signCardToken({ cooperativeId: coopA, minerId: miner.id, memberNumber: miner.memberNumber, issued: today }, key),
          zoneId: washingId,
          direction: 'in',
          declarations: { ppeWorn: [] },
        })
        .expect(201)).body as GateBody;

    beforeAll(async () => {
      sites = `/api/v1/cooperatives/${coopA}/sites`;
      siteId = ((await t.http().post(sites).set(bearer(inA.admin))
        .send({ name: 'Kimpese', code: 'kim-1', location: { latitudeE6: -10712345, longitudeE6: 25468000 }, closingTime: '23:59' })
        .expect(201)).body as { id: string }).id;
      washingId = ((await t.http().post(`${sites}/${siteId}/zones`).set(bearer(inA.admin))
        .send({ name: 'Laverie', trainingsRequired: ['site_induction'] })
        .expect(201)).body as { id: string }).id;
    });

    it('lets a trained member in and refuses an untrained one with TRAINING_MISSING', async () => {
      const trained = await registerMiner();
      const untrained = await registerMiner();
      const induction = await createSession({ topic: 'site_induction', heldOn: addDays(today, -5), siteId, validityMonths: 12 });
      await attend(induction.id, [trained.id]).expect(201);

      expect(await scan(trained)).toMatchObject({ allowed: true, reasons: [] });
      const refused = await scan(untrained);
      expect(refused.allowed).toBe(false);
      expect(refused.reasons).toEqual([expect.objectContaining({ code: 'TRAINING_MISSING', topics: ['site_induction'] })]);
    });

    it('counts an expired certification as missing, and a renewal lets the member back in', async () => {
      const lapsed = await registerMiner();
      const old = await createSession({ topic: 'site_induction', heldOn: addMonthsRollingOver(today, -13), validityMonths: 12 });
      await attend(old.id, [lapsed.id]).expect(201);
      expect(await certificationsOf(lapsed)).toEqual([expect.objectContaining({ topic: 'site_induction', valid: false })]);

      const refused = await scan(lapsed);
      expect(refused.reasons).toEqual([expect.objectContaining({ code: 'TRAINING_MISSING', topics: ['site_induction'] })]);

      const refresher = await createSession({ topic: 'site_induction', heldOn: today, validityMonths: 12 });
      await attend(refresher.id, [lapsed.id]).expect(201);
      expect(await scan(lapsed)).toMatchObject({ allowed: true, reasons: [] });
    });

    it('does not count another topic as the one the zone requires', async () => {
      const wrongTopic = await registerMiner();
      const safety = await createSession({ topic: 'safety_induction', heldOn: addDays(today, -1), validityMonths: 0 });
      await attend(safety.id, [wrongTopic.id]).expect(201);
      expect((await scan(wrongTopic)).reasons.map((reason) => reason.code)).toEqual(['TRAINING_MISSING']);
    });
  });
});
