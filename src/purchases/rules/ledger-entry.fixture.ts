/** Ledger entries for the specs of this folder: one realistic purchase and a chain builder. */
import { type LedgerEntry } from './canonical.js';
import { GENESIS_PREVIOUS_HASH, type SealedEntry, sealEntry } from './hash-chain.js';

/** 12.5 kg of heterogenite at 14.2 % Co, 8 % moisture, USD 9.50 per kg of contained cobalt. */
export function heterogenitePurchase(overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    cooperativeId: '6f1c2a4e-0000-4000-8000-000000000001',
    sequence: 1,
    kind: 'purchase',
    id: '6f1c2a4e-0000-4000-8000-0000000000a1',
    reversesId: null,
    lotNumber: 'KOL-2025-000123',
    tagId: 'QR-7Y3K9',
    sellerId: '6f1c2a4e-0000-4000-8000-0000000000b1',
    siteId: '6f1c2a4e-0000-4000-8000-0000000000c1',
    mineral: 'HETEROGENITE',
    grossMg: 12_800_000,
    netMg: 12_500_000,
    gradeBp: 1420,
    moistureBp: 800,
    unitPriceMinor: 950,
    priceUnit: 'kg',
    priceBasis: 'per_unit_contained_metal',
    currency: 'USD',
    exchangeRate: '2850.5',
    exchangeRateBase: 'USD',
    reportingCurrency: 'CDF',
    amountMinor: 1551,
    amountReportingMinor: 4_421_126,
    fees: [
      { fundCode: 'PROVINCIAL_LEVY', amountMinor: 16 },
      { fundCode: 'COOPERATIVE_DUES', amountMinor: 50 },
    ],
    netPaidMinor: 1485,
    paymentMethod: 'mobile_money',
    paymentReference: 'MP250314.0830.A12345',
    capturedAt: new Date('2025-03-14T08:30:00.000Z'),
    recordedAt: new Date('2025-03-14T09:02:17.250Z'),
    officerId: '6f1c2a4e-0000-4000-8000-0000000000d1',
    reason: null,
    diamond: null,
    ...overrides,
  };
}

/** 12.35 ct of gem rough in 7 stones, class 'GEM +2ct', in one parcel, at USD 180 per carat. */
export function diamondPurchase(overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return heterogenitePurchase({
    mineral: 'ROUGH_DIAMOND_NON_INDUSTRIAL', grossMg: 2470, netMg: 2470, gradeBp: null, moistureBp: null, unitPriceMinor: 18000,
    priceUnit: 'ct', priceBasis: 'per_unit_net_mass',
    diamond: { stones: 7, qualityClass: 'GEM +2ct', parcelId: '6f1c2a4e-0000-4000-8000-0000000000e1' },
    ...overrides,
  });
}

/** Entries 1..n, each a distinct purchase, sealed into a valid chain. */
export function sealedChain(count: number): SealedEntry[] {
  const chain: SealedEntry[] = [];
  let previousHash = GENESIS_PREVIOUS_HASH;
  for (let sequence = 1; sequence <= count; sequence += 1) {
    const sealed = sealEntry(previousHash, numberedPurchase(sequence));
    chain.push(sealed);
    previousHash = sealed.hash;
  }
  return chain;
}

export function numberedPurchase(sequence: number): LedgerEntry {
  return heterogenitePurchase({
    sequence,
    id: `6f1c2a4e-0000-4000-8000-${sequence.toString().padStart(12, '0')}`,
    lotNumber: `KOL-2025-${sequence.toString().padStart(6, '0')}`,
  });
}
