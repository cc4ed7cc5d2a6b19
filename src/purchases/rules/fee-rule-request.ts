/**
 * A fee rule as an admin asks for it: a percent rule carries a rate and nothing else, a
 * per-kg or fixed rule an amount and its currency and no rate.
 */
import { DomainError } from '../../common/domain-error.js';
import type { DatedFeeRule } from './fee-rules.js';

export interface FeeRuleRequest {
  readonly ruleCode: string;
  readonly fundCode: string;
  readonly kind: 'percent' | 'per_kg' | 'fixed';
  readonly rateBp?: number;
  readonly amountMinor?: number;
  readonly currency?: string;
  readonly validFrom: string;
  readonly validTo?: string;
}

export function datedFeeRuleFrom(request: FeeRuleRequest): DatedFeeRule {
  const base = { ruleCode: request.ruleCode, validFrom: request.validFrom, validTo: request.validTo ?? null };
  if (request.kind === 'percent') {
    if (request.rateBp === undefined || request.amountMinor !== undefined || request.currency !== undefined) {
      throw new DomainError('FEE_RULE_FIELDS_INVALID', { kind: request.kind, required: 'rateBp' });
    }
    return { ...base, rule: { kind: 'percent', fundCode: request.fundCode, rateBp: request.rateBp } };
  }
  if (request.amountMinor === undefined || request.currency === undefined || request.rateBp !== undefined) {
    throw new DomainError('FEE_RULE_FIELDS_INVALID', { kind: request.kind, required: 'amountMinor, currency' });
  }
  return request.kind === 'per_kg'
    ? { ...base, rule: { kind: 'per_kg', fundCode: request.fundCode, minorPerKg: request.amountMinor, currency: request.currency } }
    : { ...base, rule: { kind: 'fixed', fundCode: request.fundCode, amountMinor: request.amountMinor, currency: request.currency } };
}
