import { DomainError } from '../../common/domain-error.js';
import { compareIsoDates, daysBetween, type IsoDate, lastDayOfValidity } from '../../common/calendar-date.js';

/**
 * Artisanal miner's card (carte d'exploitant artisanal). Both dates are inclusive: the
 * card is valid on its issue date and on its expiry date, and expired the day after.
 */
export interface MinerCard {
  readonly cardNumber: string;
  readonly issuedOn: IsoDate;
  readonly expiresOn: IsoDate;
}

export type CardStatus = 'none' | 'valid' | 'expiring' | 'expired' | 'not_yet_valid';

export type CardStanding =
  | { readonly status: 'none'; readonly card: null; readonly daysUntilExpiry: null }
  | {
      readonly status: Exclude<CardStatus, 'none'>;
      /** The card the status is about (see cardApplyingOn). */
      readonly card: MinerCard;
      /** Days from the date to the expiry date: 0 on the last valid day, negative once expired. */
      readonly daysUntilExpiry: number;
    };

/** The card is valid one year (Mining Regulations); a per-cooperative setting could change it. */
export const CARD_VALIDITY_MONTHS = 12;

/** Matches the regulator's report column "expiring in 30 days"; a per-cooperative setting. */
export const DEFAULT_EXPIRING_WITHIN_DAYS = 30;

/**
 * Expiry date to propose when the officer does not copy one from the card: the day before
 * the first anniversary of issue (issued 2026-01-15, valid through 2027-01-14), so that a
 * card renewed on the anniversary takes over without a gap or a day counted twice. A card
 * issued on 29 February is valid through 28 February of the next year.
 */
export function defaultCardExpiry(issuedOn: IsoDate): IsoDate {
  return lastDayOfValidity(issuedOn, CARD_VALIDITY_MONTHS);
}

export function assertCardDates(card: MinerCard): MinerCard {
  if (compareIsoDates(card.expiresOn, card.issuedOn) < 0) {
    throw new DomainError('CARD_EXPIRES_BEFORE_ISSUE', {
      cardNumber: card.cardNumber,
      issuedOn: card.issuedOn,
      expiresOn: card.expiresOn,
    });
  }
  return card;
}

function covers(card: MinerCard, date: IsoDate): boolean {
  return compareIsoDates(card.issuedOn, date) <= 0 && compareIsoDates(date, card.expiresOn) <= 0;
}

/** Latest issue date wins; on the same day the longer card; then the one recorded last. */
function latestIssued(cards: readonly MinerCard[]): MinerCard | null {
  let latest: MinerCard | null = null;
  for (const card of cards) {
    const later =
      latest === null ||
      compareIsoDates(card.issuedOn, latest.issuedOn) > 0 ||
      (card.issuedOn === latest.issuedOn && compareIsoDates(card.expiresOn, latest.expiresOn) >= 0);
    if (later) latest = card;
  }
  return latest;
}

function earliestIssued(cards: readonly MinerCard[]): MinerCard | null {
  return cards.reduce<MinerCard | null>(
    (earliest, card) => (earliest === null || compareIsoDates(card.issuedOn, earliest.issuedOn) < 0 ? card : earliest),
    null,
  );
}

/**
 * The card that speaks for the miner on `date`, from the whole card history (renewals keep
 * the old cards): the latest-issued card whose validity covers the date; failing that the
 * latest card already issued on that date (it lapsed); failing that the first card issued
 * after the date. A card issued later did not exist yet on that date, so a lapsed card is
 * the truth of the day even when its renewal is already recorded.
 */
export function cardApplyingOn(cards: readonly MinerCard[], date: IsoDate): MinerCard | null {
  cards.forEach(assertCardDates);
  const issuedByThen = cards.filter((card) => compareIsoDates(card.issuedOn, date) <= 0);
  return (
    latestIssued(issuedByThen.filter((card) => covers(card, date))) ??
    latestIssued(issuedByThen) ??
    earliestIssued(cards)
  );
}

/**
 * Status on `date`. 'expiring' is a valid card whose expiry date is at most
 * `expiringWithinDays` days away (30 days before expiry: expiring; 31 days: valid);
 * with 0 only the last valid day is 'expiring'.
 */
export function cardStatusOn(
  cards: readonly MinerCard[],
  date: IsoDate,
  expiringWithinDays: number = DEFAULT_EXPIRING_WITHIN_DAYS,
): CardStanding {
  if (!Number.isInteger(expiringWithinDays) || expiringWithinDays < 0) {
    throw new DomainError('EXPIRING_WINDOW_INVALID', { expiringWithinDays });
  }
  const card = cardApplyingOn(cards, date);
  if (card === null) return { status: 'none', card: null, daysUntilExpiry: null };
  const daysUntilExpiry = daysBetween(date, card.expiresOn);
  return { status: statusOf(card, date, daysUntilExpiry, expiringWithinDays), card, daysUntilExpiry };
}

function statusOf(
  card: MinerCard,
  date: IsoDate,
  daysUntilExpiry: number,
  expiringWithinDays: number,
): Exclude<CardStatus, 'none'> {
  if (compareIsoDates(date, card.issuedOn) < 0) return 'not_yet_valid';
  if (daysUntilExpiry < 0) return 'expired';
  return daysUntilExpiry <= expiringWithinDays ? 'expiring' : 'valid';
}
