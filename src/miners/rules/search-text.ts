import { nameTokens, normaliseName } from './names.js';

/** What a miner is found by: names and member, card and ID numbers, normalised as searches are. */
export function searchTextOf(parts: ReadonlyArray<string | null>): string {
  return normaliseName(parts.filter((part): part is string => part !== null).join(' '));
}

/** The words of a search that could match an ID number: those with a digit (names have none). */
export function idNumberWords(q: string | undefined): string[] {
  return nameTokens(q ?? '').filter((word) => /\d/.test(word));
}

/** True when one of the searched words starts a word of the ID number: the search read it. */
export function foundByIdNumber(idDocumentNumber: string, words: readonly string[]): boolean {
  const tokens = nameTokens(idDocumentNumber);
  return words.some((word) => tokens.some((token) => token.startsWith(word)));
}
