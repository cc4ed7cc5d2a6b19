/**
 * The shortest password the API accepts. The server's constant lives beside argon2, which a
 * browser cannot load; password.spec.ts keeps this one equal to it.
 */
export const MIN_PASSWORD_LENGTH = 10;
