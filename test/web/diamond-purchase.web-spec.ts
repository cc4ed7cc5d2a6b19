import { bearer, twoCooperatives, type TwoCooperatives } from '../support/identity-fixture.js';
import { accessibilityViolations, logIn, screenshot, startConsole, type ConsoleHarness } from './support/browser.js';
import { siteWithZone } from './support/site.js';

/**
 * Issue 24: a diamond cooperative's officer buys stones in the console: carats, not kilograms;
 * the stones, their class and the parcel they go into, asked before anything is saved.
 */
const GEM = 'ROUGH_DIAMOND_NON_INDUSTRIAL';

describe('a diamond purchase in the web console', () => {
  let harness: ConsoleHarness;
  let coops: TwoCooperatives;
  let parcelId: string;
  const base = () => `/api/v1/cooperatives/${coops.coopA}`;

  beforeAll(async () => {
    harness = await startConsole();
    coops = await twoCooperatives(harness.t);
    const http = () => harness.t.http();
    await http().patch(base()).set(bearer(coops.operator)).send({ minerals: [GEM] }).expect(200);
    await siteWithZone(harness.t, coops.coopA, coops.inA.admin, { name: 'Tshikapa', code: 'TSH', latitudeE6: -6416000, longitudeE6: 20800000 }, { name: 'Gravier', capacity: 40 });
    await http().post(`${base()}/miners`).set(bearer(coops.inA.officer)).send({
      firstName: 'Mbuyi', lastName: 'Kalala', sex: 'M', dateOfBirth: '1988-02-03', nationality: 'CD', idDocumentType: 'voter_card', idDocumentNumber: 'VC-DIA-1',
      status: 'active', membershipDate: '2024-01-10', cardNumber: 'KAS-2026-0001', cardIssuedOn: '2026-01-15',
    }).expect(201);
    parcelId = (await http().post(`${base()}/diamond-parcels`).set(bearer(coops.inA.officer)).send({ parcelNumber: 'TSH-2026-001', mineral: GEM }).expect(201)).body.id;
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('asks for carats, stones, class and parcel, and records the stones in the ledger', async () => {
    const { page } = await harness.phone();
    await logIn(page, 'officer.a@test.ushirika.org');
    await page.goto('/purchases/new');
    await page.getByLabel('Vendeur : nom ou numéro de membre').fill('kalala');
    await page.getByRole('button', { name: 'Chercher' }).click();
    await page.getByRole('button', { name: /Mbuyi Kalala/ }).click();
    await page.getByLabel('Masse nette (ct)').fill('12,35');
    expect(await page.getByLabel('Teneur (%)').count()).toBe(0);
    await page.getByLabel('Prix unitaire (USD)').fill('180');
    await page.getByLabel('Étiquette du lot').fill('TAG-DIA-1');
    await page.getByLabel('Lot (colis) où elles vont').selectOption({ label: 'TSH-2026-001 · 0 pierre(s) · 0 ct' });
    // Zero stones: refused on the phone, before anything is saved.
    await page.getByLabel('Classe de qualité ou de taille').fill('GEM +2ct');
    await page.getByLabel('Nombre de pierres').fill('0');
    await page.getByRole('button', { name: "Enregistrer l'achat" }).click();
    await page.getByText(/Le nombre de pierres doit être un entier/).waitFor();
    await page.getByLabel('Nombre de pierres').fill('7');
    await screenshot(page, 'officer-diamond-purchase');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: "Enregistrer l'achat" }).click();
    await page.getByText(/LOT-000001/).first().waitFor();

    const ledger = await harness.t.http().get(`${base()}/purchases`).set(bearer(coops.inA.officer)).expect(200);
    expect(ledger.body.items).toHaveLength(1);
    expect(ledger.body.items[0]).toMatchObject({ mineral: GEM, netMg: 2470, diamond: { stones: 7, qualityClass: 'GEM +2ct', parcelId, carats: '12.35' }, amountMinor: 222_300 });
    const parcel = await harness.t.http().get(`${base()}/diamond-parcels/${parcelId}`).set(bearer(coops.inA.officer)).expect(200);
    expect(parcel.body).toMatchObject({ stones: 7, carats: '12.35' });
  });
});
