import { randomUUID } from 'node:crypto';
import { instantAt, localDateIn } from '../src/common/time-zone.js';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';
import { bearer, twoCooperatives, type Session } from './support/identity-fixture.js';
import { binaryBody, pdfText } from './support/pdf-text.js';
import { activeCardHolder, minerRegistration, registerMiner as registerIn, type RegisteredMiner as Miner } from './support/member-fixture.js';
import { deriveCardKey, signCardToken } from '../src/miners/card-token.js';
import { addDays } from '../src/common/calendar-date.js';
import { formatMemberNumber } from '../src/miners/rules/member-number.js';
import { foldPresence } from '../src/sites/rules/presence.js';
import { PRESENCE_FOLDED_FROM_EVENTS } from '../migrations/1763902100000-gate-presence.js';
import type { CooperativeRole } from '../src/auth/roles.js';
import { DataSource, type QueryRunner } from 'typeorm';
import type { TenantAuthContext } from '../src/auth/auth-context.js';
import { GateService } from '../src/sites/gate.service.js';
import { PresenceService } from '../src/sites/presence.service.js';
import { ZONE_HEADCOUNTS_FROM_PRESENCE } from '../migrations/1764000300000-h3-gate-scan-in-one-call.js';

interface Reason {
  code: string;
  message: string;
  [detail: string]: unknown;
}

interface GateBody {
  id: string;
  allowed: boolean;
  reasons: Reason[];
  warnings: Reason[];
  flags: { id: string; rule: string; category: string; severity: string }[];
  duplicate: boolean;
  memberNumber: string | null;
}

interface PresenceBody {
  headcount: number;
  zones: { zoneId: string; name: string; count: number; people: { minerId: string; memberNumber: string; enteredAt: string }[] }[];
  overstay: { minerId: string; minutesOver: number; enteredAfterClosing: boolean }[];
}

const TIMEZONE = 'Africa/Lubumbashi';
const FULL_PPE = { ppeWorn: ['helmet', 'boots'] };
let sequence = 0;

const minutesAgo = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();
const codes = (body: GateBody): string[] => body.reasons.map((reason) => reason.code);

describe('sites and gate', () => {
  let t: TestApp;
  let coopA: string;
  let coopB: string;
  let inA: Record<CooperativeRole, Session>;
  let adminB: Session;
  let lualaba: Session;
  let today: string;
  let sites: string;
  let siteId: string;
  let pitId: string;
  let officeId: string;
  let adult: Miner;
  const key = deriveCardKey(TEST_JWT_SECRET);

  const registerMiner = (overrides: Record<string, unknown> = {}): Promise<Miner> =>
    registerIn(t, inA.officer, coopA, { ...activeCardHolder(addDays(today, -10)), ...overrides });
  const qr = (miner: Miner, cooperativeId = coopA): string =>
    signCardToken({ cooperativeId, minerId: miner.id, memberNumber: miner.memberNumber, issued: today }, key);
  const gate = (body: Record<string, unknown>, session: Session = inA.officer, site = siteId) =>
    t.http().post(`${sites}/${site}/gate`).set(bearer(session)).send({ capturedAt: new Date().toISOString(), ...body });
  const enter = async (miner: Miner, zoneId: string, extra: Record<string, unknown> = {}): Promise<GateBody> =>
    (await gate({ qrToken: qr(miner), zoneId, direction: 'in', declarations: FULL_PPE, ...extra }).expect(201)).body as GateBody;
  const createSite = async (body: Record<string, unknown>): Promise<string> =>
    ((await t.http().post(sites).set(bearer(inA.admin)).send({ location: { latitudeE6: -10712345, longitudeE6: 25468000 }, ...body }).expect(201)).body as { id: string }).id;
  const createZone = async (site: string, body: Record<string, unknown>): Promise<string> =>
    ((await t.http().post(`${sites}/${site}/zones`).set(bearer(inA.admin)).send(body).expect(201)).body as { id: string }).id;
  /** The officer of A as the services take a caller, for reads at a chosen instant. */
  const officerAuth = (requestId = 'sites-e2e'): TenantAuthContext => ({
    userId: inA.officer.userId, requestId, cooperativeId: coopA, roles: ['officer'], scope: { cooperativeIds: [coopA], userId: inA.officer.userId, readOnly: false },
  });
  const presence = async (site = siteId, session: Session = inA.officer): Promise<PresenceBody> =>
    (await t.http().get(`${sites}/${site}/presence`).set(bearer(session)).expect(200)).body as PresenceBody;
  const flagsOf = (eventId: string) =>
    adminQuery<{ source: string; category: string; severity: string; site_id: string }>(
      t.target.ownerUrl,
      'SELECT source, category, severity, site_id FROM risk_flags WHERE source_type = $1 AND source_id = $2 ORDER BY source',
      ['gate_attempt', eventId],
    );

  beforeAll(async () => {
    t = await startTestApp();
    ({ coopA, coopB, inA, adminB, lualabaSupervisor: lualaba } = await twoCooperatives(t, { supervisor: true }));
    today = localDateIn(TIMEZONE);
    sites = `/api/v1/cooperatives/${coopA}/sites`;
    siteId = await createSite({ name: 'Kasulo', code: 'kas-1', minerals: ['HETEROGENITE'], concessionRef: 'PE 1234', closingTime: '23:59' });
    pitId = await createZone(siteId, { name: 'Puits 3', hazardous: true, ppeRequired: ['helmet', 'boots'], capacity: 40 });
    officeId = await createZone(siteId, { name: 'Bureau', forbidsPregnancy: true });
    adult = await registerMiner({ firstName: 'Jean', lastName: 'Mukendi' });
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  describe('sites and zones', () => {
    it('creates a site with an upper-case unique code, integer GPS point, boundary and an audit record', async () => {
      const boundary = { type: 'Polygon', coordinates: [[[25.4, -10.7], [25.5, -10.7], [25.5, -10.8], [25.4, -10.7]]] };
      const id = randomUUID();
      const created = await t.http().post(sites).set(bearer(inA.admin))
        .send({ id, name: 'Mutoshi', code: 'mut', location: { latitudeE6: -10712345, longitudeE6: 25468000 }, boundary, closingTime: '17:30' })
        .expect(201);
      expect(created.body).toMatchObject({ id, code: 'MUT', status: 'open', boundary, location: { latitudeE6: -10712345, longitudeE6: 25468000 }, closingTime: '17:30' });
      const retried = await t.http().post(sites).set(bearer(inA.admin))
        .send({ id, name: 'Mutoshi', code: 'MUT', location: { latitudeE6: -10712345, longitudeE6: 25468000 } }).expect(201);
      expect(retried.body.id).toBe(id);
      const taken = await t.http().post(sites).set(bearer(inA.admin)).send({ name: 'Autre', code: 'Mut', location: { latitudeE6: 0, longitudeE6: 0 } }).expect(409);
      expect(taken.body.code).toBe('SITE_CODE_TAKEN');
      const audit = await adminQuery(t.target.ownerUrl, 'SELECT 1 FROM audit_log WHERE action = $1 AND entity_id = $2', ['site.created', id]);
      expect(audit).toHaveLength(1);
    });

    it('refuses out-of-range GPS points, fractional micro-degrees, a malformed boundary and a bad closing hour', async () => {
      const send = (body: Record<string, unknown>) => t.http().post(sites).set(bearer(inA.admin)).send({ name: 'X', code: `x${sequence++}`, location: { latitudeE6: 0, longitudeE6: 0 }, ...body });
      await send({ location: { latitudeE6: 90_000_001, longitudeE6: 0 } }).expect(400);
      await send({ location: { latitudeE6: 0, longitudeE6: -180_000_001 } }).expect(400);
      await send({ location: { latitudeE6: 1.5, longitudeE6: 0 } }).expect(400);
      await send({ closingTime: '24:00' }).expect(400);
      const open = await send({ boundary: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] } }).expect(422);
      expect(open.body.code).toBe('SITE_BOUNDARY_INVALID');
    });

    it('closes a site only with a reason, records the closure and reopens it', async () => {
      const id = await createSite({ name: 'Luilu', code: 'LUI' });
      const noReason = await t.http().patch(`${sites}/${id}`).set(bearer(inA.admin)).send({ status: 'closed' }).expect(422);
      expect(noReason.body.code).toBe('SITE_CLOSED_REASON_REQUIRED');
      const closed = await t.http().patch(`${sites}/${id}`).set(bearer(inA.admin)).send({ status: 'closed', closedReason: 'pluies', reopensOn: addDays(today, 10) }).expect(200);
      expect(closed.body).toMatchObject({ status: 'closed', closedReason: 'pluies', closedOn: today, reopensOn: addDays(today, 10) });
      const opened = await t.http().patch(`${sites}/${id}`).set(bearer(inA.admin)).send({ status: 'open' }).expect(200);
      expect(opened.body).toMatchObject({ status: 'open', closedReason: null, closedOn: null });
      const actions = await adminQuery<{ action: string }>(t.target.ownerUrl, 'SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id', [id]);
      expect(actions.map((row) => row.action)).toEqual(['site.created', 'site.closed', 'site.opened']);
    });

    it('lists and updates zones, with the site detail carrying them', async () => {
      const zone = await t.http().patch(`${sites}/${siteId}/zones/${officeId}`).set(bearer(inA.admin)).send({ capacity: 30 }).expect(200);
      expect(zone.body).toMatchObject({ id: officeId, capacity: 30, forbidsPregnancy: true, hazardous: false });
      const listed = await t.http().get(`${sites}/${siteId}/zones`).set(bearer(inA.treasurer)).expect(200);
      expect((listed.body as { name: string }[]).map((z) => z.name)).toEqual(['Bureau', 'Puits 3']);
      const detail = await t.http().get(`${sites}/${siteId}`).set(bearer(inA.auditor)).expect(200);
      expect(detail.body).toMatchObject({ code: 'KAS-1', concessionRef: 'PE 1234', zones: [{ name: 'Bureau' }, { name: 'Puits 3' }] });
      const taken = await t.http().post(`${sites}/${siteId}/zones`).set(bearer(inA.admin)).send({ name: 'Bureau' }).expect(409);
      expect(taken.body.code).toBe('ZONE_NAME_TAKEN');
    });
  });

  describe('gate decisions', () => {
    it('lets an active adult member with a valid card in by QR and by typed member number, then out', async () => {
      const entered = await enter(adult, pitId);
      expect(entered).toMatchObject({ allowed: true, reasons: [], flags: [], memberNumber: adult.memberNumber });
      const again = (await gate({ memberNumber: adult.memberNumber.replace(/-/g, '').toLowerCase(), zoneId: pitId, direction: 'in', declarations: FULL_PPE }).expect(201)).body as GateBody;
      expect(codes(again)).toEqual(['ALREADY_INSIDE']);
      expect(again.reasons[0].message).toBe("Déjà enregistré à l'intérieur du site.");
      const out = (await gate({ memberNumber: adult.memberNumber, zoneId: pitId, direction: 'out' }).expect(201)).body as GateBody;
      expect(out).toMatchObject({ allowed: true, warnings: [] });
      const audit = await adminQuery(t.target.ownerUrl, 'SELECT 1 FROM audit_log WHERE action = $1 AND entity_id = $2', ['gate_event.recorded', entered.id]);
      expect(audit).toHaveLength(1);
    });

    it('denies an expired card, naming the expiry date in the caller\'s language', async () => {
      const expired = await registerMiner({ cardIssuedOn: addDays(today, -400) });
      const body = (await gate({ qrToken: qr(expired), zoneId: pitId, direction: 'in', declarations: FULL_PPE }).set('Accept-Language', 'en').expect(201)).body as GateBody;
      expect(body.allowed).toBe(false);
      expect(body.reasons).toEqual([{ code: 'CARD_EXPIRED', expiredOn: addDays(addDays(today, -400), 364), message: `The artisanal miner's card expired on ${addDays(addDays(today, -400), 364)}.` }]);
    });

    it('denies a member without a card', async () => {
      const noCard = await registerMiner({ cardNumber: undefined, cardIssuedOn: undefined });
      expect(codes(await enter(noCard, pitId))).toEqual(['NO_CARD']);
    });

    it('denies an applicant and a suspended member: membership not active', async () => {
      const applicant = await registerMiner({ status: 'applicant' });
      const applicantBody = await enter(applicant, pitId);
      expect(applicantBody.reasons).toEqual([expect.objectContaining({ code: 'MEMBERSHIP_NOT_ACTIVE', status: 'applicant' })]);
      const suspended = await registerMiner();
      await t.http().post(`/api/v1/cooperatives/${coopA}/miners/${suspended.id}/status`).set(bearer(inA.officer)).send({ to: 'suspended', reason: 'fraude' }).expect(200);
      expect(codes(await enter(suspended, pitId))).toEqual(['MEMBERSHIP_NOT_ACTIVE']);
    });

    it('denies a member under 18 and raises a critical child-labour flag at once', async () => {
      const minor = await registerMiner();
      await adminQuery(t.target.ownerUrl, 'UPDATE miners SET date_of_birth = $1 WHERE id = $2', [addDays(today, -(15 * 365)), minor.id]);
      const body = await enter(minor, pitId);
      expect(body.reasons).toEqual([expect.objectContaining({ code: 'UNDER_18', age: { years: 14, estimated: false } })]);
      expect(body.flags).toEqual([expect.objectContaining({ rule: 'minor_at_gate', category: 'worst_forms_child_labour', severity: 'critical' })]);
      expect(await flagsOf(body.id)).toEqual([{ source: 'minor_at_gate', category: 'worst_forms_child_labour', severity: 'critical', site_id: siteId }]);
    });

    it('denies an unknown person and raises a child-labour flag when the officer says they look under 18', async () => {
      const child = (await gate({ unknownPerson: { description: 'garçon ~12 ans, t-shirt rouge', apparentMinor: true }, zoneId: pitId, direction: 'in', declarations: FULL_PPE }).expect(201)).body as GateBody;
      expect(codes(child)).toEqual(['NOT_A_MEMBER']);
      expect((await flagsOf(child.id)).map((flag) => flag.source)).toEqual(['unknown_apparent_minor_at_gate']);
      const grownUp = (await gate({ unknownPerson: { description: 'homme adulte', apparentMinor: false }, zoneId: pitId, direction: 'in', declarations: FULL_PPE }).expect(201)).body as GateBody;
      expect(grownUp.flags).toEqual([]);
      const unregistered = (await gate({ memberNumber: formatMemberNumber('TUJ', 2020, 99_999), zoneId: pitId, direction: 'in', declarations: FULL_PPE }).expect(201)).body as GateBody;
      expect(codes(unregistered)).toEqual(['NOT_A_MEMBER']);
      const typo = await gate({ memberNumber: `${adult.memberNumber.slice(0, -1)}${adult.memberNumber.endsWith('A') ? 'B' : 'A'}`, zoneId: pitId, direction: 'in' }).expect(422);
      expect(typo.body.code).toBe('MEMBER_NUMBER_CHECK_FAILED');
    });

    it('denies an invalid token: tampered, or signed for another cooperative', async () => {
      const token = qr(adult);
      const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
      const body = (await gate({ qrToken: tampered, zoneId: officeId, direction: 'in' }).expect(201)).body as GateBody;
      expect(codes(body)).toEqual(['INVALID_TOKEN']);
      const foreign = (await gate({ qrToken: qr(adult, coopB), zoneId: officeId, direction: 'in' }).expect(201)).body as GateBody;
      expect(codes(foreign)).toEqual(['INVALID_TOKEN']);
    });

    it('denies entry to a closed site with its reason', async () => {
      const closedSite = await createSite({ name: 'Fermé', code: 'FER' });
      const zone = await createZone(closedSite, { name: 'Z' });
      await t.http().patch(`${sites}/${closedSite}`).set(bearer(inA.admin)).send({ status: 'closed', closedReason: 'éboulement' }).expect(200);
      const body = (await gate({ qrToken: qr(adult), zoneId: zone, direction: 'in' }, inA.officer, closedSite).expect(201)).body as GateBody;
      expect(body.reasons).toEqual([{ code: 'SITE_CLOSED', closedReason: 'éboulement', message: 'Le site est fermé (éboulement).' }]);
    });

    it('denies a declared pregnancy at a forbidding zone and raises a safety flag', async () => {
      const woman = await registerMiner({ sex: 'F' });
      const body = await enter(woman, officeId, { declarations: { ppeWorn: [], pregnant: true } });
      expect(codes(body)).toEqual(['ZONE_FORBIDS_PREGNANCY']);
      expect((await flagsOf(body.id)).map((flag) => [flag.source, flag.category, flag.severity])).toEqual([['pregnancy_at_forbidden_zone', 'pregnant_woman_on_site', 'high']]);
    });

    it('denies missing PPE, naming the items', async () => {
      const body = await enter(adult, pitId, { declarations: { ppeWorn: ['helmet'] } });
      expect(body.reasons).toEqual([{ code: 'PPE_MISSING', items: ['boots'], message: 'Équipement de protection manquant : Bottes de sécurité.' }]);
    });

    it('denies TRAINING_MISSING at a zone whose required training the member never attended', async () => {
      const trained = await createZone(siteId, { name: 'Laverie', trainingsRequired: ['site_induction'] });
      expect((await enter(adult, trained)).reasons).toEqual([expect.objectContaining({ code: 'TRAINING_MISSING', topics: ['site_induction'] })]);
    });

    it('gives every reason that applies at once, in the rule order', async () => {
      const applicant = await registerMiner({ status: 'applicant', cardNumber: undefined, cardIssuedOn: undefined });
      const trained = await createZone(siteId, { name: 'Concasseur', ppeRequired: ['gloves'], trainingsRequired: ['ppe_use'] });
      const body = await enter(applicant, trained, { declarations: { ppeWorn: [] } });
      expect(body.allowed).toBe(false);
      expect(codes(body)).toEqual(['MEMBERSHIP_NOT_ACTIVE', 'NO_CARD', 'TRAINING_MISSING', 'PPE_MISSING']);
      expect(body.reasons.every((reason) => reason.message.length > 0)).toBe(true);
    });

    it('denies a full zone', async () => {
      const tiny = await createZone(siteId, { name: 'Galerie', capacity: 1 });
      const first = await registerMiner();
      const second = await registerMiner();
      expect((await enter(first, tiny)).allowed).toBe(true);
      const body = await enter(second, tiny);
      expect(body.reasons).toEqual([expect.objectContaining({ code: 'ZONE_FULL', capacity: 1 })]);
      await gate({ qrToken: qr(first), zoneId: tiny, direction: 'out' }).expect(201);
      expect((await enter(second, tiny)).allowed).toBe(true);
    });

    it('refuses a capture time more than 5 minutes ahead or older than 7 days, and an ambiguous identity', async () => {
      const ahead = await gate({ qrToken: qr(adult), zoneId: officeId, direction: 'in', capturedAt: new Date(Date.now() + 6 * 60_000).toISOString() }).expect(422);
      expect(ahead.body.code).toBe('CAPTURED_AT_OUT_OF_RANGE');
      await gate({ qrToken: qr(adult), zoneId: officeId, direction: 'in', capturedAt: minutesAgo(7 * 24 * 60 + 1) }).expect(422);
      const both = await gate({ qrToken: qr(adult), memberNumber: adult.memberNumber, zoneId: officeId, direction: 'in' }).expect(422);
      expect(both.body.code).toBe('GATE_IDENTITY_ONE_OF');
      await gate({ zoneId: officeId, direction: 'in' }).expect(422);
      await gate({ qrToken: qr(adult), zoneId: randomUUID(), direction: 'in' }).expect(404);
    });

    it('ignores a re-sent scan with the same client id or the same Idempotency-Key', async () => {
      const scanner = await registerMiner();
      const id = randomUUID();
      const body = { id, qrToken: qr(scanner), zoneId: officeId, direction: 'in', capturedAt: minutesAgo(1) };
      const first = (await gate(body).expect(201)).body as GateBody;
      const second = (await gate({ ...body, capturedAt: minutesAgo(0) }).expect(201)).body as GateBody;
      expect(first).toMatchObject({ id, allowed: true, duplicate: false });
      expect(second).toMatchObject({ id, allowed: true, duplicate: true });
      const keyed = { qrToken: qr(scanner), zoneId: officeId, direction: 'out', capturedAt: minutesAgo(0) };
      const keyA = await t.http().post(`${sites}/${siteId}/gate`).set(bearer(inA.officer)).set('Idempotency-Key', `gate-${id}`).send(keyed).expect(201);
      const keyB = await t.http().post(`${sites}/${siteId}/gate`).set(bearer(inA.officer)).set('Idempotency-Key', `gate-${id}`).send(keyed).expect(201);
      expect(keyB.headers['idempotent-replay']).toBe('true');
      expect(keyB.body.id).toBe(keyA.body.id);
      const rows = await adminQuery(t.target.ownerUrl, 'SELECT id FROM gate_events WHERE miner_id = $1', [scanner.id]);
      expect(rows).toHaveLength(2);
    });

    it('keeps gate events append-only in the database', async () => {
      await expect(adminQuery(t.target.ownerUrl, 'UPDATE gate_events SET allowed = true')).rejects.toThrow();
      await expect(adminQuery(t.target.ownerUrl, 'DELETE FROM gate_events')).rejects.toThrow();
    });
  });

  describe('presence', () => {
    it('folds mixed and out-of-order synced events by capture time', async () => {
      const site = await createSite({ name: 'Presence', code: 'PRE', closingTime: '23:59' });
      const zoneA = await createZone(site, { name: 'A' });
      const zoneB = await createZone(site, { name: 'B' });
      const [x, y, z] = [await registerMiner(), await registerMiner(), await registerMiner()];
      // The scans are captured in the hour before the latest local noon at least 90 minutes ago (within the
      // days a scan may be synced late), so that the whole story falls on one local day, hours before its
      // closing, whatever the hour the test runs at; who overstays is then read as of that noon and after closing.
      const day = localDateIn(TIMEZONE, new Date(Date.now() - 90 * 60_000 - 12 * 3_600_000));
      const noon = instantAt(TIMEZONE, day, '12:00');
      const before = (minutes: number): string => new Date(noon.getTime() - minutes * 60_000).toISOString();
      const scan = (miner: Miner, zoneId: string, direction: 'in' | 'out', ago: number) =>
        gate({ qrToken: qr(miner), zoneId, direction, capturedAt: before(ago) }, inA.officer, site).expect(201);
      // x: the exit (captured later) arrives before the entry: x is not inside.
      const earlyExit = (await scan(x, zoneA, 'out', 10)).body as GateBody;
      expect(earlyExit.warnings.map((w) => w.code)).toEqual(['NOT_INSIDE']);
      expect(((await scan(x, zoneA, 'in', 30)).body as GateBody).allowed).toBe(true);
      // y: in A, out, in B, synced as B-entry first, then A-entry, then the exit.
      expect(((await scan(y, zoneB, 'in', 20)).body as GateBody).allowed).toBe(true);
      expect(((await scan(y, zoneA, 'in', 60)).body as GateBody).allowed).toBe(true);
      await scan(y, zoneA, 'out', 40);
      // z: simply in A.
      await scan(z, zoneA, 'in', 5);
      const now = await presence(site);
      expect(now.headcount).toBe(2);
      const byZone = Object.fromEntries(now.zones.map((zone) => [zone.name, zone.people.map((person) => person.minerId)]));
      expect(byZone).toEqual({ A: [z.id], B: [y.id] });
      const yEntry = now.zones.find((zone) => zone.name === 'B')?.people[0].enteredAt ?? '';
      expect(Math.abs(Date.parse(yEntry) - Date.parse(before(20)))).toBeLessThan(60_000);
      const presenceAt = async (asOf: Date) => (await t.app.get(PresenceService).presence(officerAuth(), site, asOf)).overstay;
      expect(await presenceAt(noon)).toEqual([]);
      const afterClosing = new Date(instantAt(TIMEZONE, day, '23:59').getTime() + 60_000);
      expect(await presenceAt(afterClosing)).toEqual([
        expect.objectContaining({ minerId: y.id, minutesOver: 1, enteredAfterClosing: false }),
        expect.objectContaining({ minerId: z.id, minutesOver: 1, enteredAfterClosing: false }),
      ]);
    });

    it('moves the entry time to an earlier entry synced late, and to the later entry after a late exit', async () => {
      const site = await createSite({ name: 'Retard', code: 'LATE' });
      const zone = await createZone(site, { name: 'A' });
      const late = await registerMiner();
      const scan = (direction: 'in' | 'out', ago: number) =>
        gate({ qrToken: qr(late), zoneId: zone, direction, capturedAt: minutesAgo(ago) }, inA.officer, site).expect(201).then((response) => response.body as GateBody);
      const enteredAt = async (): Promise<number> => Date.parse((await presence(site)).zones[0].people[0].enteredAt);
      expect((await scan('in', 10)).allowed).toBe(true);
      // The other phone let the same person in earlier: not inside as of then, so allowed.
      expect((await scan('in', 30)).allowed).toBe(true);
      expect(Math.abs((await enteredAt()) - Date.parse(minutesAgo(30)))).toBeLessThan(60_000);
      // An exit captured between the two entries arrives last: inside since the second entry.
      await scan('out', 20);
      const now = await presence(site);
      expect(now.headcount).toBe(1);
      expect(Math.abs((await enteredAt()) - Date.parse(minutesAgo(10)))).toBeLessThan(60_000);
      // Inside as of -25 (entered at -30), so a scan then is a repeat; outside as of -15 (left at -20).
      expect(codes(await scan('in', 25))).toEqual(['ALREADY_INSIDE']);
      expect((await scan('in', 15)).allowed).toBe(true);
      expect(Math.abs((await enteredAt()) - Date.parse(minutesAgo(15)))).toBeLessThan(60_000);
    });

    it('frees a place in a full zone when an exit synced late ends a presence', async () => {
      const site = await createSite({ name: 'Place', code: 'PLACE' });
      const zone = await createZone(site, { name: 'Galerie', capacity: 1 });
      const [first, second] = [await registerMiner(), await registerMiner()];
      await gate({ qrToken: qr(first), zoneId: zone, direction: 'in', capturedAt: minutesAgo(30) }, inA.officer, site).expect(201);
      const full = (await gate({ qrToken: qr(second), zoneId: zone, direction: 'in', capturedAt: minutesAgo(5) }, inA.officer, site).expect(201)).body as GateBody;
      expect(codes(full)).toEqual(['ZONE_FULL']);
      await gate({ qrToken: qr(first), zoneId: zone, direction: 'out', capturedAt: minutesAgo(20) }, inA.officer, site).expect(201);
      const entered = (await gate({ qrToken: qr(second), zoneId: zone, direction: 'in', capturedAt: minutesAgo(1) }, inA.officer, site).expect(201)).body as GateBody;
      expect(entered.allowed).toBe(true);
      expect((await presence(site)).zones[0].people.map((person) => person.minerId)).toEqual([second.id]);
    });

    it('lists people still inside after the closing hour as overstaying', async () => {
      const site = await createSite({ name: 'Nuit', code: 'NUI', closingTime: '00:00' });
      const zone = await createZone(site, { name: 'Fosse' });
      const late = await registerMiner();
      await gate({ qrToken: qr(late), zoneId: zone, direction: 'in' }, inA.officer, site).expect(201);
      const now = await presence(site, lualaba);
      expect(now.overstay).toEqual([expect.objectContaining({ minerId: late.id, enteredAfterClosing: true })]);
    });

    it('never lets 50 parallel entries exceed a zone capacity of 10', async () => {
      const site = await createSite({ name: 'Rush', code: 'RUSH' });
      const zone = await createZone(site, { name: 'Fosse', capacity: 10 });
      const crowd: Miner[] = [];
      for (let index = 0; index < 50; index += 1) crowd.push(await registerMiner());
      const answers = await Promise.all(
        crowd.map((miner) => gate({ qrToken: qr(miner), zoneId: zone, direction: 'in' }, inA.officer, site).then((response) => response.body as GateBody)),
      );
      expect(answers.filter((answer) => answer.allowed)).toHaveLength(10);
      expect(answers.filter((answer) => !answer.allowed).every((answer) => codes(answer).join() === 'ZONE_FULL')).toBe(true);
      expect((await presence(site)).headcount).toBe(10);
      const recorded = await adminQuery<{ count: string }>(t.target.ownerUrl, 'SELECT count(*) FROM gate_events WHERE site_id = $1', [site]);
      expect(recorded[0].count).toBe('50');
    }, 120_000);

    it('decides a scan in one read and one write inside its transaction, nothing else', async () => {
      const site = await createSite({ name: 'Aller-retour', code: 'ART' });
      const zone = await createZone(site, { name: 'Fosse', capacity: 5, ppeRequired: ['helmet'] });
      const miner = await registerMiner();
      const dataSource = t.app.get(DataSource);
      const gateService = t.app.get(GateService);
      const officer = inA.officer.userId;
      const auth: TenantAuthContext = {
        userId: officer, requestId: 'round-trips', cooperativeId: coopA, roles: ['officer'], scope: { cooperativeIds: [coopA], userId: officer, readOnly: false },
      };
      // The statements of each connection checkout; the job runner's own transactions may run meanwhile.
      let runs: string[][] = [];
      const createQueryRunner = dataSource.createQueryRunner.bind(dataSource);
      dataSource.createQueryRunner = (...args: Parameters<DataSource['createQueryRunner']>): QueryRunner => {
        const runner = createQueryRunner(...args);
        const statements: string[] = [];
        runs.push(statements);
        const query = runner.query.bind(runner) as (sql: string, ...rest: unknown[]) => Promise<unknown>;
        runner.query = ((sql: string | { name?: string; text: string }, ...rest: unknown[]) => {
          // A named prepared statement breaks behind a transaction-mode pooler: shown apart, it fails the comparison.
          const named = typeof sql === 'string' || sql.name === undefined ? '' : `(prepared as ${sql.name}) `;
          statements.push(named + (typeof sql === 'string' ? sql : sql.text).trim().split(/\s+/).slice(0, 4).join(' '));
          return query(sql as string, ...rest);
        }) as QueryRunner['query'];
        return runner;
      };
      const scan = (direction: 'in' | 'out', ppeWorn = ['helmet']) =>
        gateService.scan(auth, site, { qrToken: qr(miner), zoneId: zone, direction, capturedAt: new Date().toISOString(), declarations: { ppeWorn } }, 'fr');
      const oneScan = [
        'START TRANSACTION',
        expect.stringMatching(/^SELECT set_config\('app.cooperative_ids',/),
        'SELECT site, zone, timezone,',
        expect.stringMatching(/^SELECT id, site_id, zone_id,/),
        'COMMIT',
      ];
      try {
        for (const [direction, ppeWorn, allowed] of [['in', [], false], ['in', ['helmet'], true], ['out', ['helmet'], true]] as const) {
          runs = [];
          expect((await scan(direction, [...ppeWorn])).allowed).toBe(allowed);
          expect(runs.filter((run) => run.length > 0 && !run.some((sql) => sql.includes("'app.job_runner'")))).toEqual([oneScan]);
        }
      } finally {
        dataSource.createQueryRunner = createQueryRunner;
      }
      const audited = await adminQuery<{ count: string }>(
        t.target.ownerUrl, `SELECT count(*) FROM audit_log WHERE action = 'gate_event.recorded' AND request_id = 'round-trips' AND actor_user_id = $1`, [officer],
      );
      expect(audited[0].count).toBe('3');
    });

    it('lets one member through one zone only when two of their scans race at two zones', async () => {
      const site = await createSite({ name: 'Course', code: 'CRS' });
      const [east, west] = [await createZone(site, { name: 'Est' }), await createZone(site, { name: 'Ouest' })];
      const racer = await registerMiner();
      const answers = await Promise.all(
        [east, west, east, west].map((zoneId) => gate({ qrToken: qr(racer), zoneId, direction: 'in' }, inA.officer, site).then((response) => response.body as GateBody)),
      );
      expect(answers.filter((answer) => answer.allowed)).toHaveLength(1);
      expect(answers.filter((answer) => !answer.allowed).every((answer) => codes(answer).join() === 'ALREADY_INSIDE')).toBe(true);
      expect((await presence(site)).headcount).toBe(1);
    });

    it('prints the muster list with names, member numbers, zone and entry time, in French by default and English on request', async () => {
      const site = await createSite({ name: 'Appel', code: 'APP' });
      const zone = await createZone(site, { name: 'Puits Nord' });
      const inside = await registerMiner({ firstName: 'Amani', lastName: 'Kabila' });
      await gate({ qrToken: qr(inside), zoneId: zone, direction: 'in' }, inA.officer, site).expect(201);
      const french = await t.http().get(`${sites}/${site}/muster.pdf`).set(bearer(inA.officer)).buffer(true).parse(binaryBody).expect(200);
      expect(french.headers['content-type']).toBe('application/pdf');
      const text = await pdfText(french.body as Buffer);
      expect(text).toContain("Liste d'appel");
      expect(text).toContain('KABILA Amani');
      expect(text).toContain(inside.memberNumber);
      expect(text).toContain('Zone Puits Nord (1)');
      expect(text).toContain("Personnes à l'intérieur : 1");
      const english = await t.http().get(`${sites}/${site}/muster.pdf?lang=en`).set(bearer(inA.auditor)).buffer(true).parse(binaryBody).expect(200);
      const englishText = await pdfText(english.body as Buffer);
      expect(englishText).toContain('Muster list');
      expect(englishText).toContain('Entered at');
    });
  });

  describe('gate events and permissions', () => {
    it('pages through gate events newest capture first', async () => {
      const first = await t.http().get(`${sites}/${siteId}/gate-events?limit=2`).set(bearer(inA.treasurer)).expect(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await t.http().get(`${sites}/${siteId}/gate-events?limit=2&cursor=${first.body.nextCursor as string}`).set(bearer(lualaba)).expect(200);
      const ids = [...first.body.items, ...second.body.items].map((item: GateBody) => item.id);
      expect(new Set(ids).size).toBe(4);
      const denied = await t.http().get(`${sites}/${siteId}/gate-events?allowed=false&limit=200`).set(bearer(inA.auditor)).expect(200);
      expect((denied.body.items as GateBody[]).every((item) => !item.allowed && item.reasons.every((reason) => reason.message.length > 0))).toBe(true);
    });

    it('lets only admins manage sites and zones, officers and admins run the gate', async () => {
      for (const role of ['officer', 'treasurer', 'auditor'] as const) {
        await t.http().post(sites).set(bearer(inA[role])).send({ name: 'No', code: 'NO', location: { latitudeE6: 0, longitudeE6: 0 } }).expect(403);
        await t.http().patch(`${sites}/${siteId}`).set(bearer(inA[role])).send({ name: 'No' }).expect(403);
        await t.http().post(`${sites}/${siteId}/zones`).set(bearer(inA[role])).send({ name: 'No' }).expect(403);
        await t.http().patch(`${sites}/${siteId}/zones/${pitId}`).set(bearer(inA[role])).send({ name: 'No' }).expect(403);
      }
      for (const session of [inA.treasurer, inA.auditor, lualaba]) {
        await gate({ qrToken: qr(adult), zoneId: officeId, direction: 'in' }, session).expect(403);
      }
      expect((await gate({ qrToken: qr(adult), zoneId: officeId, direction: 'out' }, inA.admin).expect(201)).body.allowed).toBe(true);
      await t.http().get(`${sites}/${siteId}/muster.pdf`).set(bearer(inA.treasurer)).expect(403);
      for (const session of [inA.treasurer, inA.auditor, lualaba]) {
        await t.http().get(sites).set(bearer(session)).expect(200);
        await t.http().get(`${sites}/${siteId}/presence`).set(bearer(session)).expect(200);
      }
    });

    it('hides a cooperative\'s sites from another cooperative', async () => {
      for (const path of ['', '/zones', '/presence', '/gate-events', '/muster.pdf']) {
        await t.http().get(`${sites}/${siteId}${path}`).set(bearer(adminB)).expect(404);
      }
      await t.http().post(`${sites}/${siteId}/gate`).set(bearer(adminB)).send({ qrToken: qr(adult), zoneId: pitId, direction: 'in', capturedAt: new Date().toISOString() }).expect(404);
      const own = await t.http().get(`/api/v1/cooperatives/${coopB}/sites/${siteId}`).set(bearer(adminB)).expect(404);
      expect(own.body.code).toBe('SITE_NOT_FOUND');
      await t.http().get(sites).expect(401);
    });
  });

  describe('site references', () => {
    it('refuses a risk flag or a member naming a site the cooperative does not have', async () => {
      const foreignSite = ((await t.http().post(`/api/v1/cooperatives/${coopB}/sites`).set(bearer(adminB))
        .send({ name: 'Ailleurs', code: 'AIL', location: { latitudeE6: 0, longitudeE6: 0 } }).expect(201)).body as { id: string }).id;
      for (const unknown of [randomUUID(), foreignSite]) {
        const flag = await t.http().post(`/api/v1/cooperatives/${coopA}/risk-flags`).set(bearer(inA.officer))
          .send({ category: 'missing_ppe', description: 'Sans casque', siteId: unknown }).expect(422);
        expect(flag.body.code).toBe('SITE_REFERENCE_UNKNOWN');
        const miner = await t.http().post(`/api/v1/cooperatives/${coopA}/miners`).set(bearer(inA.officer)).send(minerRegistration({ homeSiteId: unknown })).expect(422);
        expect(miner.body).toMatchObject({ code: 'SITE_REFERENCE_UNKNOWN' });
        expect(miner.body.detail).toContain('homeSiteId');
      }
      await t.http().post(`/api/v1/cooperatives/${coopA}/risk-flags`).set(bearer(inA.officer))
        .send({ category: 'missing_ppe', description: 'Sans casque', siteId }).expect(201);
    });

    it('has validated foreign keys from every site column to sites', async () => {
      const constraints = await adminQuery<{ conrelid: string; convalidated: boolean }>(
        t.target.ownerUrl,
        `SELECT conrelid::regclass::text AS conrelid, convalidated FROM pg_constraint
          WHERE contype = 'f' AND confrelid = 'sites'::regclass AND conrelid::regclass::text = ANY ($1) ORDER BY 1`,
        [['child_labour_cases', 'miner_registration_attempts', 'miners', 'purchase_ledger', 'risk_flags']],
      );
      expect(constraints).toEqual(['child_labour_cases', 'miner_registration_attempts', 'miners', 'purchase_ledger', 'risk_flags'].map((table) => ({ conrelid: table, convalidated: true })));
    });
  });

  describe('the presence table', () => {
    it('equals, after everything above, a fold of every allowed event of every site', async () => {
      const events = await adminQuery<{ site_id: string; miner_id: string; zone_id: string; direction: 'in' | 'out'; captured_at: Date }>(
        t.target.ownerUrl,
        'SELECT site_id, miner_id, zone_id, direction, captured_at FROM gate_events WHERE cooperative_id = $1 AND allowed AND miner_id IS NOT NULL',
        [coopA],
      );
      const expected = [...new Set(events.map((event) => event.site_id))].flatMap((site) =>
        foldPresence(events.filter((event) => event.site_id === site).map((event) => ({ memberId: event.miner_id, zoneId: event.zone_id, direction: event.direction, capturedAt: event.captured_at, allowed: true })))
          .map((member) => `${site} ${member.memberId} ${member.zoneId} ${member.enteredAt.toISOString()}`),
      );
      const table = await adminQuery<{ site_id: string; miner_id: string; zone_id: string; entered_at: Date }>(
        t.target.ownerUrl,
        'SELECT site_id, miner_id, zone_id, entered_at FROM gate_presence WHERE cooperative_id = $1',
        [coopA],
      );
      expect(events.length).toBeGreaterThan(20);
      expect(table.map((row) => `${row.site_id} ${row.miner_id} ${row.zone_id} ${row.entered_at.toISOString()}`).sort()).toEqual(expected.sort());
    });

    it('keeps each zone headcount equal to the people the presence table puts in the zone', async () => {
      const counted = `SELECT z.id, z.arrivals - coalesce(d.departures, 0) AS headcount FROM site_zones z
                         LEFT JOIN gate_zone_departures d ON d.cooperative_id = z.cooperative_id AND d.site_id = z.site_id AND d.zone_id = z.id
                        WHERE z.cooperative_id = $1 ORDER BY z.id`;
      const kept = await adminQuery<{ id: string; headcount: string }>(t.target.ownerUrl, counted, [coopA]);
      const departed = await adminQuery<{ count: string }>(t.target.ownerUrl, 'SELECT count(*) FROM gate_zone_departures WHERE cooperative_id = $1 AND departures > 0', [coopA]);
      await adminQuery(t.target.ownerUrl, ZONE_HEADCOUNTS_FROM_PRESENCE);
      expect(kept.some((zone) => Number(zone.headcount) > 1)).toBe(true);
      expect(Number(departed[0].count)).toBeGreaterThan(1);
      expect(await adminQuery<{ id: string; headcount: string }>(t.target.ownerUrl, counted, [coopA])).toEqual(kept);
    });

    it('is what the migration backfill computes from the same events', async () => {
      const backfill = await adminQuery<{ cooperative_id: string; site_id: string; miner_id: string; zone_id: string; entered_at: Date }>(
        t.target.ownerUrl,
        `SELECT * FROM (${PRESENCE_FOLDED_FROM_EVENTS}) folded`,
      );
      const table = await adminQuery<{ cooperative_id: string; site_id: string; miner_id: string; zone_id: string; entered_at: Date }>(
        t.target.ownerUrl,
        'SELECT cooperative_id, site_id, miner_id, zone_id, entered_at FROM gate_presence',
      );
      const key = (row: { cooperative_id: string; site_id: string; miner_id: string; zone_id: string; entered_at: Date | null }): string =>
        `${row.cooperative_id} ${row.site_id} ${row.miner_id} ${row.zone_id} ${row.entered_at?.toISOString() ?? ''}`;
      expect(backfill.length).toBeGreaterThan(10);
      expect(backfill.map(key).sort()).toEqual(table.map(key).sort());
    });
  });
});
