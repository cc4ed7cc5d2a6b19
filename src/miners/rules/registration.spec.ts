import { domainErrorOf } from '../../common/thrown.fixture.js';
import { cardOf, cardOfRegistration } from './registration.js';

describe('cardOf', () => {
  it('trims the number and gives one year of validity when no expiry is typed', () => {
    expect(cardOf(' EA-1 ', '2026-03-01', undefined)).toEqual({ cardNumber: 'EA-1', issuedOn: '2026-03-01', expiresOn: '2027-02-28' });
    expect(cardOf('EA-1', '2026-03-01', '2026-12-31').expiresOn).toBe('2026-12-31');
  });
});

describe('cardOfRegistration', () => {
  it('records no card when none is given', () => {
    expect(cardOfRegistration({})).toBeNull();
  });

  it('wants a number with any card date, and an issue date with any number', () => {
    expect(domainErrorOf(() => cardOfRegistration({ cardIssuedOn: '2026-03-01' })).code).toBe('CARD_NUMBER_REQUIRED');
    expect(domainErrorOf(() => cardOfRegistration({ cardNumber: 'EA-1' })).code).toBe('CARD_ISSUE_DATE_REQUIRED');
  });
});
