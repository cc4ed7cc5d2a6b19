import { checkNotice, LEGAL_MINIMUM_NOTICE_DAYS, requiredNotice, type NoticeInput } from './notice.js';
import { type AssemblyKind, type LegalForm } from './types.js';

const ordinary = (convenedOn: string, heldOn: string): NoticeInput => ({
  legalForm: 'SCOOPS',
  kind: 'ordinary',
  call: 1,
  convenedOn,
  heldOn,
});

const tooShort = (requiredDays: number, actualDays: number, rule: string) =>
  expect.objectContaining({ code: 'NOTICE_TOO_SHORT', params: { requiredDays, actualDays, rule } });

describe('notice of an assembly', () => {
  it('is fifteen days by law', () => {
    expect(LEGAL_MINIMUM_NOTICE_DAYS).toBe(15);
    expect(requiredNotice()).toEqual({ requiredDays: 15, rule: 'OHADA_NOTICE_15_DAYS' });
  });

  it('accepts exactly fifteen days', () => {
    expect(checkNotice(ordinary('2024-03-01', '2024-03-16'))).toEqual({
      ok: true,
      requiredDays: 15,
      actualDays: 15,
      rule: 'OHADA_NOTICE_15_DAYS',
    });
  });

  it('accepts sixteen days', () => {
    expect(checkNotice(ordinary('2024-03-01', '2024-03-17')).actualDays).toBe(16);
  });

  it('refuses fourteen days', () => {
    expect(() => checkNotice(ordinary('2024-03-02', '2024-03-16'))).toThrow(
      tooShort(15, 14, 'OHADA_NOTICE_15_DAYS'),
    );
  });

  it('refuses notices sent after the assembly date', () => {
    expect(() => checkNotice(ordinary('2024-03-17', '2024-03-16'))).toThrow(
      tooShort(15, -1, 'OHADA_NOTICE_15_DAYS'),
    );
  });

  it('counts a leap day as a day of notice', () => {
    expect(checkNotice(ordinary('2024-02-15', '2024-03-01')).actualDays).toBe(15);
    expect(() => checkNotice(ordinary('2023-02-15', '2023-03-01'))).toThrow(
      tooShort(15, 14, 'OHADA_NOTICE_15_DAYS'),
    );
  });

  it.each<[LegalForm, AssemblyKind]>([
    ['SCOOPS', 'constitutive'],
    ['SCOOPS', 'extraordinary'],
    ['COOP_CA', 'constitutive'],
    ['COOP_CA', 'ordinary'],
    ['COOP_CA', 'extraordinary'],
  ])('demands the same fifteen days of a %s %s assembly', (legalForm, kind) => {
    const input = { legalForm, kind, call: 1 as const, convenedOn: '2024-03-02', heldOn: '2024-03-16' };
    expect(() => checkNotice(input)).toThrow(tooShort(15, 14, 'OHADA_NOTICE_15_DAYS'));
    expect(checkNotice({ ...input, convenedOn: '2024-03-01' }).ok).toBe(true);
  });

  describe('set by the bylaws', () => {
    const bylaws = { noticeDays: 21 };

    it('applies a longer bylaw notice at its boundary', () => {
      expect(checkNotice(ordinary('2024-03-01', '2024-03-22'), bylaws)).toEqual({
        ok: true,
        requiredDays: 21,
        actualDays: 21,
        rule: 'BYLAWS_NOTICE_DAYS',
      });
      expect(() => checkNotice(ordinary('2024-03-02', '2024-03-22'), bylaws)).toThrow(
        tooShort(21, 20, 'BYLAWS_NOTICE_DAYS'),
      );
    });

    it('lets the law prevail over a shorter bylaw notice', () => {
      expect(requiredNotice({ noticeDays: 7 })).toEqual({ requiredDays: 15, rule: 'OHADA_NOTICE_15_DAYS' });
      expect(() => checkNotice(ordinary('2024-03-08', '2024-03-16'), { noticeDays: 7 })).toThrow(
        tooShort(15, 8, 'OHADA_NOTICE_15_DAYS'),
      );
    });

    it('treats a bylaw of exactly fifteen days as the law', () => {
      expect(requiredNotice({ noticeDays: 15 }).rule).toBe('OHADA_NOTICE_15_DAYS');
      expect(requiredNotice({ noticeDays: 16 })).toEqual({ requiredDays: 16, rule: 'BYLAWS_NOTICE_DAYS' });
    });

    it('refuses a notice setting that is not a whole number of days', () => {
      expect(() => requiredNotice({ noticeDays: 15.5 })).toThrow(
        expect.objectContaining({ code: 'INVALID_BYLAW_SETTING' }),
      );
      expect(() => requiredNotice({ noticeDays: -1 })).toThrow(
        expect.objectContaining({ code: 'INVALID_BYLAW_SETTING' }),
      );
    });
  });

  it('refuses an impossible date rather than counting from it', () => {
    expect(() => checkNotice(ordinary('2024-02-30', '2024-03-20'))).toThrow(
      expect.objectContaining({ code: 'DATE_INVALID' }),
    );
  });
});

describe('second call of a COOP_CA extraordinary assembly', () => {
  const secondCall = (heldOn: string, firstCallHeldOn?: string): NoticeInput => ({
    legalForm: 'COOP_CA',
    kind: 'extraordinary',
    call: 2,
    convenedOn: '2024-01-01',
    heldOn,
    ...(firstCallHeldOn === undefined ? {} : { firstCallHeldOn }),
  });

  it('accepts a second call held exactly two months after the first', () => {
    expect(checkNotice(secondCall('2024-04-20', '2024-02-20'))).toEqual(
      expect.objectContaining({ ok: true, latestSecondCallOn: '2024-04-20' }),
    );
  });

  it('refuses a second call held two months and a day after the first', () => {
    expect(() => checkNotice(secondCall('2024-04-21', '2024-02-20'))).toThrow(
      expect.objectContaining({
        code: 'SECOND_CALL_TOO_LATE',
        params: {
          firstCallHeldOn: '2024-02-20',
          latestOn: '2024-04-20',
          heldOn: '2024-04-21',
          rule: 'OHADA_COOP_CA_EXTRAORDINARY_SECOND_CALL_WITHIN_2_MONTHS',
        },
      }),
    );
  });

  it('counts the two months to the end of a shorter month', () => {
    const input = { ...secondCall('2024-02-29', '2023-12-31'), convenedOn: '2023-12-01' };
    expect(checkNotice(input).latestSecondCallOn).toBe('2024-02-29');
    expect(() => checkNotice({ ...input, heldOn: '2024-03-01' })).toThrow(
      expect.objectContaining({ code: 'SECOND_CALL_TOO_LATE' }),
    );
  });

  it('requires the date of the first call', () => {
    expect(() => checkNotice(secondCall('2024-04-20'))).toThrow(
      expect.objectContaining({ code: 'FIRST_CALL_DATE_REQUIRED' }),
    );
  });

  it('refuses a second call on or before the first', () => {
    expect(() => checkNotice(secondCall('2024-02-20', '2024-02-20'))).toThrow(
      expect.objectContaining({ code: 'SECOND_CALL_NOT_AFTER_FIRST' }),
    );
    expect(() => checkNotice(secondCall('2024-02-19', '2024-02-20'))).toThrow(
      expect.objectContaining({ code: 'SECOND_CALL_NOT_AFTER_FIRST' }),
    );
  });

  it('still demands full notice for the second call', () => {
    const late = { ...secondCall('2024-03-10', '2024-03-01'), convenedOn: '2024-03-01' };
    expect(() => checkNotice(late)).toThrow(tooShort(15, 9, 'OHADA_NOTICE_15_DAYS'));
  });

  it.each<[LegalForm, AssemblyKind]>([
    ['COOP_CA', 'ordinary'],
    ['COOP_CA', 'constitutive'],
    ['SCOOPS', 'extraordinary'],
    ['SCOOPS', 'ordinary'],
  ])('sets no two-month limit on a %s %s second call', (legalForm, kind) => {
    const input = { legalForm, kind, call: 2 as const, convenedOn: '2024-01-01', heldOn: '2024-09-01' };
    expect(checkNotice(input)).not.toHaveProperty('latestSecondCallOn');
    expect(checkNotice({ ...input, firstCallHeldOn: '2024-02-01' })).not.toHaveProperty('latestSecondCallOn');
    expect(() => checkNotice({ ...input, firstCallHeldOn: '2024-09-01' })).toThrow(
      expect.objectContaining({ code: 'SECOND_CALL_NOT_AFTER_FIRST' }),
    );
  });

  it('ignores the first-call checks on a first call', () => {
    const first = { ...secondCall('2024-09-01', '2024-01-01'), call: 1 as const };
    expect(checkNotice(first)).toEqual({ ok: true, requiredDays: 15, actualDays: 244, rule: 'OHADA_NOTICE_15_DAYS' });
  });
});
