import { createHash, randomInt } from 'node:crypto';

/** Crockford's base32 without I, L, O, U: nothing to confuse when read out over the phone. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 4;
const GROUP_LENGTH = 4;

/** Validity of a password-reset code handed over by an admin. */
export const RESET_CODE_TTL_MS = 24 * 3600_000;

/** A one-time code of 80 random bits, e.g. `K7QM-2XRP-9DWF-HT4C`. */
export function newResetCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = '';
    for (let i = 0; i < GROUP_LENGTH; i++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

/** What is stored: the SHA-256 of the code as typed, case, spaces and dashes aside. */
export function resetCodeHash(code: string): string {
  const normalised = code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return createHash('sha256').update(`password-reset:${normalised}`).digest('hex');
}
