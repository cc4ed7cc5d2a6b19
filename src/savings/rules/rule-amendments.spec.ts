import { defineCycleRules } from './cycle-rules.js';
import { amendCycleRules, rulesInForce } from './rule-amendments.js';

const initial = defineCycleRules({ currency: 'USD', sharePriceMinor: 1000, socialFundContributionMinor: 200 });
const vote = { votesFor: 12, votesAgainst: 5, votesAbstaining: 2, members: 20 };

describe('amendCycleRules', () => {
  it('applies the changes voted and keeps every other rule', () => {
    const next = amendCycleRules(initial, { maxSharesPerMeeting: 3, serviceChargeMethod: 'declining' }, vote);
    expect(next).toEqual({ ...initial, maxSharesPerMeeting: 3, serviceChargeMethod: 'declining' });
    expect(Object.isFrozen(next)).toBe(true);
    expect(initial.maxSharesPerMeeting).toBe(5);
  });

  it('needs more votes for than against; abstentions do not count', () => {
    expect(() => amendCycleRules(initial, { maxSharesPerMeeting: 3 }, { ...vote, votesFor: 5, votesAgainst: 5 })).toThrow('AMENDMENT_NOT_ADOPTED');
    expect(() => amendCycleRules(initial, { maxSharesPerMeeting: 3 }, { votesFor: 2, votesAgainst: 3, votesAbstaining: 15, members: 20 })).toThrow('AMENDMENT_NOT_ADOPTED');
    expect(amendCycleRules(initial, { maxSharesPerMeeting: 3 }, { votesFor: 2, votesAgainst: 1, votesAbstaining: 17, members: 20 }).maxSharesPerMeeting).toBe(3);
  });

  it('refuses more votes than members and votes that are not whole', () => {
    expect(() => amendCycleRules(initial, { maxSharesPerMeeting: 3 }, { ...vote, members: 18 })).toThrow('AMENDMENT_VOTES_EXCEED_MEMBERS');
    expect(() => amendCycleRules(initial, { maxSharesPerMeeting: 3 }, { ...vote, votesFor: 2.5 })).toThrow('COUNT_NOT_WHOLE');
  });

  it('refuses to change the share price or the currency during the cycle, but accepts them restated unchanged', () => {
    expect(() => amendCycleRules(initial, { sharePriceMinor: 2000 }, vote)).toThrow('AMENDMENT_RULE_FIXED');
    expect(() => amendCycleRules(initial, { currency: 'CDF' }, vote)).toThrow('AMENDMENT_RULE_FIXED');
    expect(amendCycleRules(initial, { sharePriceMinor: 1000, maxSharesPerMeeting: 4 }, vote).maxSharesPerMeeting).toBe(4);
  });

  it('refuses an amendment that changes nothing, and checks the amended rules whole', () => {
    expect(() => amendCycleRules(initial, { maxSharesPerMeeting: 5 }, vote)).toThrow('AMENDMENT_CHANGES_NOTHING');
    expect(() => amendCycleRules(initial, {}, vote)).toThrow('AMENDMENT_CHANGES_NOTHING');
    expect(() => amendCycleRules(initial, { minSharesPerMeeting: 6 }, vote)).toThrow('CYCLE_RULES_INVALID');
  });
});

describe('rulesInForce', () => {
  const first = { votedOn: '2026-03-02', rulesAfter: amendCycleRules(initial, { maxSharesPerMeeting: 3 }, vote) };
  const second = { votedOn: '2026-05-04', rulesAfter: amendCycleRules(first.rulesAfter, { socialFundContributionMinor: 300 }, vote) };

  it('keeps the old rules at the meeting that votes the amendment, and applies it from the next one', () => {
    expect(rulesInForce(initial, [first], '2026-02-23')).toBe(initial);
    expect(rulesInForce(initial, [first], '2026-03-02')).toBe(initial);
    expect(rulesInForce(initial, [first], '2026-03-09')).toBe(first.rulesAfter);
  });

  it('stacks amendments in the order voted', () => {
    expect(rulesInForce(initial, [first, second], '2026-05-04').socialFundContributionMinor).toBe(200);
    const later = rulesInForce(initial, [first, second], '2026-05-11');
    expect(later).toMatchObject({ maxSharesPerMeeting: 3, socialFundContributionMinor: 300 });
  });

  it('refuses a date that is not one', () => {
    expect(() => rulesInForce(initial, [first], '2026-02-30')).toThrow('DATE_INVALID');
  });
});
