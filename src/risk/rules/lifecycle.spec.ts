import { domainErrorOf } from '../../common/thrown.fixture.js';
import {
  ACTIVE_FLAG_STATES,
  assertFlagTransition,
  FLAG_STATES,
  type FlagState,
  type FlagTransitionKind,
  flagTransitionKind,
  isActiveFlagState,
  isFlagState,
} from './lifecycle.js';

const ALLOWED: Readonly<Record<string, FlagTransitionKind>> = {
  'open>acknowledged': 'forward',
  'open>dismissed': 'dismissal',
  'acknowledged>in_remediation': 'forward',
  'acknowledged>resolved': 'forward',
  'acknowledged>dismissed': 'dismissal',
  'in_remediation>resolved': 'forward',
  'resolved>closed': 'forward',
  'resolved>in_remediation': 'reopen',
  'dismissed>open': 'reopen',
};

const EVERY_PAIR: Array<[FlagState, FlagState, FlagTransitionKind | null]> = FLAG_STATES.flatMap((from) =>
  FLAG_STATES.map((to): [FlagState, FlagState, FlagTransitionKind | null] => [from, to, ALLOWED[`${from}>${to}`] ?? null]),
);

describe('flag lifecycle', () => {
  it('covers all 36 pairs of states, nine of them allowed', () => {
    expect(EVERY_PAIR).toHaveLength(36);
    expect(EVERY_PAIR.filter(([, , kind]) => kind !== null)).toHaveLength(9);
  });

  it.each(EVERY_PAIR)('classifies %s → %s as %s', (from, to, kind) => {
    expect(flagTransitionKind(from, to)).toBe(kind);
  });

  it.each(EVERY_PAIR.filter(([, , kind]) => kind !== null))(
    'allows %s → %s when a reason is given',
    (from, to, kind) => {
      expect(assertFlagTransition(from, to, { reason: 'checked on site' })).toBe(kind);
    },
  );

  it.each(EVERY_PAIR.filter(([, , kind]) => kind === null))(
    'refuses %s → %s even with a reason, naming both states',
    (from, to) => {
      const error = domainErrorOf(() => assertFlagTransition(from, to, { reason: 'because' }));
      expect(error.code).toBe('FLAG_TRANSITION_INVALID');
      expect(error.params).toEqual({ from, to });
      expect(error.kind).toBe('conflict');
    },
  );

  it.each(EVERY_PAIR.filter(([, , kind]) => kind === 'forward'))('moves %s → %s without a reason', (from, to) => {
    expect(assertFlagTransition(from, to)).toBe('forward');
    expect(assertFlagTransition(from, to, { reason: null })).toBe('forward');
  });

  const needingReason = EVERY_PAIR.filter(([, , kind]) => kind === 'dismissal' || kind === 'reopen');

  it('asks a reason for dismissals and reopenings only', () => {
    expect(needingReason.map(([from, to]) => `${from}>${to}`).sort()).toEqual(
      ['acknowledged>dismissed', 'dismissed>open', 'open>dismissed', 'resolved>in_remediation'].sort(),
    );
  });

  describe.each(needingReason)('%s → %s', (from, to) => {
    it.each([
      ['no input', undefined],
      ['no reason', {}],
      ['a null reason', { reason: null }],
      ['an empty reason', { reason: '' }],
      ['a blank reason', { reason: ' \t\n ' }],
    ])('refuses %s with REASON_REQUIRED', (_label, input) => {
      const error = domainErrorOf(() => assertFlagTransition(from, to, input));
      expect(error.code).toBe('REASON_REQUIRED');
      expect(error.params).toEqual({ from, to });
    });
  });

  it('reports an impossible move before a missing reason', () => {
    expect(domainErrorOf(() => assertFlagTransition('closed', 'open')).code).toBe('FLAG_TRANSITION_INVALID');
    expect(domainErrorOf(() => assertFlagTransition('in_remediation', 'dismissed')).code).toBe('FLAG_TRANSITION_INVALID');
  });

  it('keeps closed final and reopens a dismissed flag only to open', () => {
    expect(FLAG_STATES.map((to) => flagTransitionKind('closed', to))).toEqual(FLAG_STATES.map(() => null));
    expect(FLAG_STATES.filter((to) => flagTransitionKind('dismissed', to) !== null)).toEqual(['open']);
  });

  it('counts every state but closed and dismissed as still being worked on', () => {
    expect(ACTIVE_FLAG_STATES).toEqual(['open', 'acknowledged', 'in_remediation', 'resolved']);
    expect(FLAG_STATES.filter(isActiveFlagState)).toEqual(['open', 'acknowledged', 'in_remediation', 'resolved']);
  });

  it('recognises state codes and refuses others', () => {
    expect(FLAG_STATES.every(isFlagState)).toBe(true);
    expect(isFlagState('reopened')).toBe(false);
    expect(isFlagState('OPEN')).toBe(false);
  });
});
