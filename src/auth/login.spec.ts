import { DomainError } from '../common/domain-error.js';
import { normaliseLogin } from './login.js';

describe('normaliseLogin', () => {
  it('lowercases e-mail addresses', () => {
    expect(normaliseLogin('  Marie.Kabila@Coop.CD ')).toEqual({ login: 'marie.kabila@coop.cd', kind: 'email' });
  });
  it('strips spaces and punctuation from E.164 phone numbers', () => {
    expect(normaliseLogin('+243 99 123-4567')).toEqual({ login: '+243991234567', kind: 'phone' });
  });
  it.each(['0991234567', 'marie', '+0123456789', 'a@b'])('refuses %p', (raw) => {
    expect(() => normaliseLogin(raw)).toThrow(DomainError);
  });
});
