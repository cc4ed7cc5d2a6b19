/**
 * Fills a catalogue template's placeholders. `{name}` is the parameter as given; `{name|kind}`
 * is a code the reader is given the word for, from the labels catalogue (`label.<kind>.<code>`,
 * templates/i18n/<locale>/labels.json): « L'humidité doit être mesurée pour {mineral|mineral} »
 * reads « … pour Hétérogénite (cobalt) », not « … pour HETEROGENITE ». A list parameter is
 * labelled item by item. A code without a label is shown as written. Plain function, shared by
 * the server's Catalogue and the console, which reads the same catalogue files.
 */
export type LabelLookup = (kind: string, code: string) => string | undefined;

const PLACEHOLDER = /\{(\w+)(?:\|(\w+))?\}/g;

export function interpolate(
  template: string,
  params: Readonly<Record<string, unknown>>,
  labelOf: LabelLookup,
  format: (value: unknown) => string = defaultFormat,
): string {
  return template.replace(PLACEHOLDER, (whole, name: string, kind: string | undefined) => {
    if (!Object.hasOwn(params, name)) return whole;
    const value = params[name];
    if (kind === undefined) return format(value);
    const labelled = (code: unknown): string => (typeof code === 'string' ? (labelOf(kind, code) ?? code) : format(code));
    return Array.isArray(value) ? value.map(labelled).join(', ') : labelled(value);
  });
}

function defaultFormat(value: unknown): string {
  if (Array.isArray(value)) return value.map(defaultFormat).join(', ');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}
