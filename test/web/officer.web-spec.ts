import { bearer, twoCooperatives, type TwoCooperatives } from '../support/identity-fixture.js';
import { accessibilityViolations, downloaded, logIn, screenshot, startConsole, type ConsoleHarness } from './support/browser.js';
import { siteWithZone } from './support/site.js';

describe('the officer in the web console', () => {
  let harness: ConsoleHarness;
  let coops: TwoCooperatives;
  let siteId: string;
  const base = () => `/api/v1/cooperatives/${coops.coopA}`;

  async function registerMiner(body: Record<string, unknown>): Promise<{ id: string; memberNumber: string }> {
    const response = await harness.t
      .http()
      .post(`${base()}/miners`)
      .set(bearer(coops.inA.officer))
      .send({ sex: 'F', dateOfBirth: '1990-04-12', nationality: 'CD', idDocumentType: 'voter_card', status: 'active', membershipDate: '2024-01-10', ...body })
      .expect(201);
    return response.body;
  }

  beforeAll(async () => {
    harness = await startConsole();
    coops = await twoCooperatives(harness.t);
    siteId = await siteWithZone(harness.t, coops.coopA, coops.inA.admin, { name: 'Mutoshi', code: 'MUT', latitudeE6: -10712345, longitudeE6: 25468000 }, { name: 'Puits 3', capacity: 40 });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('shows the gate refusing an expired card in large red text with the reason, and the screen passes axe', async () => {
    const miner = await registerMiner({
      firstName: 'Élodie',
      lastName: 'Kabongo',
      idDocumentNumber: 'VC-GATE-1',
      cardNumber: 'LUA-2024-0001',
      cardIssuedOn: '2024-01-15',
      cardExpiresOn: '2025-01-14',
    });
    const { page } = await harness.phone();
    await logIn(page, 'officer.a@test.ushirika.org');
    await page.getByRole('link', { name: 'Barrière' }).first().click();
    await page.getByLabel('Zone').waitFor();
    await page.getByLabel('Numéro de membre').fill(miner.memberNumber);
    await page.getByRole('button', { name: 'Vérifier' }).click();
    const decision = page.locator('.decision.denied');
    await decision.waitFor();
    expect(await decision.locator('.verdict').textContent()).toBe('ENTRÉE REFUSÉE');
    expect(await decision.locator('[data-code="CARD_EXPIRED"]').count()).toBe(1);
    expect(await decision.locator('[data-code="CARD_EXPIRED"]').textContent()).toMatch(/expir/i);
    await screenshot(page, 'officer-gate-denied-expired-card');
    expect(await accessibilityViolations(page)).toEqual([]);
    const events = await harness.t.http().get(`${base()}/sites/${siteId}/gate-events`).set(bearer(coops.inA.officer)).expect(200);
    expect(events.body.items).toHaveLength(1);
    expect(events.body.items[0].allowed).toBe(false);
  });

  it('decides at the gate without the network from the signed snapshot, and says so', async () => {
    const valid = await registerMiner({ firstName: 'Neema', lastName: 'Ilunga', idDocumentNumber: 'VC-OFF-1', cardNumber: 'LUA-2026-0009', cardIssuedOn: '2026-01-15' });
    const expired = await registerMiner({
      firstName: 'Paul',
      lastName: 'Mbuyi',
      idDocumentNumber: 'VC-OFF-2',
      cardNumber: 'LUA-2024-0009',
      cardIssuedOn: '2024-01-15',
      cardExpiresOn: '2025-01-14',
    });
    const { context, page } = await harness.phone();
    await logIn(page, 'officer.a@test.ushirika.org');
    await page.goto('/gate');
    await page.getByText(/Liste hors ligne : \d+ membre/).waitFor();
    await context.setOffline(true);
    await page.getByLabel('Numéro de membre').fill(expired.memberNumber);
    await page.getByRole('button', { name: 'Vérifier' }).click();
    const denied = page.locator('.decision.denied');
    await denied.waitFor();
    expect(await denied.locator('.offline-tag').textContent()).toMatch(/Décision hors ligne/);
    expect(await denied.locator('[data-code="CARD_EXPIRED"]').textContent()).toContain('2025-01-14');
    // The decision covers the screen until the guard moves on to the next person.
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByLabel('Numéro de membre').fill(valid.memberNumber);
    await page.getByRole('button', { name: 'Vérifier' }).click();
    const allowed = page.locator('.decision.allowed');
    await allowed.waitFor();
    expect(await allowed.locator('.offline-tag').count()).toBe(1);
    await screenshot(page, 'officer-gate-offline-decision');
    await context.setOffline(false);
    await page.goto('/queue');
    await page
      .waitForFunction(`document.querySelectorAll('.write[data-state="done"]').length === 2`)
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\nqueue screen:\n${await page.locator('main').innerText()}`);
      });
    const events = await harness.t.http().get(`${base()}/sites/${siteId}/gate-events?limit=200`).set(bearer(coops.inA.officer)).expect(200);
    const byMember = (number: string) => events.body.items.filter((event: { memberNumber: string }) => event.memberNumber === number);
    expect(byMember(expired.memberNumber).map((event: { allowed: boolean }) => event.allowed)).toEqual([false]);
    expect(byMember(valid.memberNumber).map((event: { allowed: boolean }) => event.allowed)).toEqual([true]);
  });

  it('reports an incident and follows it in the list of flags', async () => {
    const { page } = await harness.phone();
    await logIn(page, 'officer.a@test.ushirika.org');
    await page.getByRole('link', { name: 'Incidents' }).first().click();
    await page.getByLabel('Catégorie').selectOption('accident');
    await page.getByLabel("Ce qui s'est passé").fill('Éboulement partiel au puits 3, un blessé');
    await page.getByRole('button', { name: 'Signaler' }).click();
    await page.getByText(/Éboulement partiel au puits 3/).waitFor();
    const flags = await harness.t.http().get(`${base()}/risk-flags`).set(bearer(coops.inA.officer)).expect(200);
    expect(flags.body.items.map((flag: { category: string }) => flag.category)).toContain('accident');
    // The list has no total: the screen says how many it loaded, and offers more only while nextCursor says so.
    await page.getByText(`Alertes affichées : ${flags.body.items.length}`).waitFor();
    expect(flags.body.nextCursor).toBeNull();
    expect(await page.getByRole('button', { name: 'Afficher la suite' }).count()).toBe(0);
  });

  it('finds a member by name and downloads the member card PDF', async () => {
    await registerMiner({ firstName: 'Jean', lastName: 'Mwamba', idDocumentNumber: 'VC-FIND-1', cardNumber: 'LUA-2026-0002', cardIssuedOn: '2026-01-15' });
    const { page } = await harness.phone();
    await logIn(page, 'officer.a@test.ushirika.org');
    await page.goto('/members');
    await page.getByLabel('Rechercher').fill('mwamba');
    await page.getByRole('button', { name: 'Chercher' }).click();
    await page.getByRole('link', { name: /Jean Mwamba/ }).click();
    await page.getByRole('heading', { name: 'Jean Mwamba' }).waitFor();
    await screenshot(page, 'officer-member-page');
    expect(await accessibilityViolations(page)).toEqual([]);
    const card = await downloaded(page, () => page.getByRole('button', { name: 'Carte de membre (PDF)' }).click());
    expect(card.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('registers a miner with a photo from the form', async () => {
    const { page } = await harness.phone();
    await logIn(page, 'officer.a@test.ushirika.org');
    await page.goto('/members/new');
    await page.getByLabel('Prénom').fill('Grâce');
    await page.getByLabel('Nom', { exact: true }).fill('Tshala');
    await page.getByLabel('Date de naissance').fill('1992-03-04');
    await page.getByLabel('Numéro de la pièce').fill('VC-NEW-1');
    await page.getByLabel('Photo (appareil photo)').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: ONE_PIXEL_PNG });
    await screenshot(page, 'officer-register-miner');
    await page.getByRole('button', { name: 'Inscrire', exact: true }).click();
    await page.getByRole('heading', { name: 'Grâce Tshala' }).waitFor();
    const found = await harness.t.http().get(`${base()}/miners?q=tshala`).set(bearer(coops.inA.officer)).expect(200);
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0].hasPhoto).toBe(true);
  });

  it('records a purchase captured offline and sends it exactly once when the network returns', async () => {
    await registerMiner({ firstName: 'Amani', lastName: 'Kasongo', idDocumentNumber: 'VC-BUY-1', cardNumber: 'LUA-2026-0003', cardIssuedOn: '2026-01-15' });
    const { context, page } = await harness.phone();
    await logIn(page, 'officer.a@test.ushirika.org');
    await page.goto('/purchases/new');
    await page.getByLabel('Vendeur : nom ou numéro de membre').fill('kasongo');
    await page.getByRole('button', { name: 'Chercher' }).click();
    await page.getByRole('button', { name: /Amani Kasongo/ }).click();
    await page.getByLabel('Masse nette (kg)').fill('12.5');
    await page.getByLabel('Teneur (%)').fill('14.2');
    await page.getByLabel('Humidité (%)').fill('8');
    await page.getByLabel('Prix unitaire (USD)').fill('9.50');
    await page.getByLabel('Étiquette du lot').fill('TAG-OFF-1');
    await context.setOffline(true);
    await page.getByRole('button', { name: "Enregistrer l'achat" }).click();
    await page.getByText('Hors ligne : l\'achat est dans la file d\'envoi').waitFor();
    await page.getByRole('link', { name: '1 en attente' }).waitFor();
    await screenshot(page, 'officer-purchase-queued-offline');
    const before = await harness.t.http().get(`${base()}/purchases`).set(bearer(coops.inA.officer)).expect(200);
    expect(before.body.items).toHaveLength(0);

    await context.setOffline(false);
    await page.getByRole('link', { name: "File d'envoi" }).click();
    const settled = page.locator('.write[data-state="done"], .write[data-state="rejected"]');
    await settled.waitFor();
    expect([await settled.getAttribute('data-state'), await settled.innerText()]).toEqual(['done', expect.any(String)]);
    await screenshot(page, 'officer-queue-synced');
    // A second sync (a reload, another online event) sends nothing again.
    await page.reload();
    await page.evaluate(`window.dispatchEvent(new Event('online'))`);
    await page.locator('.write[data-state="done"]').waitFor();
    const after = await harness.t.http().get(`${base()}/purchases`).set(bearer(coops.inA.officer)).expect(200);
    expect(after.body.items).toHaveLength(1);
    expect(after.body.items[0].tagId).toBe('TAG-OFF-1');
    const receipt = await downloaded(page, () => page.getByRole('button', { name: 'Reçu (PDF)' }).click());
    expect(receipt.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

/** A 1×1 PNG, enough for the browser to decode and re-encode as JPEG. */
const ONE_PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
