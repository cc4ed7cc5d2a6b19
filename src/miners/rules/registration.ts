import { DomainError } from '../../common/domain-error.js';
import { assertIsoDate } from '../../common/calendar-date.js';
import { assertCardDates, defaultCardExpiry, type MinerCard } from './card-status.js';

/** A card as typed from the paper: one year of validity from the issue date when no expiry is given. */
export function cardOf(cardNumber: string, issuedOn: string, expiresOn: string | undefined): MinerCard {
  assertIsoDate(issuedOn);
  return assertCardDates({ cardNumber: cardNumber.trim(), issuedOn, expiresOn: expiresOn === undefined ? defaultCardExpiry(issuedOn) : assertIsoDate(expiresOn) });
}

export interface CardInput {
  readonly cardNumber?: string;
  readonly cardIssuedOn?: string;
  readonly cardExpiresOn?: string;
}

/** The card a registration records, if any: a number with its issue date, or nothing at all. */
export function cardOfRegistration(input: CardInput): MinerCard | null {
  if (input.cardNumber === undefined) {
    if (input.cardIssuedOn !== undefined || input.cardExpiresOn !== undefined) throw new DomainError('CARD_NUMBER_REQUIRED', {});
    return null;
  }
  if (input.cardIssuedOn === undefined) throw new DomainError('CARD_ISSUE_DATE_REQUIRED', { cardNumber: input.cardNumber });
  return cardOf(input.cardNumber, input.cardIssuedOn, input.cardExpiresOn);
}
