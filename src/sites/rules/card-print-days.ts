import { localDateIn } from '../../common/time-zone.js';

/**
 * The `issued` day a card QR token carries is the cooperative's local date when the card was
 * printed, taken by the server's clock a moment before the print was audited. Near local
 * midnight the two may fall on either side, so both days count within this margin.
 */
export const PRINT_DAY_MARGIN_MS = 5 * 60_000;

/** The local day(s) a token printed at `printedAt` may carry, earliest first. */
export function cardPrintDays(printedAt: Date, timezone: string): string[] {
  const days = [
    localDateIn(timezone, new Date(printedAt.getTime() - PRINT_DAY_MARGIN_MS)),
    localDateIn(timezone, new Date(printedAt.getTime() + PRINT_DAY_MARGIN_MS)),
  ];
  return [...new Set(days)];
}
