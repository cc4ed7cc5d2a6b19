/**
 * Vocabulary of cooperative governance under the OHADA Uniform Act on cooperative societies
 * (Lomé, 15 December 2010). Every number a cooperative may set differently lives in
 * `GovernanceBylaws`; an absent field means "the default", which is the law where the law
 * speaks and a documented choice of ours where it does not.
 */

/** Calendar date 'YYYY-MM-DD'. */
export type IsoDate = string;

/** SCOOPS: simplified cooperative (5+ founders). COOP_CA: cooperative with a board (15+). */
export type LegalForm = 'SCOOPS' | 'COOP_CA';

export type AssemblyKind = 'constitutive' | 'ordinary' | 'extraordinary';

/** A second call is convened when the first did not reach its quorum. */
export type CallNumber = 1 | 2;

export type MemberStatus = 'applicant' | 'active' | 'suspended' | 'exited';

/** An exact rational share, num/den, with 0 < num <= den. */
export interface Fraction {
  readonly num: number;
  readonly den: number;
}

export type DecisionKind = 'ordinary' | 'bylaw_amendment' | 'dissolution' | 'merger';

/** How a tie at the last seat of an election is broken. */
export type TieBreakRule = 'seniority' | 'second_round' | 'age' | 'lot';

export interface CallQuorums {
  readonly firstCall?: Fraction;
  readonly secondCall?: Fraction;
}

/** Quorum set by the bylaws, per assembly kind and call. */
export type QuorumOverrides = Readonly<Partial<Record<AssemblyKind, CallQuorums>>>;

export interface GovernanceBylaws {
  /** Days of notice; a value below the legal 15 is ignored in favour of the law. */
  readonly noticeDays?: number;
  readonly quorum?: QuorumOverrides;
  /** The Act (art. 100) allows proxies unless the bylaws forbid them. */
  readonly proxiesAllowed?: boolean;
  readonly maxProxiesPerHolder?: number;
  readonly candidateMinMembershipMonths?: number;
  readonly electionTieBreak?: TieBreakRule;
}

/** One problem among several, for checks whose caller needs every reason at once. */
export interface MemberProblem {
  readonly code: string;
  readonly memberId: string;
}
