import {
  assertProxiesAllowed,
  assertValidAttendance,
  DEFAULT_MAX_PROXIES_PER_HOLDER,
  proxyPolicy,
  validateAttendance,
  type AttendanceEntry,
} from './proxies.js';

const ACTIVE = ['a', 'b', 'c', 'd', 'e', 'f'];
const present = (memberId: string): AttendanceEntry => ({ memberId, mode: 'present' });
const proxy = (memberId: string, proxyHolderId: string): AttendanceEntry => ({
  memberId,
  mode: 'represented',
  proxyHolderId,
});

describe('proxy policy', () => {
  it('allows proxies and caps them at one per holder by default', () => {
    expect(DEFAULT_MAX_PROXIES_PER_HOLDER).toBe(1);
    expect(proxyPolicy()).toEqual({ allowed: true, maxPerHolder: 1 });
    expect(() => assertProxiesAllowed()).not.toThrow();
  });

  it('refuses to record a proxy when the bylaws forbid them', () => {
    expect(() => assertProxiesAllowed({ proxiesAllowed: false })).toThrow(
      expect.objectContaining({ code: 'PROXIES_FORBIDDEN' }),
    );
  });

  it.each([0, -1, 1.5])('refuses a cap of %p proxies per holder', (value) => {
    expect(() => proxyPolicy({ maxProxiesPerHolder: value })).toThrow(
      expect.objectContaining({ code: 'INVALID_BYLAW_SETTING', params: expect.objectContaining({ value }) }),
    );
  });
});

describe('attendance list', () => {
  it('counts the present and the represented of a valid list', () => {
    const entries = [present('a'), present('b'), proxy('c', 'a'), proxy('d', 'b'), present('e')];
    expect(validateAttendance(entries, ACTIVE)).toEqual({ valid: true, problems: [], present: 3, represented: 2 });
    expect(assertValidAttendance(entries, ACTIVE)).toEqual({ present: 3, represented: 2 });
  });

  it('accepts an empty list as valid with nobody counted', () => {
    expect(validateAttendance([], ACTIVE)).toEqual({ valid: true, problems: [], present: 0, represented: 0 });
  });

  it('flags someone who is not an active member', () => {
    expect(validateAttendance([present('a'), present('zz')], ACTIVE)).toEqual({
      valid: false,
      problems: [{ code: 'NOT_AN_ACTIVE_MEMBER', memberId: 'zz' }],
    });
  });

  it('flags a member marked present twice', () => {
    expect(validateAttendance([present('a'), present('a')], ACTIVE).problems).toEqual([
      { code: 'PRESENT_TWICE', memberId: 'a' },
    ]);
  });

  it('flags a member both present and represented', () => {
    expect(validateAttendance([present('a'), present('b'), proxy('a', 'b')], ACTIVE).problems).toEqual([
      { code: 'PRESENT_AND_REPRESENTED', memberId: 'a', proxyHolderId: 'b' },
    ]);
  });

  it('flags a member present and represented whatever the order of the list', () => {
    expect(validateAttendance([proxy('a', 'b'), present('b'), present('a')], ACTIVE).problems).toEqual([
      { code: 'PRESENT_AND_REPRESENTED', memberId: 'a', proxyHolderId: 'b' },
    ]);
  });

  it('flags a member represented twice', () => {
    const bylaws = { maxProxiesPerHolder: 5 };
    const entries = [present('a'), present('b'), proxy('c', 'a'), proxy('c', 'b')];
    expect(validateAttendance(entries, ACTIVE, bylaws).problems).toEqual([
      { code: 'REPRESENTED_TWICE', memberId: 'c', proxyHolderId: 'b' },
    ]);
  });

  it('flags every proxy when the bylaws forbid them', () => {
    const entries = [present('a'), present('b'), proxy('c', 'a'), proxy('d', 'b')];
    expect(validateAttendance(entries, ACTIVE, { proxiesAllowed: false }).problems).toEqual([
      { code: 'PROXIES_FORBIDDEN', memberId: 'c', proxyHolderId: 'a' },
      { code: 'PROXIES_FORBIDDEN', memberId: 'd', proxyHolderId: 'b' },
    ]);
  });

  it('accepts a list of members all present when the bylaws forbid proxies', () => {
    expect(validateAttendance([present('a')], ACTIVE, { proxiesAllowed: false }).valid).toBe(true);
  });

  it('flags a member holding their own proxy', () => {
    expect(validateAttendance([proxy('a', 'a')], ACTIVE).problems).toEqual([
      { code: 'OWN_PROXY', memberId: 'a', proxyHolderId: 'a' },
    ]);
  });

  it('flags a proxy held by someone who is not an active member', () => {
    expect(validateAttendance([present('zz'), proxy('a', 'zz')], ACTIVE).problems).toEqual([
      { code: 'NOT_AN_ACTIVE_MEMBER', memberId: 'zz' },
      { code: 'PROXY_HOLDER_NOT_ACTIVE_MEMBER', memberId: 'a', proxyHolderId: 'zz' },
    ]);
  });

  it('flags a proxy held by a member who is absent', () => {
    expect(validateAttendance([present('a'), proxy('b', 'c')], ACTIVE).problems).toEqual([
      { code: 'PROXY_HOLDER_NOT_PRESENT', memberId: 'b', proxyHolderId: 'c' },
    ]);
  });

  it('flags a proxy handed on by a member who is only represented', () => {
    const entries = [present('a'), proxy('b', 'a'), proxy('c', 'b')];
    expect(validateAttendance(entries, ACTIVE).problems).toEqual([
      { code: 'PROXY_HOLDER_NOT_PRESENT', memberId: 'c', proxyHolderId: 'b' },
    ]);
  });

  it('accepts as many proxies as the default cap and flags one more', () => {
    expect(validateAttendance([present('a'), proxy('b', 'a')], ACTIVE).valid).toBe(true);
    expect(validateAttendance([present('a'), proxy('b', 'a'), proxy('c', 'a')], ACTIVE).problems).toEqual([
      { code: 'TOO_MANY_PROXIES', memberId: 'a' },
    ]);
  });

  it('applies the cap the bylaws set, at its boundary', () => {
    const bylaws = { maxProxiesPerHolder: 3 };
    const three = [present('a'), proxy('b', 'a'), proxy('c', 'a'), proxy('d', 'a')];
    expect(validateAttendance(three, ACTIVE, bylaws).valid).toBe(true);
    expect(validateAttendance([...three, proxy('e', 'a')], ACTIVE, bylaws).problems).toEqual([
      { code: 'TOO_MANY_PROXIES', memberId: 'a' },
    ]);
  });

  it('does not apply the cap when proxies are forbidden outright', () => {
    const entries = [present('a'), proxy('b', 'a'), proxy('c', 'a')];
    const codes = validateAttendance(entries, ACTIVE, { proxiesAllowed: false }).problems.map((p) => p.code);
    expect(codes).toEqual(['PROXIES_FORBIDDEN', 'PROXIES_FORBIDDEN']);
  });

  it('returns every problem of a list at once, in list order', () => {
    const entries = [
      present('a'),
      present('a'),
      proxy('a', 'b'),
      proxy('c', 'c'),
      proxy('d', 'e'),
      proxy('zz', 'a'),
      proxy('f', 'a'),
    ];
    expect(validateAttendance(entries, ACTIVE).problems).toEqual([
      { code: 'PRESENT_TWICE', memberId: 'a' },
      { code: 'PRESENT_AND_REPRESENTED', memberId: 'a', proxyHolderId: 'b' },
      { code: 'PROXY_HOLDER_NOT_PRESENT', memberId: 'a', proxyHolderId: 'b' },
      { code: 'OWN_PROXY', memberId: 'c', proxyHolderId: 'c' },
      { code: 'PROXY_HOLDER_NOT_PRESENT', memberId: 'd', proxyHolderId: 'e' },
      { code: 'NOT_AN_ACTIVE_MEMBER', memberId: 'zz' },
      { code: 'TOO_MANY_PROXIES', memberId: 'a' },
    ]);
  });

  it('turns an invalid list into one error carrying every problem', () => {
    expect(() => assertValidAttendance([proxy('a', 'a')], ACTIVE)).toThrow(
      expect.objectContaining({
        code: 'ATTENDANCE_INVALID',
        params: { problems: [{ code: 'OWN_PROXY', memberId: 'a', proxyHolderId: 'a' }] },
      }),
    );
  });
});
