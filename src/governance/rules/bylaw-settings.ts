import { DomainError } from '../../common/domain-error.js';
import { BYLAW_ASSEMBLY_KIND } from './assembly-desk.js';
import { assertIsoDate } from '../../common/calendar-date.js';
import { applicableQuorum } from './quorum.js';
import type { AssemblyKind, DecisionKind, GovernanceBylaws, IsoDate, LegalForm } from './types.js';

/**
 * Settings are checked against the rules once, at adoption, rather than failing at the next
 * assembly; absent (undefined) settings are dropped so they mean "the default".
 */
export function checkedBylawSettings(legalForm: LegalForm, submitted: Readonly<Record<string, unknown>>): GovernanceBylaws {
  const settings: GovernanceBylaws = Object.fromEntries(Object.entries(submitted).filter(([, value]) => value !== undefined));
  for (const kind of ['constitutive', 'ordinary', 'extraordinary'] as const) {
    for (const call of [1, 2] as const) applicableQuorum(legalForm, kind, call, settings);
  }
  return settings;
}

export interface AdoptingResolution {
  readonly id: string;
  readonly decisionKind: DecisionKind;
  readonly adopted: boolean;
  readonly assemblyKind: AssemblyKind;
  readonly heldOn: IsoDate;
}

/**
 * The day a new version takes effect: the day of the extraordinary assembly that adopted the
 * amendment. Only the first version goes without a resolution, on the founders' date.
 */
export function bylawAdoptionDate(resolution: AdoptingResolution | undefined, hasCurrentVersion: boolean, adoptedOn: IsoDate | undefined): IsoDate {
  if (resolution === undefined) {
    if (hasCurrentVersion) throw new DomainError('BYLAW_RESOLUTION_REQUIRED');
    if (adoptedOn === undefined) throw new DomainError('ADOPTION_DATE_REQUIRED');
    return assertIsoDate(adoptedOn);
  }
  if (resolution.decisionKind !== 'bylaw_amendment' || !resolution.adopted || resolution.assemblyKind !== BYLAW_ASSEMBLY_KIND) {
    throw new DomainError('BYLAW_RESOLUTION_INVALID', {
      resolutionId: resolution.id,
      decisionKind: resolution.decisionKind,
      adopted: resolution.adopted,
      assemblyKind: resolution.assemblyKind,
    });
  }
  if (adoptedOn !== undefined && adoptedOn !== resolution.heldOn) throw new DomainError('ADOPTION_DATE_IS_ASSEMBLY_DATE', { heldOn: resolution.heldOn });
  return resolution.heldOn;
}
