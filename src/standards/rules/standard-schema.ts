/**
 * A standard as data (templates/standards/*.json): sections, requirements and criteria, each
 * criterion with the level it belongs to, whether it is a "must" of that level, and the
 * evidence expected. Levels are listed lowest first. One file per standard and version.
 */

export interface LocalisedText {
  readonly fr: string;
  readonly en: string;
}

export interface StandardLevel {
  readonly id: string;
  readonly name: LocalisedText;
}

export interface Criterion {
  readonly id: string;
  readonly level: string;
  readonly must: boolean;
  readonly text: LocalisedText;
  readonly expectedEvidence: LocalisedText;
}

export interface Requirement {
  readonly id: string;
  readonly title: LocalisedText;
  readonly criteria: readonly Criterion[];
}

export interface Section {
  readonly id: string;
  readonly title: LocalisedText;
  readonly requirements: readonly Requirement[];
}

export interface Standard {
  readonly schema: 'ushirika-standard/1';
  readonly id: string;
  readonly version: string;
  readonly name: LocalisedText;
  readonly publisher: string;
  readonly edition: string;
  readonly sourceUrl: string;
  readonly licenceNote: LocalisedText;
  readonly levels: readonly StandardLevel[];
  readonly sections: readonly Section[];
}

export const STANDARD_SCHEMA = 'ushirika-standard/1';
const ID = /^[a-z][a-z0-9_.-]{0,79}$/;
const STANDARD_ID = /^[a-z][a-z0-9-]{0,39}$/;
const VERSION = /^[0-9A-Za-z][0-9A-Za-z.-]{0,19}$/;

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a parsed standard file and returns it typed, or throws with every problem found,
 * each with its JSON path: a bad file stops the server at start, never at an assessment.
 */
export function validateStandard(input: Json, source = 'standard'): Standard {
  const problems: string[] = [];
  const text = (value: Json, path: string, max = 2000): void => {
    if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) problems.push(`${path}: a non-empty string of at most ${max} characters`);
  };
  const localised = (value: Json, path: string): void => {
    if (!isObject(value)) return void problems.push(`${path}: an object with fr and en`);
    text(value.fr, `${path}.fr`);
    text(value.en, `${path}.en`);
    for (const key of Object.keys(value)) if (key !== 'fr' && key !== 'en') problems.push(`${path}.${key}: unknown field`);
  };
  const array = (value: Json, path: string): readonly Json[] => {
    if (!Array.isArray(value) || value.length === 0) {
      problems.push(`${path}: a non-empty array`);
      return [];
    }
    return value;
  };
  const known = (value: Record<string, Json>, path: string, fields: readonly string[]): void => {
    for (const key of Object.keys(value)) if (!fields.includes(key)) problems.push(`${path}.${key}: unknown field`);
  };

  if (!isObject(input)) throw new Error(`${source}: not a JSON object`);
  known(input, '$', ['schema', 'id', 'version', 'name', 'publisher', 'edition', 'sourceUrl', 'licenceNote', 'levels', 'sections']);
  if (input.schema !== STANDARD_SCHEMA) problems.push(`$.schema: must be ${STANDARD_SCHEMA}`);
  if (typeof input.id !== 'string' || !STANDARD_ID.test(input.id)) problems.push('$.id: lower-case letters, digits and dashes');
  if (typeof input.version !== 'string' || !VERSION.test(input.version)) problems.push('$.version: letters, digits, dots and dashes, at most 20');
  localised(input.name, '$.name');
  text(input.publisher, '$.publisher', 200);
  text(input.edition, '$.edition', 200);
  if (typeof input.sourceUrl !== 'string' || !/^https:\/\/[^\s]+$/.test(input.sourceUrl)) problems.push('$.sourceUrl: an https URL');
  localised(input.licenceNote, '$.licenceNote');

  const levelIds = new Set<string>();
  array(input.levels, '$.levels').forEach((level, index) => {
    const path = `$.levels[${index}]`;
    if (!isObject(level)) return void problems.push(`${path}: an object`);
    known(level, path, ['id', 'name']);
    if (typeof level.id !== 'string' || !ID.test(level.id)) problems.push(`${path}.id: an identifier`);
    else if (levelIds.has(level.id)) problems.push(`${path}.id: ${level.id} appears twice`);
    else levelIds.add(level.id);
    localised(level.name, `${path}.name`);
  });

  const ids = new Set<string>();
  const unique = (id: Json, path: string): void => {
    if (typeof id !== 'string' || !ID.test(id)) return void problems.push(`${path}: an identifier`);
    if (ids.has(id)) problems.push(`${path}: ${id} appears twice`);
    ids.add(id);
  };
  array(input.sections, '$.sections').forEach((section, s) => {
    const sectionPath = `$.sections[${s}]`;
    if (!isObject(section)) return void problems.push(`${sectionPath}: an object`);
    known(section, sectionPath, ['id', 'title', 'requirements']);
    unique(section.id, `${sectionPath}.id`);
    localised(section.title, `${sectionPath}.title`);
    array(section.requirements, `${sectionPath}.requirements`).forEach((requirement, r) => {
      const requirementPath = `${sectionPath}.requirements[${r}]`;
      if (!isObject(requirement)) return void problems.push(`${requirementPath}: an object`);
      known(requirement, requirementPath, ['id', 'title', 'criteria']);
      unique(requirement.id, `${requirementPath}.id`);
      localised(requirement.title, `${requirementPath}.title`);
      array(requirement.criteria, `${requirementPath}.criteria`).forEach((criterion, c) => {
        const path = `${requirementPath}.criteria[${c}]`;
        if (!isObject(criterion)) return void problems.push(`${path}: an object`);
        known(criterion, path, ['id', 'level', 'must', 'text', 'expectedEvidence']);
        unique(criterion.id, `${path}.id`);
        if (typeof criterion.level !== 'string' || !levelIds.has(criterion.level)) problems.push(`${path}.level: one of the standard's levels`);
        if (typeof criterion.must !== 'boolean') problems.push(`${path}.must: true or false`);
        localised(criterion.text, `${path}.text`);
        localised(criterion.expectedEvidence, `${path}.expectedEvidence`);
      });
    });
  });
  if (problems.length > 0) throw new Error(`${source} is not a valid standard:\n- ${problems.join('\n- ')}`);
  return input as unknown as Standard;
}

/** Every criterion of the standard with the section it sits in, in the file's order. */
export function criteriaOf(standard: Standard): readonly (Criterion & { readonly sectionId: string })[] {
  return standard.sections.flatMap((section) => section.requirements.flatMap((requirement) => requirement.criteria.map((criterion) => ({ ...criterion, sectionId: section.id }))));
}

/** The newest version first: versions compare as dotted numbers where they are numbers. */
export function compareVersions(a: string, b: string): number {
  const partsA = a.split(/[.-]/);
  const partsB = b.split(/[.-]/);
  for (let index = 0; index < Math.max(partsA.length, partsB.length); index += 1) {
    const left = partsA[index] ?? '0';
    const right = partsB[index] ?? '0';
    const byNumber = /^\d+$/.test(left) && /^\d+$/.test(right) ? Number(left) - Number(right) : left.localeCompare(right);
    if (byNumber !== 0) return byNumber;
  }
  return 0;
}
