import { DomainError } from '../../common/domain-error.js';
import { datedFeeRuleFrom } from './fee-rule-request.js';

const base = { ruleCode: 'LEVY', fundCode: 'PROVINCIAL_LEVY', validFrom: '2025-01-01' };

describe('datedFeeRuleFrom', () => {
  it('reads a percent rule with its rate and an open end', () => {
    expect(datedFeeRuleFrom({ ...base, kind: 'percent', rateBp: 100 })).toEqual({
      ruleCode: 'LEVY', validFrom: '2025-01-01', validTo: null, rule: { kind: 'percent', fundCode: 'PROVINCIAL_LEVY', rateBp: 100 },
    });
  });

  it('reads per-kg and fixed rules with their amount and currency', () => {
    expect(datedFeeRuleFrom({ ...base, kind: 'per_kg', amountMinor: 5, currency: 'USD', validTo: '2025-12-31' }).rule).toEqual({ kind: 'per_kg', fundCode: 'PROVINCIAL_LEVY', minorPerKg: 5, currency: 'USD' });
    expect(datedFeeRuleFrom({ ...base, kind: 'fixed', amountMinor: 50, currency: 'CDF' }).rule).toEqual({ kind: 'fixed', fundCode: 'PROVINCIAL_LEVY', amountMinor: 50, currency: 'CDF' });
  });

  it('refuses a percent rule with an amount, and an amount rule with a rate', () => {
    expect(() => datedFeeRuleFrom({ ...base, kind: 'percent', rateBp: 100, currency: 'USD' })).toThrow(DomainError);
    expect(() => datedFeeRuleFrom({ ...base, kind: 'fixed', amountMinor: 50, currency: 'USD', rateBp: 1 })).toThrow(DomainError);
    expect(() => datedFeeRuleFrom({ ...base, kind: 'per_kg', amountMinor: 5 })).toThrow(DomainError);
  });
});
