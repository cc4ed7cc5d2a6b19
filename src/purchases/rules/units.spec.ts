import { DomainError } from '../../common/domain-error.js';
import {
  assertNetMassWithinGross,
  formatBpAsPercent,
  formatMgAs,
  isMassUnit,
  MASS_UNITS,
  type MassUnit,
  parseMassToMg,
  parsePercentToBp,
} from './units.js';

describe('parseMassToMg', () => {
  it.each<[string, MassUnit, number]>([
    ['12.345', 'kg', 12_345_000],
    ['1', 'kg', 1_000_000],
    ['0.000001', 'kg', 1],
    ['1.0000000', 'kg', 1_000_000],
    ['0.0000010', 'kg', 1],
    ['250', 'g', 250_000],
    ['0.001', 'g', 1],
    ['1.5', 't', 1_500_000_000],
    ['0.000000001', 't', 1],
    ['1', 'ct', 200],
    ['0.01', 'ct', 2],
    ['0.005', 'ct', 1],
    ['3.25', 'ct', 650],
  ])('reads %s %s as %i mg', (text, unit, milligrams) => {
    expect(parseMassToMg(text, unit)).toBe(milligrams);
  });

  it.each<[string, MassUnit, string]>([
    ['0.0000001', 'kg', '0.000001'],
    ['12.3456789', 'kg', '0.000001'],
    ['0.0005', 'g', '0.001'],
    ['0.0000000001', 't', '0.000000001'],
    ['0.001', 'ct', '0.005'],
    ['0.003', 'ct', '0.005'],
  ])('refuses %s %s as finer than a milligram instead of rounding', (text, unit, smallest) => {
    expect(() => parseMassToMg(text, unit)).toThrow(
      expect.objectContaining({ code: 'MASS_TOO_PRECISE', params: { value: text, unit, smallest } }),
    );
  });

  it.each(['0', '0.000', '-1', '-0.5', '-0'])('refuses %s kg as not a positive mass', (text) => {
    expect(() => parseMassToMg(text, 'kg')).toThrow('MASS_NOT_POSITIVE');
  });

  it.each(['', 'abc', '12,5', '1e3', ' 12', '12.', '.5', 'NaN'])('refuses %j as not a number', (text) => {
    expect(() => parseMassToMg(text, 'kg')).toThrow('MASS_NOT_A_NUMBER');
  });

  it('refuses a unit it does not know', () => {
    expect(() => parseMassToMg('1', 'lb' as MassUnit)).toThrow(
      expect.objectContaining({ code: 'MASS_UNIT_UNKNOWN', params: { unit: 'lb', allowed: MASS_UNITS } }),
    );
  });

  it('refuses a mass beyond a safe integer of milligrams and accepts the largest safe one', () => {
    expect(parseMassToMg('9007199.254740991', 't')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => parseMassToMg('9007199.254740992', 't')).toThrow('MASS_TOO_LARGE');
  });

  it('throws domain errors, not generic ones', () => {
    expect(() => parseMassToMg('x', 'kg')).toThrow(DomainError);
  });
});

describe('formatMgAs', () => {
  it.each<[number, MassUnit, string]>([
    [12_345_000, 'kg', '12.345'],
    [1_000_000, 'kg', '1'],
    [1, 'kg', '0.000001'],
    [0, 'kg', '0'],
    [-500_000, 'kg', '-0.5'],
    [250_000, 'g', '250'],
    [1_500_000_000, 't', '1.5'],
    [650, 'ct', '3.25'],
    [1, 'ct', '0.005'],
  ])('prints %i mg as %s %s', (milligrams, unit, text) => {
    expect(formatMgAs(milligrams, unit)).toBe(text);
  });

  it.each<MassUnit>(['kg', 'g', 't', 'ct'])('round-trips every printed %s value', (unit) => {
    for (const milligrams of [1, 7, 200, 999_999, 12_345_678, 1_000_000_001]) {
      expect(parseMassToMg(formatMgAs(milligrams, unit), unit)).toBe(milligrams);
    }
  });

  it('refuses a fractional milligram count', () => {
    expect(() => formatMgAs(1.5, 'kg')).toThrow(RangeError);
  });

  it('refuses an unknown unit', () => {
    expect(() => formatMgAs(1, 'oz' as MassUnit)).toThrow('MASS_UNIT_UNKNOWN');
  });
});

describe('isMassUnit', () => {
  it('knows kg, g, t and ct and nothing else', () => {
    expect(MASS_UNITS.every(isMassUnit)).toBe(true);
    expect(isMassUnit('mg')).toBe(false);
    expect(isMassUnit('KG')).toBe(false);
  });
});

describe('parsePercentToBp', () => {
  it.each([
    ['12.34', 1234],
    ['12.3', 1230],
    ['12', 1200],
    ['12.340', 1234],
    ['0', 0],
    ['0.01', 1],
    ['100', 10_000],
    ['100.00', 10_000],
  ])('reads %s %% as %i bp', (text, basisPoints) => {
    expect(parsePercentToBp(text)).toBe(basisPoints);
  });

  it.each(['12.345', '0.001', '99.999'])('refuses %s as finer than a hundredth of a percent', (text) => {
    expect(() => parsePercentToBp(text)).toThrow(
      expect.objectContaining({ code: 'PERCENT_TOO_PRECISE', params: { value: text, maxDecimals: 2 } }),
    );
  });

  it.each(['100.01', '101', '-0.01', '-5'])('refuses %s as outside 0..100', (text) => {
    expect(() => parsePercentToBp(text)).toThrow('PERCENT_OUT_OF_RANGE');
  });

  it.each(['', '12,34', '12%', 'douze'])('refuses %j as not a number', (text) => {
    expect(() => parsePercentToBp(text)).toThrow('PERCENT_NOT_A_NUMBER');
  });
});

describe('formatBpAsPercent', () => {
  it.each([
    [1234, '12.34'],
    [1230, '12.3'],
    [1200, '12'],
    [1, '0.01'],
    [0, '0'],
    [10_000, '100'],
    [-50, '-0.5'],
  ])('prints %i bp as %s', (basisPoints, text) => {
    expect(formatBpAsPercent(basisPoints)).toBe(text);
  });

  it('round-trips with parsePercentToBp', () => {
    for (let basisPoints = 0; basisPoints <= 10_000; basisPoints += 37) {
      expect(parsePercentToBp(formatBpAsPercent(basisPoints))).toBe(basisPoints);
    }
  });

  it('refuses fractional basis points', () => {
    expect(() => formatBpAsPercent(12.5)).toThrow(RangeError);
  });
});

describe('assertNetMassWithinGross', () => {
  it('accepts a net mass below or equal to the gross', () => {
    expect(() => assertNetMassWithinGross(1000, 999)).not.toThrow();
    expect(() => assertNetMassWithinGross(1000, 1000)).not.toThrow();
  });
  it('refuses a net mass above the gross', () => {
    expect(() => assertNetMassWithinGross(1000, 1001)).toThrow(
      expect.objectContaining({ code: 'NET_MASS_ABOVE_GROSS', params: { grossMg: 1000, netMg: 1001 } }),
    );
  });
});
