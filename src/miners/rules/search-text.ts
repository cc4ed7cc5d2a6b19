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

/**
 * The search text of a record whose member number the database allocates in the insert: the
 * words before the number and after it, each normalised on its own. `searchTextAround` joins
 * them as searchTextOf would have (empty parts dropped, single spaces); the insert joins them
 * the same way in SQL, where the member number's words are its lower case with spaces for dashes.
 */
export function searchTextParts(before: ReadonlyArray<string | null>, after: ReadonlyArray<string | null>): { before: string; after: string } {
  return { before: searchTextOf(before), after: searchTextOf(after) };
}

export function searchTextAround(parts: { before: string; after: string }, memberNumber: string): string {
  return [parts.before, normaliseName(memberNumber), parts.after].filter((part) => part !== '').join(' ');
}
