import { buyerDiscrepancy } from '../../../risk/rules/auto-rules.js';
import { reconcileWithBuyer, type ReconciliationTolerance } from '../../rules/reconciliation.js';

/**
 * A buyer measurement is judged by reconciliation.ts (the figures stored with it) and the
 * flag by the risk module's buyerDiscrepancy rule. The database requires a flag on every
 * measurement beyond tolerance, so the two must draw the line at the same place.
 */
describe('the reconciliation and the discrepancy flag agree', () => {
  const tolerances: ReconciliationTolerance[] = [
    { massBp: 200, gradeBp: 50 },
    { massBp: 0, gradeBp: 0 },
    { massBp: 500, gradeBp: 100 },
  ];
  const ourMasses = [25_000_000, 1, 7_777_777];
  const massFactorsBp = [0, 1, 199, 200, 201, 400, 401, 500, 501, -1, -200, -201, -501, -10_000 + 1];
  const grades: [number | null, number | null][] = [[1420, 1420], [1420, 1370], [1420, 1369], [1420, 1471], [null, 1400], [1420, null], [0, 100], [10_000, 9_900]];

  it.each(tolerances)('at tolerance %j, for masses around each bound and grades on either side', (tolerance) => {
    for (const ours of ourMasses) {
      for (const factor of massFactorsBp) {
        const buyers = Math.max(1, ours + Math.trunc((ours * factor) / 10_000));
        for (const [ourGrade, buyerGrade] of grades) {
          const reconciliation = reconcileWithBuyer({ massMg: ours, gradeBp: ourGrade }, { massMg: buyers, gradeBp: buyerGrade }, tolerance);
          const flag = buyerDiscrepancy({
            id: 'm',
            saleId: 's',
            siteId: null,
            reconciledAt: new Date(0),
            ourNetMassMg: ours,
            buyerNetMassMg: buyers,
            massToleranceBp: tolerance.massBp,
            ourGradeBp: ourGrade,
            buyerGradeBp: buyerGrade,
            gradeToleranceBp: tolerance.gradeBp,
          });
          expect({ ours, buyers, ourGrade, buyerGrade, flagged: flag !== null }).toEqual({ ours, buyers, ourGrade, buyerGrade, flagged: reconciliation.exceeds });
        }
      }
    }
  });
});
