import { domainErrorOf } from '../../common/thrown.fixture.js';
import {
  assertCaseTransition,
  CASE_OUTCOMES,
  CASE_STATES,
  CASE_VIEWER_ROLES,
  type CaseOutcome,
  type CaseState,
  type CaseTransitionKind,
  caseTransitionKind,
  type CaseViewerRole,
  type ChildLabourCaseView,
  EARLY_CLOSURE_OUTCOMES,
  isCaseOutcome,
  isRedactedCase,
  PLAN_ITEM_KINDS,
  redactCaseForRole,
} from './child-labour-case.js';

const ALLOWED: Readonly<Record<string, CaseTransitionKind>> = {
  'identified>referred': 'forward',
  'identified>closed': 'early_closure',
  'referred>plan_in_progress': 'forward',
  'referred>closed': 'early_closure',
  'plan_in_progress>follow_up': 'forward',
  'plan_in_progress>closed': 'early_closure',
  'follow_up>closed': 'closure',
  'follow_up>plan_in_progress': 'plan_revision',
};

const EVERY_PAIR: Array<[CaseState, CaseState, CaseTransitionKind | null]> = CASE_STATES.flatMap((from) =>
  CASE_STATES.map((to): [CaseState, CaseState, CaseTransitionKind | null] => [from, to, ALLOWED[`${from}>${to}`] ?? null]),
);

/** What each kind of move needs to pass. */
function sufficientInput(kind: CaseTransitionKind): { outcome?: CaseOutcome; reason?: string } {
  switch (kind) {
    case 'forward':
      return {};
    case 'plan_revision':
      return { reason: 'child back at the pit after two weeks' };
    case 'closure':
      return { outcome: 'returned_to_school' };
    case 'early_closure':
      return { outcome: 'moved_away' };
  }
}

describe('child-labour case transitions', () => {
  it('covers all 25 pairs of states, eight of them allowed', () => {
    expect(EVERY_PAIR).toHaveLength(25);
    expect(EVERY_PAIR.filter(([, , kind]) => kind !== null)).toHaveLength(8);
  });

  it.each(EVERY_PAIR)('classifies %s → %s as %s', (from, to, kind) => {
    expect(caseTransitionKind(from, to)).toBe(kind);
  });

  it.each(EVERY_PAIR.filter(([, , kind]) => kind !== null))('allows %s → %s with what it needs', (from, to, kind) => {
    expect(assertCaseTransition(from, to, sufficientInput(kind ?? 'forward'))).toBe(kind);
  });

  it.each(EVERY_PAIR.filter(([, , kind]) => kind === null))(
    'refuses %s → %s whatever is given, naming both states',
    (from, to) => {
      const error = domainErrorOf(() => assertCaseTransition(from, to, { outcome: 'lost_contact', reason: 'because' }));
      expect(error.code).toBe('CASE_TRANSITION_INVALID');
      expect(error.params).toEqual({ from, to });
      expect(error.kind).toBe('conflict');
    },
  );

  it('moves forward along the chain without outcome or reason', () => {
    expect(assertCaseTransition('identified', 'referred')).toBe('forward');
    expect(assertCaseTransition('referred', 'plan_in_progress')).toBe('forward');
    expect(assertCaseTransition('plan_in_progress', 'follow_up', { reason: '   ' })).toBe('forward');
  });

  it.each(['', '   ', null, undefined])('refuses to revise the plan after follow-up with reason %j', (reason) => {
    const error = domainErrorOf(() => assertCaseTransition('follow_up', 'plan_in_progress', { reason }));
    expect(error.code).toBe('REASON_REQUIRED');
    expect(error.params).toEqual({ from: 'follow_up', to: 'plan_in_progress' });
  });

  it.each(EVERY_PAIR.filter(([, , kind]) => kind === 'forward' || kind === 'plan_revision'))(
    'refuses an outcome on %s → %s, which closes nothing',
    (from, to, kind) => {
      const error = domainErrorOf(() =>
        assertCaseTransition(from, to, { ...sufficientInput(kind ?? 'forward'), outcome: 'returned_to_school' }),
      );
      expect(error.code).toBe('CASE_OUTCOME_UNEXPECTED');
      expect(error.params).toEqual({ from, to, outcome: 'returned_to_school' });
    },
  );

  it.each(CASE_STATES.filter((state) => state !== 'closed'))('refuses to close from %s without an outcome', (from) => {
    for (const input of [undefined, {}, { outcome: null }, { reason: 'done' }]) {
      const error = domainErrorOf(() => assertCaseTransition(from, 'closed', input));
      expect(error.code).toBe('CASE_OUTCOME_REQUIRED');
      expect(error.params).toEqual({ from, to: 'closed' });
    }
  });

  it('refuses an outcome that is not in the list', () => {
    const error = domainErrorOf(() => assertCaseTransition('follow_up', 'closed', { outcome: 'graduated' }));
    expect(error.code).toBe('CASE_OUTCOME_INVALID');
    expect(error.params).toEqual({ outcome: 'graduated' });
  });

  it.each(CASE_OUTCOMES.filter((outcome) => outcome !== 'other'))('closes after follow-up with %s', (outcome) => {
    expect(assertCaseTransition('follow_up', 'closed', { outcome })).toBe('closure');
  });

  it('closes with outcome other only with a reason', () => {
    expect(domainErrorOf(() => assertCaseTransition('follow_up', 'closed', { outcome: 'other' })).params).toEqual({
      from: 'follow_up',
      to: 'closed',
      outcome: 'other',
    });
    expect(domainErrorOf(() => assertCaseTransition('follow_up', 'closed', { outcome: 'other', reason: ' ' })).code).toBe(
      'REASON_REQUIRED',
    );
    expect(assertCaseTransition('follow_up', 'closed', { outcome: 'other', reason: 'apprenticed to a tailor' })).toBe(
      'closure',
    );
  });

  describe.each(['identified', 'referred', 'plan_in_progress'] as const)('closing early from %s', (from) => {
    it.each(EARLY_CLOSURE_OUTCOMES)('is allowed when the child is out of reach: %s', (outcome) => {
      expect(assertCaseTransition(from, 'closed', { outcome })).toBe('early_closure');
    });

    it.each(CASE_OUTCOMES.filter((outcome) => !EARLY_CLOSURE_OUTCOMES.includes(outcome)))(
      'is refused with %s, which follow-up must have seen',
      (outcome) => {
        const error = domainErrorOf(() => assertCaseTransition(from, 'closed', { outcome, reason: 'said so' }));
        expect(error.code).toBe('CASE_OUTCOME_NOT_ALLOWED');
        expect(error.params).toEqual({ from, outcome, allowed: ['moved_away', 'lost_contact'] });
      },
    );
  });

  it('lists the outcomes and plan item kinds of the programme', () => {
    expect(CASE_OUTCOMES).toEqual(['returned_to_school', 'vocational_training', 'family_reunited', 'moved_away', 'lost_contact', 'other']);
    expect(PLAN_ITEM_KINDS).toEqual(['schooling', 'vocational_training', 'family_support', 'cash_transfer', 'health', 'other']);
    expect(isCaseOutcome('moved_away')).toBe(true);
    expect(isCaseOutcome('Moved_Away')).toBe(false);
  });
});

describe('redactCaseForRole', () => {
  const CHILD_NAME = 'Esther Mwamba Kabeya';
  const GUARDIAN_NAME = 'Joséphine Ilunga';
  const BIRTH_DATE = '2011-07-23';
  const SCHOOL = 'EP Kasulo 2';
  const VILLAGE = 'Kasulo';
  const NOTE = 'Esther attends class; her mother sells at the Kolwezi market';
  const REFERRAL = 'Bon Pasteur Kolwezi';
  const PLAN_DESCRIPTION = 'School fees for EP Kasulo 2, third term';

  const childCase: ChildLabourCaseView = {
    id: 'case-1',
    siteId: 'site-kamilombe',
    sourceFlagId: 'flag-9',
    state: 'follow_up',
    outcome: null,
    identifiedOn: '2025-01-10',
    closedOn: null,
    caseOfficerUserIds: ['officer-case'],
    child: {
      fullName: CHILD_NAME,
      sex: 'female',
      birthDate: BIRTH_DATE,
      ageYearsAtIdentification: 13,
      school: SCHOOL,
      village: VILLAGE,
    },
    guardian: { fullName: GUARDIAN_NAME, relationship: 'mother', phone: '+243 970 000 111' },
    referral: { organisation: REFERRAL, referredOn: '2025-01-12' },
    planItems: [
      { id: 'item-1', kind: 'schooling', description: PLAN_DESCRIPTION, status: 'done', dueDate: '2025-02-01' },
      { id: 'item-2', kind: 'cash_transfer', description: 'Monthly transfer to the mother', status: 'in_progress', dueDate: null },
      { id: 'item-3', kind: 'schooling', description: 'Uniform and books', status: 'planned', dueDate: '2025-04-01' },
    ],
    visits: [
      { id: 'visit-1', visitedOn: '2025-02-15', visitedByUserId: 'officer-case', notes: NOTE, childAttendingSchool: true },
      { id: 'visit-2', visitedOn: '2025-03-20', visitedByUserId: 'officer-case', notes: 'Seen at home', childAttendingSchool: true },
      { id: 'visit-3', visitedOn: '2025-03-02', visitedByUserId: 'officer-case', notes: 'Absent', childAttendingSchool: null },
    ],
  };

  const PERSONAL = [CHILD_NAME, 'Esther', GUARDIAN_NAME, BIRTH_DATE, SCHOOL, VILLAGE, NOTE, REFERRAL, PLAN_DESCRIPTION, '+243'];

  it('shows everything to an admin', () => {
    const view = redactCaseForRole(childCase, { role: 'admin', userId: 'someone' });
    expect(view).toEqual(childCase);
    expect(isRedactedCase(view)).toBe(false);
  });

  it('shows everything to an officer designated on the case', () => {
    const view = redactCaseForRole(childCase, { role: 'officer', userId: 'officer-case' });
    expect(isRedactedCase(view)).toBe(false);
    expect(JSON.stringify(view)).toContain(CHILD_NAME);
  });

  const outsiders: Array<[string, CaseViewerRole, string]> = [
    ['an officer not designated on the case', 'officer', 'officer-other'],
    ['a supervisor', 'supervisor', 'supervisor-1'],
    ['an auditor', 'auditor', 'auditor-1'],
    ['a treasurer', 'treasurer', 'treasurer-1'],
    ['a supervisor whose id is on the case list', 'supervisor', 'officer-case'],
    ['an auditor whose id is on the case list', 'auditor', 'officer-case'],
    ['a treasurer whose id is on the case list', 'treasurer', 'officer-case'],
  ];

  it('covers every role', () => {
    const roles = new Set([...outsiders.map(([, role]) => role), 'admin', 'officer']);
    expect([...roles].sort()).toEqual([...CASE_VIEWER_ROLES].sort());
  });

  describe.each(outsiders)('for %s', (_label, role, userId) => {
    const view = redactCaseForRole(childCase, { role, userId });
    const json = JSON.stringify(view);

    it('returns the redacted view', () => {
      expect(isRedactedCase(view)).toBe(true);
    });

    it.each(PERSONAL)('leaves %j out of the JSON', (secret) => {
      expect(json).not.toContain(secret);
    });

    it('keeps status and counts only', () => {
      expect(view).toEqual({
        redacted: true,
        id: 'case-1',
        siteId: 'site-kamilombe',
        state: 'follow_up',
        outcome: null,
        identifiedOn: '2025-01-10',
        closedOn: null,
        referred: true,
        planItemCount: 3,
        planItemsByStatus: { planned: 1, in_progress: 1, done: 1, cancelled: 0 },
        planItemsByKind: {
          schooling: 2,
          vocational_training: 0,
          family_support: 0,
          cash_transfer: 1,
          health: 0,
          other: 0,
        },
        visitCount: 3,
        lastVisitOn: '2025-03-20',
      });
    });
  });

  it('hides a field added to the case later, since the redacted view is an allow-list', () => {
    const withExtra = { ...childCase, childNickname: 'Titi' } as ChildLabourCaseView;
    expect(JSON.stringify(redactCaseForRole(withExtra, { role: 'supervisor', userId: 's' }))).not.toContain('Titi');
  });

  it('redacts a fresh case with no referral, plan or visit', () => {
    const fresh: ChildLabourCaseView = { ...childCase, state: 'identified', referral: null, planItems: [], visits: [] };
    expect(redactCaseForRole(fresh, { role: 'auditor', userId: 'a' })).toMatchObject({
      state: 'identified',
      referred: false,
      planItemCount: 0,
      visitCount: 0,
      lastVisitOn: null,
    });
  });

  it('keeps the outcome and closing date of a closed case in the redacted view', () => {
    const closed: ChildLabourCaseView = { ...childCase, state: 'closed', outcome: 'returned_to_school', closedOn: '2025-06-30' };
    expect(redactCaseForRole(closed, { role: 'supervisor', userId: 's' })).toMatchObject({
      state: 'closed',
      outcome: 'returned_to_school',
      closedOn: '2025-06-30',
    });
  });
});
