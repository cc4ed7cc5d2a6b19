import { canSeeFlagDetails, redactFlagText } from './flag-visibility.js';

describe('who reads a child-labour flag\'s words', () => {
  const child = { category: 'worst_forms_child_labour' as const, reporterUserId: 'reporter', caseOfficerUserIds: ['designated'] };

  it('admins, designated officers and the named reporter; nobody else', () => {
    expect(canSeeFlagDetails(child, { role: 'admin', userId: 'x' })).toBe(true);
    expect(canSeeFlagDetails(child, { role: 'officer', userId: 'designated' })).toBe(true);
    expect(canSeeFlagDetails(child, { role: 'officer', userId: 'reporter' })).toBe(true);
    expect(canSeeFlagDetails(child, { role: 'officer', userId: 'x' })).toBe(false);
    for (const role of ['treasurer', 'auditor', 'supervisor'] as const) expect(canSeeFlagDetails(child, { role, userId: 'designated' })).toBe(false);
  });

  it('leaves other categories open to every member', () => {
    expect(canSeeFlagDetails({ ...child, category: 'accident' }, { role: 'supervisor', userId: 'x' })).toBe(true);
  });

  it('withholds the words and keeps the count', () => {
    const flag = { people: [{ minerId: 'm' }, { description: 'enfant' }], description: 'texte', dismissalReason: 'raison' };
    expect(redactFlagText(flag, false)).toEqual({ people: [], description: null, dismissalReason: null, redacted: true, peopleCount: 2 });
    expect(redactFlagText(flag, true)).toEqual({ ...flag, redacted: false, peopleCount: 2 });
  });
});
