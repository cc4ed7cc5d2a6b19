import { bearer, twoCooperatives, type TwoCooperatives } from '../support/identity-fixture.js';
import { accessibilityViolations, downloaded, logIn, screenshot, startConsole, type ConsoleHarness } from './support/browser.js';
import { siteWithZone } from './support/site.js';

/** Officer screens beyond the first ones (issue 18): registration as the API allows it, status changes, a flag's life. */
describe('the officer registry and risk screens', () => {
  let harness: ConsoleHarness;
  let coops: TwoCooperatives;
  const base = () => `/api/v1/cooperatives/${coops.coopA}`;
  const officer = 'officer.a@test.ushirika.org';

  let siteId: string;

  beforeAll(async () => {
    harness = await startConsole();
    coops = await twoCooperatives(harness.t);
    siteId = await siteWithZone(harness.t, coops.coopA, coops.inA.admin, { name: 'Luisha', code: 'LUI', latitudeE6: -11712345, longitudeE6: 27468000 }, { name: 'Laverie', forbidsPregnancy: true });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('registers an applicant with an estimated birth year, then admits them with a reason and a date kept in the history', async () => {
    const { page } = await harness.phone();
    await logIn(page, officer);
    await page.goto('/members/new');
    await page.getByLabel('Prénom').fill('Joseph');
    await page.getByLabel('Nom', { exact: true }).fill('Tshibangu');
    await page.getByLabel('inconnue : année estimée').check();
    await page.getByLabel('Année de naissance estimée').fill('1988');
    await page.getByLabel('Numéro de la pièce').fill('VC-APPL-1');
    await page.getByLabel("Statut à l'inscription").selectOption('applicant');
    await page.getByRole('button', { name: 'Inscrire', exact: true }).click();
    await page.getByRole('heading', { name: 'Joseph Tshibangu' }).waitFor();
    expect(await page.getByTestId('member-status').textContent()).toBe('candidat');
    expect(await page.getByTestId('member-birth').textContent()).toBe('vers 1988 (année estimée)');

    await page.getByText('Changer le statut').click();
    await page.getByLabel('Nouveau statut').selectOption('active');
    await page.getByLabel('Motif').fill('Admis par le conseil du 2 décembre');
    await page.getByLabel('À partir du').fill('02/12/2026');
    await page.getByRole('button', { name: 'Enregistrer le statut' }).click();
    await page.getByText('Statut enregistré : actif.').waitFor();
    await page.getByText('Admis par le conseil du 2 décembre').waitFor();
    expect(await page.getByTestId('member-status').textContent()).toBe('actif');
    await page.getByText(/2 déc\. 2026 · candidat → actif/).waitFor();
    await screenshot(page, 'officer-member-admitted');
    expect(await accessibilityViolations(page)).toEqual([]);
    const found = await harness.t.http().get(`${base()}/miners?q=tshibangu`).set(bearer(coops.inA.officer)).expect(200);
    expect(found.body.items[0]).toMatchObject({ status: 'active', birthYear: 1988, birthDateEstimated: true, dateOfBirth: null });
  });

  it('moves a flag through its states from its page, a dismissal asking for its reason', async () => {
    const flag = await harness.t.http().post(`${base()}/risk-flags`).set(bearer(coops.inA.officer)).send({ category: 'missing_ppe', description: 'Pas de casque au puits 2' }).expect(201);
    const other = await harness.t.http().post(`${base()}/risk-flags`).set(bearer(coops.inA.officer)).send({ category: 'other', description: 'Doublon du signalement précédent' }).expect(201);
    const { page } = await harness.phone();
    await logIn(page, officer);
    await page.goto(`/incidents/${flag.body.id}`);
    await page.getByRole('button', { name: 'Prendre en compte' }).click();
    await page.getByText("L'alerte est maintenant : prise en compte.").waitFor();
    await page.getByRole('button', { name: 'Marquer résolue' }).waitFor();
    await page.getByRole('button', { name: 'Marquer résolue' }).click();
    await page.getByText("L'alerte est maintenant : résolue.").waitFor();
    await page.waitForFunction(`document.querySelector('[data-testid="flag-state"]')?.textContent === 'résolue'`);
    await page.getByRole('button', { name: 'Clôturer' }).waitFor();
    await screenshot(page, 'officer-flag-resolved');

    await page.goto(`/incidents/${other.body.id}`);
    await page.getByRole('button', { name: 'Écarter (signalement infondé)' }).click();
    await page.getByLabel('Motif (obligatoire)').fill('Doublon');
    await page.locator('form').getByRole('button', { name: 'Écarter (signalement infondé)' }).click();
    await page.getByText("L'alerte est maintenant : écartée.").waitFor();
    const dismissed = await harness.t.http().get(`${base()}/risk-flags/${other.body.id}`).set(bearer(coops.inA.officer)).expect(200);
    expect([dismissed.body.state, dismissed.body.dismissalReason]).toEqual(['dismissed', 'Doublon']);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('takes the declarations at the gate: a pregnancy where the zone forbids it, and an unregistered person who looks under 18 raises the child-labour flag', async () => {
    const miner = await harness.t
      .http()
      .post(`${base()}/miners`)
      .set(bearer(coops.inA.officer))
      .send({ firstName: 'Ruth', lastName: 'Kabila', sex: 'F', dateOfBirth: '1995-02-01', nationality: 'CD', idDocumentType: 'voter_card', idDocumentNumber: 'VC-PREG-1', cardNumber: 'LUA-2026-7001', cardIssuedOn: '2026-01-15', status: 'active', membershipDate: '2024-01-10' })
      .expect(201);
    const { page } = await harness.phone();
    await logIn(page, officer);
    await page.goto('/gate');
    await page.getByLabel('Zone').waitFor();
    await page.getByLabel('La personne déclare être enceinte').check();
    await page.getByLabel('Numéro de membre').fill(miner.body.memberNumber);
    await page.getByRole('button', { name: 'Vérifier' }).click();
    const denied = page.locator('.decision.denied');
    await denied.waitFor();
    expect(await denied.locator('[data-code="ZONE_FORBIDS_PREGNANCY"]').count()).toBe(1);
    await page.getByRole('button', { name: 'Suivant' }).click();

    await page.getByRole('button', { name: 'Personne sans carte ni numéro…' }).click();
    await page.getByLabel('Description (vêtements, taille, signes visibles)').fill('Garçon en t-shirt rouge, environ 1,40 m');
    await page.getByLabel('Paraît avoir moins de 18 ans').check();
    await screenshot(page, 'officer-gate-unknown-person');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Enregistrer le passage refusé' }).click();
    await page.locator('.decision.denied').waitFor();
    const flags = await harness.t.http().get(`${base()}/risk-flags`).set(bearer(coops.inA.admin)).expect(200);
    expect(flags.body.items.map((flag: { source: string; category: string }) => [flag.source, flag.category])).toContainEqual(['unknown_apparent_minor_at_gate', 'worst_forms_child_labour']);
  });

  it('lists the ledger, opens an entry and reverses it with a reason, and prints the seller\'s statement of the month', async () => {
    const seller = await harness.t
      .http()
      .post(`${base()}/miners`)
      .set(bearer(coops.inA.officer))
      .send({ firstName: 'Pascal', lastName: 'Ilunga', sex: 'M', dateOfBirth: '1985-06-01', nationality: 'CD', idDocumentType: 'voter_card', idDocumentNumber: 'VC-LEDG-1', cardNumber: 'LUA-2026-7002', cardIssuedOn: '2026-01-15', status: 'active', membershipDate: '2024-01-10' })
      .expect(201);
    const purchase = await harness.t
      .http()
      .post(`${base()}/purchases`)
      .set(bearer(coops.inA.officer))
      .send({ sellerId: seller.body.id, siteId, mineral: 'COPPER_ORE', grossMass: { value: '40', unit: 'kg' }, netMass: { value: '38.5', unit: 'kg' }, gradePercent: '3', unitPriceMinor: 120, priceBasis: 'per_unit_net_mass', currency: 'USD', paymentMethod: 'cash', tagId: 'TAG-LEDGER-1' })
      .expect(201);
    const { page } = await harness.phone();
    await logIn(page, officer);
    await page.getByRole('link', { name: 'Registre des achats' }).first().click();
    await page.getByText('1 écriture(s) affichée(s) sur 1 chargée(s)').waitFor();
    await page.getByLabel('Lot, étiquette ou référence').fill('ledger-1');
    await page.getByRole('link', { name: new RegExp(purchase.body.lotNumber) }).click();
    await page.getByText('Minerai de cuivre').waitFor();
    await page.getByText('38,5 kg').waitFor();
    expect(await page.locator('nav a[aria-current="page"]').textContent()).toBe('Registre des achats');
    await page.getByText('Contre-passer cet achat').click();
    await page.getByLabel('Motif').fill('Pesée sur la mauvaise balance');
    await page.getByRole('button', { name: 'Contre-passer', exact: true }).click();
    await page.getByText(/Contre-passation enregistrée : écriture n° \d+\./).waitFor();
    await screenshot(page, 'officer-ledger-reversed');
    expect(await accessibilityViolations(page)).toEqual([]);
    const ledger = await harness.t.http().get(`${base()}/purchases`).set(bearer(coops.inA.officer)).expect(200);
    const reversal = ledger.body.items.find((entry: { kind: string }) => entry.kind === 'reversal');
    expect([reversal.reversesId, reversal.reason]).toEqual([purchase.body.id, 'Pesée sur la mauvaise balance']);

    await page.goto(`/members/${seller.body.id}`);
    const statement = await downloaded(page, () => page.getByRole('button', { name: 'Relevé du mois (PDF)' }).click());
    expect(statement.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('renews a member card and declares a card lost from the member page', async () => {
    const miner = await harness.t
      .http()
      .post(`${base()}/miners`)
      .set(bearer(coops.inA.officer))
      .send({ firstName: 'Odile', lastName: 'Mwamba', sex: 'F', dateOfBirth: '1990-01-01', nationality: 'CD', idDocumentType: 'voter_card', idDocumentNumber: 'VC-CARD-1', cardNumber: 'LUA-2024-7003', cardIssuedOn: '2024-01-15', cardExpiresOn: '2025-01-14', status: 'active', membershipDate: '2024-01-10' })
      .expect(201);
    const { page } = await harness.phone();
    await logIn(page, officer);
    await page.goto(`/members/${miner.body.id}`);
    await page.getByText('expirée', { exact: false }).first().waitFor();
    await page.getByText('Carte : renouveler ou déclarer perdue').click();
    await page.getByLabel("Numéro de carte d'exploitant").fill('LUA-2026-7003');
    await page.getByRole('button', { name: 'Enregistrer une nouvelle carte' }).click();
    await page.getByText('Nouvelle carte LUA-2026-7003 enregistrée.').waitFor();
    await page.getByText(/LUA-2026-7003 · valide/).waitFor();
    await page.getByRole('button', { name: 'Déclarer la carte perdue' }).click();
    await page.getByText('Carte déclarée perdue').waitFor();
    await screenshot(page, 'officer-member-card-actions');
    const found = await harness.t.http().get(`${base()}/miners/${miner.body.id}`).set(bearer(coops.inA.officer)).expect(200);
    expect(found.body.cardNumber).toBe('LUA-2026-7003');
  });
});

