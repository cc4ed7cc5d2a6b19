import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { interpolate } from './interpolate.js';
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, type Locale } from './locale.js';

type Messages = ReadonlyMap<string, string>;

/** templates/ sits at the project root: found upwards from src/ (tests) or dist/src (build). */
export function templatesDir(): string {
  if (process.env.USHIRIKA_TEMPLATES_DIR) return resolve(process.env.USHIRIKA_TEMPLATES_DIR);
  for (let folder = dirname(fileURLToPath(import.meta.url)); ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'templates', 'i18n'))) return join(folder, 'templates');
    if (dirname(folder) === folder) return resolve('templates');
  }
}

/**
 * Message catalogues: templates/i18n/{locale}/*.json, one file per module, flat keys.
 * Interpolates {name} and {name|labelKind} placeholders (interpolate.ts); an unknown key falls
 * back to French, then to the key.
 */
export class Catalogue {
  private constructor(private readonly messages: ReadonlyMap<Locale, Messages>) {}

  static load(directory = join(templatesDir(), 'i18n')): Catalogue {
    const byLocale = new Map<Locale, Messages>();
    for (const locale of SUPPORTED_LOCALES) {
      const entries = new Map<string, string>();
      const folder = join(directory, locale);
      for (const file of readdirSync(folder).filter((name) => name.endsWith('.json')).sort()) {
        const parsed = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Record<string, string>;
        for (const [key, value] of Object.entries(parsed)) {
          if (entries.has(key)) throw new Error(`Message ${key} is defined twice in ${folder}`);
          entries.set(key, value);
        }
      }
      byLocale.set(locale, entries);
    }
    return new Catalogue(byLocale);
  }

  has(locale: Locale, key: string): boolean {
    return this.messages.get(locale)?.has(key) ?? false;
  }

  keys(locale: Locale): string[] {
    return [...(this.messages.get(locale)?.keys() ?? [])];
  }

  translate(locale: Locale, key: string, params: Readonly<Record<string, unknown>> = {}): string {
    const template = this.lookup(locale, key) ?? key;
    return interpolate(template, params, (kind, code) => this.lookup(locale, `label.${kind}.${code}`));
  }

  private lookup(locale: Locale, key: string): string | undefined {
    return this.messages.get(locale)?.get(key) ?? this.messages.get(DEFAULT_LOCALE)?.get(key);
  }
}
