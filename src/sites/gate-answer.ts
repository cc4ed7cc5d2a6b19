import type { Catalogue } from '../common/i18n/catalogue.js';
import type { Locale } from '../common/i18n/locale.js';
import type { GateEventView, GateReasonView, GateWarningView } from './dto/gate-event.view.js';
import type { GateEventRow } from './gate.repository.js';
import type { GateReason, GateWarning } from './rules/gate-decision.js';

/** The catalogue and the caller's language the gate's reasons are worded in. */
export interface GateWording {
  readonly catalogue: Catalogue;
  readonly locale: Locale;
}

/** Placeholders of a reason's message: its details, with an age spelled out as years. */
function paramsOf(item: GateReason | GateWarning): Record<string, unknown> {
  const params: Record<string, unknown> = { ...item };
  if ('age' in item) params.years = item.age.years;
  return params;
}

function worded<T extends GateReason | GateWarning>(item: T, kind: 'reason' | 'warning', { catalogue, locale }: GateWording): T & { message: string } {
  return { ...item, message: catalogue.translate(locale, `sites.gate.${kind}.${item.code}`, paramsOf(item)) };
}

/** A recorded gate event as the API answers it, every reason and warning worded in the caller's language. */
export function gateEventViewOf(row: GateEventRow, memberNumber: string | null, duplicate: boolean, wording: GateWording): GateEventView {
  return {
    id: row.id,
    siteId: row.site_id,
    zoneId: row.zone_id,
    minerId: row.miner_id,
    memberNumber,
    direction: row.direction,
    capturedAt: row.captured_at,
    recordedAt: row.recorded_at,
    allowed: row.allowed,
    reasons: row.reasons.map((reason): GateReasonView => worded(reason, 'reason', wording)),
    warnings: row.warnings.map((warning): GateWarningView => worded(warning, 'warning', wording)),
    flags: row.flags,
    duplicate,
  };
}
