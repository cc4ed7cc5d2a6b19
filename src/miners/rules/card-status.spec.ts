import {
  assertCardDates,
  CARD_VALIDITY_MONTHS,
  cardApplyingOn,
  cardStatusOn,
  DEFAULT_EXPIRING_WITHIN_DAYS,
  defaultCardExpiry,
  type MinerCard,
} from './card-status.js';
import { domainErrorOf } from '../../common/thrown.fixture.js';

const card = (cardNumber: string, issuedOn: string, expiresOn: string): MinerCard => ({ cardNumber, issuedOn, expiresOn });

/** Issued 2026-01-15, valid one year: through 2027-01-14. */
const current = card('CEA-1', '2026-01-15', '2027-01-14');

describe('default card expiry', () => {
  it('gives a card one year of validity by default and flags expiry 30 days ahead', () => {
    expect(CARD_VALIDITY_MONTHS).toBe(12);
    expect(DEFAULT_EXPIRING_WITHIN_DAYS).toBe(30);
  });

  it.each([
    ['2026-01-15', '2027-01-14'],
    ['2026-01-01', '2026-12-31'],
    ['2026-12-31', '2027-12-30'],
    ['2024-02-29', '2025-02-28'],
    ['2023-03-01', '2024-02-29'],
    ['2025-03-01', '2026-02-28'],
  ])('proposes, for a card issued on %s, the last valid day %s', (issuedOn, expiresOn) => {
    expect(defaultCardExpiry(issuedOn)).toBe(expiresOn);
  });

  it('lets a renewal dated on the anniversary follow without gap or overlap', () => {
    const first = card('A', '2026-01-15', defaultCardExpiry('2026-01-15'));
    const renewal = card('B', '2027-01-15', defaultCardExpiry('2027-01-15'));
    expect(cardStatusOn([first, renewal], '2027-01-14').card).toBe(first);
    expect(cardStatusOn([first, renewal], '2027-01-15').card).toBe(renewal);
  });
});

describe('card status on a date, one card', () => {
  it.each([
    ['2026-01-14', 'not_yet_valid', 365],
    ['2026-01-15', 'valid', 364],
    ['2026-12-14', 'valid', 31],
    ['2026-12-15', 'expiring', 30],
    ['2027-01-13', 'expiring', 1],
    ['2027-01-14', 'expiring', 0],
    ['2027-01-15', 'expired', -1],
    ['2028-06-01', 'expired', -504],
  ])('on %s the card is %s, %i days from expiry', (date, status, daysUntilExpiry) => {
    expect(cardStatusOn([current], date)).toEqual({ status, card: current, daysUntilExpiry });
  });

  it('reports no card when the history is empty', () => {
    expect(cardStatusOn([], '2026-06-01')).toEqual({ status: 'none', card: null, daysUntilExpiry: null });
  });

  it('uses the expiring window the cooperative sets', () => {
    expect(cardStatusOn([current], '2026-11-15', 60).status).toBe('expiring');
    expect(cardStatusOn([current], '2026-11-14', 60).status).toBe('valid');
    expect(cardStatusOn([current], '2027-01-13', 0).status).toBe('valid');
    expect(cardStatusOn([current], '2027-01-14', 0).status).toBe('expiring');
  });

  it.each([-1, 2.5, Number.NaN])('refuses %p as an expiring window', (days) => {
    expect(domainErrorOf(() => cardStatusOn([current], '2026-06-01', days)).code).toBe('EXPIRING_WINDOW_INVALID');
  });

  it('treats a one-day card as valid and expiring on its only day', () => {
    const oneDay = card('X', '2026-05-05', '2026-05-05');
    expect(cardStatusOn([oneDay], '2026-05-05').status).toBe('expiring');
    expect(cardStatusOn([oneDay], '2026-05-06').status).toBe('expired');
  });

  it('refuses a card that expires before it is issued', () => {
    const error = domainErrorOf(() => assertCardDates(card('BAD', '2026-05-05', '2026-05-04')));
    expect(error.code).toBe('CARD_EXPIRES_BEFORE_ISSUE');
    expect(error.params).toEqual({ cardNumber: 'BAD', issuedOn: '2026-05-05', expiresOn: '2026-05-04' });
    expect(domainErrorOf(() => cardStatusOn([current, card('BAD', '2026-05-05', '2026-05-04')], '2026-06-01')).code).toBe(
      'CARD_EXPIRES_BEFORE_ISSUE',
    );
  });

  it('refuses malformed card dates', () => {
    expect(domainErrorOf(() => cardStatusOn([card('X', '2026-02-30', '2027-01-01')], '2026-06-01')).code).toBe('DATE_INVALID');
  });
});

describe('card applying on a date, from the history', () => {
  const old = card('OLD', '2025-01-10', '2026-01-09');
  const earlyRenewal = card('NEW', '2026-01-05', '2027-01-04');
  const lateRenewal = card('LATE', '2026-03-01', '2027-02-28');

  it('prefers the latest-issued card covering the date when renewals overlap', () => {
    expect(cardApplyingOn([old, earlyRenewal], '2026-01-06')).toBe(earlyRenewal);
    expect(cardApplyingOn([earlyRenewal, old], '2026-01-06')).toBe(earlyRenewal);
  });

  it('keeps the old card until the renewal is issued', () => {
    expect(cardStatusOn([old, earlyRenewal], '2026-01-04')).toMatchObject({ status: 'expiring', card: old });
  });

  it('reports the lapsed card in a gap before a renewal, not the renewal', () => {
    expect(cardStatusOn([old, lateRenewal], '2026-02-15')).toMatchObject({ status: 'expired', card: old });
    expect(cardStatusOn([lateRenewal, old], '2026-03-01')).toMatchObject({ status: 'valid', card: lateRenewal });
  });

  it('reports the first future card as not yet valid when no card was issued by then', () => {
    const later = card('LATER', '2027-01-01', '2027-12-31');
    expect(cardStatusOn([later, lateRenewal], '2026-02-01')).toMatchObject({ status: 'not_yet_valid', card: lateRenewal });
  });

  it('prefers a covering card to a later-issued card that has lapsed', () => {
    const longCard = card('LONG', '2025-06-01', '2026-05-31');
    const temporary = card('TEMP', '2025-09-01', '2025-10-01');
    expect(cardStatusOn([longCard, temporary], '2026-01-01')).toMatchObject({ status: 'valid', card: longCard });
  });

  it('among lapsed cards reports the latest issued', () => {
    const older = card('A', '2023-01-01', '2023-12-31');
    const newer = card('B', '2024-01-01', '2024-12-31');
    expect(cardApplyingOn([newer, older], '2026-01-01')).toBe(newer);
    expect(cardApplyingOn([older, newer], '2026-01-01')).toBe(newer);
  });

  it('on the same issue day prefers the longer card, then the one recorded last', () => {
    const short = card('S', '2026-01-01', '2026-06-30');
    const long = card('L', '2026-01-01', '2026-12-31');
    const twin = card('T', '2026-01-01', '2026-12-31');
    expect(cardApplyingOn([long, short], '2026-02-01')).toBe(long);
    expect(cardApplyingOn([short, long], '2026-02-01')).toBe(long);
    expect(cardApplyingOn([long, twin], '2026-02-01')).toBe(twin);
    expect(cardApplyingOn([twin, long], '2026-02-01')).toBe(long);
  });

  it('finds nothing in an empty history', () => {
    expect(cardApplyingOn([], '2026-01-01')).toBeNull();
  });
});
