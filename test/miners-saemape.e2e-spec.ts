import { localDateIn } from '../src/common/time-zone.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';
import { bearer, twoCooperatives, type Session } from './support/identity-fixture.js';
import { binaryBody, pdfText } from './support/pdf-text.js';
import { registerMiner, type RegisteredMiner as Miner } from './support/member-fixture.js';
import { addDays } from '../src/common/calendar-date.js';
import type { CooperativeRole } from '../src/auth/roles.js';

const TIMEZONE = 'Africa/Lubumbashi';
const FRENCH_TITLE = "Fiche d'identification de l'exploitant artisanal";
/** The smallest valid PNG: one transparent pixel. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const occurrences = (text: string, needle: string): number => text.split(needle).length - 1;

describe('SAEMAPE identification forms', () => {
  let t: TestApp;
  let coopA: string;
  let coopB: string;
  let inA: Record<CooperativeRole, Session>;
  let adminB: Session;
  let lualaba: Session;
  let today: string;
  let base: string;
  let siteId: string;
  let beatrice: Miner;

  const register = (overrides: Record<string, unknown> = {}): Promise<Miner> =>
    registerMiner(t, inA.officer, coopA, { dateOfBirth: '1985-06-01', idDocumentType: 'national_id', ...overrides });
  const fetchPdf = async (path: string, query: Record<string, string> = {}, session: Session = inA.officer, headers: Record<string, string> = {}) => {
    const response = await t.http().get(`${base}/${path}`).query(query).set(bearer(session)).set(headers).buffer(true).parse(binaryBody).expect(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    return { pdf: response.body as Buffer, headers: response.headers };
  };
  const formText = async (path: string, query: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<string> =>
    pdfText((await fetchPdf(path, query, inA.officer, headers)).pdf);

  beforeAll(async () => {
    t = await startTestApp();
    ({ coopA, coopB, inA, adminB, lualabaSupervisor: lualaba } = await twoCooperatives(t, { supervisor: true }));
    today = localDateIn(TIMEZONE);
    base = `/api/v1/cooperatives/${coopA}/miners`;
    siteId = ((await t.http().post(`/api/v1/cooperatives/${coopA}/sites`).set(bearer(inA.admin))
      .send({ name: 'Kalukuluku', code: 'klk-1', location: { latitudeE6: -10712345, longitudeE6: 25468000 } })
      .expect(201)).body as { id: string }).id;
    beatrice = await register({
      firstName: 'Béatrice',
      middleName: 'Mwadi',
      lastName: 'Ngalula-Kâsongo',
      sex: 'F',
      dateOfBirth: '1990-04-12',
      placeOfBirth: 'Likasi',
      nationality: 'CD',
      idDocumentType: 'voter_card',
      idDocumentNumber: 'CE-2023-778899',
      phone: '+243 990 123 456',
      address: 'Quartier Mutoshi, Kolwezi',
      homeSiteId: siteId,
      membershipDate: '2025-03-15',
      status: 'active',
      cardNumber: 'CEA-LUA-00042',
      cardIssuedOn: '2026-01-10',
    });
    await t.http().put(`${base}/${beatrice.id}/photo`).set(bearer(inA.officer)).set('Content-Type', 'image/png').send(PNG).expect(204);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  describe("one miner's form", () => {
    it('shows every field DOMAIN.md lists, in French by default, accents kept', async () => {
      const text = await formText(`${beatrice.id}/saemape.pdf`);
      for (const expected of [
        'RÉPUBLIQUE DÉMOCRATIQUE DU CONGO', FRENCH_TITLE, 'Coopérative : Tujenge',
        'Nom', 'Ngalula-Kâsongo', 'Post-nom', 'Mwadi', 'Prénom', 'Béatrice', 'Sexe', 'Féminin',
        'Date de naissance', '12 avr. 1990', 'Lieu de naissance', 'Likasi', 'Nationalité', '(CD)',
        'Type de pièce', "Carte d'électeur", 'Numéro de la pièce', 'CE-2023-778899',
        'Adresse / village', 'Quartier Mutoshi, Kolwezi', 'Téléphone', '+243 990 123 456',
        "Carte d'exploitant artisanal", 'CEA-LUA-00042', 'Délivrée le', '10 janv. 2026', 'Expire le', '9 janv. 2027',
        'Site', 'Kalukuluku', "Date d'adhésion", '15 mars 2025', 'Numéro de membre', beatrice.memberNumber, 'Statut', 'Actif',
        "Signature ou empreinte de l'exploitant",
      ]) {
        expect(text).toContain(expected);
      }
    });

    it('embeds the photo, and says so when there is none', async () => {
      const { pdf } = await fetchPdf(`${beatrice.id}/saemape.pdf`);
      expect(pdf.includes(Buffer.from('/Subtype /Image'))).toBe(true);
      const noPhoto = await register();
      const { pdf: without } = await fetchPdf(`${noPhoto.id}/saemape.pdf`);
      expect(without.includes(Buffer.from('/Subtype /Image'))).toBe(false);
      expect(await pdfText(without)).toContain('Photo');
    });

    it('prints in English with lang=en or Accept-Language', async () => {
      for (const text of [await formText(`${beatrice.id}/saemape.pdf`, { lang: 'en' }), await formText(`${beatrice.id}/saemape.pdf`, {}, { 'Accept-Language': 'en-GB,en;q=0.9' })]) {
        expect(text).toContain('Artisanal miner identification form');
        expect(text).toContain('Female');
        expect(text).toContain('Voter card');
        expect(text).toContain('Apr 12, 1990');
        expect(text).toContain('Béatrice');
        expect(text).not.toContain(FRENCH_TITLE);
      }
    });

    it('writes an estimated birth year as such, and a dash for what is not recorded', async () => {
      const estimated = await register({ firstName: 'Élisée', dateOfBirth: undefined, birthYear: 1979, birthDateEstimated: true });
      const text = await formText(`${estimated.id}/saemape.pdf`);
      expect(text).toContain('Vers 1979 (année estimée)');
      expect(text).toContain('Élisée');
      expect(text).toContain('—');
    });

    it('audits the read, serves only the roles that see photos, and hides other cooperatives', async () => {
      await fetchPdf(`${beatrice.id}/saemape.pdf`, {}, inA.auditor);
      await fetchPdf(`${beatrice.id}/saemape.pdf`, {}, lualaba);
      const reads = await adminQuery<{ after: unknown }>(
        t.target.ownerUrl,
        `SELECT after FROM audit_log WHERE action = 'read_personal_data' AND entity = 'miner' AND entity_id = $1 ORDER BY id`,
        [beatrice.id],
      );
      expect(reads.at(-1)?.after).toEqual({ fields: ['saemape.pdf'] });
      await t.http().get(`${base}/${beatrice.id}/saemape.pdf`).set(bearer(inA.treasurer)).expect(403);
      await t.http().get(`/api/v1/cooperatives/${coopB}/miners/${beatrice.id}/saemape.pdf`).set(bearer(adminB)).expect(404);
      await t.http().get(`${base}/${beatrice.id}/saemape.pdf`).set(bearer(adminB)).expect(404);
    });
  });

  describe('forms in bulk', () => {
    it('puts one page per miner matching the list filters in one streamed PDF', async () => {
      const suspended: Miner[] = [];
      for (const name of ['Kaseya', 'Mbuyi', 'Ilunga']) {
        const miner = await register({ lastName: `Suspendu-${name}`, firstName: 'Sébastien', status: 'active', homeSiteId: siteId });
        await t.http().post(`${base}/${miner.id}/status`).set(bearer(inA.officer)).send({ to: 'suspended', reason: 'cotisation impayée' }).expect(200);
        suspended.push(miner);
      }
      const { pdf, headers } = await fetchPdf('saemape.pdf', { status: 'suspended' });
      expect(headers['content-length']).toBeUndefined();
      expect(headers['transfer-encoding']).toBe('chunked');
      const text = await pdfText(pdf);
      expect(occurrences(text, FRENCH_TITLE)).toBe(3);
      for (const miner of suspended) expect(text).toContain(miner.memberNumber);
      expect(text).toContain('Suspendu-Kaseya');
      expect(text).not.toContain('Ngalula-Kâsongo');
      expect(text.indexOf('Suspendu-Ilunga')).toBeLessThan(text.indexOf('Suspendu-Kaseya'));

      const onSite = await pdfText((await fetchPdf('saemape.pdf', { homeSiteId: siteId, lang: 'en' })).pdf);
      expect(occurrences(onSite, 'Artisanal miner identification form')).toBe(4);
      expect(onSite).toContain('Ngalula-Kâsongo');
    });

    it('reads the miners page by page: more than one page of them all make it, in list order', async () => {
      const crowd: Miner[] = [];
      for (let batch = 0; batch < 11; batch += 1) {
        crowd.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => register({ lastName: `Foule${String(batch * 10 + i).padStart(3, '0')}`, address: 'Musonoi', status: 'applicant', membershipDate: addDays(today, -1) })))));
      }
      const text = await pdfText((await fetchPdf('saemape.pdf', { q: 'foule' })).pdf);
      expect(occurrences(text, FRENCH_TITLE)).toBe(crowd.length);
      expect(text.indexOf('Foule099')).toBeLessThan(text.indexOf('Foule100'));
      expect(text).toContain('Foule109');
    }, 120_000);

    it('says when no member matches, and refuses treasurers', async () => {
      const text = await pdfText((await fetchPdf('saemape.pdf', { status: 'exited' })).pdf);
      expect(text).toContain('Aucun membre ne correspond aux critères.');
      await t.http().get(`${base}/saemape.pdf`).set(bearer(inA.treasurer)).expect(403);
      await t.http().get(`${base}/saemape.pdf`).query({ status: 'gone' }).set(bearer(inA.officer)).expect(400);
    });
  });
});
