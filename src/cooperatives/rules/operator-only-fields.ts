/** What places a cooperative under the law and under its supervisor: the platform operator's to change. */
export const OPERATOR_ONLY_FIELDS = ['legalForm', 'registrationNumber', 'country', 'province'] as const;
export type OperatorOnlyField = (typeof OPERATOR_ONLY_FIELDS)[number];

type Standing = Readonly<Record<OperatorOnlyField, string>>;

/** The operator-only fields a change sets to a new value (a field sent unchanged is not one). */
export function operatorOnlyFieldsChanged(before: Standing, changes: Readonly<Partial<Record<OperatorOnlyField, string>>>): OperatorOnlyField[] {
  return OPERATOR_ONLY_FIELDS.filter((field) => changes[field] !== undefined && changes[field] !== before[field]);
}
