import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { criteriaOf } from './rules/standard-schema.js';
import { TEST_STANDARD } from './rules/test-standard.fixture.js';
import { StandardsCatalogue } from './standards-catalogue.js';

describe('StandardsCatalogue', () => {
  it('loads and checks every file of templates/standards: CRAFT, Maendeleo and EGC, each with musts at its first level', () => {
    const catalogue = StandardsCatalogue.load();
    const standards = catalogue.latestVersions();
    expect(standards.map((standard) => standard.id)).toEqual(['craft', 'egc', 'maendeleo']);
    for (const standard of standards) {
      const criteria = criteriaOf(standard);
      expect(criteria.some((criterion) => criterion.must && criterion.level === standard.levels[0]?.id)).toBe(true);
      expect(standard.licenceNote.en).toMatch(/own words/);
      expect(standard.licenceNote.fr).toMatch(/propres mots/);
    }
  });

  it('picks the newest version unless one is named, and says which is missing', () => {
    const directory = mkdtempSync(join(tmpdir(), 'standards-'));
    writeFileSync(join(directory, 'test-1.0.json'), JSON.stringify(TEST_STANDARD));
    writeFileSync(join(directory, 'test-1.10.json'), JSON.stringify({ ...TEST_STANDARD, version: '1.10' }));
    writeFileSync(join(directory, 'test-1.9.json'), JSON.stringify({ ...TEST_STANDARD, version: '1.9' }));
    const catalogue = StandardsCatalogue.load(directory);
    expect(catalogue.get('test').version).toBe('1.10');
    expect(catalogue.get('test', '1.0').version).toBe('1.0');
    expect(catalogue.versionsOf('test')).toEqual(['1.10', '1.9', '1.0']);
    expect(() => catalogue.get('test', '3')).toThrow('STANDARD_VERSION_NOT_FOUND');
    expect(() => catalogue.get('other')).toThrow('STANDARD_NOT_FOUND');
  });

  it('refuses to start on an invalid file or a file named after another version', () => {
    const invalid = mkdtempSync(join(tmpdir(), 'standards-'));
    writeFileSync(join(invalid, 'test-1.0.json'), JSON.stringify({ ...TEST_STANDARD, levels: [] }));
    expect(() => StandardsCatalogue.load(invalid)).toThrow(/test-1\.0\.json is not a valid standard/);
    const misnamed = mkdtempSync(join(tmpdir(), 'standards-'));
    writeFileSync(join(misnamed, 'test-2.0.json'), JSON.stringify(TEST_STANDARD));
    expect(() => StandardsCatalogue.load(misnamed)).toThrow(/name it test-1\.0\.json/);
  });
});
