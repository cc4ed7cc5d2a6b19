import { DomainError } from '../../common/domain-error.js';
import { assertPolygon } from './geo.js';

const SQUARE = [[[25.4, -10.7], [25.5, -10.7], [25.5, -10.8], [25.4, -10.8], [25.4, -10.7]]];

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return error instanceof DomainError ? error.code : 'other';
  }
}

describe('site boundary', () => {
  it('accepts a closed polygon, with a hole', () => {
    expect(assertPolygon({ type: 'Polygon', coordinates: SQUARE })).toEqual({ type: 'Polygon', coordinates: SQUARE });
    expect(assertPolygon({ type: 'Polygon', coordinates: [...SQUARE, SQUARE[0]] }).coordinates).toHaveLength(2);
  });

  it.each([
    ['a point', { type: 'Point', coordinates: [25.4, -10.7] }],
    ['an open ring', { type: 'Polygon', coordinates: [SQUARE[0].slice(0, 4)] }],
    ['a ring of three positions', { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] }],
    ['a latitude beyond 90', { type: 'Polygon', coordinates: [[[0, 91], [1, 0], [1, 1], [0, 91]]] }],
    ['text coordinates', { type: 'Polygon', coordinates: [[['0', '0'], [1, 0], [1, 1], ['0', '0']]] }],
    ['no rings', { type: 'Polygon', coordinates: [] }],
    ['an unknown member', { type: 'Polygon', coordinates: SQUARE, extra: 1 }],
    ['a list', [SQUARE]],
  ])('refuses %s', (_case, value) => {
    expect(codeOf(() => assertPolygon(value))).toBe('SITE_BOUNDARY_INVALID');
  });
});
