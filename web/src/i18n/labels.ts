import { language } from './i18n';
import { interpolate } from '../../../src/common/i18n/interpolate';
import fr from '../../../templates/i18n/fr/labels.json';
import en from '../../../templates/i18n/en/labels.json';

/**
 * The words a person reads for the codes the API speaks (statuses, roles, minerals, risk
 * categories, severities, states, protective equipment, funds, payment methods). The same
 * catalogue file (templates/i18n/{fr,en}/labels.json) labels the PDFs the server prints, so a
 * receipt and the screen say the same thing. A code without a label (a fund an admin named)
 * is shown as written, its underscores as spaces, never silently dropped.
 */
export type LabelKind =
  | 'mineral'
  | 'minerStatus'
  | 'role'
  | 'riskCategory'
  | 'severity'
  | 'flagState'
  | 'ppe'
  | 'fund'
  | 'paymentMethod'
  | 'priceBasis'
  | 'unit'
  | 'entryKind'
  | 'assemblyStatus'
  | 'assemblyKind'
  | 'savingsMovement'
  | 'criterionResult'
  | 'assessmentTrend'

  | 'decisionKind'
  | 'electionStatus'
  | 'tallyStatus'
  | 'tieBreak'
  | 'ineligibility'
  | 'signatureProblem'
  | 'quorumSource'
  | 'governanceRule';

const catalogues: Record<'fr' | 'en', Record<string, string>> = { fr, en };

/** The label of a code in the current language (French when English has none), undefined without one. */
export function labelOf(kind: string, code: string): string | undefined {
  return catalogues[language.get()][`label.${kind}.${code}`] ?? catalogues.fr[`label.${kind}.${code}`];
}

/** A server catalogue template filled as the server fills it, codes labelled ({mineral|mineral}). */
export function fillTemplate(template: string, params: Readonly<Record<string, unknown>>): string {
  return interpolate(template, params, labelOf);
}

export function label(kind: LabelKind, code: string, params: Record<string, string> = {}): string {
  const template = catalogues[language.get()][`label.${kind}.${code}`] ?? catalogues.fr[`label.${kind}.${code}`];
  if (template === undefined) return code.replace(/_/g, ' ');
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** The codes of one kind the catalogue knows, in the catalogue's order (for choice lists). */
export function labelled(kind: LabelKind): string[] {
  const prefix = `label.${kind}.`;
  return Object.keys(catalogues.fr)
    .filter((key) => key.startsWith(prefix))
    .map((key) => key.slice(prefix.length));
}
