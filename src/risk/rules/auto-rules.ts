import { DomainError } from '../../common/domain-error.js';
import { defaultSeverity, type FlagCategory, type FlagSeverity } from './categories.js';

/**
 * Rules that raise flags without anyone filing them. Each rule looks at one recorded event
 * and proposes a flag or returns null; the service stores the proposal, and the database's
 * uniqueness on `dedupeKey` makes a replayed or re-synchronised event harmless.
 *
 * - The dedupe key is `rule:sourceType:sourceId`: readable in the database, the same for
 *   the same event, different for two rules on one event (a pregnant minor raises two
 *   flags). The rule and type are fixed codes without ':', so no two sources share a key.
 * - Description params never carry a name: flags are read by supervisors and auditors.
 *   The person is reached through the source record.
 * - Age is taken as the gate or registry computed it for the day of the event, so that
 *   there is one age rule in the product, not two.
 */

export const AUTO_RULE_CODES = [
  'minor_at_gate',
  'minor_registration_attempt',
  'pregnancy_at_forbidden_zone',
  'unknown_apparent_minor_at_gate',
  'buyer_discrepancy',
  'standard_assessment',
  'kimberley_certificate_discrepancy',
] as const;

export type AutoRuleCode = (typeof AUTO_RULE_CODES)[number];

export const FLAG_SOURCE_TYPES = ['gate_attempt', 'registration_attempt', 'sale_reconciliation', 'sale', 'incident_report', 'site_assessment', 'kimberley_certificate'] as const;

export type FlagSourceType = (typeof FLAG_SOURCE_TYPES)[number];

export interface SourceRef {
  readonly type: FlagSourceType;
  readonly id: string;
}

export type DescriptionParams = Readonly<Record<string, string | number | null>>;

export interface ProposedFlag {
  readonly category: FlagCategory;
  readonly severity: FlagSeverity;
  readonly sourceRule: AutoRuleCode;
  readonly sourceRef: SourceRef;
  readonly dedupeKey: string;
  readonly siteId: string | null;
  readonly occurredAt: Date;
  /** Message catalogue key of the description; the params fill its placeholders. */
  readonly descriptionKey: string;
  readonly descriptionParams: DescriptionParams;
}

export const ADULT_AGE_YEARS = 18;

export function dedupeKeyFor(rule: AutoRuleCode, source: SourceRef): string {
  if (source.id.length === 0) throw new DomainError('SOURCE_ID_REQUIRED', { rule, type: source.type });
  return `${rule}:${source.type}:${source.id}`;
}

interface ProposalParts {
  readonly rule: AutoRuleCode;
  readonly category: FlagCategory;
  readonly severity?: FlagSeverity;
  readonly sourceRef: SourceRef;
  readonly dedupeSource?: SourceRef;
  readonly siteId: string | null;
  readonly occurredAt: Date;
  readonly descriptionParams: DescriptionParams;
}

function propose(parts: ProposalParts): ProposedFlag {
  return {
    category: parts.category,
    severity: parts.severity ?? defaultSeverity(parts.category),
    sourceRule: parts.rule,
    sourceRef: parts.sourceRef,
    dedupeKey: dedupeKeyFor(parts.rule, parts.dedupeSource ?? parts.sourceRef),
    siteId: parts.siteId,
    occurredAt: parts.occurredAt,
    descriptionKey: `risk.auto.${parts.rule}`,
    descriptionParams: parts.descriptionParams,
  };
}

function assertAge(ageYears: number | null): void {
  if (ageYears !== null && (!Number.isSafeInteger(ageYears) || ageYears < 0)) {
    throw new DomainError('AGE_INVALID', { ageYears });
  }
}

function isMinor(ageYears: number | null): ageYears is number {
  assertAge(ageYears);
  return ageYears !== null && ageYears < ADULT_AGE_YEARS;
}

// ---------------------------------------------------------------- gate attempts

export interface GateAttemptFacts {
  readonly id: string;
  readonly siteId: string;
  readonly zoneId: string | null;
  readonly attemptedAt: Date;
  /** Whole years on the day of the attempt; null when the person or the birth date is unknown. */
  readonly ageYears: number | null;
  /** The gate officer's judgement that the person looks under 18. */
  readonly apparentMinor: boolean;
  readonly pregnancyDeclared: boolean;
  readonly zoneBansPregnantWomen: boolean;
}

function gateSource(attempt: GateAttemptFacts): SourceRef {
  return { type: 'gate_attempt', id: attempt.id };
}

/** A person whose recorded age is under 18 tried to enter: child labour, critical. */
export function minorAtGate(attempt: GateAttemptFacts): ProposedFlag | null {
  if (!isMinor(attempt.ageYears)) return null;
  return propose({
    rule: 'minor_at_gate',
    category: 'worst_forms_child_labour',
    sourceRef: gateSource(attempt),
    siteId: attempt.siteId,
    occurredAt: attempt.attemptedAt,
    descriptionParams: { ageYears: attempt.ageYears, zoneId: attempt.zoneId },
  });
}

/**
 * Someone of unknown age whom the officer judged to be under 18 tried to enter. A person
 * whose recorded age is 18 or more is left to the gate's identity checks: flagging every
 * young-looking adult would bury the real cases.
 */
export function unknownApparentMinorAtGate(attempt: GateAttemptFacts): ProposedFlag | null {
  assertAge(attempt.ageYears);
  if (attempt.ageYears !== null || !attempt.apparentMinor) return null;
  return propose({
    rule: 'unknown_apparent_minor_at_gate',
    category: 'worst_forms_child_labour',
    sourceRef: gateSource(attempt),
    siteId: attempt.siteId,
    occurredAt: attempt.attemptedAt,
    descriptionParams: { zoneId: attempt.zoneId },
  });
}

/** A woman who declared a pregnancy tried to enter a zone that bans pregnant women. */
export function pregnancyAtForbiddenZone(attempt: GateAttemptFacts): ProposedFlag | null {
  if (!attempt.pregnancyDeclared || !attempt.zoneBansPregnantWomen) return null;
  return propose({
    rule: 'pregnancy_at_forbidden_zone',
    category: 'pregnant_woman_on_site',
    severity: 'high',
    sourceRef: gateSource(attempt),
    siteId: attempt.siteId,
    occurredAt: attempt.attemptedAt,
    descriptionParams: { zoneId: attempt.zoneId },
  });
}

/** Every flag one gate attempt raises, in the order of the rules above. */
export function proposeFlagsForGateAttempt(attempt: GateAttemptFacts): ProposedFlag[] {
  return [minorAtGate, unknownApparentMinorAtGate, pregnancyAtForbiddenZone]
    .map((rule) => rule(attempt))
    .filter((flag): flag is ProposedFlag => flag !== null);
}

// ---------------------------------------------------------------- registration

export interface RegistrationAttemptFacts {
  readonly id: string;
  readonly siteId: string | null;
  readonly attemptedAt: Date;
  /** Whole years on the day of the attempt; null when no birth date was given. */
  readonly ageYears: number | null;
}

/**
 * A person under 18 asked to be registered as a miner. The registry refuses them; the flag
 * is raised whatever the registry decided, because a child seeking mine work is the risk.
 */
export function minorRegistrationAttempt(attempt: RegistrationAttemptFacts): ProposedFlag | null {
  if (!isMinor(attempt.ageYears)) return null;
  return propose({
    rule: 'minor_registration_attempt',
    category: 'worst_forms_child_labour',
    sourceRef: { type: 'registration_attempt', id: attempt.id },
    siteId: attempt.siteId,
    occurredAt: attempt.attemptedAt,
    descriptionParams: { ageYears: attempt.ageYears },
  });
}

// ---------------------------------------------------------------- buyer reconciliation

export interface SaleReconciliationFacts {
  readonly id: string;
  readonly saleId: string;
  readonly siteId: string | null;
  readonly reconciledAt: Date;
  readonly ourNetMassMg: number;
  readonly buyerNetMassMg: number;
  /** Allowed mass difference, in basis points of our net mass (50 = 0.5 %). */
  readonly massToleranceBp: number;
  readonly ourGradeBp: number | null;
  readonly buyerGradeBp: number | null;
  /** Allowed grade difference in basis points of grade (100 = one percentage point). */
  readonly gradeToleranceBp: number;
}

export type ToleranceVerdict = 'within' | 'beyond' | 'beyond_twice';

const BASIS_POINTS = 10_000n;

function assertNonNegativeInteger(field: string, value: number): bigint {
  if (!Number.isSafeInteger(value) || value < 0) throw new DomainError('RECONCILIATION_FIGURE_INVALID', { field, value });
  return BigInt(value);
}

function assertGrade(field: string, value: number | null): void {
  if (value !== null && assertNonNegativeInteger(field, value) > BASIS_POINTS) {
    throw new DomainError('RECONCILIATION_FIGURE_INVALID', { field, value });
  }
}

/** Compares |difference| with tolerance and twice tolerance; equal to a bound is within it. */
function verdict(differenceScaled: bigint, toleranceScaled: bigint): ToleranceVerdict {
  if (differenceScaled > 2n * toleranceScaled) return 'beyond_twice';
  return differenceScaled > toleranceScaled ? 'beyond' : 'within';
}

function absolute(value: bigint): bigint {
  return value < 0n ? -value : value;
}

/** Relative difference is exact: |buyer − ours| × 10 000 against tolerance × ours, in BigInt. */
export function massToleranceVerdict(facts: SaleReconciliationFacts): ToleranceVerdict {
  const ours = assertNonNegativeInteger('ourNetMassMg', facts.ourNetMassMg);
  const buyers = assertNonNegativeInteger('buyerNetMassMg', facts.buyerNetMassMg);
  const tolerance = assertNonNegativeInteger('massToleranceBp', facts.massToleranceBp);
  return verdict(absolute(buyers - ours) * BASIS_POINTS, tolerance * ours);
}

/** Grades are compared in absolute basis points; without both grades there is no verdict. */
export function gradeToleranceVerdict(facts: SaleReconciliationFacts): ToleranceVerdict {
  assertGrade('ourGradeBp', facts.ourGradeBp);
  assertGrade('buyerGradeBp', facts.buyerGradeBp);
  const tolerance = assertNonNegativeInteger('gradeToleranceBp', facts.gradeToleranceBp);
  if (facts.ourGradeBp === null || facts.buyerGradeBp === null) return 'within';
  return verdict(absolute(BigInt(facts.buyerGradeBp - facts.ourGradeBp)), tolerance);
}

/**
 * Signed relative mass difference (buyer − ours) in basis points of our mass, for display
 * only, rounded half away from zero; null when our mass is zero.
 */
export function relativeMassDifferenceBp(ourNetMassMg: number, buyerNetMassMg: number): number | null {
  const ours = assertNonNegativeInteger('ourNetMassMg', ourNetMassMg);
  const difference = (assertNonNegativeInteger('buyerNetMassMg', buyerNetMassMg) - ours) * BASIS_POINTS;
  if (ours === 0n) return null;
  const magnitude = (absolute(difference) * 2n + ours) / (2n * ours);
  return Number(difference < 0n ? -magnitude : magnitude);
}

/**
 * The buyer's weight or grade differs from ours beyond tolerance: a discrepancy flag,
 * medium, or high when either measure is beyond twice its tolerance (exactly twice is
 * still medium). With a zero tolerance any difference is beyond twice it, hence high.
 * One flag per sale (the dedupe key is the sale's, the source the reconciliation's): a
 * corrected reconciliation of the same sale raises nothing new, since the flag already
 * open on that sale calls for the same check of the scales.
 */
export function buyerDiscrepancy(facts: SaleReconciliationFacts): ProposedFlag | null {
  const mass = massToleranceVerdict(facts);
  const grade = gradeToleranceVerdict(facts);
  if (mass === 'within' && grade === 'within') return null;
  const beyondTwice = mass === 'beyond_twice' || grade === 'beyond_twice';
  return propose({
    rule: 'buyer_discrepancy',
    category: 'weight_grade_discrepancy',
    severity: beyondTwice ? 'high' : 'medium',
    sourceRef: { type: 'sale_reconciliation', id: facts.id },
    dedupeSource: { type: 'sale', id: facts.saleId },
    siteId: facts.siteId,
    occurredAt: facts.reconciledAt,
    descriptionParams: discrepancyFigures(facts, mass, grade),
  });
}

function discrepancyFigures(facts: SaleReconciliationFacts, mass: ToleranceVerdict, grade: ToleranceVerdict): DescriptionParams {
  const gradeDifferenceBp =
    facts.ourGradeBp === null || facts.buyerGradeBp === null ? null : facts.buyerGradeBp - facts.ourGradeBp;
  return {
    saleId: facts.saleId,
    ourNetMassMg: facts.ourNetMassMg,
    buyerNetMassMg: facts.buyerNetMassMg,
    massDifferenceMg: facts.buyerNetMassMg - facts.ourNetMassMg,
    massDifferenceBp: relativeMassDifferenceBp(facts.ourNetMassMg, facts.buyerNetMassMg),
    massToleranceBp: facts.massToleranceBp,
    massVerdict: mass,
    ourGradeBp: facts.ourGradeBp,
    buyerGradeBp: facts.buyerGradeBp,
    gradeDifferenceBp,
    gradeToleranceBp: facts.gradeToleranceBp,
    gradeVerdict: grade,
  };
}

export interface AssessmentFindingFacts {
  readonly assessmentId: string;
  readonly siteId: string;
  readonly standardId: string;
  readonly standardVersion: string;
  readonly assessedAt: Date;
  readonly failedMustCriteria: number;
}

/**
 * A site assessment whose "must" criteria are not all met: one flag for the assessment, its
 * corrective actions one per failed criterion. High: a "must" of a standard is the line a
 * buyer does not cross.
 */
export function standardAssessmentFindings(facts: AssessmentFindingFacts): ProposedFlag | null {
  if (facts.failedMustCriteria === 0) return null;
  return propose({
    rule: 'standard_assessment',
    category: 'other',
    severity: 'high',
    sourceRef: { type: 'site_assessment', id: facts.assessmentId },
    siteId: facts.siteId,
    occurredAt: facts.assessedAt,
    descriptionParams: { standardId: facts.standardId, standardVersion: facts.standardVersion, failedMustCriteria: facts.failedMustCriteria },
  });
}

// ---------------------------------------------------------------- Kimberley Process

export interface KimberleyCertificateFacts {
  readonly certificateId: string;
  readonly certificateNumber: string;
  /** The one site of the certificate's stones, or null when they come from several. */
  readonly siteId: string | null;
  readonly recordedAt: Date;
  /** Carats in milligrams (1 ct = 200 mg): what the certificate declares, what our purchases put into its parcels. */
  readonly declaredMg: number;
  readonly oursMg: number;
  /** The shown figures, already exact decimals in carats. */
  readonly declaredCarats: string;
  readonly ourCarats: string;
  readonly toleranceBp: number;
  /** The verdict of diamonds/rules/carats.ts (caratVerdict) on the two weights. */
  readonly verdict: ToleranceVerdict;
}

/**
 * A certificate declares carats that our production records do not hold (beyond the
 * tolerance): stones of another origin may be travelling under it, or ours left without it.
 * OECD Annex II's fraudulent misrepresentation of origin; medium, high beyond twice the
 * tolerance. One flag per certificate.
 */
export function kimberleyCertificateDiscrepancy(facts: KimberleyCertificateFacts): ProposedFlag | null {
  if (facts.verdict === 'within') return null;
  const source: SourceRef = { type: 'kimberley_certificate', id: facts.certificateId };
  return propose({
    rule: 'kimberley_certificate_discrepancy',
    category: 'bribery_fraud_origin',
    severity: facts.verdict === 'beyond_twice' ? 'high' : 'medium',
    sourceRef: source,
    siteId: facts.siteId,
    occurredAt: facts.recordedAt,
    descriptionParams: {
      certificateNumber: facts.certificateNumber, declaredCarats: facts.declaredCarats, ourCarats: facts.ourCarats,
      differenceMg: facts.declaredMg - facts.oursMg, toleranceBp: facts.toleranceBp, verdict: facts.verdict,
    },
  });
}
