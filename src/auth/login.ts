import { DomainError } from '../common/domain-error.js';

export type LoginKind = 'email' | 'phone';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{7,14}$/;

/** Logins are an e-mail address or an E.164 phone number, compared case-insensitively. */
export function normaliseLogin(raw: string): { login: string; kind: LoginKind } {
  const trimmed = raw.trim().toLowerCase();
  const phone = trimmed.replace(/[\s().-]/g, '');
  if (E164.test(phone)) return { login: phone, kind: 'phone' };
  if (EMAIL.test(trimmed)) return { login: trimmed, kind: 'email' };
  throw new DomainError('LOGIN_INVALID', {}, 'bad_request', [{ field: 'login', code: 'LOGIN_INVALID' }]);
}
