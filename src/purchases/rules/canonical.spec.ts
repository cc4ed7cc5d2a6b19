import { canonicalJson, canonicalLedgerEntry, LEDGER_ENTRY_FIELDS, type LedgerEntry } from './canonical.js';
import { diamondPurchase, heterogenitePurchase } from './ledger-entry.fixture.js';

const HETEROGENITE_CANONICAL =
  '{"amountMinor":1551,"amountReportingMinor":4421126,"capturedAt":"2025-03-14T08:30:00.000Z",' +
  '"cooperativeId":"6f1c2a4e-0000-4000-8000-000000000001","currency":"USD","exchangeRate":"2850.5",' +
  '"exchangeRateBase":"USD","fees":[{"amountMinor":16,"fundCode":"PROVINCIAL_LEVY"},' +
  '{"amountMinor":50,"fundCode":"COOPERATIVE_DUES"}],"gradeBp":1420,"grossMg":12800000,' +
  '"id":"6f1c2a4e-0000-4000-8000-0000000000a1","kind":"purchase","lotNumber":"KOL-2025-000123",' +
  '"mineral":"HETEROGENITE","moistureBp":800,"netMg":12500000,"netPaidMinor":1485,' +
  '"officerId":"6f1c2a4e-0000-4000-8000-0000000000d1","paymentMethod":"mobile_money",' +
  '"paymentReference":"MP250314.0830.A12345","priceBasis":"per_unit_contained_metal","priceUnit":"kg",' +
  '"reason":null,"recordedAt":"2025-03-14T09:02:17.250Z","reportingCurrency":"CDF","reversesId":null,' +
  '"sellerId":"6f1c2a4e-0000-4000-8000-0000000000b1","sequence":1,"siteId":"6f1c2a4e-0000-4000-8000-0000000000c1",' +
  '"tagId":"QR-7Y3K9","unitPriceMinor":950}';

function reversedKeyOrder<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).reverse()) as T;
}

describe('canonicalLedgerEntry', () => {
  it('writes the documented form of a purchase, byte for byte', () => {
    expect(canonicalLedgerEntry(heterogenitePurchase())).toBe(HETEROGENITE_CANONICAL);
  });

  it('lists the 31 documented fields, each exactly once', () => {
    expect(LEDGER_ENTRY_FIELDS).toHaveLength(31);
    expect(new Set(LEDGER_ENTRY_FIELDS).size).toBe(31);
    const written = Object.keys(JSON.parse(canonicalLedgerEntry(heterogenitePurchase())) as object);
    expect(written.sort()).toEqual([...LEDGER_ENTRY_FIELDS].sort());
  });

  it('writes an entry without diamond details as it always has, whether the member is absent, undefined or null', () => {
    const { diamond: _diamond, ...before } = heterogenitePurchase();
    expect(canonicalLedgerEntry(before)).toBe(HETEROGENITE_CANONICAL);
    expect(canonicalLedgerEntry({ ...before, diamond: undefined })).toBe(HETEROGENITE_CANONICAL);
    expect(canonicalLedgerEntry({ ...before, diamond: null })).toBe(HETEROGENITE_CANONICAL);
  });

  it('writes a diamond entry with one more member, diamond, in its sorted place and with its three keys sorted', () => {
    const text = canonicalLedgerEntry(diamondPurchase());
    expect(text).toContain('"currency":"USD","diamond":{"parcelId":"6f1c2a4e-0000-4000-8000-0000000000e1","qualityClass":"GEM +2ct","stones":7},"exchangeRate":');
    expect(Object.keys(JSON.parse(text) as object)).toHaveLength(32);
    expect(canonicalLedgerEntry(diamondPurchase({ diamond: { stones: 8, qualityClass: 'GEM +2ct', parcelId: '6f1c2a4e-0000-4000-8000-0000000000e1' } }))).not.toBe(text);
  });

  it('writes a half-erased diamond detail as null, so that it never matches the hash it was sealed with', () => {
    const erased = diamondPurchase({ diamond: { stones: 7, qualityClass: null, parcelId: null } as unknown as LedgerEntry['diamond'] });
    expect(canonicalLedgerEntry(erased)).toContain('"diamond":{"parcelId":null,"qualityClass":null,"stones":7}');
  });

  it('does not depend on the order in which the fields were set', () => {
    const entry = heterogenitePurchase();
    const shuffled = { ...reversedKeyOrder(entry), fees: entry.fees.map((fee) => reversedKeyOrder(fee)) };
    expect(canonicalLedgerEntry(shuffled)).toBe(HETEROGENITE_CANONICAL);
  });

  it('writes fields that do not apply as explicit nulls', () => {
    const reversal = heterogenitePurchase({ kind: 'reversal', lotNumber: null, gradeBp: null, capturedAt: null });
    const parsed = JSON.parse(canonicalLedgerEntry(reversal)) as Record<string, unknown>;
    expect(parsed).toMatchObject({ lotNumber: null, gradeBp: null, capturedAt: null, reason: null });
    expect(canonicalLedgerEntry(reversal)).toContain('"capturedAt":null');
  });

  it('gives the same text for the same words typed composed or decomposed', () => {
    const composed = heterogenitePurchase({ reason: 'Balance non \u00e9talonn\u00e9e', lotNumber: 'Kolwezi-\u00c9' });
    const decomposed = heterogenitePurchase({ reason: 'Balance non e\u0301talonne\u0301e', lotNumber: 'Kolwezi-E\u0301' });
    expect(canonicalLedgerEntry(decomposed)).toBe(canonicalLedgerEntry(composed));
    expect(canonicalLedgerEntry(decomposed)).toContain('"reason":"Balance non \u00e9talonn\u00e9e"');
  });

  it('writes instants in UTC with milliseconds whatever offset they were created with', () => {
    const entry = heterogenitePurchase({ recordedAt: new Date('2025-03-14T11:02:17.25+02:00') });
    expect(canonicalLedgerEntry(entry)).toContain('"recordedAt":"2025-03-14T09:02:17.250Z"');
  });

  it('keeps only the fund and the amount of each fee, in recorded order', () => {
    const fees = [
      { fundCode: 'Z_FUND', amountMinor: 1, kind: 'fixed' },
      { fundCode: 'A_FUND', amountMinor: 2, kind: 'percent' },
    ];
    const text = canonicalLedgerEntry(heterogenitePurchase({ fees }));
    expect(text).toContain('"fees":[{"amountMinor":1,"fundCode":"Z_FUND"},{"amountMinor":2,"fundCode":"A_FUND"}]');
  });

  it('leaves properties outside the documented fields out of the text', () => {
    const stored = { ...heterogenitePurchase(), previousHash: 'a'.repeat(64), hash: 'b'.repeat(64), createdBy: 'x' };
    expect(canonicalLedgerEntry(stored)).toBe(HETEROGENITE_CANONICAL);
  });

  it('changes when any single field changes', () => {
    const changes: Partial<LedgerEntry>[] = [
      { netMg: 12_500_001 },
      { amountMinor: 1552 },
      { exchangeRate: '2850.50' },
      { sellerId: '6f1c2a4e-0000-4000-8000-0000000000b2' },
      { recordedAt: new Date('2025-03-14T09:02:17.251Z') },
      { fees: [{ fundCode: 'COOPERATIVE_DUES', amountMinor: 50 }, { fundCode: 'PROVINCIAL_LEVY', amountMinor: 16 }] },
      { reason: '' },
    ];
    for (const change of changes) {
      expect(canonicalLedgerEntry(heterogenitePurchase(change))).not.toBe(HETEROGENITE_CANONICAL);
    }
  });

  it('refuses an entry with a field missing rather than hashing less', () => {
    const { reason: _reason, ...withoutReason } = heterogenitePurchase();
    expect(() => canonicalLedgerEntry(withoutReason as LedgerEntry)).toThrow(
      expect.objectContaining({ code: 'CANONICAL_FIELD_MISSING', params: { field: 'reason' } }),
    );
  });

  it('refuses fees that are not a list', () => {
    const entry = { ...heterogenitePurchase(), fees: 'none' } as unknown as LedgerEntry;
    expect(() => canonicalLedgerEntry(entry)).toThrow('CANONICAL_VALUE_UNSUPPORTED');
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses the number %p', (netMg) => {
    expect(() => canonicalLedgerEntry(heterogenitePurchase({ netMg }))).toThrow(
      expect.objectContaining({ code: 'CANONICAL_VALUE_UNSUPPORTED', params: expect.objectContaining({ path: '$.netMg' }) }),
    );
  });

  it('refuses an invalid date', () => {
    expect(() => canonicalLedgerEntry(heterogenitePurchase({ recordedAt: new Date('not a date') }))).toThrow(
      expect.objectContaining({
        code: 'CANONICAL_VALUE_UNSUPPORTED',
        params: { path: '$.recordedAt', reason: 'invalid date' },
      }),
    );
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: true }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":true,"z":null}]},"b":1}',
    );
  });

  it('sorts keys by UTF-16 code units, capitals first', () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3, _: 4 })).toBe('{"B":2,"_":4,"a":3,"b":1}');
  });

  it('keeps array order', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
  });

  it('escapes as JSON.stringify does and writes other characters literally', () => {
    expect(canonicalJson('a"b\\c\n\u0001é中')).toBe('"a\\"b\\\\c\\n\\u0001é中"');
  });

  it('writes a negative zero as 0 and negative integers plainly', () => {
    expect(canonicalJson([-0, -1551, 0])).toBe('[0,-1551,0]');
  });

  it('normalises keys as well as values', () => {
    expect(canonicalJson({ 'cle\u0301': 'e\u0301' })).toBe('{"cl\u00e9":"\u00e9"}');
  });

  it('refuses two keys that become equal once normalised', () => {
    expect(() => canonicalJson({ 'cl\u00e9': 1, 'cle\u0301': 2 })).toThrow('CANONICAL_VALUE_UNSUPPORTED');
  });

  it('refuses undefined members and values JSON cannot carry', () => {
    expect(() => canonicalJson({ a: undefined } as unknown as { a: null })).toThrow(
      expect.objectContaining({ code: 'CANONICAL_VALUE_UNSUPPORTED', params: { path: '$.a', reason: 'undefined' } }),
    );
    expect(() => canonicalJson([1n] as unknown as number[])).toThrow(
      expect.objectContaining({ params: { path: '$[0]', reason: 'type bigint' } }),
    );
  });
});
