import { DomainError } from '../../common/domain-error.js';
import { assertBylawInteger } from './arithmetic.js';
import { addMonthsClamped, assertIsoDate, compareIsoDates, daysBetween } from '../../common/calendar-date.js';
import {
  type AssemblyKind,
  type CallNumber,
  type GovernanceBylaws,
  type IsoDate,
  type LegalForm,
} from './types.js';

/** OHADA Act: at least fifteen days' notice (SCOOPS assemblies; constitutive, art. 280). */
export const LEGAL_MINIMUM_NOTICE_DAYS = 15;
/** OHADA Act (COOP-CA): a second-call extraordinary assembly sits within two months. */
export const EXTRAORDINARY_SECOND_CALL_MONTHS = 2;

export interface NoticeInput {
  readonly legalForm: LegalForm;
  readonly kind: AssemblyKind;
  readonly call: CallNumber;
  /** The day the notices went out. */
  readonly convenedOn: IsoDate;
  readonly heldOn: IsoDate;
  /** Required for a second-call extraordinary assembly of a COOP_CA. */
  readonly firstCallHeldOn?: IsoDate;
}

export interface NoticeCheck {
  readonly ok: true;
  readonly requiredDays: number;
  readonly actualDays: number;
  readonly rule: string;
  /** Set when the two-month limit of a COOP_CA extraordinary second call applied. */
  readonly latestSecondCallOn?: IsoDate;
}

interface NoticeRequirement {
  readonly requiredDays: number;
  readonly rule: string;
}

/** Bylaws may demand more notice than the law, never less: a shorter bylaw yields to the law. */
export function requiredNotice(bylaws: GovernanceBylaws = {}): NoticeRequirement {
  const bylawDays = bylaws.noticeDays;
  if (bylawDays === undefined) {
    return { requiredDays: LEGAL_MINIMUM_NOTICE_DAYS, rule: 'OHADA_NOTICE_15_DAYS' };
  }
  assertBylawInteger('noticeDays', bylawDays, 0);
  if (bylawDays <= LEGAL_MINIMUM_NOTICE_DAYS) {
    return { requiredDays: LEGAL_MINIMUM_NOTICE_DAYS, rule: 'OHADA_NOTICE_15_DAYS' };
  }
  return { requiredDays: bylawDays, rule: 'BYLAWS_NOTICE_DAYS' };
}

/**
 * Notice is counted in calendar days from the day the notices went out to the day of the
 * assembly (sent on the 1st for the 16th = 15 days). We do not count "clear days" (jours
 * francs, excluding both ends), which would demand one more day; a cooperative that wants
 * that margin sets `noticeDays` to 16.
 */
export function checkNotice(input: NoticeInput, bylaws: GovernanceBylaws = {}): NoticeCheck {
  const { requiredDays, rule } = requiredNotice(bylaws);
  const actualDays = daysBetween(input.convenedOn, input.heldOn);
  if (actualDays < requiredDays) {
    throw new DomainError('NOTICE_TOO_SHORT', { requiredDays, actualDays, rule });
  }
  if (input.call === 1) return { ok: true, requiredDays, actualDays, rule };
  const latestSecondCallOn = checkSecondCallDate(input);
  return latestSecondCallOn === undefined
    ? { ok: true, requiredDays, actualDays, rule }
    : { ok: true, requiredDays, actualDays, rule, latestSecondCallOn };
}

function hasSecondCallDeadline(legalForm: LegalForm, kind: AssemblyKind): boolean {
  return legalForm === 'COOP_CA' && kind === 'extraordinary';
}

/** Returns the last permitted day when a deadline applies. */
function checkSecondCallDate(input: NoticeInput): IsoDate | undefined {
  const { firstCallHeldOn, heldOn } = input;
  const deadlineApplies = hasSecondCallDeadline(input.legalForm, input.kind);
  if (firstCallHeldOn === undefined) {
    if (deadlineApplies) throw new DomainError('FIRST_CALL_DATE_REQUIRED', { kind: input.kind });
    return undefined;
  }
  assertIsoDate(firstCallHeldOn);
  if (compareIsoDates(heldOn, firstCallHeldOn) <= 0) {
    throw new DomainError('SECOND_CALL_NOT_AFTER_FIRST', { firstCallHeldOn, heldOn });
  }
  if (!deadlineApplies) return undefined;
  const latestOn = addMonthsClamped(firstCallHeldOn, EXTRAORDINARY_SECOND_CALL_MONTHS);
  if (compareIsoDates(heldOn, latestOn) > 0) {
    throw new DomainError('SECOND_CALL_TOO_LATE', {
      firstCallHeldOn,
      latestOn,
      heldOn,
      rule: 'OHADA_COOP_CA_EXTRAORDINARY_SECOND_CALL_WITHIN_2_MONTHS',
    });
  }
  return latestOn;
}
