/**
 * What an audit row says about a person's record: which fields were given or changed, never
 * their values. The ID number, phones, address, next of kin, names and birth stay in the
 * registry alone, where reading them is itself audited; these fields are kept with values
 * because none of them is personal data.
 */
const KEPT_WITH_VALUES = ['memberNumber', 'status', 'membershipDate', 'homeSiteId'] as const;

/** The registration row as audited: the kept fields' values, the other fields' names (those given). */
export function registrationAudit(row: Readonly<Record<string, unknown>>, card: { issuedOn: string; expiresOn: string } | null): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  const fields: string[] = [];
  for (const [key, value] of Object.entries(row)) {
    if ((KEPT_WITH_VALUES as readonly string[]).includes(key)) kept[key] = value;
    else if (value !== null && value !== undefined) fields.push(key);
  }
  return { ...kept, fields: fields.sort(), card: card === null ? null : { issuedOn: card.issuedOn, expiresOn: card.expiresOn } };
}

/** The names of the fields whose values differ, sorted. */
export function changedFieldNames(before: object, after: object): string[] {
  const [was, is] = [before as Readonly<Record<string, unknown>>, after as Readonly<Record<string, unknown>>];
  const keys = new Set([...Object.keys(was), ...Object.keys(is)]);
  return [...keys].filter((key) => JSON.stringify(was[key] ?? null) !== JSON.stringify(is[key] ?? null)).sort();
}
