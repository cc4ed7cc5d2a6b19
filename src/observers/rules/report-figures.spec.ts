import type { RegulatorReport } from '../../reports/report-content.js';
import { observedReportFigures } from './report-figures.js';

const report: RegulatorReport = {
  schema: 'regulator-report/1',
  cooperative: { id: 'c', name: 'Tujenge', legalForm: 'COOP_CA', registrationNumber: 'RCCM-1', approvalNumber: 'AGR-1', country: 'CD', province: 'Lualaba', territory: null, timezone: 'Africa/Lubumbashi' },
  period: { key: '2026-03', from: '2026-03-01', to: '2026-03-31' },
  generatedAt: '2026-04-01T08:00:00.000Z',
  purchases: {
    rows: [{ key: 'site|HET|USD', siteId: 'site', siteName: 'Puits Kapata', mineral: 'HETEROGENITE', currency: 'USD', count: 2, netMassMg: 25_000_000, valueMinor: 4000 }],
    totals: [{ key: 'USD', currency: 'USD', count: 2, netMassMg: 25_000_000, valueMinor: 4000 }],
    reversals: 1,
    monthlyByMineral: [{ key: '2026-03|HET', month: '2026-03', mineral: 'HETEROGENITE', count: 2, netMassMg: 25_000_000 }],
  },
  members: { total: 3, bySex: { F: 1, M: 2 }, byAgeBand: { '18-24': 1, '25-34': 2 }, newInPeriod: 1, exitedInPeriod: 0, cards: { valid: 2, expiring: 1, expired: 0, none: 0 } },
  access: { entries: 10, denials: 2, denialsByReason: { CARD_EXPIRED: 2 }, minorsTurnedAway: 1 },
  risks: {
    flags: [{ key: 'worst_forms_child_labour|critical', category: 'worst_forms_child_labour', severity: 'critical', opened: 1, closed: 0, overdue: 0 }],
    childLabourCases: { openedInPeriod: 1, byStatus: { identified: 1 } },
    correctiveActions: { createdInPeriod: 1, completedInPeriod: 0, cancelledInPeriod: 0, openAtEnd: 1, overdueAtEnd: 0 },
  },
  governance: {
    assemblies: [
      { key: 'a1', kind: 'ordinary', heldOn: '2026-03-10', quorumReached: true },
      { key: 'a2', kind: 'extraordinary', heldOn: '2026-03-20', quorumReached: false },
      { key: 'a3', kind: 'ordinary', heldOn: '2026-03-30', quorumReached: null },
    ],
    elections: { held: 1, certified: 1 },
    bylawVersionsAdopted: 0,
    lateDeclarations: 0,
  },
  savings: {
    groups: 1, members: 12,
    byCurrency: [{ key: 'CDF', currency: 'CDF', sharesValueMinor: 1000, loansDisbursedPrincipalMinor: 500, loanRepaymentsMinor: 100, loanFundMinor: 600, socialFundMinor: 50 }],
    loans: [],
  },
  ledger: { headHash: 'abc', lastSequence: 7, verified: true, problem: null },
  sales: { rows: [] },
  stock: { rows: [] },
  fees: { rows: [{ key: 'COMMUNITY|USD', fundCode: 'COMMUNITY', currency: 'USD', amountMinor: 40, purchases: 2 }] },
  siteAuthorisations: { rows: [] },
  standards: { sitesAssessed: 0, rows: [] },
};

describe('observedReportFigures', () => {
  const figures = observedReportFigures(report, 3);

  it('keeps the period, the version and the figures of every section', () => {
    expect(figures.period).toEqual(report.period);
    expect(figures.version).toBe(3);
    expect(figures.purchases).toEqual({ totals: report.purchases.totals, reversals: 1, monthlyByMineral: report.purchases.monthlyByMineral });
    expect(figures.members).toEqual(report.members);
    expect(figures.access).toEqual(report.access);
    expect(figures.risks).toEqual(report.risks);
    expect(figures.savings).toEqual({ groups: 1, members: 12, byCurrency: report.savings.byCurrency });
    expect(figures.fees).toEqual(report.fees.rows);
  });

  it('counts the assemblies instead of listing them, quorum reached only when it was', () => {
    expect(figures.governance).toEqual({ assembliesHeld: 3, assembliesWithQuorum: 1, elections: { held: 1, certified: 1 }, bylawVersionsAdopted: 0, lateDeclarations: 0 });
  });

  it('leaves out the registration, the purchase rows by site, the ledger head and the loans', () => {
    const text = JSON.stringify(figures);
    for (const left of ['RCCM-1', 'Puits Kapata', '"ledger"', '"loans"', '"sales"', '"stock"', 'abc']) expect({ left, found: text.includes(left) }).toEqual({ left, found: false });
  });
});
