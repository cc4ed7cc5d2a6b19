import { randomUUID } from 'node:crypto';
import { addDays } from '../src/common/calendar-date.js';
import { localDateIn } from '../src/common/time-zone.js';
import type { RegulatorReport } from '../src/reports/report-content.js';
import type { CooperativeRole } from '../src/auth/roles.js';
import { bearer, twoCooperatives, type Session } from './support/identity-fixture.js';
import { activeCardHolder, registerMiner, type RegisteredMiner } from './support/member-fixture.js';
import { binaryBody, pdfText } from './support/pdf-text.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';

const TIMEZONE = 'Africa/Lubumbashi';
const PDF = Buffer.from('%PDF-1.4\n%scan\n', 'ascii');

interface AuthorisationBody {
  id: string;
  siteId: string;
  kind: string;
  number: string;
  issuer: string;
  issuedOn: string;
  expiresOn: string | null;
  renewsId: string | null;
  renewedById: string | null;
  current: boolean;
  status: string;
  daysUntilExpiry: number | null;
  reminder: number | null;
  scan: { contentType: string; byteSize: number; sha256: string } | null;
}

describe('site authorisations', () => {
  let t: TestApp;
  let coopA: string;
  let coopB: string;
  let inA: Record<CooperativeRole, Session>;
  let adminB: Session;
  let lualaba: Session;
  let today: string;
  let base: string;
  let siteId: string;
  let zoneId: string;
  let member: RegisteredMiner;

  beforeAll(async () => {
    t = await startTestApp();
    ({ coopA, coopB, inA, adminB, lualabaSupervisor: lualaba } = await twoCooperatives(t, { supervisor: true }));
    today = localDateIn(TIMEZONE);
    base = `/api/v1/cooperatives/${coopA}/sites`;
    siteId = (await t.http().post(base).set(bearer(inA.admin)).send({ name: 'Kasulo', code: 'kas-1', location: { latitudeE6: -10712345, longitudeE6: 25468000 } }).expect(201)).body.id;
    zoneId = (await t.http().post(`${base}/${siteId}/zones`).set(bearer(inA.admin)).send({ name: 'Puits 1' }).expect(201)).body.id;
    member = await registerMiner(t, inA.officer, coopA, activeCardHolder(addDays(today, -10)));
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const permits = (site = siteId): string => `${base}/${site}/authorisations`;
  const record = async (body: Record<string, unknown>, session: Session = inA.officer): Promise<AuthorisationBody> =>
    (await t.http().post(permits()).set(bearer(session)).send({ kind: 'artisanal_exploitation_zone', number: 'ZEA/LUA/2025/014', issuer: 'Ministère des Mines', issuedOn: addDays(today, -300), ...body }).expect(201)).body as AuthorisationBody;
  const scan = (memberNumber: string) =>
    t.http().post(`${base}/${siteId}/gate`).set(bearer(inA.officer)).send({ memberNumber, zoneId, direction: 'in', capturedAt: new Date().toISOString(), declarations: { ppeWorn: [] } }).expect(201);

  describe('recording, correcting and renewing', () => {
    it('records a permit with its standing today, lets every member role read it, and audits the write', async () => {
      const created = await record({ expiresOn: addDays(today, 45), notes: 'Arrêté provincial' });
      expect(created).toMatchObject({ siteId, kind: 'artisanal_exploitation_zone', current: true, status: 'expiring', daysUntilExpiry: 45, reminder: 90, scan: null });
      for (const session of [inA.admin, inA.auditor, inA.treasurer, lualaba]) {
        const listed = await t.http().get(permits()).set(bearer(session)).expect(200);
        expect((listed.body as AuthorisationBody[]).map((row) => row.id)).toContain(created.id);
      }
      const audit = await adminQuery(t.target.ownerUrl, 'SELECT action, actor_user_id FROM audit_log WHERE entity_id = $1', [created.id]);
      expect(audit).toEqual([{ action: 'site_authorisation.created', actor_user_id: inA.officer.userId }]);
    });

    it('lets only admins and officers write', async () => {
      const body = { kind: 'other', number: 'X-1', issuer: 'SAEMAPE', issuedOn: today };
      for (const session of [inA.auditor, inA.treasurer, lualaba]) await t.http().post(permits()).set(bearer(session)).send(body).expect(403);
      const created = await record({ kind: 'environmental_obligations', number: 'PAR-7', expiresOn: null }, inA.admin);
      expect(created).toMatchObject({ status: 'no_expiry', daysUntilExpiry: null, reminder: null });
      await t.http().patch(`${permits()}/${created.id}`).set(bearer(inA.auditor)).send({ issuer: 'Autre' }).expect(403);
      const corrected = await t.http().patch(`${permits()}/${created.id}`).set(bearer(inA.officer)).send({ issuer: 'Agence congolaise de l’environnement' }).expect(200);
      expect(corrected.body).toMatchObject({ issuer: 'Agence congolaise de l’environnement', number: 'PAR-7' });
    });

    it('keeps another cooperative out: 404 on its site and its permits', async () => {
      const created = await record({ kind: 'cooperative_approval', number: 'AGR-1', expiresOn: addDays(today, 400) });
      await t.http().get(permits()).set(bearer(adminB)).expect(404);
      await t.http().get(`/api/v1/cooperatives/${coopB}/sites/${siteId}/authorisations`).set(bearer(adminB)).expect(404);
      await t.http().get(`/api/v1/cooperatives/${coopB}/sites/${siteId}/authorisations/${created.id}`).set(bearer(adminB)).expect(404);
      await t.http().post(`/api/v1/cooperatives/${coopB}/sites/${siteId}/authorisations`).set(bearer(adminB))
        .send({ kind: 'other', number: 'X', issuer: 'Y', issuedOn: today }).expect(404);
    });

    it('renews a permit once: the renewal is current, the renewed one is kept and points at it', async () => {
      const old = await record({ kind: 'exploitation_authorisation', number: 'AE-2024-1', expiresOn: addDays(today, 5) });
      expect(old).toMatchObject({ reminder: 7, status: 'expiring' });
      const renewed = await t.http().post(`${permits()}/${old.id}/renewals`).set(bearer(inA.officer)).send({ number: 'AE-2025-1', issuedOn: today, expiresOn: addDays(today, 365) }).expect(201);
      expect(renewed.body).toMatchObject({ kind: 'exploitation_authorisation', number: 'AE-2025-1', issuer: 'Ministère des Mines', renewsId: old.id, current: true, status: 'valid' });
      const before = await t.http().get(`${permits()}/${old.id}`).set(bearer(inA.auditor)).expect(200);
      expect(before.body).toMatchObject({ current: false, renewedById: renewed.body.id });
      const again = await t.http().post(`${permits()}/${old.id}/renewals`).set(bearer(inA.officer)).set('Accept-Language', 'en').send({ issuedOn: today }).expect(409);
      expect(again.body).toMatchObject({ code: 'SITE_AUTHORISATION_ALREADY_RENEWED', detail: expect.stringMatching(/^This authorisation has already been renewed/) });
    });

    it('stores a scan like risk evidence and gives it back', async () => {
      const created = await record({ kind: 'other', number: 'SCAN-1', expiresOn: addDays(today, 1000) });
      const uploaded = await t.http().post(`${permits()}/${created.id}/scan`).set(bearer(inA.officer)).set('Content-Type', 'application/pdf').send(PDF).expect(201);
      expect(uploaded.body.scan).toMatchObject({ contentType: 'application/pdf', byteSize: PDF.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      const file = await t.http().get(`${permits()}/${created.id}/scan`).set(bearer(inA.auditor)).buffer(true).parse(binaryBody).expect(200);
      expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);
      await t.http().post(`${permits()}/${created.id}/scan`).set(bearer(inA.officer)).set('Content-Type', 'application/pdf').send(Buffer.from('not a pdf')).expect(422);
      await t.http().post(`${permits()}/${created.id}/scan`).set(bearer(inA.auditor)).set('Content-Type', 'application/pdf').send(PDF).expect(403);
    });

    it('refuses bad input with problems in French and English', async () => {
      const unknownKind = await t.http().post(permits()).set(bearer(inA.officer)).set('Accept-Language', 'en').send({ kind: 'mining_licence', number: 'X', issuer: 'Y', issuedOn: today }).expect(400);
      expect(unknownKind.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(unknownKind.body.errors).toEqual([expect.objectContaining({ field: 'kind' })]);
      const backwards = { kind: 'other', number: 'X', issuer: 'Y', issuedOn: today, expiresOn: addDays(today, -1) };
      const fr = await t.http().post(permits()).set(bearer(inA.officer)).set('Accept-Language', 'fr').send(backwards).expect(422);
      expect(fr.body).toMatchObject({ code: 'SITE_AUTHORISATION_EXPIRY_BEFORE_ISSUE', detail: expect.stringMatching(/^La date d’expiration/) });
      const en = await t.http().post(permits()).set(bearer(inA.officer)).set('Accept-Language', 'en').send(backwards).expect(422);
      expect(en.body.detail).toMatch(/^The expiry date/);
      const notADate = await t.http().post(permits()).set(bearer(inA.officer)).send({ ...backwards, expiresOn: '2026-02-30' }).expect(422);
      expect(notADate.body.code).toBe('DATE_INVALID');
      const missing = await t.http().get(`${permits()}/${randomUUID()}`).set(bearer(inA.officer)).set('Accept-Language', 'en').expect(404);
      expect(missing.body).toMatchObject({ code: 'SITE_AUTHORISATION_NOT_FOUND', detail: 'This authorisation does not exist for this site.' });
      await t.http().post(permits(randomUUID())).set(bearer(inA.officer)).send({ kind: 'other', number: 'X', issuer: 'Y', issuedOn: today }).expect(404);
    });
  });

  describe('reminders', () => {
    it('lists the current permits with a reminder due on the date asked, and the expired ones', async () => {
      const url = `/api/v1/cooperatives/${coopA}/site-authorisations/reminders`;
      const on = (date: string) => t.http().get(url).query({ on: date }).set(bearer(inA.auditor)).expect(200);
      const zea = await record({ number: 'ZEA-REM', expiresOn: '2031-06-30' });
      const remindersOf = async (date: string) => ((await on(date)).body as { reminders: { authorisationId: string; reminder: number | null; status: string; daysUntilExpiry: number }[] }).reminders.filter((r) => r.authorisationId === zea.id);
      expect(await remindersOf('2031-03-31')).toEqual([]);
      expect(await remindersOf('2031-04-01')).toEqual([expect.objectContaining({ reminder: 90, status: 'expiring', daysUntilExpiry: 90 })]);
      expect(await remindersOf('2031-05-30')).toEqual([expect.objectContaining({ reminder: 90, daysUntilExpiry: 31 })]);
      expect(await remindersOf('2031-05-31')).toEqual([expect.objectContaining({ reminder: 30, daysUntilExpiry: 30 })]);
      expect(await remindersOf('2031-06-23')).toEqual([expect.objectContaining({ reminder: 7, daysUntilExpiry: 7 })]);
      expect(await remindersOf('2031-06-30')).toEqual([expect.objectContaining({ reminder: 7, daysUntilExpiry: 0 })]);
      expect(await remindersOf('2031-07-01')).toEqual([expect.objectContaining({ reminder: null, status: 'expired', daysUntilExpiry: -1 })]);
      const byDefault = (await t.http().get(url).set(bearer(inA.officer)).expect(200)).body as { on: string };
      expect(byDefault.on).toBe(localDateIn(TIMEZONE));
      const bad = await t.http().get(url).query({ on: '2031-02-29' }).set(bearer(inA.officer)).expect(422);
      expect(bad.body.code).toBe('DATE_INVALID');
    });
  });

  describe('at the gate and in the regulator’s report', () => {
    it('shows an expired authorisation at the gate without refusing the member, and no longer once renewed', async () => {
      const expired = await record({ kind: 'artisanal_exploitation_zone', number: 'ZEA-OLD', issuedOn: addDays(today, -400), expiresOn: addDays(today, -1) });
      const [site] = await adminQuery<{ authorisations_expire_on: string }>(t.target.ownerUrl, `SELECT authorisations_expire_on::text FROM sites WHERE id = $1`, [siteId]);
      expect(site.authorisations_expire_on).toBe(addDays(today, -1));
      const shown = await scan(member.memberNumber);
      expect(shown.body.allowed).toBe(true);
      expect(shown.body.warnings).toEqual(expect.arrayContaining([{ code: 'SITE_AUTHORISATION_EXPIRED', expiresOn: addDays(today, -1), message: expect.stringMatching(/expiré le/) }]));
      await t.http().post(`${base}/${siteId}/gate`).set(bearer(inA.officer)).send({ memberNumber: member.memberNumber, zoneId, direction: 'out', capturedAt: new Date().toISOString() }).expect(201);

      await t.http().post(`${permits()}/${expired.id}/renewals`).set(bearer(inA.admin)).send({ number: 'ZEA-NEW', issuedOn: today, expiresOn: addDays(today, 2000) }).expect(201);
      const cleared = await scan(member.memberNumber);
      expect((cleared.body.warnings as { code: string }[]).map((w) => w.code)).not.toContain('SITE_AUTHORISATION_EXPIRED');
    });

    it('lists the permits in force at the period end with their standing in the report and its PDF', async () => {
      const month = today.slice(0, 7);
      const report = await t.http().post(`/api/v1/cooperatives/${coopA}/reports`).set(bearer(inA.admin)).send({ period: month }).expect(201);
      const rows = (report.body.content as RegulatorReport).siteAuthorisations.rows;
      expect(rows.find((row) => row.number === 'ZEA-NEW')).toMatchObject({ siteName: 'Kasulo', kind: 'artisanal_exploitation_zone', status: 'valid' });
      expect(rows.find((row) => row.number === 'ZEA-OLD')).toBeUndefined();
      expect(rows.find((row) => row.number === 'PAR-7')).toMatchObject({ status: 'no_expiry', expiresOn: null });
      const pdf = await t.http().get(`/api/v1/cooperatives/${coopA}/reports/${report.body.id}.pdf`).set(bearer(inA.admin)).buffer(true).parse(binaryBody).expect(200);
      const text = (await pdfText(pdf.body as Buffer)).replace(/\s+/g, ' ');
      expect(text).toContain('Autorisations des sites en vigueur en fin de période');
      expect(text).toContain('ZEA-NEW');
      expect(text).toContain('Zone d’exploitation artisanale (ZEA)');
    });
  });
});
