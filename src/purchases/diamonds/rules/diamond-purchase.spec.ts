import { type DomainError } from '../../../common/domain-error.js';
import { findMineral } from '../../rules/minerals.js';
import { diamondDetailsOf, MAX_STONES_PER_PURCHASE } from './diamond-purchase.js';

const PARCEL = '6f1c2a4e-0000-4000-8000-0000000000e1';
const gem = findMineral('ROUGH_DIAMOND_NON_INDUSTRIAL');
const ct = { grossMass: { unit: 'ct' as const }, netMass: { unit: 'ct' as const } };
const details = { stones: 7, qualityClass: ' GEM +2ct ', parcelId: PARCEL };
const code = (c: string) => expect.objectContaining({ code: c }) as DomainError;

describe('diamond details of a purchase', () => {
  it('keeps stones, the trimmed class and the parcel of a rough diamond weighed in carats', () => {
    expect(diamondDetailsOf(gem, { ...ct, diamond: details })).toEqual({ stones: 7, qualityClass: 'GEM +2ct', parcelId: PARCEL });
  });

  it('is null for an ore, and refuses details on one', () => {
    const ore = findMineral('HETEROGENITE');
    expect(diamondDetailsOf(ore, { grossMass: { unit: 'kg' }, netMass: { unit: 'kg' } })).toBeNull();
    expect(() => diamondDetailsOf(ore, { grossMass: { unit: 'kg' }, netMass: { unit: 'kg' }, diamond: details })).toThrow(code('DIAMOND_DETAILS_NOT_APPLICABLE'));
  });

  it.each(['ROUGH_DIAMOND_UNSORTED', 'ROUGH_DIAMOND_INDUSTRIAL', 'ROUGH_DIAMOND_NON_INDUSTRIAL'])('asks the details of %s', (mineral) => {
    expect(() => diamondDetailsOf(findMineral(mineral), ct)).toThrow(code('DIAMOND_DETAILS_REQUIRED'));
  });

  it.each([
    ['a gross mass in kg', { ...ct, grossMass: { unit: 'kg' as const } }, 'grossMass'],
    ['a net mass in grams', { ...ct, netMass: { unit: 'g' as const } }, 'netMass'],
    ['a price per kg', { ...ct, priceUnit: 'kg' as const }, 'priceUnit'],
  ])('refuses %s: stones are never weighed or priced in kilograms', (_name, request, field) => {
    expect(() => diamondDetailsOf(gem, { ...request, diamond: details })).toThrow(expect.objectContaining({ code: 'DIAMOND_MASS_NOT_IN_CARATS', params: expect.objectContaining({ field }) as unknown }) as DomainError);
  });

  it.each([0, -1, 1.5, MAX_STONES_PER_PURCHASE + 1])('refuses %d stones', (stones) => {
    expect(() => diamondDetailsOf(gem, { ...ct, diamond: { ...details, stones } })).toThrow(code('DIAMOND_STONES_INVALID'));
  });

  it.each(['', '   ', 'x'.repeat(41)])('refuses the class %j', (qualityClass) => {
    expect(() => diamondDetailsOf(gem, { ...ct, diamond: { ...details, qualityClass } })).toThrow(code('DIAMOND_CLASS_INVALID'));
  });

  it('writes the class in NFC, so that one class never hashes two ways', () => {
    expect(diamondDetailsOf(gem, { ...ct, diamond: { ...details, qualityClass: 'Ge\u0301mme' } })?.qualityClass).toBe('G\u00e9mme');
  });
});
