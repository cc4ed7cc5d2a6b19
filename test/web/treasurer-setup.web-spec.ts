import { bearer, twoCooperatives, type TwoCooperatives } from '../support/identity-fixture.js';
import { registerMiner } from '../support/member-fixture.js';
import { accessibilityViolations, logIn, screenshot, startConsole, type ConsoleHarness } from './support/browser.js';

/**
 * Issue 19, treasurer: a group set up from nothing in the console on a phone — the group, its
 * members (two registered miners found by name, six people of the community), its treasurer,
 * its committee and key-holders, then a cycle with the rules the group agreed — and the first
 * meeting screen opens on it.
 */
const COMMUNITY = [
  ['Neema', 'Kapinga'], ['Rehema', 'Tshala'], ['Upendo', 'Mbuyi'], ['Zawadi', 'Ngoy'], ['Baraka', 'Kalenga'], ['Asha', 'Mujinga'],
] as const;

describe('a treasurer setting up a savings group in the web console', () => {
  let harness: ConsoleHarness;
  let coops: TwoCooperatives;
  let miners: { id: string; firstName: string; lastName: string }[];

  beforeAll(async () => {
    harness = await startConsole();
    coops = await twoCooperatives(harness.t);
    miners = [];
    for (const [firstName, lastName] of [['Gisèle', 'Mwenze'], ['Patrice', 'Kyungu']]) {
      miners.push(await registerMiner(harness.t, coops.inA.officer, coops.coopA, { firstName, lastName }));
    }
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('creates the group, its members, treasurer and committee, then starts a cycle under its rules', async () => {
    const { page } = await harness.phone();
    await logIn(page, 'admin.a@test.ushirika.org');
    await page.getByRole('link', { name: 'Épargne (AVEC)' }).first().click();
    await page.getByLabel('Nom du groupe').fill('AVEC Tuungane');
    await page.getByLabel('Lieu de réunion').fill('Église de Kasulo');
    await page.getByLabel('Rythme des réunions').selectOption('fortnightly');
    await page.getByLabel('Jour de réunion').selectOption('6');
    await page.getByRole('button', { name: 'Créer le groupe' }).click();
    await page.getByRole('heading', { name: 'AVEC Tuungane' }).waitFor();
    expect(await page.getByText('Se réunit à Église de Kasulo, toutes les deux semaines, le samedi.').count()).toBe(1);

    for (const miner of miners) {
      await page.getByLabel('Nom ou numéro du mineur').fill(miner.lastName);
      await page.getByRole('button', { name: 'Chercher' }).click();
      await page.getByRole('button', { name: `Ajouter ${miner.firstName} ${miner.lastName}` }).click();
      await page.getByText(`${miner.firstName} ${miner.lastName} est membre du groupe.`).waitFor();
    }
    // Already a member: the search no longer offers her.
    await page.getByLabel('Nom ou numéro du mineur').fill('Mwenze');
    await page.getByRole('button', { name: 'Chercher' }).click();
    await page.getByText('Aucun mineur trouvé (ou déjà membre du groupe).').waitFor();

    await page.getByRole('button', { name: 'Autre personne' }).click();
    for (const [firstName, lastName] of COMMUNITY) {
      await page.getByLabel('Prénom').fill(firstName);
      await page.getByLabel('Nom', { exact: true }).fill(lastName);
      await page.getByLabel('Sexe').selectOption('F');
      await page.getByRole('button', { name: 'Ajouter cette personne' }).click();
      await page.getByText(`${firstName} ${lastName} est membre du groupe.`).waitFor();
    }
    await page.getByRole('heading', { name: 'Membres (8)' }).waitFor();

    const users = await harness.t.http().get(`/api/v1/cooperatives/${coops.coopA}/users`).set(bearer(coops.inA.admin)).expect(200);
    const treasurer = (users.body as { id: string; name: string; roles: string[] }[]).find((user) => user.roles.includes('treasurer'))!;
    await page.getByLabel(treasurer.name).check();
    await page.getByRole('button', { name: 'Enregistrer les trésoriers' }).click();
    await page.getByText(`Trésoriers du groupe : ${treasurer.name}.`).waitFor();

    await page.getByText("Enregistrer l'élection du comité").click();
    const seats: [string, string][] = [
      ['Président(e)', 'Gisèle Mwenze'], ['Secrétaire', 'Patrice Kyungu'], ['Trésorier(ère)', 'Neema Kapinga'], ['Compteur 1', 'Rehema Tshala'],
      ['Compteur 2', 'Upendo Mbuyi'], ['Gardien(ne) de clé 1', 'Zawadi Ngoy'], ['Gardien(ne) de clé 2', 'Baraka Kalenga'], ['Gardien(ne) de clé 3', 'Asha Mujinga'],
      ['Gardien(ne) de la caisse', 'Gisèle Mwenze'],
    ];
    for (const [seat, name] of seats) await page.getByLabel(seat, { exact: true }).selectOption({ label: name });
    await page.getByRole('button', { name: 'Enregistrer le comité' }).click();
    await page.getByText('Comité enregistré.').waitFor();

    await page.getByLabel('Premier jour du cycle').fill('03/01/2026');
    await page.getByLabel('Fin prévue (partage)').fill('26/12/2026');
    await page.getByLabel('Monnaie').selectOption('CDF');
    await page.getByLabel("Prix d'une part (CDF)").fill('2000');
    await page.getByLabel('Cotisation sociale par réunion (CDF)').fill('500');
    await page.getByLabel("Crédit au plus (× l'épargne du membre)").fill('2,5');
    await page.getByLabel('Frais de service (% par mois)').fill('5');
    await page.getByLabel('Amende : retard (CDF)').fill('200');
    await screenshot(page, 'treasurer-setup-cycle');
    expect(await accessibilityViolations(page)).toEqual([]);
    // A share price no one can read is named before anything is sent.
    await page.getByLabel("Prix d'une part (CDF)").fill('deux mille');
    await page.getByRole('button', { name: 'Démarrer le cycle' }).click();
    await page.getByText('Certains champs ne peuvent pas être lus').waitFor();
    await page.getByLabel("Prix d'une part (CDF)").fill('2000');
    await page.getByRole('button', { name: 'Démarrer le cycle' }).click();
    await page.getByRole('heading', { name: /AVEC Tuungane — réunion/ }).waitFor();
    expect(await page.locator('fieldset.member-line').count()).toBe(8);

    const groups = await harness.t.http().get(`/api/v1/cooperatives/${coops.coopA}/savings-groups`).set(bearer(coops.inA.treasurer)).expect(200);
    expect(groups.body.map((g: { name: string }) => g.name)).toEqual(['AVEC Tuungane']);
    const group = await harness.t.http().get(`/api/v1/cooperatives/${coops.coopA}/savings-groups/${groups.body[0].id}`).set(bearer(coops.inA.treasurer)).expect(200);
    expect(group.body).toMatchObject({ meetingPlace: 'Église de Kasulo', frequency: 'fortnightly', meetingWeekday: 6, treasurerIds: [treasurer.id] });
    expect(group.body.members.filter((m: { minerId: string | null }) => m.minerId !== null).map((m: { minerId: string }) => m.minerId).sort()).toEqual(miners.map((m) => m.id).sort());
    const byName = new Map((group.body.members as { id: string; firstName: string; lastName: string }[]).map((m) => [`${m.firstName} ${m.lastName}`, m.id]));
    expect(group.body.committee).toMatchObject({ president: byName.get('Gisèle Mwenze'), boxKeeper: byName.get('Gisèle Mwenze'), keyHolders: [byName.get('Zawadi Ngoy'), byName.get('Baraka Kalenga'), byName.get('Asha Mujinga')] });
    expect(group.body.cycles).toHaveLength(1);
    expect(group.body.cycles[0]).toMatchObject({
      startsOn: '2026-01-03',
      plannedEndOn: '2026-12-26',
      rules: { currency: 'CDF', sharePriceMinor: 200_000, socialFundContributionMinor: 50_000, loanCapSavingsMultipleBp: 25_000, serviceChargeRateBpPerMonth: 500, fineTypes: [{ code: 'late', amountMinor: 20_000 }] },
    });
  });
});
