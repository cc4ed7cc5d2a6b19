import { domainErrorOf } from '../../../common/thrown.fixture.js';
import { composeSale, type LotFacts, resolveRequestedLots } from './sale-lots.js';

const SITE_A = 'site-a';
const SITE_B = 'site-b';

function lot(id: string, overrides: Partial<LotFacts> = {}): LotFacts {
  return {
    purchaseId: id,
    tagId: `TAG-${id}`,
    lotNumber: `LOT-${id}`,
    kind: 'purchase',
    mineral: 'HETEROGENITE',
    siteId: SITE_A,
    netMg: 10_000_000,
    gradeBp: 1000,
    purchasedOn: '2026-03-01',
    reversalId: null,
    saleId: null,
    ...overrides,
  };
}

describe('resolveRequestedLots', () => {
  const found = [lot('p1'), lot('p2'), lot('r1', { kind: 'reversal', tagId: 'TAG-p2' })];

  it('finds lots by purchase id and by tag, ids first then tags', () => {
    const lots = resolveRequestedLots({ purchaseIds: ['p2'], tagIds: ['TAG-p1'] }, found);
    expect(lots.map((l) => l.purchaseId)).toEqual(['p2', 'p1']);
  });

  it('takes a tag to mean the purchase, never the reversal entry that copies its tag', () => {
    expect(resolveRequestedLots({ purchaseIds: [], tagIds: ['TAG-p2'] }, found).map((l) => l.purchaseId)).toEqual(['p2']);
  });

  it('refuses an empty request', () => {
    expect(domainErrorOf(() => resolveRequestedLots({ purchaseIds: [], tagIds: [] }, found)).code).toBe('SALE_LOTS_EMPTY');
  });

  it('names the id or tag that was not found', () => {
    const byId = domainErrorOf(() => resolveRequestedLots({ purchaseIds: ['nope'], tagIds: [] }, found));
    expect([byId.code, byId.params]).toEqual(['SALE_LOT_NOT_FOUND', { lot: 'nope' }]);
    const byTag = domainErrorOf(() => resolveRequestedLots({ purchaseIds: [], tagIds: ['TAG-x'] }, found));
    expect([byTag.code, byTag.params]).toEqual(['SALE_LOT_NOT_FOUND', { lot: 'TAG-x' }]);
  });

  it('refuses the same lot named twice, even once by id and once by tag', () => {
    expect(domainErrorOf(() => resolveRequestedLots({ purchaseIds: ['p1', 'p1'], tagIds: [] }, found)).code).toBe('SALE_LOT_DUPLICATED');
    expect(domainErrorOf(() => resolveRequestedLots({ purchaseIds: ['p1'], tagIds: ['TAG-p1'] }, found)).code).toBe('SALE_LOT_DUPLICATED');
  });
});

describe('composeSale', () => {
  it('sums the net mass and weights the grade by mass, rounded half-up', () => {
    const sale = composeSale([lot('p1', { netMg: 10_000_000, gradeBp: 1000 }), lot('p2', { netMg: 30_000_000, gradeBp: 1401 })], '2026-03-02');
    // (10 × 1000 + 30 × 1401) / 40 = 1300.75 → 1301
    expect(sale.total).toEqual({ massMg: 40_000_000, gradeBp: 1301 });
    expect(sale.mineral).toBe('HETEROGENITE');
    expect(sale.siteId).toBe(SITE_A);
  });

  it('has no site when the lots come from several, and no grade when a lot has none', () => {
    const sale = composeSale([lot('p1'), lot('p2', { siteId: SITE_B, gradeBp: null })], '2026-03-01');
    expect(sale.siteId).toBeNull();
    expect(sale.total.gradeBp).toBeNull();
  });

  it('refuses a reversal entry, a reversed lot and a lot already sold, naming it', () => {
    expect(domainErrorOf(() => composeSale([lot('r1', { kind: 'reversal' })], '2026-03-02')).code).toBe('SALE_LOT_NOT_A_PURCHASE');
    const reversed = domainErrorOf(() => composeSale([lot('p1'), lot('p2', { reversalId: 'r2' })], '2026-03-02'));
    expect([reversed.code, reversed.kind, reversed.params]).toEqual(['SALE_LOT_REVERSED', 'conflict', { purchaseId: 'p2', tagId: 'TAG-p2', reversalId: 'r2' }]);
    const sold = domainErrorOf(() => composeSale([lot('p1', { saleId: 's1' })], '2026-03-02'));
    expect([sold.code, sold.kind, sold.params.saleId]).toEqual(['SALE_LOT_ALREADY_SOLD', 'conflict', 's1']);
  });

  it('refuses lots of different minerals', () => {
    const error = domainErrorOf(() => composeSale([lot('p1'), lot('p2', { mineral: 'CASSITERITE' })], '2026-03-02'));
    expect([error.code, error.params]).toEqual(['SALE_MINERALS_MIXED', { minerals: 'HETEROGENITE, CASSITERITE' }]);
  });

  it('refuses a sale dated before a lot was bought, and accepts the same day', () => {
    expect(domainErrorOf(() => composeSale([lot('p1', { purchasedOn: '2026-03-05' })], '2026-03-04')).code).toBe('SALE_BEFORE_PURCHASE');
    expect(composeSale([lot('p1', { purchasedOn: '2026-03-05' })], '2026-03-05').lots).toHaveLength(1);
  });

  it('refuses an empty sale', () => {
    expect(domainErrorOf(() => composeSale([], '2026-03-05')).code).toBe('SALE_LOTS_EMPTY');
  });
});
