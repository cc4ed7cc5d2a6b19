import { type DomainError } from '../../../common/domain-error.js';
import { assertLotsOutsideParcels, lotsOfParcelsForSale } from './parcel-sale.js';

const parcel = (parcelId: string, lots: [string, boolean][], saleId: string | null = null) => ({
  parcelId, parcelNumber: `N-${parcelId}`, saleId, lots: lots.map(([purchaseId, reversed]) => ({ purchaseId, reversed })),
});
const code = (c: string) => expect.objectContaining({ code: c }) as DomainError;

describe('a sale of diamond parcels', () => {
  it('takes every unreversed purchase of each parcel, parcels in the order named', () => {
    const found = [parcel('a', [['a1', false], ['a2', true], ['a3', false]]), parcel('b', [['b1', false]])];
    expect(lotsOfParcelsForSale(['b', 'a'], found)).toEqual(['b1', 'a1', 'a3']);
  });

  it.each([
    ['a parcel named twice', ['a', 'a'], [parcel('a', [['a1', false]])], 'SALE_PARCEL_DUPLICATED'],
    ['an unknown parcel', ['x'], [], 'PARCEL_NOT_FOUND'],
    ['a sold parcel', ['a'], [parcel('a', [['a1', false]], 'sale-1')], 'PARCEL_ALREADY_SOLD'],
    ['an empty parcel', ['a'], [parcel('a', [])], 'PARCEL_EMPTY'],
    ['a parcel whose every purchase was reversed', ['a'], [parcel('a', [['a1', true]])], 'PARCEL_EMPTY'],
  ])('refuses %s', (_name, ids, found, expected) => {
    expect(() => lotsOfParcelsForSale(ids, found)).toThrow(code(expected));
  });

  it('keeps lots of parcels out of sales of lots, naming the first by its tag', () => {
    expect(() => assertLotsOutsideParcels([{ purchaseId: 'p1', tagId: 'T1', parcelId: null }])).not.toThrow();
    expect(() => assertLotsOutsideParcels([{ purchaseId: 'p1', tagId: null, parcelId: null }, { purchaseId: 'p2', tagId: 'T2', parcelId: 'a' }]))
      .toThrow(expect.objectContaining({ code: 'SALE_LOT_IN_PARCEL', params: { lot: 'T2' } }) as DomainError);
  });
});
