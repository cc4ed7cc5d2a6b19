import { sectionTables, valueAt, type ReportDefinition } from './sections.js';

const definition: ReportDefinition = {
  schema: 'test/1',
  sections: [
    { id: 'period', fields: ['key', 'from'] },
    { id: 'purchases.rows', label: 'p', columns: [{ field: 'mineral' }, { field: 'valueMinor', type: 'money_minor', currencyField: 'currency' }] },
    { id: 'totals', columns: [{ field: 'currency' }, { field: 'valueMinor', currencyField: 'currency' }] },
    { id: 'members', fields: [{ field: 'total' }, { field: 'byAgeBand.<band>' }, 'cards.valid'] },
    { id: 'savings', fields: ['byCurrency[].loanFundMinor'] },
    { id: 'missing', columns: [{ field: 'x' }] },
  ],
};

const content = {
  period: { key: '2026-10', from: '2026-10-01' },
  purchases: { rows: [{ mineral: 'COBALT', valueMinor: 1200, currency: 'USD' }, { mineral: 'CUIVRE', valueMinor: null, currency: 'CDF' }] },
  totals: [{ currency: 'USD', valueMinor: 1200 }],
  members: { total: 3, byAgeBand: { '18-24': 1, '25-34': 2 }, cards: { valid: 3 } },
  savings: { byCurrency: [{ key: 'USD', loanFundMinor: 50 }, { key: 'CDF', loanFundMinor: 70 }] },
};

describe('sectionTables', () => {
  const [period, rows, totals, members, savings, missing] = sectionTables(definition, content);

  it('turns figure sections into (figure, value) rows, expanding keyed objects and arrays', () => {
    expect(period).toEqual({ id: 'period', label: null, header: ['figure', 'value'], rows: [['key', '2026-10'], ['from', '2026-10-01']] });
    expect(members.rows).toEqual([['total', 3], ['byAgeBand.18-24', 1], ['byAgeBand.25-34', 2], ['cards.valid', 3]]);
    expect(savings.rows).toEqual([['byCurrency[USD].loanFundMinor', 50], ['byCurrency[CDF].loanFundMinor', 70]]);
  });

  it('turns table sections into one row per item, adding the currency next to an amount', () => {
    expect(rows).toEqual({ id: 'purchases.rows', label: 'p', header: ['mineral', 'valueMinor', 'currency'], rows: [['COBALT', 1200, 'USD'], ['CUIVRE', null, 'CDF']] });
    expect(totals.header).toEqual(['currency', 'valueMinor']);
  });

  it('gives empty tables for absent data', () => {
    expect(missing.rows).toEqual([]);
  });

  it('reads dotted paths and stops at missing steps', () => {
    expect(valueAt(content, 'members.cards.valid')).toBe(3);
    expect(valueAt(content, 'members.nothing.here')).toBeUndefined();
  });
});
