import pg from 'pg';
import { canonicalLedgerEntry, type LedgerEntry } from '../rules/canonical.js';
import { computeEntryHash, sealEntry } from '../rules/hash-chain.js';
import { diamondPurchase, heterogenitePurchase, sealedChain } from '../rules/ledger-entry.fixture.js';
import { type StoredEntry, checkContent, verifyChain } from '../rules/verify-chain.js';
import { verifyChainInBatches } from '../rules/verify-chain-batch.js';
import { canonicalFromCopy, canonicalInstantText, checkCopyContent, COPY_FIELDS, copyValue, CopyTextBatch, storedEntryFromCopy } from './copy-rows.js';
import { checkBatch, ChainJoin } from '../rules/verify-chain-batch.js';

/** A value as PostgreSQL's COPY TO writes it in text format. */
function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/[\\\t\n\r\b\f\v]/g, (char) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v' })[char] ?? char);
}

/** timestamptz output with TimeZone UTC and DateStyle ISO: trailing zeros of the fraction dropped. */
function instantText(date: Date | null): string | null {
  if (date === null) return null;
  const iso = date.toISOString();
  const fraction = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ''}+00`;
}

const number = (value: number | null): string | null => (value === null ? null : String(value));

/** One row as `ledgerCopySql` selects it (column order COPY_FIELDS), fees as jsonb writes them. */
function copyLine(entry: StoredEntry): string {
  const fees = `[${entry.fees.map((fee) => `{"fundCode": ${JSON.stringify(fee.fundCode)}, "amountMinor": ${fee.amountMinor}}`).join(', ')}]`;
  const values = COPY_FIELDS.map((field) => {
    const value = field.startsWith('diamond.')
      ? (entry.diamond as unknown as Record<string, unknown> | null | undefined)?.[field.slice('diamond.'.length)] ?? null
      : (entry as unknown as Record<string, unknown>)[field];
    if (field === 'fees') return fees;
    if (value instanceof Date || field === 'capturedAt') return instantText(value as Date | null);
    if (typeof value === 'number') return number(value);
    return value as string | null;
  });
  return values.map(copyText).join('\t');
}

const fieldsOf = (entry: StoredEntry): string[] => copyLine(entry).split('\t');
const sealed = (overrides: Partial<LedgerEntry>): StoredEntry => sealEntry('0'.repeat(64), heterogenitePurchase(overrides));

const shapes: [string, Partial<LedgerEntry>][] = [
  ['a purchase', {}],
  ['a reversal with empty fields', { kind: 'reversal', reversesId: '6f1c2a4e-0000-4000-8000-0000000000a9', tagId: null, sellerId: null, siteId: null, lotNumber: null, capturedAt: null, exchangeRate: null, exchangeRateBase: null, reason: 'Balance mal réglée' }],
  ['negative amounts', { amountMinor: -1551, netPaidMinor: -1485, fees: [{ fundCode: 'PROVINCIAL_LEVY', amountMinor: -16 }] }],
  ['no fees', { fees: [] }],
  ['whole seconds', { capturedAt: new Date('2025-03-14T08:30:00.000Z'), recordedAt: new Date('2025-03-14T08:30:01.000Z') }],
  ['tenths and hundredths', { capturedAt: new Date('2025-03-14T08:30:00.500Z'), recordedAt: new Date('2025-03-14T08:30:01.050Z') }],
  ['accents, decomposed', { reason: 'Pese\u0301e a\u0300 nouveau', paymentReference: 'Ré-émis' }],
  ['quotes, backslashes, tabs and new lines', { reason: 'un "vrai"\tmotif\\\nligne 2\r\u0001\u007f', paymentReference: 'a\\b' }],
  ['a lone surrogate', { reason: 'x\ud800y' }],
  ['emoji', { reason: 'ok 👍' }],
  ['a 16-digit amount', { amountReportingMinor: 1_234_567_890_123_456 }],
  ['zero', { moistureBp: 0, amountMinor: 0 }],
  ['a fund code with an accent', { fees: [{ fundCode: 'FONDS_SOCIÉTÉ', amountMinor: 5 }] }],
  ['a year before 1000', { capturedAt: new Date('0999-12-31T23:59:59.999Z') }],
  ['a diamond purchase', diamondPurchase()],
  ['a diamond class with quotes and accents', diamondPurchase({ diamond: { stones: 1, qualityClass: 'Gemme "A" é', parcelId: '6f1c2a4e-0000-4000-8000-0000000000e2' } })],
];

describe('COPY rows', () => {
  it.each(shapes)('reads %s back as the entry the pg driver builds', (_name, overrides) => {
    const entry = sealed(overrides);
    expect(storedEntryFromCopy(fieldsOf(entry))).toEqual(entry);
  });

  it.each(shapes)('writes the canonical text of %s, or leaves it to the reference path', (_name, overrides) => {
    const entry = sealed(overrides);
    const canonical = canonicalFromCopy(fieldsOf(entry));
    if (canonical !== null) expect(canonical).toBe(canonicalLedgerEntry(entry));
    expect(checkCopyContent(fieldsOf(entry))).toBeNull();
  });

  it.each(shapes)('checks %s in a COPY batch, through the test of the whole line', (_name, overrides) => {
    const entry = sealed(overrides);
    const batch = new CopyTextBatch(`${copyLine(entry)}\n`);
    batch.load(0);
    expect(batch.checkContent()).toBeNull();
    const altered = new CopyTextBatch(`${copyLine({ ...entry, reason: 'x' })}\n`);
    altered.load(0);
    expect(altered.checkContent()).toEqual(checkContent({ ...entry, reason: 'x' }));
  });

  it.each([
    ['altered stones', (entry: StoredEntry) => ({ ...entry, diamond: { stones: 8, qualityClass: 'GEM +2ct', parcelId: '6f1c2a4e-0000-4000-8000-0000000000e1' } })],
    ['a moved parcel', (entry: StoredEntry) => ({ ...entry, diamond: { stones: 7, qualityClass: 'GEM +2ct', parcelId: '6f1c2a4e-0000-4000-8000-0000000000e9' } })],
    ['erased diamond details', (entry: StoredEntry) => ({ ...entry, diamond: null })],
    ['a half-erased detail', (entry: StoredEntry) => ({ ...entry, diamond: { stones: 7, qualityClass: null, parcelId: null } as unknown as StoredEntry['diamond'] })],
  ])('finds %s on a diamond entry, fast path and reference alike', (_name, tamper) => {
    const entry = tamper(sealed(diamondPurchase()));
    const expected = checkContent(storedEntryFromCopy(fieldsOf(entry)));
    expect(expected).toMatchObject({ problem: 'CONTENT_ALTERED' });
    expect(checkCopyContent(fieldsOf(entry))).toEqual(expected);
  });

  it('takes the fast path for diamond entries too', () => {
    expect(canonicalFromCopy(fieldsOf(sealed(diamondPurchase())))).toBe(canonicalLedgerEntry(diamondPurchase()));
  });

  it('takes the fast path for what the ledger writes', () => {
    for (const [name, overrides] of shapes.slice(0, 10)) expect({ name, fast: canonicalFromCopy(fieldsOf(sealed(overrides))) !== null }).toEqual({ name, fast: true });
  });

  it.each([
    ['an altered amount', (entry: StoredEntry) => ({ ...entry, netPaidMinor: 1 })],
    ['an altered reason', (entry: StoredEntry) => ({ ...entry, reason: 'autre' })],
    ['an altered instant', (entry: StoredEntry) => ({ ...entry, recordedAt: new Date(entry.recordedAt.getTime() + 1) })],
    ['an altered fee', (entry: StoredEntry) => ({ ...entry, fees: [{ fundCode: 'X', amountMinor: 1 }] })],
    ['a forged hash', (entry: StoredEntry) => ({ ...entry, hash: 'f'.repeat(64) })],
    ['a malformed previous hash', (entry: StoredEntry) => ({ ...entry, previousHash: 'nope' })],
    ['an integer past 2^53', (entry: StoredEntry) => ({ ...entry, grossMg: 2 ** 60 })],
    ['diamond details added to an ore entry', (entry: StoredEntry) => ({ ...entry, diamond: { stones: 1, qualityClass: 'X', parcelId: 'p' } })],
  ])('reports %s exactly as checkContent does', (_name, tamper) => {
    const entry = tamper(sealed({}));
    const expected = checkContent(storedEntryFromCopy(fieldsOf(entry)));
    expect(expected).not.toBeNull();
    expect(checkCopyContent(fieldsOf(entry))).toEqual(expected);
  });

  it('reports fees that are not a list of fund and amount as checkContent does', () => {
    const entry = sealed({});
    for (const fees of ['{"fundCode": "X"}', '[{"fundCode": "X", "amountMinor": 1.5}]', '[{"fundCode": 7, "amountMinor": 1}]', '[[]]', '[{"fundCode": {"a": 1}, "amountMinor": 1}]']) {
      const fields = fieldsOf(entry);
      fields[COPY_FIELDS.indexOf('fees')] = fees;
      expect(checkCopyContent(fields)).toEqual(checkContent(storedEntryFromCopy(fields)));
      expect(checkCopyContent(fields)).toMatchObject({ problem: 'CONTENT_ALTERED' });
    }
  });

  it('writes every instant the driver can read with up to six decimals as toISOString does', () => {
    const parse = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text') as (value: string) => Date;
    const fractions = ['', ...Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0')), ...Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0')),
      ...Array.from({ length: 10 }, (_, n) => String(n)), '0001', '1235', '99999', '123456', '999999', '000001'];
    for (const fraction of fractions) {
      const text = `2025-03-14 09:02:17${fraction ? `.${fraction}` : ''}+00`;
      expect({ text, iso: canonicalInstantText(text) }).toEqual({ text, iso: JSON.stringify(parse(text).toISOString()) });
    }
  });

  it('leaves instants in another zone or era to the driver', () => {
    for (const text of ['2025-03-14 09:02:17+02', '2025-03-14 09:02:17.5+05:30', '0044-03-15 12:00:00+00 BC', 'infinity', '12025-03-14 09:02:17+00']) {
      expect(canonicalInstantText(text)).toBeNull();
    }
  });

  it('undoes the escapes of COPY text', () => {
    expect(copyValue('\\N')).toBeNull();
    expect(copyValue('a\\tb\\nc\\\\d\\re\\bf\\fg\\vh\\Ni')).toBe('a\tb\nc\\d\re\bf\fg\vhNi');
  });

  it('checks a block of COPY text as batches, with the answer of verifyChain', async () => {
    const chain = sealedChain(9);
    const ledgers = [chain, chain.filter((entry) => entry.sequence !== 5), [...chain.slice(0, 3), chain[4], chain[3], ...chain.slice(5)],
      chain.map((entry) => (entry.sequence === 6 ? { ...entry, reason: 'changé' } : entry))];
    for (const ledger of ledgers) {
      const lines = ledger.map(copyLine);
      for (const size of [1, 2, 4, 9]) {
        const join = new ChainJoin();
        let answer = null;
        for (let start = 0; start < lines.length && answer === null; start += size) {
          answer = join.add(checkBatch(new CopyTextBatch(`${lines.slice(start, start + size).join('\n')}\n`), start));
        }
        expect(answer ?? join.end()).toEqual(await verifyChain(ledger));
        expect(answer ?? join.end()).toEqual(verifyChainInBatches(ledger, size));
      }
    }
  });

  it('refuses a line without every column', () => {
    expect(() => new CopyTextBatch('1\tabc\n').load(0)).toThrow(/2 fields/);
  });

  it('hashes what the ledger hashes', () => {
    const entry = sealed({ reason: 'Pesée' });
    expect(computeEntryHash(entry.previousHash, storedEntryFromCopy(fieldsOf(entry)))).toBe(entry.hash);
  });
});
