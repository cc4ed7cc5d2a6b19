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

  it('gives the word for a code a template marks with its label kind, in both languages, item by item in a list', () => {
    expect(catalogue.translate('fr', 'error.MOISTURE_REQUIRED', { mineral: 'HETEROGENITE' })).toBe("L'humidité doit être mesurée pour Hétérogénite (cobalt).");
    expect(catalogue.translate('en', 'error.MOISTURE_REQUIRED', { mineral: 'HETEROGENITE' })).toContain('Heterogenite (cobalt)');
    expect(catalogue.translate('fr', 'sites.gate.reason.PPE_MISSING', { items: ['helmet', 'boots'] })).toBe('Équipement de protection manquant : Casque, Bottes de sécurité.');
    // A code without a label (a fund an admin named) is shown as written.
    expect(catalogue.translate('fr', 'purchases.minerStatement.feeTotal', { fundCode: 'ROUTE_KOLWEZI' })).toContain('ROUTE_KOLWEZI');
  });

  it('labels every code kind a template names, and every label has both languages', () => {
    const labelKinds = new Set(catalogue.keys('fr').filter((key) => key.startsWith('label.')).map((key) => key.split('.')[1]));
    const named = new Set<string>();
    for (const key of catalogue.keys('fr')) {
      for (const match of catalogue.translate('fr', key).matchAll(/\{\w+\|(\w+)\}/g)) named.add(match[1]);
      for (const match of catalogue.translate('en', key).matchAll(/\{\w+\|(\w+)\}/g)) named.add(match[1]);
    }
    expect(named.size).toBeGreaterThan(3);
    expect([...named].filter((kind) => !labelKinds.has(kind))).toEqual([]);
  });
});
