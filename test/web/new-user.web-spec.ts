import type { Page } from 'playwright-core';
import { bearer, twoCooperatives, type TwoCooperatives } from '../support/identity-fixture.js';
import { pdfText } from '../support/pdf-text.js';
import { accessibilityViolations, downloaded, logIn, screenshot, startConsole, type ConsoleHarness } from './support/browser.js';
import { siteWithZone } from './support/site.js';

/**
 * The nine defects issue 18 found when the console was tried as a newcomer would, on a
 * 360×740 phone: each test here failed on the console as it was and passes now.
 */
describe('the console tried as a new officer or admin would (360×740)', () => {
  let harness: ConsoleHarness;
  let coops: TwoCooperatives;
  let siteId: string;
  const base = () => `/api/v1/cooperatives/${coops.coopA}`;
  const officer = 'officer.a@test.ushirika.org';
  const admin = 'admin.a@test.ushirika.org';
  let cards = 0;

  async function registerMiner(body: Record<string, unknown>, photo = false): Promise<{ id: string; memberNumber: string }> {
    cards += 1;
    const response = await harness.t
      .http()
      .post(`${base()}/miners`)
      .set(bearer(coops.inA.officer))
      .send({
        sex: 'F',
        dateOfBirth: '1990-04-12',
        nationality: 'CD',
        idDocumentType: 'voter_card',
        idDocumentNumber: `VC-NEW-USER-${cards}`,
        cardNumber: `LUA-2026-1${String(cards).padStart(3, '0')}`,
        cardIssuedOn: '2026-01-15',
        status: 'active',
        membershipDate: '2024-01-10',
        ...body,
      })
      .expect(201);
    if (photo) await harness.t.http().put(`${base()}/miners/${response.body.id}/photo`).set(bearer(coops.inA.officer)).set('Content-Type', 'image/png').send(ONE_PIXEL_PNG).expect(204);
    return response.body;
  }

  /** The part of the viewport an element covers, 0 to 1. */
  async function viewportShare(page: Page, selector: string): Promise<number> {
    return page.evaluate(`(() => {
      const box = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect();
      const width = Math.max(0, Math.min(innerWidth, box.right) - Math.max(0, box.left));
      const height = Math.max(0, Math.min(innerHeight, box.bottom) - Math.max(0, box.top));
      return (width * height) / (innerWidth * innerHeight);
    })()`);
  }

  async function inViewport(page: Page, selector: string): Promise<boolean> {
    return page.evaluate(`(() => {
      const box = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect();
      return box.top >= 0 && box.top < innerHeight && box.height > 0;
    })()`);
  }

  async function chooseSeller(page: Page, name: string): Promise<void> {
    await page.getByLabel('Vendeur : nom ou numéro de membre').fill(name);
    await page.getByRole('button', { name: 'Chercher' }).click();
    await page.getByRole('button', { name: new RegExp(name, 'i') }).click();
  }

  beforeAll(async () => {
    harness = await startConsole();
    coops = await twoCooperatives(harness.t);
    siteId = await siteWithZone(harness.t, coops.coopA, coops.inA.admin, { name: 'Kasulo', code: 'KAS', latitudeE6: -10712345, longitudeE6: 25468000 }, { name: 'Puits 1', capacity: 40 });
    await harness.t
      .http()
      .post(`${base()}/fee-rules`)
      .set(bearer(coops.inA.admin))
      .send({ ruleCode: 'COOPERATIVE_DUES', fundCode: 'COOPERATIVE_DUES', kind: 'percent', rateBp: 250, validFrom: '2020-01-01' })
      .expect(201);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('1. shows the gate decision over the whole screen with the name and photo of the member', async () => {
    const miner = await registerMiner({ firstName: 'Béatrice', lastName: 'Mujinga' }, true);
    const { page } = await harness.phone();
    await logIn(page, officer);
    await page.goto('/gate');
    await page.getByLabel('Zone').waitFor();
    await page.getByLabel('Numéro de membre').fill(miner.memberNumber);
    await page.getByRole('button', { name: 'Vérifier' }).click();
    const decision = page.locator('.decision.allowed');
    await decision.waitFor();
    expect(await decision.locator('.verdict').textContent()).toBe('ENTRÉE AUTORISÉE');
    expect(await decision.locator('.name').textContent()).toBe('Béatrice Mujinga');
    const photo = decision.getByRole('img', { name: 'Photo de Béatrice Mujinga' });
    await photo.waitFor();
    await page.waitForFunction(`document.querySelector('.decision img.member-photo')?.naturalWidth > 0`);
    expect(await viewportShare(page, '.decision')).toBeGreaterThan(0.95);
    await screenshot(page, 'new-user-gate-decision-full-screen');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Suivant' }).click();
    expect(await page.locator('.decision').count()).toBe(0);
    expect(await page.evaluate(`document.activeElement.id`)).toBe('gate-member-number');
  });

  it('2. answers an exit as an exit', async () => {
    const miner = await registerMiner({ firstName: 'Claude', lastName: 'Kalenga' });
    const { page } = await harness.phone();
    await logIn(page, officer);
    await page.goto('/gate');
    await page.getByLabel('Zone').waitFor();
    await page.getByLabel('Numéro de membre').fill(miner.memberNumber);
    await page.getByRole('button', { name: 'Vérifier' }).click();
    await page.locator('.decision.allowed').waitFor();
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByLabel('Sortie').check();
    await page.getByLabel('Numéro de membre').fill(miner.memberNumber);
    await page.getByRole('button', { name: 'Vérifier' }).click();
    const decision = page.locator('.decision');
    await decision.waitFor();
    expect(await decision.locator('.verdict').textContent()).toBe('SORTIE ENREGISTRÉE');
    await screenshot(page, 'new-user-gate-exit');
    const events = await harness.t.http().get(`${base()}/sites/${siteId}/gate-events?limit=200`).set(bearer(coops.inA.officer)).expect(200);
    const mine = events.body.items.filter((event: { memberNumber: string }) => event.memberNumber === miner.memberNumber);
    expect(mine.map((event: { direction: string }) => event.direction).sort()).toEqual(['in', 'out']);
  });

  it('4. refuses a mistyped member number offline at once instead of leaving it waiting in the queue', async () => {
    await registerMiner({ firstName: 'Daniel', lastName: 'Kyungu' });
    const { context, page } = await harness.phone();
    await logIn(page, officer);
    await page.goto('/gate');
    await page.getByText(/Liste hors ligne : \d+ membre/).waitFor();
    await context.setOffline(true);
    await page.getByLabel('Numéro de membre').fill('XX-0000-99999');
    await page.getByRole('button', { name: 'Vérifier' }).click();
    const decision = page.locator('.decision.unknown');
    await decision.waitFor();
    expect(await decision.locator('.verdict').textContent()).toBe('NUMÉRO INCONNU : XX-0000-99999');
    await screenshot(page, 'new-user-gate-unknown-number');
    expect(await page.locator('.badge').count()).toBe(0);
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByRole('link', { name: "File d'envoi" }).click();
    await page.getByText('Rien en attente.').waitFor();
    expect(await page.locator('.write').count()).toBe(0);
  });

  it('3. refuses before saving offline what the server would refuse, keeps a provisional receipt, and lets a refused entry be corrected from the queue', async () => {
    await registerMiner({ firstName: 'Esther', lastName: 'Banza' });
    await harness.t
      .http()
      .post(`${base()}/purchases`)
      .set(bearer(coops.inA.officer))
      .send({
        sellerId: (await harness.t.http().get(`${base()}/miners?q=banza`).set(bearer(coops.inA.officer)).expect(200)).body.items[0].id,
        siteId,
        mineral: 'HETEROGENITE',
        grossMass: { value: '5', unit: 'kg' },
        netMass: { value: '5', unit: 'kg' },
        gradePercent: '10',
        moisturePercent: '5',
        unitPriceMinor: 900,
        priceBasis: 'per_unit_contained_metal',
        currency: 'USD',
        paymentMethod: 'cash',
        tagId: 'TAG-TAKEN-1',
      })
      .expect(201);
    const { context, page } = await harness.phone();
    await logIn(page, officer);
    await page.goto('/purchases/new');
    await chooseSeller(page, 'Banza');
    await page.getByLabel('Masse nette (kg)').fill('12,8');
    await page.getByLabel('Teneur (%)').fill('14,2');
    await page.getByLabel('Prix unitaire (USD)').fill('9,50');
    await page.getByLabel('Étiquette du lot').fill('TAG-TAKEN-1');
    await context.setOffline(true);
    await page.getByRole('button', { name: "Enregistrer l'achat" }).click();
    const refusal = page.locator('[data-code="MOISTURE_REQUIRED"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe("L'humidité doit être mesurée pour Hétérogénite (cobalt).");
    expect(await page.getByLabel('Humidité (%)').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(`document.activeElement.id`)).toBe('purchase-moisture');
    expect(await page.locator('.badge').count()).toBe(0);
    await screenshot(page, 'new-user-purchase-refused-before-saving');

    await page.getByLabel('Humidité (%)').fill('8');
    await page.getByRole('button', { name: "Enregistrer l'achat" }).click();
    const receipt = page.getByTestId('provisional-receipt');
    await receipt.waitFor();
    const receiptText = await receipt.innerText();
    expect(receiptText).toContain('Esther Banza');
    expect(receiptText).toContain('12,8 kg');
    expect(receiptText).toContain('espèces');
    expect(receiptText).toContain('officer a');
    expect(receiptText).toMatch(/Net payé\s+15,49 USD/);
    await screenshot(page, 'new-user-purchase-provisional-receipt');

    await context.setOffline(false);
    await page.getByRole('link', { name: "File d'envoi" }).click();
    const rejected = page.locator('.write[data-state="rejected"]');
    await rejected.waitFor();
    expect(await rejected.innerText()).toContain('TAG-TAKEN-1');
    await rejected.getByRole('button', { name: 'Corriger' }).click();
    await page.getByRole('heading', { name: 'Corriger un achat refusé' }).waitFor();
    expect(await page.getByLabel('Masse nette (kg)').inputValue()).toBe('12,8');
    expect(await page.getByLabel('Humidité (%)').inputValue()).toBe('8');
    await page.getByLabel('Étiquette du lot').fill('TAG-CORRECTED-1');
    await page.getByRole('button', { name: "Enregistrer l'achat" }).click();
    await page.getByText(/Achat enregistré : lot LOT-\d+/).waitFor();
    const purchases = await harness.t.http().get(`${base()}/purchases`).set(bearer(coops.inA.officer)).expect(200);
    expect(purchases.body.items.map((item: { tagId: string }) => item.tagId)).toContain('TAG-CORRECTED-1');
    await page.goto('/queue');
    await page.locator('.write').first().waitFor();
    expect(await page.locator('.write[data-state="rejected"]').count()).toBe(0);
  });

  it('8. shows the total, fees and net paid before saving, and the confirmation on screen after', async () => {
    await registerMiner({ firstName: 'Fabrice', lastName: 'Ngoy' });
    const { page } = await harness.phone();
    await logIn(page, officer);
    await page.goto('/purchases/new');
    await chooseSeller(page, 'Ngoy');
    await page.getByLabel('Masse nette (kg)').fill('12,5');
    await page.getByLabel('Teneur (%)').fill('14,2');
    await page.getByLabel('Humidité (%)').fill('8');
    await page.getByLabel('Prix unitaire (USD)').fill('9,50');
    await page.getByLabel('Étiquette du lot').fill('TAG-TOTAL-1');
    const total = page.getByTestId('purchase-total');
    await total.waitFor();
    const shown = await total.innerText();
    expect(shown).toMatch(/Montant : 15,51 USD/);
    expect(shown).toMatch(/Retenue Cotisation coopérative : − 0,39 USD/);
    expect(shown).toMatch(/Net payé : 15,12 USD/);
    await screenshot(page, 'new-user-purchase-total-before-saving');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: "Enregistrer l'achat" }).click();
    await page.getByText(/Achat enregistré : lot LOT-\d+/).waitFor();
    expect(await inViewport(page, '.notice.success')).toBe(true);
    const purchases = await harness.t.http().get(`${base()}/purchases`).set(bearer(coops.inA.officer)).expect(200);
    const recorded = purchases.body.items.find((item: { tagId: string }) => item.tagId === 'TAG-TOTAL-1');
    expect([recorded.amountMinor, recorded.netPaidMinor]).toEqual([1551, 1512]);
    await screenshot(page, 'new-user-purchase-confirmation');

    const receipt = await downloaded(page, () => page.getByRole('button', { name: 'Reçu (PDF)' }).click());
    const text = (await pdfText(receipt.bytes)).replace(/\s+/g, ' ');
    expect(text).toContain('12,5 kg');
    expect(text).toContain('Hétérogénite (cobalt)');
    expect(text).toContain('espèces');
    expect(text).toContain('par kg de métal contenu');
    expect(text).toMatch(/12,5 kg × \(1 − 8 % d'humidité\) × 14,2 % de teneur = 1,633 kg de métal contenu/);
    expect(text).toMatch(/1,633 kg × 9,50 USD \/ kg = 15,51 USD/);
    expect(text).toMatch(/15,51 USD − 0,39 USD de retenues = 15,12 USD/);
    expect(text).toContain('Cotisation coopérative');
    expect(text).toContain('officer a');
    expect(text).toContain(recorded.hash.slice(0, 12));
    expect(text).not.toMatch(/HETEROGENITE|cash|12\.5/);
  });

  it('5. speaks French for every code: roles, statuses, minerals, risk categories, severities, states and protective equipment', async () => {
    await registerMiner({ firstName: 'Gisèle', lastName: 'Mwenze' });
    await harness.t.http().post(`${base()}/risk-flags`).set(bearer(coops.inA.officer)).send({ category: 'worst_forms_child_labour', description: 'Enfant au tamisage' }).expect(201);
    const { page } = await harness.phone();
    await logIn(page, officer);
    expect(await page.getByTestId('roles').textContent()).toBe('Vos rôles ici : agent');
    await page.goto('/members');
    await page.getByLabel('Rechercher').fill('mwenze');
    await page.getByRole('button', { name: 'Chercher' }).click();
    await page.getByRole('link', { name: /Gisèle Mwenze/ }).click();
    expect(await page.getByTestId('member-status').textContent()).toBe('actif');
    await page.goto('/purchases/new');
    await page.getByLabel('Minerai').waitFor();
    const minerals = await page.getByLabel('Minerai').locator('option').allTextContents();
    expect(minerals).toContain('Hétérogénite (cobalt)');
    expect(minerals.join(' ')).not.toMatch(/HETEROGENITE|COPPER_ORE/);
    await page.goto('/incidents');
    await page.getByText('Pires formes de travail des enfants · critique · ouverte').waitFor();
    const body = await page.locator('main').innerText();
    expect(body).not.toMatch(/worst forms|critical|\bopen\b/);
    await screenshot(page, 'new-user-labels-incidents');

    const adminPage = (await harness.phone()).page;
    await logIn(adminPage, admin);
    await adminPage.goto('/admin/sites');
    await adminPage.getByText('Ajouter une zone à Kasulo').click();
    await adminPage.getByRole('checkbox', { name: 'Casque' }).check();
    await adminPage.getByRole('checkbox', { name: 'Bottes de sécurité' }).check();
    await adminPage.getByLabel('Nom de la zone').fill('Puits 2');
    await adminPage.getByRole('button', { name: 'Ajouter la zone' }).click();
    await adminPage.getByText('Zone « Puits 2 » ajoutée.').waitFor();
    const zones = await harness.t.http().get(`${base()}/sites/${siteId}/zones`).set(bearer(coops.inA.officer)).expect(200);
    expect(zones.body.find((zone: { name: string }) => zone.name === 'Puits 2').ppeRequired).toEqual(['helmet', 'boots']);
    await adminPage.getByText('Casque · Bottes de sécurité').waitFor();
    await screenshot(adminPage, 'new-user-zone-ppe-choices');
  });

  it('6. shows the member photo, dates in French and a phone number that fits 360 px', async () => {
    const miner = await registerMiner({ firstName: 'Hélène', lastName: 'Kapinga', phone: '+243991234567' }, true);
    const { page } = await harness.phone();
    await logIn(page, officer);
    await page.goto(`/members/${miner.id}`);
    await page.getByRole('heading', { name: 'Hélène Kapinga' }).waitFor();
    await page.getByRole('img', { name: 'Photo de Hélène Kapinga' }).waitFor();
    await page.waitForFunction(`document.querySelector('img.member-photo')?.naturalWidth > 0`);
    expect(await page.getByTestId('member-birth').textContent()).toBe('12 avr. 1990');
    expect(await page.locator('main').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const overflow = await page.evaluate(`(() => {
      const phone = document.querySelector('dd.phone');
      return { page: document.documentElement.scrollWidth, phoneRight: phone.getBoundingClientRect().right };
    })()`);
    expect(overflow).toEqual({ page: 360, phoneRight: expect.any(Number) });
    expect((overflow as { phoneRight: number }).phoneRight).toBeLessThanOrEqual(360);
    await screenshot(page, 'new-user-member-page');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('6. takes dates typed day first whatever the browser language, and refuses a month-first date', async () => {
    const { page } = await harness.phone();
    await logIn(page, officer);
    await page.goto('/members/new');
    await page.getByLabel('Prénom').fill('Irène');
    await page.getByLabel('Nom', { exact: true }).fill('Mbuyamba');
    const birth = page.getByLabel('Date de naissance');
    await birth.fill('11/26/1991');
    expect(await birth.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('Date invalide : tapez jour/mois/année').waitFor();
    await birth.fill('26/11/1991');
    expect(await birth.getAttribute('aria-invalid')).toBeNull();
    await page.getByLabel('Numéro de la pièce').fill('VC-DATE-1');
    await page.getByRole('button', { name: 'Inscrire', exact: true }).click();
    await page.getByRole('heading', { name: 'Irène Mbuyamba' }).waitFor();
    expect(await page.getByTestId('member-birth').textContent()).toBe('26 nov. 1991');
    const found = await harness.t.http().get(`${base()}/miners?q=mbuyamba`).set(bearer(coops.inA.officer)).expect(200);
    expect(found.body.items[0].dateOfBirth).toBe('1991-11-26');
  });

  it('7. opens an incident when tapped, and reports one offline through the queue', async () => {
    const { context, page } = await harness.phone();
    await logIn(page, officer);
    await page.goto('/incidents');
    await page.getByLabel("Ce qui s'est passé").waitFor();
    await context.setOffline(true);
    await page.getByLabel('Catégorie').selectOption('injury');
    await page.getByLabel("Ce qui s'est passé").fill('Blessure à la main au puits 1');
    await page.getByRole('button', { name: 'Signaler' }).click();
    await page.getByText("Hors ligne : le signalement est dans la file d'envoi").waitFor();
    await page.getByRole('link', { name: '1 en attente' }).waitFor();
    await context.setOffline(false);
    await page.getByRole('link', { name: "File d'envoi" }).click();
    await page.locator('.write[data-state="done"]').waitFor();
    await page.goto('/incidents');
    await page.getByRole('link', { name: /Blessure · élevée · ouverte/ }).click();
    await page.getByRole('heading', { name: 'Blessure' }).waitFor();
    expect(await page.getByTestId('flag-state').textContent()).toBe('ouverte');
    await page.getByText('Blessure à la main au puits 1').waitFor();
    await screenshot(page, 'new-user-incident-page');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('9. confirms a saved site, shows its zones, cues the tabs that scroll, fills the home tiles and names the password minimum', async () => {
    const { page } = await harness.phone();
    await logIn(page, admin);
    const tiles = await page.locator('.tile span').allTextContents();
    expect(tiles.length).toBeGreaterThan(3);
    expect(tiles.every((text) => text.trim().length > 10)).toBe(true);
    expect(await page.locator('nav .tabs').getAttribute('data-more')).toBe('right');
    expect(await page.evaluate(`getComputedStyle(document.querySelector('nav .tabs'), '::after').content`)).toBe('"›"');
    await screenshot(page, 'new-user-home');

    await page.goto('/admin/sites');
    await page.getByText('Puits 1').waitFor();
    expect(await page.getByText('Puits 1').isVisible()).toBe(true);
    await page.getByLabel('Nom du site').fill('Mupanja');
    await page.getByLabel('Code du site').fill('MUP');
    await page.getByLabel('Latitude (degrés)').fill('-10,7');
    await page.getByLabel('Longitude (degrés)').fill('25,4');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Site « Mupanja » enregistré.').waitFor();
    expect(await inViewport(page, '.notice.success')).toBe(true);
    await page.getByRole('heading', { name: /Mupanja \(MUP\)/ }).waitFor();
    await screenshot(page, 'new-user-site-saved');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.goto('/admin/users');
    await page.getByLabel('E-mail ou téléphone').fill('nouvel.agent@test.ushirika.org');
    await page.getByLabel('Nom complet').fill('Nouvel Agent');
    await page.getByLabel('Mot de passe').fill('court');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Le mot de passe doit contenir au moins 10 caractères.').waitFor();
    expect(await page.getByText('Au moins 10 caractères.', { exact: false }).count()).toBeGreaterThan(0);
  });
});

/** A 1×1 PNG, enough for the browser to decode and show. */
const ONE_PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
