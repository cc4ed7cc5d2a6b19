import { DomainError } from '../../common/domain-error.js';
import { assertBylawInteger } from './arithmetic.js';
import { type GovernanceBylaws, type MemberProblem } from './types.js';

/**
 * Attendance at an assembly: who came, who sent a proxy and to whom. The Act (art. 100)
 * allows proxies unless the bylaws forbid them and lets the bylaws cap them per holder.
 *
 * Default cap, OUR choice: one proxy per holder. The Act sets no cap; we default to the
 * strictest useful one because, on sites where many members cannot read, collected proxies
 * are the usual way a few people capture an assembly. Bylaws may raise it.
 *
 * The whole list is checked and every problem returned, so that the secretary can fix the
 * register in one pass; `assertValidAttendance` turns a bad list into one DomainError.
 */
export const DEFAULT_MAX_PROXIES_PER_HOLDER = 1;

export type AttendanceEntry =
  | { readonly memberId: string; readonly mode: 'present' }
  | { readonly memberId: string; readonly mode: 'represented'; readonly proxyHolderId: string };

/** Why an attendance line is refused; each has a sentence (error.<code>) in templates/i18n/{fr,en}/governance.json. */
export const ATTENDANCE_PROBLEM_CODES = [
  'NOT_AN_ACTIVE_MEMBER',
  'PRESENT_TWICE',
  'PRESENT_AND_REPRESENTED',
  'REPRESENTED_TWICE',
  'PROXIES_FORBIDDEN',
  'OWN_PROXY',
  'PROXY_HOLDER_NOT_ACTIVE_MEMBER',
  'PROXY_HOLDER_NOT_PRESENT',
  'TOO_MANY_PROXIES',
] as const;
export type AttendanceProblemCode = (typeof ATTENDANCE_PROBLEM_CODES)[number];

export interface AttendanceProblem extends MemberProblem {
  readonly code: AttendanceProblemCode;
  readonly proxyHolderId?: string;
}

export interface AttendanceCounts {
  readonly present: number;
  readonly represented: number;
}

export type AttendanceCheck =
  | ({ readonly valid: true; readonly problems: readonly [] } & AttendanceCounts)
  | { readonly valid: false; readonly problems: readonly AttendanceProblem[] };

interface ProxyPolicy {
  readonly allowed: boolean;
  readonly maxPerHolder: number;
}

export function proxyPolicy(bylaws: GovernanceBylaws = {}): ProxyPolicy {
  const maxPerHolder = bylaws.maxProxiesPerHolder ?? DEFAULT_MAX_PROXIES_PER_HOLDER;
  assertBylawInteger('maxProxiesPerHolder', maxPerHolder, 1);
  return { allowed: bylaws.proxiesAllowed ?? true, maxPerHolder };
}

/** For the moment a proxy is recorded, before any attendance list exists. */
export function assertProxiesAllowed(bylaws: GovernanceBylaws = {}): void {
  if (!proxyPolicy(bylaws).allowed) throw new DomainError('PROXIES_FORBIDDEN');
}

interface AttendanceContext {
  readonly active: ReadonlySet<string>;
  readonly present: ReadonlySet<string>;
  readonly alreadyRepresented: ReadonlySet<string>;
}

type Represented = Extract<AttendanceEntry, { mode: 'represented' }>;

function proxyHolderProblem(
  entry: Represented,
  active: ReadonlySet<string>,
  present: ReadonlySet<string>,
): AttendanceProblemCode | undefined {
  if (entry.proxyHolderId === entry.memberId) return 'OWN_PROXY';
  if (!active.has(entry.proxyHolderId)) return 'PROXY_HOLDER_NOT_ACTIVE_MEMBER';
  if (!present.has(entry.proxyHolderId)) return 'PROXY_HOLDER_NOT_PRESENT';
  return undefined;
}

function representedProblems(
  entry: Represented,
  context: AttendanceContext,
  policy: ProxyPolicy,
): AttendanceProblemCode[] {
  const codes: AttendanceProblemCode[] = [];
  if (context.present.has(entry.memberId)) codes.push('PRESENT_AND_REPRESENTED');
  if (context.alreadyRepresented.has(entry.memberId)) codes.push('REPRESENTED_TWICE');
  if (!policy.allowed) codes.push('PROXIES_FORBIDDEN');
  const holderProblem = proxyHolderProblem(entry, context.active, context.present);
  if (holderProblem !== undefined) codes.push(holderProblem);
  return codes;
}

function tooManyProxies(entries: readonly AttendanceEntry[], policy: ProxyPolicy): AttendanceProblem[] {
  if (!policy.allowed) return [];
  const perHolder = new Map<string, number>();
  for (const entry of entries) {
    if (entry.mode !== 'represented' || entry.proxyHolderId === entry.memberId) continue;
    perHolder.set(entry.proxyHolderId, (perHolder.get(entry.proxyHolderId) ?? 0) + 1);
  }
  return [...perHolder]
    .filter(([, held]) => held > policy.maxPerHolder)
    .map(([holderId]) => ({ code: 'TOO_MANY_PROXIES', memberId: holderId }));
}

export function validateAttendance(
  entries: readonly AttendanceEntry[],
  activeMemberIds: readonly string[],
  bylaws: GovernanceBylaws = {},
): AttendanceCheck {
  const policy = proxyPolicy(bylaws);
  const active = new Set(activeMemberIds);
  const present = new Set(entries.filter((e) => e.mode === 'present').map((e) => e.memberId));
  const seenPresent = new Set<string>();
  const alreadyRepresented = new Set<string>();
  const problems: AttendanceProblem[] = [];
  for (const entry of entries) {
    const { memberId } = entry;
    if (!active.has(memberId)) problems.push({ code: 'NOT_AN_ACTIVE_MEMBER', memberId });
    if (entry.mode === 'present') {
      if (seenPresent.has(memberId)) problems.push({ code: 'PRESENT_TWICE', memberId });
      seenPresent.add(memberId);
      continue;
    }
    const codes = representedProblems(entry, { active, present, alreadyRepresented }, policy);
    for (const code of codes) {
      problems.push({ code, memberId: entry.memberId, proxyHolderId: entry.proxyHolderId });
    }
    alreadyRepresented.add(entry.memberId);
  }
  problems.push(...tooManyProxies(entries, policy));
  if (problems.length > 0) return { valid: false, problems };
  return { valid: true, problems: [], present: present.size, represented: alreadyRepresented.size };
}

export function assertValidAttendance(
  entries: readonly AttendanceEntry[],
  activeMemberIds: readonly string[],
  bylaws: GovernanceBylaws = {},
): AttendanceCounts {
  const check = validateAttendance(entries, activeMemberIds, bylaws);
  if (!check.valid) throw new DomainError('ATTENDANCE_INVALID', { problems: check.problems });
  return { present: check.present, represented: check.represented };
}
