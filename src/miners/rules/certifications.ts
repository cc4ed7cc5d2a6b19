import { DomainError } from '../../common/domain-error.js';
import { compareIsoDates, type IsoDate, lastDayOfValidity } from '../../common/calendar-date.js';

/**
 * Topics a session may cover. The gate's zones name the ones they require
 * (site_induction, first_aid...); a topic outside this list can never be held.
 */
export const TRAINING_TOPICS = ['safety_induction', 'site_induction', 'first_aid', 'ppe_use', 'cooperative_governance', 'literacy'] as const;
export type TrainingTopic = (typeof TRAINING_TOPICS)[number];

/** A member attended a training session; validity in months, 0 or null meaning it never expires. */
export interface TrainingAttendance {
  readonly topic: string;
  readonly date: IsoDate;
  readonly validityMonths: number | null;
}

export interface Certification {
  readonly topic: string;
  readonly attendedOn: IsoDate;
  /** Last valid day (inclusive), or null when it never expires. */
  readonly expiresOn: IsoDate | null;
  readonly valid: boolean;
}

/**
 * Last day a training counts, both ends inclusive: the day before the same day of the
 * month `validityMonths` later (first aid on 2026-01-15 for 12 months counts through
 * 2027-01-14; on 31 January for 1 month, through the end of February).
 */
export function trainingExpiry(attendance: TrainingAttendance): IsoDate | null {
  const months = attendance.validityMonths;
  if (months !== null && (!Number.isInteger(months) || months < 0)) {
    throw new DomainError('TRAINING_VALIDITY_INVALID', { topic: attendance.topic, validityMonths: months });
  }
  if (months === null || months === 0) return null;
  return lastDayOfValidity(attendance.date, months);
}

/** Later session wins; on the same day the one that lasts longer (never-expiring first). */
function supersedes(candidate: TrainingAttendance, held: TrainingAttendance): boolean {
  const byDate = compareIsoDates(candidate.date, held.date);
  if (byDate !== 0) return byDate > 0;
  const candidateExpiry = trainingExpiry(candidate);
  const heldExpiry = trainingExpiry(held);
  if (candidateExpiry === null) return heldExpiry !== null;
  return heldExpiry !== null && compareIsoDates(candidateExpiry, heldExpiry) > 0;
}

/**
 * One certification per topic as it stands on `date`, sorted by topic: the latest session
 * attended on or before that date decides, even when an older one would have lasted longer,
 * so that a validity the cooperative shortens (new content, a corrected record) takes
 * effect at the next session. Sessions after the date are ignored. Topics match exactly.
 */
export function certificationsOn(attendances: readonly TrainingAttendance[], date: IsoDate): Certification[] {
  const latestByTopic = new Map<string, TrainingAttendance>();
  for (const attendance of attendances) {
    trainingExpiry(attendance);
    if (compareIsoDates(attendance.date, date) > 0) continue;
    const held = latestByTopic.get(attendance.topic);
    if (held === undefined || supersedes(attendance, held)) latestByTopic.set(attendance.topic, attendance);
  }
  return [...latestByTopic.values()]
    .map((attendance) => certificationOf(attendance, date))
    .sort((a, b) => (a.topic < b.topic ? -1 : 1));
}

function certificationOf(attendance: TrainingAttendance, date: IsoDate): Certification {
  const expiresOn = trainingExpiry(attendance);
  const valid = expiresOn === null || compareIsoDates(date, expiresOn) <= 0;
  return { topic: attendance.topic, attendedOn: attendance.date, expiresOn, valid };
}

export function hasValidTraining(attendances: readonly TrainingAttendance[], topic: string, date: IsoDate): boolean {
  return certificationsOn(attendances, date).some(
    (certification) => certification.topic === topic && certification.valid,
  );
}

/** Required topics with no valid certification on `date`, in the order required, each once. */
export function missingTrainings(
  attendances: readonly TrainingAttendance[],
  requiredTopics: readonly string[],
  date: IsoDate,
): string[] {
  const valid = new Set(
    certificationsOn(attendances, date)
      .filter((certification) => certification.valid)
      .map((certification) => certification.topic),
  );
  return [...new Set(requiredTopics)].filter((topic) => !valid.has(topic));
}
