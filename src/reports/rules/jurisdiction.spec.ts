import type { RegulatorReport } from '../report-content.js';
import { aggregateJurisdiction } from './jurisdiction.js';

const NONE = { rows: [] } as const;

function report(id: string, name: string, figures: { members: number; women: number; usd: number; cdf?: number; massKg: number; entries: number; minors: number; verified: boolean }): RegulatorReport {
  const totals = [
    { key: 'USD', currency: 'USD', count: 2, netMassMg: figures.massKg * 1_000_000, valueMinor: figures.usd },
    ...(figures.cdf === undefined ? [] : [{ key: 'CDF', currency: 'CDF', count: 1, netMassMg: 0, valueMinor: figures.cdf }]),
  ];
  return {
    schema: 'regulator-report/1',
    cooperative: { id, name, legalForm: 'SCOOPS', registrationNumber: `RCCM-${id}`, approvalNumber: null, country: 'CD', province: 'Lualaba', territory: null, timezone: 'Africa/Lubumbashi' },
    period: { key: '2026-10', from: '2026-10-01', to: '2026-10-31' },
    generatedAt: '2026-11-01T08:00:00.000Z',
    purchases: {
      rows: [{ key: `s|CUIVRE|USD`, siteId: 's', siteName: 'Site', mineral: 'CUIVRE', currency: 'USD', count: 2, netMassMg: figures.massKg * 1_000_000, valueMinor: figures.usd }],
      totals,
      reversals: 0,
      monthlyByMineral: [],
    },
    members: {
      total: figures.members, bySex: { F: figures.women, M: figures.members - figures.women }, byAgeBand: {}, newInPeriod: 1, exitedInPeriod: 0,
      cards: { valid: figures.members, expiring: 0, expired: 0, none: 0 },
    },
    access: { entries: figures.entries, denials: figures.minors, denialsByReason: {}, minorsTurnedAway: figures.minors },
    risks: {
      flags: [{ key: 'accident|high', category: 'accident', severity: 'high', opened: 2, closed: 1, overdue: 1 }],
      childLabourCases: { openedInPeriod: figures.minors, byStatus: {} },
      correctiveActions: { createdInPeriod: 0, completedInPeriod: 0, cancelledInPeriod: 0, openAtEnd: 0, overdueAtEnd: 0 },
    },
    governance: { assemblies: [], elections: { held: 0, certified: 0 }, bylawVersionsAdopted: 0, lateDeclarations: 0 },
    savings: { groups: 0, members: 0, byCurrency: [], loans: [] },
    ledger: { headHash: null, lastSequence: 0, verified: figures.verified, problem: figures.verified ? null : 'broken' },
    sales: NONE,
    stock: NONE,
    fees: NONE,
    siteAuthorisations: NONE,
    standards: { sitesAssessed: 0, rows: [] },
  };
}

describe('aggregateJurisdiction', () => {
  const umoja = report('b', 'Umoja', { members: 5, women: 2, usd: 10_000, cdf: 500_000, massKg: 3, entries: 7, minors: 0, verified: true });
  const tujenge = report('a', 'Tujenge', { members: 3, women: 1, usd: 2_500, massKg: 1, entries: 4, minors: 1, verified: false });
  const result = aggregateJurisdiction({ country: 'CD', province: 'Lualaba' }, umoja.period, '2026-11-02T00:00:00.000Z', [umoja, tujenge]);

  it('lists one row per cooperative, by name, with its own figures', () => {
    expect(result.cooperatives.map((row) => row.name)).toEqual(['Tujenge', 'Umoja']);
    expect(result.cooperatives[1]).toMatchObject({
      id: 'b', members: 5, purchases: 3, netMassMg: 3_000_000, entries: 7, minorsTurnedAway: 0, flagsOpened: 2, flagsOverdue: 1, ledgerVerified: true,
      purchaseValues: [{ key: 'USD', currency: 'USD', valueMinor: 10_000 }, { key: 'CDF', currency: 'CDF', valueMinor: 500_000 }],
    });
  });

  it('sums the cooperatives, money per currency and never across currencies', () => {
    expect(result.totals).toMatchObject({
      cooperatives: 2, members: 8, women: 3, men: 5, newMembers: 2, entries: 11, minorsTurnedAway: 1, flagsOpened: 4, flagsClosed: 2, flagsOverdue: 2,
      childLabourCasesOpened: 1, ledgersVerified: 1, ledgersFailed: 1, cards: { valid: 8, expiring: 0, expired: 0, none: 0 },
    });
    expect(result.totals.purchasesByCurrency).toEqual([
      { key: 'CDF', currency: 'CDF', count: 1, netMassMg: 0, valueMinor: 500_000 },
      { key: 'USD', currency: 'USD', count: 4, netMassMg: 4_000_000, valueMinor: 12_500 },
    ]);
    expect(result.totals.purchasesByMineral).toEqual([{ key: 'CUIVRE', mineral: 'CUIVRE', count: 4, netMassMg: 4_000_000 }]);
  });

  it('prints times in the time zone of the province\'s cooperatives', () => {
    expect(result.jurisdiction).toEqual({ country: 'CD', province: 'Lualaba', timezone: 'Africa/Lubumbashi' });
  });

  it('gives zeros for a province without cooperatives', () => {
    const empty = aggregateJurisdiction({ country: 'CD', province: 'Tanganyika' }, umoja.period, '2026-11-02T00:00:00.000Z', []);
    expect(empty.cooperatives).toEqual([]);
    expect(empty.jurisdiction.timezone).toBe('UTC');
    expect(empty.totals).toMatchObject({ cooperatives: 0, members: 0, purchasesByCurrency: [], ledgersVerified: 0 });
  });
});
