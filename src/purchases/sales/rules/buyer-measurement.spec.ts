import { DomainError } from '../../../common/domain-error.js';
import { reconcileWithBuyer } from '../../rules/reconciliation.js';
import { assertCorrectionReason, newMeasurementOf } from './buyer-measurement.js';

describe('assertCorrectionReason', () => {
  it('asks a reason of a correction and refuses one without anything to correct', () => {
    expect(() => assertCorrectionReason('m1', null, 's1')).toThrow(DomainError);
    expect(() => assertCorrectionReason(null, 'scale', 's1')).toThrow(DomainError);
    expect(() => assertCorrectionReason('m1', 'scale', 's1')).not.toThrow();
    expect(() => assertCorrectionReason(null, null, 's1')).not.toThrow();
  });
});

describe('newMeasurementOf', () => {
  it('keeps both sides, the differences and the tolerance they were judged by', () => {
    const tolerance = { massBp: 200, gradeBp: 50 };
    const ours = { massMg: 10_000_000, gradeBp: 1400 };
    const reconciliation = reconcileWithBuyer(ours, { massMg: 9_500_000, gradeBp: 1400 }, tolerance);
    const row = newMeasurementOf(
      { id: 'm1', saleId: 's1', correctsId: null, reason: null, recordedBy: 'u1' },
      { measuredOn: '2025-03-14', netMg: 9_500_000, gradeBp: 1400, moistureBp: null, reference: null },
      ours,
      { reconciliation, tolerance, riskFlagId: 'f1' },
    );
    expect(row).toMatchObject({ ourNetMg: 10_000_000, netMg: 9_500_000, massDiffMg: -500_000, exceeds: true, riskFlagId: 'f1', tolerance });
  });
});
