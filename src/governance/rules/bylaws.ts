import { DomainError } from '../../common/domain-error.js';
import { addDays, compareIsoDates, daysBetween } from '../../common/calendar-date.js';
import { type IsoDate } from './types.js';

/** A change to the bylaws (statuts) is declared to the registry within 30 days of adoption. */
export const BYLAW_DECLARATION_DAYS = 30;

export type DeclarationStatus = 'on_time' | 'late' | 'pending' | 'overdue';

export interface DeclarationInput {
  readonly adoptedOn: IsoDate;
  readonly declaredOn?: IsoDate;
  readonly today: IsoDate;
}

export interface DeclarationCheck {
  readonly status: DeclarationStatus;
  /** The last day on which a declaration is on time. */
  readonly deadline: IsoDate;
  /** Days past the deadline: at declaration when late, as of today when overdue; else 0. */
  readonly daysLate: number;
  /** Days still left when pending; else 0. */
  readonly daysLeft: number;
}

export function bylawDeclarationDeadline(adoptedOn: IsoDate): IsoDate {
  return addDays(adoptedOn, BYLAW_DECLARATION_DAYS);
}

export function bylawDeclarationStatus(input: DeclarationInput): DeclarationCheck {
  const deadline = bylawDeclarationDeadline(input.adoptedOn);
  const { declaredOn, today } = input;
  if (declaredOn === undefined) {
    const daysLeft = daysBetween(today, deadline);
    return daysLeft < 0
      ? { status: 'overdue', deadline, daysLate: -daysLeft, daysLeft: 0 }
      : { status: 'pending', deadline, daysLate: 0, daysLeft };
  }
  if (compareIsoDates(declaredOn, input.adoptedOn) < 0) {
    throw new DomainError('DECLARED_BEFORE_ADOPTION', { adoptedOn: input.adoptedOn, declaredOn });
  }
  if (compareIsoDates(declaredOn, today) > 0) throw new DomainError('DECLARED_IN_FUTURE', { declaredOn, today });
  const late = daysBetween(deadline, declaredOn);
  return late > 0
    ? { status: 'late', deadline, daysLate: late, daysLeft: 0 }
    : { status: 'on_time', deadline, daysLate: 0, daysLeft: 0 };
}
