import { localDateIn } from '../src/common/time-zone.js';
import { addDays } from '../src/common/calendar-date.js';
import { bearer, twoCooperatives, type Session } from './support/identity-fixture.js';
import { heterogenitePurchase, registerSeller } from './support/purchase-fixture.js';
import { pdfText } from './support/pdf-text.js';
import { seedSite } from './support/site-fixture.js';
import { adminQuery } from './support/test-database.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import type { CooperativeRole } from '../src/auth/roles.js';

const TIMEZONE = 'Africa/Lubumbashi';
const SITE_1 = '3a1e9b1c-1111-4c3e-8d5a-0f1e2d3c4b5a';
const SITE_2 = '4a1e9b1c-2222-4c3e-8d5a-0f1e2d3c4b5a';
const GEM = 'ROUGH_DIAMOND_NON_INDUSTRIAL';
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n', 'ascii'), Buffer.alloc(64, 0x20)]);

describe('diamonds and the Kimberley Process', () => {
  let t: TestApp;
  let coopA: string;
  let coopB: string;
  let inA: Record<CooperativeRole, Session>;
  let adminB: Session;
  let supervisor: Session;
  let seller: string;
  let buyerId: string;
  let today: string;
  let parcel: string;
  let firstSale: string;
  let certificate: string;

  const url = (coop: string, path: string): string => `/api/v1/cooperatives/${coop}/${path}`;
  const post = (path: string, body: unknown, session: Session = inA.officer, coop = coopA) => t.http().post(url(coop, path)).set(bearer(session)).send(body as object);
  const get = (path: string, session: Session = inA.officer, coop = coopA) => t.http().get(url(coop, path)).set(bearer(session));

  const diamondPurchase = (parcelId: string, carats: string, stones: number, overrides: Record<string, unknown> = {}) =>
    heterogenitePurchase(seller, SITE_1, {
      mineral: GEM, grossMass: { value: carats, unit: 'ct' }, netMass: { value: carats, unit: 'ct' }, gradePercent: undefined, moisturePercent: undefined,
      unitPriceMinor: 18_000, priceBasis: 'per_unit_net_mass', diamond: { stones, qualityClass: 'GEM +2ct', parcelId }, ...overrides,
    });
  const openParcel = async (parcelNumber: string, mineral = GEM): Promise<string> =>
    (await post('diamond-parcels', { parcelNumber, mineral }).expect(201)).body.id as string;
  const certificateBody = (parcelIds: string[], carats: string, number: string) => ({
    certificateNumber: number, issuingAuthority: 'CEEC Kinshasa', countryOfOrigin: 'CD', carats, valueUsdMinor: 250_000_00,
    parcelCount: parcelIds.length, issuedOn: today, expiresOn: addDays(today, 60), parcelIds, exporter: 'Comptoir Tshikapa', importer: 'Antwerp Rough NV',
  });

  beforeAll(async () => {
    t = await startTestApp();
    let lualabaSupervisor: Session;
    ({ coopA, coopB, inA, adminB, lualabaSupervisor } = await twoCooperatives(t, { supervisor: true }));
    supervisor = lualabaSupervisor;
    today = localDateIn(TIMEZONE);
    await seedSite(t, coopA, SITE_1);
    await seedSite(t, coopA, SITE_2);
    seller = await registerSeller(t, inA.officer, coopA, addDays(today, -30));
    buyerId = (await post('buyers', { name: 'Comptoir Tshikapa Diamonds', licenceNumber: 'CEEC/CPT/0007', type: 'comptoir' }).expect(201)).body.id as string;
  });
  afterAll(async () => {
    await t.close();
  });

  it('opens a parcel for officers and admins only, numbered once per cooperative', async () => {
    const created = await post('diamond-parcels', { parcelNumber: 'TSH-2026-001', mineral: GEM }).expect(201);
    parcel = created.body.id as string;
    expect(created.body).toMatchObject({ parcelNumber: 'TSH-2026-001', mineral: GEM, hsCode: '7102.31', status: 'open', lots: 0, stones: 0, carats: '0' });
    await post('diamond-parcels', { parcelNumber: 'TSH-X', mineral: GEM }, inA.auditor).expect(403);
    await post('diamond-parcels', { parcelNumber: 'TSH-X', mineral: GEM }, inA.treasurer).expect(403);
    await post('diamond-parcels', { parcelNumber: 'TSH-Y', mineral: GEM }, inA.admin).expect(201);
    const again = await post('diamond-parcels', { parcelNumber: 'TSH-2026-001', mineral: GEM }, inA.admin).expect(409);
    expect(again.body.code).toBe('PARCEL_NUMBER_TAKEN');
  });

  it('records diamond purchases in carats with their stones, class and parcel, and the ledger still verifies', async () => {
    const first = await post('purchases', diamondPurchase(parcel, '12.35', 7)).expect(201);
    expect(first.body).toMatchObject({ mineral: GEM, netMg: 2470, priceUnit: 'ct', diamond: { stones: 7, qualityClass: 'GEM +2ct', parcelId: parcel, carats: '12.35' } });
    expect(first.body.amountMinor).toBe(222_300);
    await post('purchases', diamondPurchase(parcel, '5.5', 3)).expect(201);
    await post('purchases', heterogenitePurchase(seller, SITE_1)).expect(201);
    const mistaken = await post('purchases', diamondPurchase(parcel, '1', 1)).expect(201);
    const reversal = await post(`purchases/${mistaken.body.id as string}/reversal`, { reason: 'Pierre pesée deux fois' }).expect(201);
    expect(reversal.body).toMatchObject({ kind: 'reversal', diamond: { stones: 1, parcelId: parcel, carats: '1' } });
    const shown = await get(`diamond-parcels/${parcel}`, inA.auditor).expect(200);
    expect(shown.body).toMatchObject({ lots: 2, stones: 10, carats: '17.85', status: 'open' });
    expect(shown.body.purchases.map((lot: { carats: string; reversed: boolean }) => [lot.carats, lot.reversed])).toEqual([['12.35', false], ['5.5', false], ['1', true]]);
    expect((await get(`purchases/${first.body.id as string}`).expect(200)).body.diamond.carats).toBe('12.35');
    const receipt = await get(`purchases/${first.body.id as string}/receipt.pdf?lang=en`).buffer(true).expect(200);
    const printed = (await pdfText(receipt.body as Buffer)).replace(/\s+/g, ' ');
    expect(printed).toContain('12.35');
    expect(printed).toContain('7 — GEM +2ct');
    expect(printed).not.toMatch(/0[.,]01235|0[.,]002/);
    // Both verifiers (COPY fast path and reference) over ore, diamond and diamond-reversal entries.
    expect((await get('ledger/verify', inA.auditor).expect(200)).body).toMatchObject({ ok: true, count: 5 });
  });

  it('refuses diamonds weighed in kilograms, diamonds without details and details on ore, in French and English', async () => {
    const inKg = diamondPurchase(parcel, '1', 1, { grossMass: { value: '0.01', unit: 'kg' }, netMass: { value: '0.01', unit: 'kg' } });
    const fr = await post('purchases', inKg).set('Accept-Language', 'fr').expect(422);
    expect(fr.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(fr.body).toMatchObject({ code: 'DIAMOND_MASS_NOT_IN_CARATS' });
    expect(fr.body.detail).toBe('Les diamants bruts se pèsent en carats : grossMass est donné en kg, donnez-le en ct.');
    const en = await post('purchases', inKg).set('Accept-Language', 'en').expect(422);
    expect(en.body.detail).toBe('Rough diamonds are weighed in carats: grossMass is given in kg, give it in ct.');
    expect((await post('purchases', diamondPurchase(parcel, '1', 1, { diamond: undefined })).expect(422)).body.code).toBe('DIAMOND_DETAILS_REQUIRED');
    const ore = heterogenitePurchase(seller, SITE_1, { diamond: { stones: 1, qualityClass: 'X', parcelId: parcel } });
    expect((await post('purchases', ore).expect(422)).body.code).toBe('DIAMOND_DETAILS_NOT_APPLICABLE');
    const industrial = await openParcel('TSH-IND-1', 'ROUGH_DIAMOND_INDUSTRIAL');
    expect((await post('purchases', diamondPurchase(industrial, '1', 1)).expect(422)).body.code).toBe('PARCEL_MINERAL_MISMATCH');
    expect((await post('purchases', diamondPurchase(parcel, '1', 0)).expect(400)).body.errors).toBeDefined();
  });

  it('sells a parcel whole, once, and closes it to purchases; its lots are never sold one by one', async () => {
    const lots = (await get(`diamond-parcels/${parcel}`).expect(200)).body.purchases as { purchaseId: string }[];
    const loose = await post('sales', { buyerId, amountMinor: 400_000, currency: 'USD', purchaseIds: [lots[0].purchaseId] }).expect(422);
    expect(loose.body.code).toBe('SALE_LOT_IN_PARCEL');
    const sold = await post('sales', { buyerId, amountMinor: 400_000, currency: 'USD', parcelIds: [parcel], reference: 'FACT-D-001' }).expect(201);
    firstSale = sold.body.id as string;
    expect(sold.body).toMatchObject({ mineral: GEM, lotCount: 2, netMg: 3570, parcelIds: [parcel] });
    const twice = await post('sales', { buyerId, amountMinor: 400_000, currency: 'USD', parcelIds: [parcel] }, inA.admin).expect(409);
    expect(twice.body.code).toBe('PARCEL_ALREADY_SOLD');
    expect((await post('purchases', diamondPurchase(parcel, '1', 1)).expect(409)).body.code).toBe('PARCEL_SOLD');
    expect((await post(`purchases/${lots[0].purchaseId}/reversal`, { reason: 'Erreur' }).expect(409)).body.code).toBe('PURCHASE_SOLD');
    expect((await get(`diamond-parcels/${parcel}`).expect(200)).body).toMatchObject({ status: 'sold', saleId: firstSale });
  });

  it('records the parcel’s Kimberley Process certificate with its scan, and refuses a second certificate for it', async () => {
    const recorded = await post('kimberley-certificates', certificateBody([parcel], '17.85', 'CD 0012345')).expect(201);
    certificate = recorded.body.id as string;
    expect(recorded.body).toMatchObject({
      certificateNumber: 'CD 0012345', carats: '17.85', ourCarats: '17.85', differenceCarats: '0', exceeds: false, riskFlagId: null,
      status: 'valid', parcelIds: [parcel], caratToleranceBp: 50, scan: null,
    });
    const second = await post('kimberley-certificates', certificateBody([parcel], '17.85', 'CD 0012399'), inA.admin).expect(409);
    expect(second.body.code).toBe('PARCEL_ALREADY_CERTIFIED');
    const unsold = await post('kimberley-certificates', certificateBody([await openParcel('TSH-Z')], '1', 'CD 0012345')).expect(409);
    expect(unsold.body.code).toBe('PARCEL_NOT_SOLD');

    const scan = await t.http().post(url(coopA, `kimberley-certificates/${certificate}/scan`)).set(bearer(inA.officer))
      .set('content-type', 'application/pdf').set('x-file-name', 'kp-0012345.pdf').send(PDF).expect(201);
    expect(scan.body.scan).toMatchObject({ contentType: 'application/pdf', byteSize: PDF.length, originalName: 'kp-0012345.pdf' });
    const file = await get(`kimberley-certificates/${certificate}/scan`, supervisor).buffer(true).expect(200);
    expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);
    await t.http().post(url(coopA, `kimberley-certificates/${certificate}/scan`)).set(bearer(inA.officer)).set('content-type', 'application/pdf').send(PDF).expect(409);
    await t.http().post(url(coopA, `kimberley-certificates/${certificate}/scan`)).set(bearer(inA.auditor)).set('content-type', 'application/pdf').send(PDF).expect(403);
    await t.http().post(url(coopA, `kimberley-certificates/${certificate}/scan`)).set(bearer(inA.officer)).set('content-type', 'image/png').send(PDF).expect(422);
  });

  it('checks the certificate itself: exporting country, dates, number of parcels', async () => {
    const other = await openParcel('TSH-CHECK');
    const bad = (patch: Record<string, unknown>) => post('kimberley-certificates', { ...certificateBody([other], '1', 'CD 0099999'), ...patch }).set('Accept-Language', 'en');
    expect((await bad({ certificateNumber: 'BE 0099999' }).expect(422)).body).toMatchObject({ code: 'CERTIFICATE_NUMBER_COUNTRY', detail: 'Certificate number BE 0099999 must start with the exporting country\'s code CD.' });
    expect((await bad({ expiresOn: today }).expect(422)).body.code).toBe('CERTIFICATE_EXPIRY_NOT_AFTER_ISSUE');
    expect((await bad({ parcelCount: 2 }).expect(422)).body.code).toBe('CERTIFICATE_PARCEL_COUNT_MISMATCH');
    expect((await bad({ countryOfOrigin: 'CF' }).expect(422)).body.code).toBe('CERTIFICATE_ORIGIN_MISMATCH');
    expect((await bad({ issuedOn: addDays(today, 2), expiresOn: addDays(today, 30) }).expect(422)).body.code).toBe('CERTIFICATE_ISSUED_IN_FUTURE');
    await post('kimberley-certificates', certificateBody([other], '1', 'CD 0099999'), inA.auditor).expect(403);
    await post('kimberley-certificates', certificateBody([other], '1', 'CD 0099999'), supervisor).expect(403);
  });

  it('raises a flag when a certificate declares carats our purchases did not put into its parcels, and reconciles the month per site', async () => {
    const second = await openParcel('TSH-2026-002');
    await post('purchases', { ...diamondPurchase(second, '10', 4), siteId: SITE_2 }).expect(201);
    await post('sales', { buyerId, amountMinor: 200_000, currency: 'USD', parcelIds: [second] }).expect(201);
    const recorded = await post('kimberley-certificates', certificateBody([second], '10.5', 'CD 0012400')).expect(201);
    expect(recorded.body).toMatchObject({ carats: '10.5', ourCarats: '10', differenceCarats: '0.5', exceeds: true });
    const flag = await get(`risk-flags/${recorded.body.riskFlagId as string}`, inA.admin).expect(200);
    expect(flag.body).toMatchObject({ category: 'bribery_fraud_origin', severity: 'high', source: 'kimberley_certificate_discrepancy', siteId: SITE_2 });

    const month = today.slice(0, 7);
    const reconciliation = await get(`diamond-reconciliation?month=${month}`, supervisor).expect(200);
    expect(reconciliation.body).toMatchObject({ month, toleranceBp: 50, discrepancies: 1 });
    const bySite = Object.fromEntries((reconciliation.body.sites as { siteId: string }[]).map((site) => [site.siteId, site]));
    expect(bySite[SITE_1]).toMatchObject({ purchasedCarats: '17.85', purchasedStones: 10, soldCarats: '17.85', certifiedCarats: '17.85', purchasedNotSoldCarats: '0' });
    expect(bySite[SITE_2]).toMatchObject({ purchasedCarats: '10', soldCarats: '10', certifiedCarats: '10' });
    expect(reconciliation.body.totals).toMatchObject({ purchasedCarats: '27.85', certifiedCarats: '27.85', declaredCarats: '28.35' });
    expect(reconciliation.body.certificates.map((c: { certificateNumber: string; verdict: string }) => [c.certificateNumber, c.verdict])).toEqual([
      ['CD 0012345', 'within'], ['CD 0012400', 'beyond_twice'],
    ]);
    await get('diamond-reconciliation?month=2026-13', inA.auditor).expect(400);

    await t.http().put(url(coopA, 'diamond-reconciliation-settings')).set(bearer(inA.officer)).send({ caratToleranceBp: 600 }).expect(403);
    await t.http().put(url(coopA, 'diamond-reconciliation-settings')).set(bearer(inA.admin)).send({ caratToleranceBp: 600 }).expect(200);
    expect((await get(`diamond-reconciliation?month=${month}`, inA.auditor).expect(200)).body.discrepancies).toBe(0);
  });

  it('lets one of two racing sales of a parcel through, and the database itself refuses a second sale or certificate of a parcel', async () => {
    const raced = await openParcel('TSH-RACE');
    await post('purchases', diamondPurchase(raced, '2', 1)).expect(201);
    const statuses = (await Promise.all([1, 2].map(() => post('sales', { buyerId, amountMinor: 1_000, currency: 'USD', parcelIds: [raced] })))).map((r) => r.status);
    expect(statuses.sort()).toEqual([201, 409]);
    const owner = (sql: string, params: unknown[]) => adminQuery(t.target.ownerUrl, sql, params).then(() => 'stored', (error: { constraint?: string }) => error.constraint);
    expect(await owner(`INSERT INTO sale_parcels (cooperative_id, parcel_id, sale_id) VALUES ($1, $2, $3)`, [coopA, parcel, firstSale])).toBe('sale_parcels_pkey');
    expect(await owner(`INSERT INTO kimberley_certificate_parcels (cooperative_id, parcel_id, certificate_id) VALUES ($1, $2, $3)`, [coopA, parcel, certificate]))
      .toBe('kimberley_certificate_parcels_pkey');
    const unsold = await openParcel('TSH-UNSOLD');
    expect(await owner(`INSERT INTO kimberley_certificate_parcels (cooperative_id, parcel_id, certificate_id) VALUES ($1, $2, $3)`, [coopA, unsold, certificate]))
      .toBe('kimberley_certificate_parcels_cooperative_id_parcel_id_fkey');
  });

  it('lets auditors and supervisors read certificates and parcels, and shows nothing to another cooperative', async () => {
    const listed = await get('kimberley-certificates', inA.auditor).expect(200);
    expect(listed.body.items.map((c: { certificateNumber: string }) => c.certificateNumber).sort()).toEqual(['CD 0012345', 'CD 0012400']);
    await get(`kimberley-certificates/${certificate}`, supervisor).expect(200);
    expect((await get('diamond-parcels?limit=2', supervisor).expect(200)).body.nextCursor).not.toBeNull();
    expect((await get(`kimberley-certificates/${certificate}`, adminB, coopB).expect(404)).body.code).toBe('CERTIFICATE_NOT_FOUND');
    expect((await get(`diamond-parcels/${parcel}`, adminB, coopB).expect(404)).body.code).toBe('PARCEL_NOT_FOUND');
    await get(`kimberley-certificates/${certificate}/scan`, adminB, coopB).expect(404);
    await get(`kimberley-certificates/${certificate}`, adminB, coopA).expect(404);
    await post('kimberley-certificates', certificateBody([parcel], '1', 'CD 0077777'), adminB, coopA).expect(404);
    const buyerOfB = (await post('buyers', { name: 'Comptoir B', licenceNumber: 'CEEC/B/1', type: 'comptoir' }, adminB, coopB).expect(201)).body.id as string;
    const sale = await post('sales', { buyerId: buyerOfB, amountMinor: 1, currency: 'USD', parcelIds: [parcel] }, adminB, coopB).expect(422);
    expect(sale.body.code).toBe('PARCEL_NOT_FOUND');
    expect((await get(`diamond-reconciliation?month=${today.slice(0, 7)}`, adminB, coopB).expect(200)).body.sites).toEqual([]);
  });

  it('puts the diamonds in the regulator’s report, the PDF printing the JSON’s figures', async () => {
    const report = (await post('reports', { period: today.slice(0, 7) }, inA.admin).expect(201)).body as { id: string };
    const content = (await get(`reports/${report.id}.json`, inA.admin).expect(200)).body;
    expect(content.diamonds.certificates).toEqual([
      expect.objectContaining({ certificateNumber: 'CD 0012345', declaredCarats: '17.85', ourCarats: '17.85', exceeds: false }),
      expect.objectContaining({ certificateNumber: 'CD 0012400', declaredCarats: '10.5', ourCarats: '10', exceeds: true }),
    ]);
    // The raced parcel (2 ct) is sold, not certified.
    expect(content.diamonds.sites).toContainEqual(expect.objectContaining({ siteId: SITE_1, purchasedStones: 11, purchasedCarats: '19.85', soldCarats: '19.85', certifiedCarats: '17.85' }));
    const pdf = await get(`reports/${report.id}.pdf?lang=en`, inA.admin).buffer(true).expect(200);
    const text = (await pdfText(pdf.body as Buffer)).replace(/\s+/g, ' ');
    expect(text).toContain('Kimberley Process certificates');
    for (const figure of ['CD 0012345', 'CD 0012400', '17.85', '10.5']) expect(text).toContain(figure);
  });
});
