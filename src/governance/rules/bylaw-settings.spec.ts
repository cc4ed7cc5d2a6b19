import { bylawAdoptionDate, checkedBylawSettings } from './bylaw-settings.js';

const code = (value: string) => expect.objectContaining({ code: value });

describe('bylaw settings', () => {
  it('drops absent settings so they mean the default', () => {
    expect(checkedBylawSettings('SCOOPS', { noticeDays: 20, proxiesAllowed: undefined })).toEqual({ noticeDays: 20 });
  });

  it('refuses at adoption a quorum the legal form does not allow', () => {
    const quorum = { ordinary: { firstCall: { num: 1, den: 10 } } };
    expect(checkedBylawSettings('SCOOPS', { quorum })).toEqual({ quorum });
    expect(() => checkedBylawSettings('COOP_CA', { quorum })).toThrow();
  });
});

describe('the adoption date of a bylaws version', () => {
  const resolution = { id: 'r1', decisionKind: 'bylaw_amendment' as const, adopted: true, assemblyKind: 'extraordinary' as const, heldOn: '2026-06-01' };

  it('is the founders’ date for the first version only', () => {
    expect(bylawAdoptionDate(undefined, false, '2026-01-10')).toBe('2026-01-10');
    expect(() => bylawAdoptionDate(undefined, false, undefined)).toThrow(code('ADOPTION_DATE_REQUIRED'));
    expect(() => bylawAdoptionDate(undefined, true, '2026-01-10')).toThrow(code('BYLAW_RESOLUTION_REQUIRED'));
    expect(() => bylawAdoptionDate(undefined, false, '2026-02-30')).toThrow(code('DATE_INVALID'));
  });

  it('is the day of the extraordinary assembly that adopted the amendment', () => {
    expect(bylawAdoptionDate(resolution, true, undefined)).toBe('2026-06-01');
    expect(bylawAdoptionDate(resolution, true, '2026-06-01')).toBe('2026-06-01');
    expect(() => bylawAdoptionDate(resolution, true, '2026-06-02')).toThrow(code('ADOPTION_DATE_IS_ASSEMBLY_DATE'));
  });

  it('needs an adopted bylaw amendment of an extraordinary assembly', () => {
    expect(() => bylawAdoptionDate({ ...resolution, adopted: false }, true, undefined)).toThrow(code('BYLAW_RESOLUTION_INVALID'));
    expect(() => bylawAdoptionDate({ ...resolution, decisionKind: 'ordinary' }, true, undefined)).toThrow(code('BYLAW_RESOLUTION_INVALID'));
    expect(() => bylawAdoptionDate({ ...resolution, assemblyKind: 'ordinary' }, true, undefined)).toThrow(code('BYLAW_RESOLUTION_INVALID'));
  });
});
