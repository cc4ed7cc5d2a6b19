import type { Catalogue } from '../common/i18n/catalogue.js';
import type { Locale } from '../common/i18n/locale.js';
import type { GateReason, GateWarning } from './rules/gate-decision.js';
import type { GateAnswer } from './sites.service.js';

type Worded<T> = T & { readonly message: string };

export type TranslatedGateAnswer = Omit<GateAnswer, 'reasons' | 'warnings'> & {
  reasons: Worded<GateReason>[];
  warnings: Worded<GateWarning>[];
};

/** Placeholders of a reason's message: its details, with an age spelled out as years. */
function paramsOf(item: GateReason | GateWarning): Record<string, unknown> {
  const params: Record<string, unknown> = { ...item };
  if ('age' in item) params.years = item.age.years;
  return params;
}

/** The gate's answer with every reason and warning worded in the caller's language. */
export function translateGateAnswer(answer: GateAnswer, catalogue: Catalogue, locale: Locale): TranslatedGateAnswer {
  return {
    ...answer,
    reasons: answer.reasons.map((reason) => ({ ...reason, message: catalogue.translate(locale, `sites.gate.reason.${reason.code}`, paramsOf(reason)) })),
    warnings: answer.warnings.map((warning) => ({ ...warning, message: catalogue.translate(locale, `sites.gate.warning.${warning.code}`, paramsOf(warning)) })),
  };
}
