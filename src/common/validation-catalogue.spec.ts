import 'reflect-metadata';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { AppModule } from '../app.module.js';
import { Catalogue } from './i18n/catalogue.js';
import { REQUIRED } from './validation.js';

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

/** Validated with class-validator at start-up, never an API body: its errors are the operator's. */
const NOT_API_CLASSES = new Set(['EnvironmentVariables']);

/** Metadata types that never become an error of their own. */
const SILENT_TYPES = new Set<string>([ValidationTypes.CONDITIONAL_VALIDATION, ValidationTypes.PROMISE_VALIDATION]);

/** Every constraint registered by the DTO classes the application module loads, by error code. */
function constraintCodes(): Map<string, string[]> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, ValidationMetadata[]> };
  const codes = new Map<string, string[]>();
  for (const metadatas of storage.validationMetadatas.values()) {
    for (const metadata of metadatas) {
      const target = typeof metadata.target === 'function' ? metadata.target.name : metadata.target;
      if (NOT_API_CLASSES.has(target) || SILENT_TYPES.has(metadata.type)) continue;
      const code = metadata.type === ValidationTypes.CUSTOM_VALIDATION ? (metadata.name ?? 'unnamed custom constraint') : metadata.type;
      codes.set(code, [...(codes.get(code) ?? []), `${target}.${metadata.propertyName}`]);
    }
  }
  return codes;
}

describe('validation messages', () => {
  const catalogue = Catalogue.load();

  it('has a French and an English message for every constraint of every DTO', () => {
    expect(AppModule).toBeDefined();
    const codes = constraintCodes();
    expect(codes.size).toBeGreaterThan(20);
    const missing = [...codes.keys(), REQUIRED, ValidationTypes.WHITELIST, 'invalid'].flatMap((code) =>
      (['fr', 'en'] as const).filter((locale) => !catalogue.has(locale, `validation.${code}`)).map((locale) => `${locale} validation.${code} (${codes.get(code)?.[0] ?? 'pipe'})`),
    );
    expect(missing).toEqual([]);
  });

  it('names the field in every message and keeps class-validator English out of French', () => {
    for (const key of catalogue.keys('fr').filter((name) => name.startsWith('validation.'))) {
      expect([key, catalogue.translate('fr', key)]).toEqual([key, expect.stringContaining('{field}')]);
      expect([key, catalogue.translate('fr', key)]).not.toEqual([key, expect.stringMatching(/\b(must|should|each value)\b/)]);
    }
  });
});
