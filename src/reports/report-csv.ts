import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { toCsv } from '../common/csv.js';
import { templatesDir } from '../common/i18n/catalogue.js';
import { sectionTables, type ReportDefinition } from './rules/sections.js';

const definitions = new Map<string, ReportDefinition>();

/** A report definition from templates/reports/, read once. */
export function reportDefinition(name: 'regulator-report' | 'jurisdiction-report'): ReportDefinition {
  const known = definitions.get(name);
  if (known !== undefined) return known;
  const loaded = JSON.parse(readFileSync(join(templatesDir(), 'reports', `${name}.json`), 'utf8')) as ReportDefinition;
  definitions.set(name, loaded);
  return loaded;
}

/**
 * One CSV per section of the definition, zipped. Values are the JSON's own (minor units,
 * milligrams, ISO dates), so a spreadsheet's figures are exactly the report's.
 */
export function reportCsvZip(definition: ReportDefinition, content: unknown, modifiedAt: Date): Buffer {
  const files: Record<string, Uint8Array> = {};
  for (const table of sectionTables(definition, content)) {
    files[`${table.id}.csv`] = strToU8(toCsv([table.header, ...table.rows]));
  }
  return Buffer.from(zipSync(files, { level: 6, mtime: modifiedAt }));
}
