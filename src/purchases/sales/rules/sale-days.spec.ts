import { DomainError } from '../../../common/domain-error.js';
import { dayNotAfterToday } from './sale-days.js';

describe('dayNotAfterToday', () => {
  it('takes today when no day is given, and a past day as given', () => {
    expect(dayNotAfterToday(undefined, '2025-03-14', 'SALE_DATE_IN_FUTURE')).toBe('2025-03-14');
    expect(dayNotAfterToday('2025-03-01', '2025-03-14', 'SALE_DATE_IN_FUTURE')).toBe('2025-03-01');
  });

  it('refuses tomorrow with the caller’s code', () => {
    let thrown: unknown;
    try {
      dayNotAfterToday('2025-03-15', '2025-03-14', 'SALE_DATE_IN_FUTURE');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('SALE_DATE_IN_FUTURE');
  });
});
