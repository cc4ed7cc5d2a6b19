import { DomainError } from '../../common/domain-error.js';
import { heterogenitePurchase } from './ledger-entry.fixture.js';
import { sealEntry, GENESIS_PREVIOUS_HASH } from './hash-chain.js';
import { lotNumberOf, measurePurchase, reversalEntry, type PurchaseRequest } from './ledger-entries.js';

const now = new Date('2025-03-14T09:00:00.000Z');
const request: PurchaseRequest = {
  mineral: 'HETEROGENITE',
  grossMass: { value: '12.8', unit: 'kg' },
  netMass: { value: '12.5', unit: 'kg' },
  gradePercent: '14.2',
  moisturePercent: '8',
  priceBasis: 'per_unit_contained_metal',
  paymentMethod: 'cash',
};

describe('measurePurchase', () => {
  it('reads masses in milligrams and percents in basis points, captured now by default', () => {
    const measured = measurePurchase(request, now);
    expect(measured).toMatchObject({ grossMg: 12_800_000, netMg: 12_500_000, gradeBp: 1420, moistureBp: 800, priceUnit: 'kg', capturedAt: now, recordedAt: now });
  });

  it('refuses mobile money without a reference and a capture too far in the future', () => {
    expect(() => measurePurchase({ ...request, paymentMethod: 'mobile_money' }, now)).toThrow(DomainError);
    expect(() => measurePurchase({ ...request, capturedAt: '2025-03-14T09:06:00.000Z' }, now)).toThrow(DomainError);
    expect(measurePurchase({ ...request, capturedAt: '2025-03-14T09:04:00.000Z' }, now).capturedAt.toISOString()).toBe('2025-03-14T09:04:00.000Z');
  });
});

describe('reversalEntry', () => {
  it('negates every amount of the original and keeps its measurements', () => {
    const original = sealEntry(GENESIS_PREVIOUS_HASH, heterogenitePurchase());
    const reversal = reversalEntry(original, { sequence: 2, id: 'r', officerId: 'o' }, 'wrong scale', now);
    expect(reversal).toMatchObject({ kind: 'reversal', sequence: 2, id: 'r', reversesId: original.id, amountMinor: -1551, netPaidMinor: -1485, netMg: 12_500_000, capturedAt: null, reason: 'wrong scale' });
    expect(reversal.fees).toEqual([{ fundCode: 'PROVINCIAL_LEVY', amountMinor: -16 }, { fundCode: 'COOPERATIVE_DUES', amountMinor: -50 }]);
    expect('hash' in reversal).toBe(false);
  });

  it('numbers lots by sequence', () => {
    expect(lotNumberOf(42)).toBe('LOT-000042');
  });
});
