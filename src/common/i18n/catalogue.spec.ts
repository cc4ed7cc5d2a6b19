import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Catalogue, templatesDir } from './catalogue.js';

/** Codes answered with the generic message of their HTTP status, on purpose. */
const GENERIC_CODES = new Set(['NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED']);

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') && !path.endsWith('.fixture.ts') ? [path] : [];
  });
}

describe('message catalogues', () => {
  const catalogue = Catalogue.load();

  it('has the same keys in French and English', () => {
    expect(catalogue.keys('en').sort()).toEqual(catalogue.keys('fr').sort());
  });

  it('has a message for every domain error code the code can throw', () => {
    const source = join(templatesDir(), '..', 'src');
    const codes = new Set<string>();
    for (const file of sourceFiles(source)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/new DomainError\(\s*'([A-Z0-9_]+)'/g)) codes.add(match[1]);
    }
    expect(codes.size).toBeGreaterThan(50);
    const missing = [...codes].filter((code) => !GENERIC_CODES.has(code) && !catalogue.has('fr', `error.${code}`)).sort();
    expect(missing).toEqual([]);
  });

  it('interpolates parameters and falls back to French, then to the key', () => {
    expect(catalogue.translate('en', 'error.DATE_INVALID', { value: '2026-02-30' })).toContain('2026-02-30');
    expect(catalogue.translate('en', 'no.such.key')).toBe('no.such.key');
  });
});
