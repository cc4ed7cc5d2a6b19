import { DomainError } from '../../common/domain-error.js';
import { minimumCountFor, reachesShare } from './arithmetic.js';
import { type Fraction, type MemberProblem } from './types.js';

/** OHADA Act: a quarter of the members may demand an assembly. */
export const DEMAND_SHARE: Fraction = { num: 1, den: 4 };

export interface AssemblyDemandCheck {
  readonly valid: boolean;
  readonly required: number;
  /** Distinct active members who signed. */
  readonly signatories: number;
  readonly activeMembers: number;
  /** Signatures that do not count, each with why. */
  readonly ignored: readonly MemberProblem[];
  readonly rule: 'OHADA_QUARTER_OF_MEMBERS_MAY_DEMAND_ASSEMBLY';
}

/**
 * Applied to both legal forms: the DOMAIN reference states it for the SCOOPS, and the Act lets
 * a quarter of COOP-CA members ask the authorities to convene one (art. 342), so we hold
 * COOP-CA demands to the same quarter.
 */
export function checkAssemblyDemand(
  signatoryIds: readonly string[],
  activeMemberIds: readonly string[],
): AssemblyDemandCheck {
  const active = new Set(activeMemberIds);
  if (active.size === 0) throw new DomainError('NO_ACTIVE_MEMBERS');
  const counted = new Set<string>();
  const ignored: MemberProblem[] = [];
  for (const memberId of signatoryIds) {
    if (!active.has(memberId)) ignored.push({ code: 'SIGNATORY_NOT_ACTIVE', memberId });
    else if (counted.has(memberId)) ignored.push({ code: 'DUPLICATE_SIGNATURE', memberId });
    else counted.add(memberId);
  }
  return {
    valid: reachesShare(counted.size, active.size, DEMAND_SHARE),
    required: minimumCountFor(active.size, DEMAND_SHARE),
    signatories: counted.size,
    activeMembers: active.size,
    ignored,
    rule: 'OHADA_QUARTER_OF_MEMBERS_MAY_DEMAND_ASSEMBLY',
  };
}
