import { reconcileCertificate, reconcileDiamondMonth } from './diamond-reconciliation.js';

const site = (siteId: string, purchasedMg: number, soldMg: number, certifiedMg: number, purchasedStones = 1) => ({ siteId, purchasedMg, purchasedStones, soldMg, certifiedMg });
const certificate = (number: string, issuedOn: string, declaredMg: number, oursMg: number) => ({
  certificateId: `id-${number}`, certificateNumber: number, issuedOn, declaredMg, oursMg, riskFlagId: null,
});

describe('the month’s diamond reconciliation', () => {
  it('gives purchased, sold and certified carats per site and their gaps, in carats', () => {
    const result = reconcileDiamondMonth([site('s1', 2470, 2000, 1000, 7), site('s2', 0, 200, 200, 0)], [], 50);
    expect(result.sites).toEqual([
      { siteId: 's1', purchasedCarats: '12.35', purchasedStones: 7, soldCarats: '10', certifiedCarats: '5', purchasedNotSoldCarats: '2.35', soldNotCertifiedCarats: '5' },
      { siteId: 's2', purchasedCarats: '0', purchasedStones: 0, soldCarats: '1', certifiedCarats: '1', purchasedNotSoldCarats: '-1', soldNotCertifiedCarats: '0' },
    ]);
    expect(result.totals).toEqual({
      purchasedCarats: '12.35', purchasedStones: 7, soldCarats: '11', certifiedCarats: '6', purchasedNotSoldCarats: '1.35', soldNotCertifiedCarats: '5', declaredCarats: '0',
    });
    expect(result.discrepancies).toBe(0);
  });

  it('judges each certificate against our carats and counts those beyond the tolerance', () => {
    const result = reconcileDiamondMonth([], [certificate('CD 2', '2026-11-05', 2100, 2000), certificate('CD 1', '2026-11-05', 2005, 2000), certificate('CD 0', '2026-11-09', 2000, 2000)], 50);
    expect(result.certificates.map((c) => [c.certificateNumber, c.verdict, c.differenceCarats, c.differenceBp])).toEqual([
      ['CD 1', 'within', '0.025', 25], ['CD 2', 'beyond_twice', '0.5', 500], ['CD 0', 'within', '0', 0],
    ]);
    expect(result.discrepancies).toBe(1);
    expect(result.totals.declaredCarats).toBe('30.525');
  });

  it('is empty for a month without diamonds', () => {
    expect(reconcileDiamondMonth([], [], 50)).toMatchObject({ sites: [], certificates: [], discrepancies: 0, totals: { purchasedCarats: '0', declaredCarats: '0' } });
  });

  it.each([
    [10_000, 10_050, 'within'], [10_000, 10_051, 'beyond'], [10_000, 9_949, 'beyond'], [10_000, 10_101, 'beyond_twice'],
  ] as const)('compares %d mg of ours with %d mg declared as %s at 0.5 %%', (ours, declared, verdict) => {
    expect(reconcileCertificate(certificate('CD 9', '2026-11-01', declared, ours), 50).verdict).toBe(verdict);
  });
});
