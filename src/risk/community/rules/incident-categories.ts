import type { FlagCategory, FlagSeverity } from '../../rules/categories.js';

/**
 * What a community may report: security, human-rights, environmental and conflict incidents,
 * in the words people use at the site, each feeding one risk-flag category. The flag's
 * severity is chosen per incident (a choice of ours): what the OECD Guidance (Annex II) asks to
 * stop at once is critical (an armed attack, sexual violence, forced labour, a child seen at
 * work), harm to people or water high, a dispute over land medium.
 */
export const INCIDENT_REPORT_CATEGORIES = [
  'armed_presence',
  'armed_attack',
  'illegal_taxation',
  'security_forces_extortion',
  'violence',
  'sexual_violence',
  'forced_labour',
  'displacement',
  'land_conflict',
  'water_pollution',
  'environmental_damage',
  'mercury_use',
  'child_labour_seen',
  'accident',
  'other',
] as const;

export type IncidentReportCategory = (typeof INCIDENT_REPORT_CATEGORIES)[number];

export interface IncidentFlag {
  readonly category: FlagCategory;
  readonly severity: FlagSeverity;
}

export const FLAG_OF_INCIDENT: Readonly<Record<IncidentReportCategory, IncidentFlag>> = {
  armed_presence: { category: 'armed_presence', severity: 'high' },
  armed_attack: { category: 'armed_group_support', severity: 'critical' },
  illegal_taxation: { category: 'illegal_taxation', severity: 'high' },
  security_forces_extortion: { category: 'security_forces', severity: 'high' },
  violence: { category: 'torture_cruel_treatment', severity: 'high' },
  sexual_violence: { category: 'human_rights_abuse_sexual_violence', severity: 'critical' },
  forced_labour: { category: 'forced_labour', severity: 'critical' },
  displacement: { category: 'human_rights_abuse_sexual_violence', severity: 'high' },
  land_conflict: { category: 'other', severity: 'medium' },
  water_pollution: { category: 'environmental_damage', severity: 'high' },
  environmental_damage: { category: 'environmental_damage', severity: 'medium' },
  mercury_use: { category: 'mercury_explosives', severity: 'high' },
  child_labour_seen: { category: 'worst_forms_child_labour', severity: 'critical' },
  accident: { category: 'accident', severity: 'medium' },
  other: { category: 'other', severity: 'medium' },
};

export function flagOfIncident(category: IncidentReportCategory): IncidentFlag {
  return FLAG_OF_INCIDENT[category];
}
