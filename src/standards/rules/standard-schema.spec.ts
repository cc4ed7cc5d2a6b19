import { compareVersions, criteriaOf, validateStandard } from './standard-schema.js';
import { TEST_STANDARD } from './test-standard.fixture.js';

const clone = (): Record<string, unknown> => JSON.parse(JSON.stringify(TEST_STANDARD)) as Record<string, unknown>;

describe('validateStandard', () => {
  it('accepts a well-formed standard and returns it', () => {
    expect(validateStandard(clone()).id).toBe('test');
  });

  it('names every problem with its path', () => {
    const bad = clone();
    bad.version = 'v 1';
    bad.sourceUrl = 'http://insecure';
    bad.extra = true;
    const sections = bad.sections as { requirements: { criteria: Record<string, unknown>[] }[] }[];
    const criteria = sections[0].requirements[0].criteria;
    criteria[0].level = 'nowhere';
    criteria[1].id = 'a1';
    criteria[1].text = { fr: '', en: 'x' };
    delete criteria[1].must;
    let message = '';
    try {
      validateStandard(bad, 'bad.json');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('bad.json is not a valid standard');
    for (const expected of ['$.version', '$.sourceUrl', '$.extra: unknown field', 'criteria[0].level', 'criteria[1].id: a1 appears twice', 'criteria[1].text.fr', 'criteria[1].must']) {
      expect(message).toContain(expected);
    }
  });

  it('refuses a standard without levels or sections, and what is not an object', () => {
    expect(() => validateStandard({ ...clone(), levels: [] })).toThrow(/\$\.levels: a non-empty array/);
    expect(() => validateStandard({ ...clone(), sections: [] })).toThrow(/\$\.sections: a non-empty array/);
    expect(() => validateStandard([])).toThrow(/not a JSON object/);
    expect(() => validateStandard({ ...clone(), schema: 'other/2' })).toThrow(/\$\.schema/);
  });
});

describe('criteriaOf', () => {
  it('lists every criterion with its section, in the file order', () => {
    expect(criteriaOf(TEST_STANDARD).map((criterion) => `${criterion.sectionId}:${criterion.id}`)).toEqual(['a:a1', 'a:a2', 'b:b1', 'b:b2', 'b:b3']);
  });
});

describe('compareVersions', () => {
  it('compares dotted numbers as numbers', () => {
    expect(compareVersions('2.10', '2.9')).toBeGreaterThan(0);
    expect(compareVersions('1.0', '1')).toBe(0);
    expect(compareVersions('1.0', '2.0')).toBeLessThan(0);
    expect(compareVersions('2020-b', '2020-a')).toBeGreaterThan(0);
  });
});
