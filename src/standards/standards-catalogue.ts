import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../common/domain-error.js';
import { templatesDir } from '../common/i18n/catalogue.js';
import { compareVersions, type Standard, validateStandard } from './rules/standard-schema.js';

/**
 * The standards of templates/standards/, one file per standard and version, named
 * `{id}-{version}.json`. Loaded and checked once when the server starts: a bad file stops it.
 * A new version is a new file; an assessment keeps the id and version it was made against.
 */
export class StandardsCatalogue {
  private constructor(private readonly standards: readonly Standard[]) {}

  static load(directory = join(templatesDir(), 'standards')): StandardsCatalogue {
    const standards: Standard[] = [];
    for (const file of readdirSync(directory).filter((name) => name.endsWith('.json')).sort()) {
      const standard = validateStandard(JSON.parse(readFileSync(join(directory, file), 'utf8')) as unknown, file);
      if (file !== `${standard.id}-${standard.version}.json`) throw new Error(`${file} holds ${standard.id} ${standard.version}: name it ${standard.id}-${standard.version}.json`);
      standards.push(standard);
    }
    if (standards.length === 0) throw new Error(`No standard in ${directory}`);
    return new StandardsCatalogue(standards);
  }

  /** Every standard's newest version, by id. */
  latestVersions(): Standard[] {
    const ids = [...new Set(this.standards.map((standard) => standard.id))].sort();
    return ids.map((id) => this.get(id));
  }

  versionsOf(id: string): string[] {
    return this.standards.filter((standard) => standard.id === id).map((standard) => standard.version).sort((a, b) => compareVersions(b, a));
  }

  /** One version, the newest when none is named. */
  get(id: string, version?: string): Standard {
    const versions = this.standards.filter((standard) => standard.id === id);
    if (versions.length === 0) throw new DomainError('STANDARD_NOT_FOUND', { standardId: id }, 'not_found');
    if (version === undefined) return [...versions].sort((a, b) => compareVersions(b.version, a.version))[0];
    const found = versions.find((standard) => standard.version === version);
    if (!found) throw new DomainError('STANDARD_VERSION_NOT_FOUND', { standardId: id, version }, 'not_found');
    return found;
  }
}
