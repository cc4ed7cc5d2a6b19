import { DomainError } from '../../common/domain-error.js';
import {
  assertCount,
  assertValidFraction,
  compareFractions,
  minimumCountFor,
  reachesShare,
} from './arithmetic.js';
import {
  type AssemblyKind,
  type CallNumber,
  type Fraction,
  type GovernanceBylaws,
  type LegalForm,
} from './types.js';

/**
 * Quorum of a general assembly, counted against the members active on the assembly date
 * (the caller counts them), with members present and members represented by proxy both
 * counting. "Half of the members" means at least half: counted * den >= members * num.
 *
 * Where the thresholds come from:
 * - COOP_CA ordinary ½ then ¼, extraordinary ⅔ then ½: the Act.
 * - COOP_CA constitutive: ⅔ of the initiators (art. 281); the Act gives no lower second-call
 *   quorum, so the second call needs ⅔ too.
 * - SCOOPS: the Act leaves quorum to the bylaws. Without a bylaw figure we apply the COOP_CA
 *   thresholds; that default is OUR choice, and its rule codes say so (USHIRIKA_DEFAULT_…).
 * - Bylaw overrides: accepted for a SCOOPS only. The COOP_CA thresholds are public order
 *   (art. 2: the Act binds unless it expressly lets the bylaws decide), so a COOP_CA bylaw
 *   that differs from them is refused rather than silently ignored.
 */

export type QuorumSource = 'law' | 'ushirika_default' | 'bylaws';

export interface QuorumRule {
  readonly fraction: Fraction;
  readonly rule: string;
  readonly source: QuorumSource;
}

export interface QuorumInput {
  readonly legalForm: LegalForm;
  readonly kind: AssemblyKind;
  readonly call: CallNumber;
  readonly activeMembers: number;
  readonly present: number;
  readonly represented: number;
}

export interface QuorumResult {
  readonly required: number;
  readonly present: number;
  readonly represented: number;
  readonly counted: number;
  readonly activeMembers: number;
  readonly reached: boolean;
  readonly rule: string;
  readonly source: QuorumSource;
  readonly fraction: Fraction;
}

const HALF: Fraction = { num: 1, den: 2 };
const QUARTER: Fraction = { num: 1, den: 4 };
const TWO_THIRDS: Fraction = { num: 2, den: 3 };

interface Threshold {
  readonly fraction: Fraction;
  readonly suffix: string;
}

const COOP_CA_THRESHOLDS: Readonly<Record<AssemblyKind, Readonly<Record<CallNumber, Threshold>>>> = {
  ordinary: {
    1: { fraction: HALF, suffix: 'ORDINARY_FIRST_CALL_HALF' },
    2: { fraction: QUARTER, suffix: 'ORDINARY_SECOND_CALL_QUARTER' },
  },
  extraordinary: {
    1: { fraction: TWO_THIRDS, suffix: 'EXTRAORDINARY_FIRST_CALL_TWO_THIRDS' },
    2: { fraction: HALF, suffix: 'EXTRAORDINARY_SECOND_CALL_HALF' },
  },
  constitutive: {
    1: { fraction: TWO_THIRDS, suffix: 'CONSTITUTIVE_FIRST_CALL_TWO_THIRDS' },
    2: { fraction: TWO_THIRDS, suffix: 'CONSTITUTIVE_SECOND_CALL_TWO_THIRDS' },
  },
};

/** The quorum that applies when the bylaws say nothing. */
export function defaultQuorum(legalForm: LegalForm, kind: AssemblyKind, call: CallNumber): QuorumRule {
  const { fraction, suffix } = COOP_CA_THRESHOLDS[kind][call];
  return legalForm === 'COOP_CA'
    ? { fraction, rule: `OHADA_COOP_CA_${suffix}`, source: 'law' }
    : { fraction, rule: `USHIRIKA_DEFAULT_SCOOPS_${suffix}`, source: 'ushirika_default' };
}

function bylawQuorum(kind: AssemblyKind, call: CallNumber, bylaws: GovernanceBylaws): Fraction | undefined {
  const perCall = bylaws.quorum?.[kind];
  return call === 1 ? perCall?.firstCall : perCall?.secondCall;
}

function callLabel(call: CallNumber): string {
  return call === 1 ? 'FIRST_CALL' : 'SECOND_CALL';
}

/** The quorum in force for this assembly, bylaws considered. */
export function applicableQuorum(
  legalForm: LegalForm,
  kind: AssemblyKind,
  call: CallNumber,
  bylaws: GovernanceBylaws = {},
): QuorumRule {
  const fallback = defaultQuorum(legalForm, kind, call);
  const override = bylawQuorum(kind, call, bylaws);
  if (override === undefined) return fallback;
  assertValidFraction(override, `quorum.${kind}.${call === 1 ? 'firstCall' : 'secondCall'}`);
  if (legalForm === 'COOP_CA') {
    if (compareFractions(override, fallback.fraction) === 0) return fallback;
    throw new DomainError('QUORUM_OVERRIDE_NOT_ALLOWED', {
      legalForm,
      kind,
      call,
      legal: fallback.fraction,
      requested: { num: override.num, den: override.den },
    });
  }
  const rule = `BYLAWS_SCOOPS_${kind.toUpperCase()}_${callLabel(call)}`;
  return { fraction: { num: override.num, den: override.den }, rule, source: 'bylaws' };
}

export function computeQuorum(input: QuorumInput, bylaws: GovernanceBylaws = {}): QuorumResult {
  const activeMembers = assertCount(input.activeMembers, 'activeMembers');
  const present = assertCount(input.present, 'present');
  const represented = assertCount(input.represented, 'represented');
  if (activeMembers === 0) throw new DomainError('NO_ACTIVE_MEMBERS');
  const counted = present + represented;
  if (counted > activeMembers) {
    throw new DomainError('ATTENDANCE_EXCEEDS_MEMBERS', { counted, activeMembers });
  }
  const { fraction, rule, source } = applicableQuorum(input.legalForm, input.kind, input.call, bylaws);
  return {
    required: minimumCountFor(activeMembers, fraction),
    present,
    represented,
    counted,
    activeMembers,
    reached: reachesShare(counted, activeMembers, fraction),
    rule,
    source,
    fraction,
  };
}
