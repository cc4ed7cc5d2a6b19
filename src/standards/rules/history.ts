import type { CriterionResult } from './scoring.js';

export type Trend = 'first' | 'up' | 'down' | 'same';

export interface ScoredAssessment {
  readonly scoreBp: number | null;
  /** Index of the level reached in the standard's levels (0 = first), -1 when none. */
  readonly levelRank: number;
}

/**
 * How an assessment compares with the site's previous one against the same standard: a
 * level gained or lost decides; at the same level, the overall score does. An assessment with
 * no score (all N/A) moves only by its level.
 */
export function trendOf(current: ScoredAssessment, previous: ScoredAssessment | null): Trend {
  if (previous === null) return 'first';
  if (current.levelRank !== previous.levelRank) return current.levelRank > previous.levelRank ? 'up' : 'down';
  if (current.scoreBp === null || previous.scoreBp === null || current.scoreBp === previous.scoreBp) return 'same';
  return current.scoreBp > previous.scoreBp ? 'up' : 'down';
}

/** Criteria not met in this assessment and in the previous one of the same site and standard. */
export function failedTwiceInARow(current: ReadonlyMap<string, CriterionResult>, previous: ReadonlyMap<string, CriterionResult> | null): Set<string> {
  const repeated = new Set<string>();
  if (previous === null) return repeated;
  for (const [criterionId, result] of current) if (result === 'not_met' && previous.get(criterionId) === 'not_met') repeated.add(criterionId);
  return repeated;
}

export type CriterionChange = 'improved' | 'worsened' | 'unchanged' | 'added' | 'removed';

const RANK: Readonly<Record<CriterionResult, number>> = { not_met: 0, not_applicable: 1, met: 2 };

/**
 * One criterion between two assessments (older → newer), matched by id across versions of a
 * standard: a criterion only one of them holds is added or removed. N/A sits between not met and met.
 */
export function criterionChange(from: CriterionResult | undefined, to: CriterionResult | undefined): CriterionChange {
  if (from === undefined && to === undefined) throw new Error('criterionChange needs at least one result');
  if (from === undefined) return 'added';
  if (to === undefined) return 'removed';
  if (RANK[to] === RANK[from]) return 'unchanged';
  return RANK[to] > RANK[from] ? 'improved' : 'worsened';
}

/** A difference of scores in basis points; null when either side has none. */
export function scoreDelta(from: number | null, to: number | null): number | null {
  return from === null || to === null ? null : to - from;
}

export interface ResultComparison {
  readonly criterionId: string;
  readonly from: CriterionResult | null;
  readonly to: CriterionResult | null;
  readonly change: CriterionChange;
}

/** Every criterion of either assessment, those of the newer one first in its order, then the ones it no longer holds. */
export function compareResults(from: readonly (readonly [string, CriterionResult])[], to: readonly (readonly [string, CriterionResult])[]): ResultComparison[] {
  const older = new Map(from);
  const newer = new Map(to);
  const ids = [...newer.keys(), ...[...older.keys()].filter((id) => !newer.has(id))];
  return ids.map((criterionId) => ({ criterionId, from: older.get(criterionId) ?? null, to: newer.get(criterionId) ?? null, change: criterionChange(older.get(criterionId), newer.get(criterionId)) }));
}
