import { DEFAULT_SEVERITY_BY_CATEGORY, FLAG_CATEGORIES, FLAG_SEVERITIES } from '../../rules/categories.js';
import { flagOfIncident, INCIDENT_REPORT_CATEGORIES } from './incident-categories.js';
import { readFileSync } from 'node:fs';

const labels = (locale: 'fr' | 'en'): Record<string, string> => JSON.parse(readFileSync(`templates/i18n/${locale}/labels.json`, 'utf8')) as Record<string, string>;
const fr = labels('fr');
const en = labels('en');

describe('community incident categories', () => {
  it('maps every incident to a known flag category and severity', () => {
    for (const category of INCIDENT_REPORT_CATEGORIES) {
      const flag = flagOfIncident(category);
      expect(FLAG_CATEGORIES).toContain(flag.category);
      expect(FLAG_SEVERITIES).toContain(flag.severity);
    }
  });

  it('treats what the OECD Guidance asks to stop at once as critical', () => {
    for (const category of ['armed_attack', 'sexual_violence', 'forced_labour', 'child_labour_seen'] as const) {
      expect(flagOfIncident(category).severity).toBe('critical');
    }
    expect(flagOfIncident('child_labour_seen').category).toBe('worst_forms_child_labour');
    expect(flagOfIncident('water_pollution')).toEqual({ category: 'environmental_damage', severity: 'high' });
    expect(flagOfIncident('mercury_use').category).toBe('mercury_explosives');
  });

  it('never rates a community report below the default of its flag category but for land disputes and other', () => {
    const rank = (severity: string): number => FLAG_SEVERITIES.indexOf(severity as (typeof FLAG_SEVERITIES)[number]);
    for (const category of INCIDENT_REPORT_CATEGORIES) {
      const flag = flagOfIncident(category);
      const floor = category === 'violence' || category === 'displacement' ? 'high' : DEFAULT_SEVERITY_BY_CATEGORY[flag.category];
      expect(rank(flag.severity)).toBeGreaterThanOrEqual(rank(floor));
    }
  });

  it('has a French and an English label for every category', () => {
    for (const category of INCIDENT_REPORT_CATEGORIES) {
      expect(fr[`label.incidentCategory.${category}`]).toEqual(expect.any(String));
      expect(en[`label.incidentCategory.${category}`]).toEqual(expect.any(String));
    }
  });
});
