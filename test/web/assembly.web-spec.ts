import type { Page } from 'playwright-core';
import { twoCooperatives, type TwoCooperatives } from '../support/identity-fixture.js';
import { registerActiveMember } from '../support/member-fixture.js';
import { accessibilityViolations, downloaded, logIn, screenshot, startConsole, type ConsoleHarness } from './support/browser.js';

/**
 * Issue 19, assemblies and elections: a full ordinary assembly run from one phone — convened
 * with its agenda, attendance with a proxy and the quorum counted live, opened, a resolution
 * voted, then an election whose three voters vote at the voting station, each alone on a screen
 * that keeps nothing of the choice once the phone is handed back; closed, counted, certified.
 */
const SENIOR = '2024-01-10';
const PEOPLE = [
  ['Amani', 'Mukendi'], ['Bahati', 'Ilunga'], ['Chiku', 'Kasongo'], ['Dieumerci', 'Banza'], ['Esther', 'Mwamba'],
] as const;
const name = (index: number): string => `${PEOPLE[index][0]} ${PEOPLE[index][1]}`;

interface Request<T> { result: T; onsuccess: (() => void) | null; onerror: (() => void) | null }
interface Database { objectStoreNames: Iterable<string>; transaction(store: string): { objectStore(store: string): { getAll(): Request<unknown[]> } }; close(): void }
interface Databases { databases(): Promise<{ name?: string }[]>; open(name: string): Request<Database> }

/** Everything the phone keeps (localStorage, sessionStorage, every IndexedDB store) as one text. */
async function storedOnPhone(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const browser = globalThis as unknown as { indexedDB: Databases; localStorage: Storage; sessionStorage: Storage };
    const answer = <T,>(request: Request<T>): Promise<T> =>
      new Promise((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(new Error('IndexedDB'));
      });
    const kept: unknown[] = [Object.entries(browser.localStorage), Object.entries(browser.sessionStorage)];
    for (const { name: database } of await browser.indexedDB.databases()) {
      if (!database) continue;
      const db = await answer(browser.indexedDB.open(database));
      for (const store of [...db.objectStoreNames]) kept.push(await answer(db.transaction(store).objectStore(store).getAll()));
      db.close();
    }
    return JSON.stringify(kept);
  });
}

const occurrences = (text: string, word: string): number => text.split(word).length - 1;

describe('a secretary running an ordinary assembly with an election in the web console', () => {
  let harness: ConsoleHarness;
  let coops: TwoCooperatives;
  let memberIds: string[];

  beforeAll(async () => {
    harness = await startConsole();
    coops = await twoCooperatives(harness.t);
    memberIds = [];
    for (const [firstName, lastName] of PEOPLE) memberIds.push((await registerActiveMember(harness.t, coops.inA.officer, coops.coopA, SENIOR, { firstName, lastName })).id);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('convenes, takes attendance with a proxy, opens on the quorum, votes, elects at the voting station and certifies', async () => {
    const { context, page } = await harness.phone();
    await logIn(page, 'admin.a@test.ushirika.org');
    await page.goto('/admin/governance');

    // Convene: kind, call, dates, agenda items with their decision kind.
    const convene = page.getByRole('form', { name: 'Convoquer une assemblée' });
    await convene.getByLabel('Convocation', { exact: true }).selectOption('1');
    await convene.getByLabel("Date de l'assemblée").fill('30/11/2026');
    await convene.getByLabel('Date de la convocation').fill('02/11/2026');
    await convene.getByLabel('Lieu').fill('Salle de Kasulo');
    await convene.getByLabel('Point 1', { exact: true }).fill('Approbation des comptes 2025');
    expect(await convene.getByLabel('Nature de la décision (point 1)').locator('option').allTextContents()).toEqual(['décision ordinaire']);
    await convene.getByRole('button', { name: 'Convoquer une assemblée' }).click();
    await page.getByRole('heading', { name: 'Assemblée générale ordinaire du 30 nov. 2026' }).waitFor();

    // Attendance: three present, one represented by a present member; the quorum moves as the desk ticks.
    const quorum = page.getByTestId('quorum');
    await page.getByLabel(`Présence de ${name(0)}`, { exact: false }).selectOption('present');
    expect(await quorum.textContent()).toContain('1 présent(s) + 0 représenté(s) = 1 sur 5 membres actifs');
    expect(await quorum.textContent()).toContain('Quorum non atteint');
    expect(await quorum.textContent()).toContain('Il en faut 3');
    for (const index of [1, 2]) await page.getByLabel(`Présence de ${name(index)}`, { exact: false }).selectOption('present');
    await page.getByLabel(`Présence de ${name(3)}`, { exact: false }).selectOption('represented');
    await page.getByLabel(`Mandataire de ${name(3)}`, { exact: false }).selectOption({ label: name(0) });
    expect(await quorum.textContent()).toContain('3 présent(s) + 1 représenté(s) = 4 sur 5 membres actifs');
    expect(await quorum.textContent()).toContain('Quorum atteint');
    expect(await quorum.textContent()).toContain('la moitié des membres');
    await page.getByRole('button', { name: 'Enregistrer la présence' }).click();
    await page.getByText('Modifications non enregistrées.').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: "Ouvrir l'assemblée" }).click();

    // A resolution: the votes and the majority rule the server applied, in words.
    await page.getByLabel('Pour (point 1)').fill('3');
    await page.getByLabel('Contre (point 1)').fill('1');
    await page.getByLabel('Abstentions (point 1)').fill('0');
    await page.getByRole('button', { name: 'Enregistrer le vote du point 1' }).click();
    await page.getByText('Résolution adoptée').waitFor();
    expect(await page.locator('main').textContent()).toContain('majorité simple des voix exprimées, abstentions non comptées');
    expect(await page.locator('main').textContent()).not.toMatch(/SIMPLE_MAJORITY|OHADA_|USHIRIKA_|ordinary|open\b/);
    expect(await accessibilityViolations(page)).toEqual([]);
    const minutes = await downloaded(page, () => page.getByRole('button', { name: 'Procès-verbal (PDF)' }).click());
    expect(minutes.bytes.subarray(0, 5).toString()).toBe('%PDF-');

    // An election with two candidates (not the board: one auditor of accounts).
    await page.getByText("Créer l'élection").first().click();
    await page.getByLabel("Intitulé de l'élection").fill('Commissaire aux comptes');
    await page.getByLabel(/Ces postes forment le conseil/).uncheck();
    await page.getByLabel('Intitulé du poste 1').fill('Commissaire aux comptes');
    await page.getByRole('button', { name: "Créer l'élection" }).click();
    await page.getByRole('heading', { name: 'Commissaire aux comptes (tour 1)' }).waitFor();
    const candidate = page.getByLabel('Candidat', { exact: true });
    for (const index of [1, 2]) {
      await candidate.selectOption((await candidate.locator('option', { hasText: name(index) }).getAttribute('value')) ?? '');
      await page.getByRole('button', { name: 'Enregistrer la candidature' }).click();
      await page.locator('li', { hasText: name(index) }).getByText(/éligible depuis le 10 juil\. 2024/).waitFor();
    }
    expect(await page.locator('main').textContent()).not.toContain('voix');

    // The voting station: three voters, each alone with the ballot.
    await page.getByRole('link', { name: 'Ouvrir le bureau de vote' }).click();
    await page.getByRole('heading', { name: 'Bureau de vote' }).waitFor();
    const votes: [voter: number, choice: number][] = [[0, 1], [3, 2], [1, 1]];
    const voted = new Set<number>();
    for (const [voter, choice] of votes) {
      await page.getByLabel("Chercher l'électeur (nom ou numéro)").fill(PEOPLE[voter][1]);
      await page.getByRole('button', { name: new RegExp(`^Identifier ${name(voter)}`) }).click();
      await page.getByRole('button', { name: "Remettre le téléphone à l'électeur" }).click();
      const booth = page.getByRole('dialog');
      await booth.waitFor();
      const seen = (await page.locator('main').innerText());
      // The ballot alone: the two candidates, no other voter, no mark of who voted, no count.
      expect(seen).toContain(name(1));
      expect(seen).toContain(name(2));
      for (const other of [0, 3, 4]) expect(seen).not.toContain(name(other));
      expect(seen).not.toMatch(/a voté|voix|votant/);
      if (voter === 0) {
        await screenshot(page, 'voting-station-ballot');
        expect(await accessibilityViolations(page)).toEqual([]);
      }
      await booth.getByLabel(name(choice)).check();
      await booth.getByRole('button', { name: 'Vérifier mon choix' }).click();
      if (voter === 1) {
        // Offline, the ballot is refused on the spot, never queued for later; sent again once online.
        await context.setOffline(true);
        await booth.getByRole('button', { name: 'Déposer mon bulletin' }).click();
        await booth.getByText("Pas de réseau : un bulletin n'est jamais gardé sur le téléphone ni envoyé plus tard.", { exact: false }).waitFor();
        expect(await storedOnPhone(page)).not.toMatch(/ballots/);
        await context.setOffline(false);
      }
      await booth.getByRole('button', { name: 'Déposer mon bulletin' }).click();
      await page.getByText(`Bulletin de ${name(voter)} (`).waitFor();
      await page.locator('li', { hasText: name(voter) }).getByText('a voté').waitFor();

      // Back at the register: nothing of the choice in the page, nor kept on the phone.
      expect(await page.getByRole('dialog').count()).toBe(0);
      expect(await page.locator('input[type=radio], input[type=checkbox]').count()).toBe(0);
      const after = await page.locator('body').innerHTML();
      voted.add(voter);
      // A candidate's name appears only in the register (name, and the Identify button until they vote) and in the
      // "ballot cast" line when they were the voter: the same page whichever candidate was chosen.
      for (const candidate of [1, 2]) expect(occurrences(after, name(candidate))).toBe((voted.has(candidate) ? 1 : 2) + (candidate === voter ? 1 : 0));
      expect(after).not.toMatch(/Bulletin de vote|Vérifiez votre bulletin|vote blanc/);
      const stored = await storedOnPhone(page);
      for (const id of [memberIds[1], memberIds[2]]) expect(stored).not.toContain(id);
      expect(stored).not.toMatch(/ballots|Ilunga|Kasongo/);
    }
    await screenshot(page, 'voting-station-register');

    // Close the poll: only now the count appears; then certify and the mandate.
    await page.getByRole('link', { name: "← Retour à l'élection" }).click();
    await page.getByText('3 membre(s) ont signé le registre des votants.').waitFor();
    await page.getByRole('button', { name: 'Clore le scrutin' }).click();
    await page.getByRole('button', { name: 'Oui, clore le scrutin et dépouiller' }).click();
    await page.getByText('3 votant(s).').waitFor();
    const results = page.getByRole('region', { name: 'Dépouillement' });
    expect(await results.locator('li', { hasText: name(1) }).textContent()).toContain('2 voix · élu(e)');
    expect(await results.locator('li', { hasText: name(2) }).textContent()).toContain('1 voix');
    await page.getByRole('button', { name: 'Certifier les résultats et les mandats' }).click();
    await page.getByRole('heading', { name: 'Mandats' }).waitFor();
    expect(await page.locator('li', { hasText: 'du 30 nov. 2026 au 30 nov. 2028' }).textContent()).toContain(name(1));
    expect(await page.locator('main').textContent()).not.toMatch(/certified|decided|USHIRIKA_/);
    await screenshot(page, 'election-certified');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
