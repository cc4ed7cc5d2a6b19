import { neutraliseCsvCell, toCsv } from './csv.js';

describe('CSV cells', () => {
  it('prefixes a quote to text a spreadsheet would evaluate', () => {
    for (const value of ['=HYPERLINK("http://x","y")', '+A1', '-2+3', '@SUM(A1)', '\tx', '\rx', '=1']) {
      expect(neutraliseCsvCell(value)).toBe(`'${value}`);
    }
  });

  it('leaves plain text and plain signed numbers as typed', () => {
    for (const value of ['Ngoy-Tshibangu', 'Bénédicte', '+243970000001', '-1500', '12.5', '']) expect(neutraliseCsvCell(value)).toBe(value);
  });

  it('writes neutralised cells, numbers and booleans', () => {
    expect(toCsv([['=cmd|x', -3, true, '-2']])).toBe(`'=cmd|x,-3,true,-2\n`);
    expect(toCsv([{ a: '@x', b: false }], { header: true, columns: ['a', 'b'] })).toBe(`a,b\n'@x,false\n`);
  });
});
