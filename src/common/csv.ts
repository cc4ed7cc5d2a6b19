import { stringify, type Options } from 'csv-stringify/sync';

/** What a spreadsheet reads as the start of a formula (OWASP "CSV injection"), tab and carriage return included. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain signed number ("-1500", "+243970000001") is data, not a formula: it stays as typed. */
const PLAIN_NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/;

/**
 * A text cell that a spreadsheet would evaluate gets a leading single quote, which Excel,
 * LibreOffice and Sheets show as text. Applied to strings only: numbers, dates and booleans
 * come from the application, not from what someone typed.
 */
export function neutraliseCsvCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

export type CsvOptions = Pick<Options, 'header' | 'columns'>;

/**
 * The one CSV writer of the application (miner export, report CSVs): every text cell is
 * neutralised and booleans are written as true/false.
 */
export function toCsv(rows: readonly unknown[], options: CsvOptions = {}): string {
  return stringify([...rows], {
    ...options,
    cast: {
      boolean: (value) => (value ? 'true' : 'false'),
      string: (value) => neutraliseCsvCell(value),
    },
  });
}
