/**
 * Risk flag categories and severities.
 *
 * Annex II categories follow the OECD Due Diligence Guidance for Responsible Supply Chains
 * of Minerals from Conflict-Affected and High-Risk Areas, Annex II; the operational ones
 * are what site monitoring records (DOMAIN.md, "Risks").
 *
 * Default severities (a choice of ours, editable per flag by whoever raises it):
 * - critical: the Annex II risks for which the Guidance asks an upstream company to
 *   suspend or disengage at once (worst forms of child labour, forced labour, torture,
 *   gross abuses and sexual violence, support to non-state armed groups), and fatalities.
 *   A critical flag must be acknowledged within hours (overdue.ts).
 * - high: Annex II risks the Guidance allows to mitigate while engagement continues
 *   (security forces, bribery and fraudulent origin, money laundering); harm to a person
 *   (injury); banned practices that endanger lives or a pregnancy (mercury/explosives,
 *   pregnant woman on site); illegal taxation, usually levied by officials or security
 *   forces at the site; armed presence, which may be security forces or an armed group
 *   and is upgraded to armed_group_support once the group is identified.
 * - medium: unpaid taxes, fees and royalties (an administrative remedy exists); accidents
 *   without injury; environmental damage; weight or grade discrepancies with a buyer
 *   (usually scales, still an origin and fraud signal); other, so that an unclassified
 *   report is neither ignored nor treated as an emergency.
 * - low: missing PPE, which the gate already refuses and which is corrected on the spot.
 */

export const ANNEX_II_FLAG_CATEGORIES = [
  'worst_forms_child_labour',
  'forced_labour',
  'torture_cruel_treatment',
  'human_rights_abuse_sexual_violence',
  'armed_group_support',
  'security_forces',
  'bribery_fraud_origin',
  'money_laundering',
  'non_payment_taxes',
] as const;

export const OPERATIONAL_FLAG_CATEGORIES = [
  'accident',
  'injury',
  'fatality',
  'pregnant_woman_on_site',
  'missing_ppe',
  'mercury_explosives',
  'environmental_damage',
  'weight_grade_discrepancy',
  'illegal_taxation',
  'armed_presence',
  'other',
] as const;

export const FLAG_CATEGORIES = [...ANNEX_II_FLAG_CATEGORIES, ...OPERATIONAL_FLAG_CATEGORIES] as const;

export type AnnexIIFlagCategory = (typeof ANNEX_II_FLAG_CATEGORIES)[number];
export type OperationalFlagCategory = (typeof OPERATIONAL_FLAG_CATEGORIES)[number];
export type FlagCategory = (typeof FLAG_CATEGORIES)[number];

/** Ordered from least to most severe: the order is what compareSeverity relies on. */
export const FLAG_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

export type FlagSeverity = (typeof FLAG_SEVERITIES)[number];

export const DEFAULT_SEVERITY_BY_CATEGORY: Readonly<Record<FlagCategory, FlagSeverity>> = {
  worst_forms_child_labour: 'critical',
  forced_labour: 'critical',
  torture_cruel_treatment: 'critical',
  human_rights_abuse_sexual_violence: 'critical',
  armed_group_support: 'critical',
  security_forces: 'high',
  bribery_fraud_origin: 'high',
  money_laundering: 'high',
  non_payment_taxes: 'medium',
  accident: 'medium',
  injury: 'high',
  fatality: 'critical',
  pregnant_woman_on_site: 'high',
  missing_ppe: 'low',
  mercury_explosives: 'high',
  environmental_damage: 'medium',
  weight_grade_discrepancy: 'medium',
  illegal_taxation: 'high',
  armed_presence: 'high',
  other: 'medium',
};

export function isFlagCategory(value: string): value is FlagCategory {
  return (FLAG_CATEGORIES as readonly string[]).includes(value);
}

export function isFlagSeverity(value: string): value is FlagSeverity {
  return (FLAG_SEVERITIES as readonly string[]).includes(value);
}

export function isAnnexIICategory(category: FlagCategory): category is AnnexIIFlagCategory {
  return (ANNEX_II_FLAG_CATEGORIES as readonly string[]).includes(category);
}

export function defaultSeverity(category: FlagCategory): FlagSeverity {
  return DEFAULT_SEVERITY_BY_CATEGORY[category];
}

/** Negative when a is less severe than b, zero when equal, positive when more severe. */
export function compareSeverity(a: FlagSeverity, b: FlagSeverity): number {
  return FLAG_SEVERITIES.indexOf(a) - FLAG_SEVERITIES.indexOf(b);
}
