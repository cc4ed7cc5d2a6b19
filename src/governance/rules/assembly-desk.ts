import { DomainError } from '../../common/domain-error.js';
import type { AssemblyDemandCheck } from './assembly-demand.js';
import type { AttendanceCheck, AttendanceCounts, AttendanceEntry } from './proxies.js';
import type { QuorumResult } from './quorum.js';
import type { AssemblyKind, CallNumber } from './types.js';

/**
 * The checks the assembly's desk makes before it writes: a second call follows an unsuccessful
 * first call, a demand is answered once by an assembly of its kind, votes wait for a quorum.
 */

/** The Act reserves bylaw changes to the extraordinary assembly. */
export const BYLAW_ASSEMBLY_KIND: AssemblyKind = 'extraordinary';

export interface FirstCallRecord {
  readonly id: string;
  readonly kind: AssemblyKind;
  readonly callNumber: CallNumber;
  readonly quorumReached: boolean | null;
  readonly heldOn: string;
}

/**
 * A second call names the first call of the same kind that missed its quorum; a first call
 * names none. Answers the first call's date, from which the second call's notice is counted.
 */
export function firstCallHeldOn(call: CallNumber, firstCallAssemblyId: string | undefined, first: FirstCallRecord | undefined, kind: AssemblyKind): string | undefined {
  if (call !== 2) {
    if (firstCallAssemblyId !== undefined) throw new DomainError('FIRST_CALL_ASSEMBLY_UNEXPECTED');
    return undefined;
  }
  if (firstCallAssemblyId === undefined) throw new DomainError('FIRST_CALL_ASSEMBLY_REQUIRED');
  if (!first || first.callNumber !== 1 || first.kind !== kind) throw new DomainError('FIRST_CALL_ASSEMBLY_INVALID', { firstCallAssemblyId });
  if (first.quorumReached === true) throw new DomainError('FIRST_CALL_REACHED_QUORUM', { firstCallAssemblyId: first.id });
  return first.heldOn;
}

export interface DemandRecord {
  readonly kind: AssemblyKind;
  readonly valid: boolean;
  readonly check: Pick<AssemblyDemandCheck, 'signatories' | 'required'>;
  readonly assemblyId: string | null;
}

/** Only a valid demand, not yet answered, by an assembly of the kind it asked for. */
export function assertAnswerableDemand(demand: DemandRecord, kind: AssemblyKind): void {
  if (!demand.valid) throw new DomainError('ASSEMBLY_DEMAND_INSUFFICIENT', { signatories: demand.check.signatories, required: demand.check.required });
  if (demand.kind !== kind) throw new DomainError('ASSEMBLY_DEMAND_KIND_MISMATCH', { demanded: demand.kind, kind });
  if (demand.assemblyId !== null) throw new DomainError('ASSEMBLY_DEMAND_ANSWERED', { assemblyId: demand.assemblyId }, 'conflict');
}

export interface AttendanceLine {
  readonly memberId: string;
  readonly mode: 'present' | 'represented';
  readonly proxyHolderId?: string;
}

/** A represented member names a proxy holder; a present one does not. */
export function attendanceEntriesOf(lines: readonly AttendanceLine[]): AttendanceEntry[] {
  return lines.map((line) => {
    if (line.mode === 'present') {
      if (line.proxyHolderId !== undefined) throw new DomainError('PROXY_HOLDER_UNEXPECTED', { memberId: line.memberId });
      return { memberId: line.memberId, mode: 'present' };
    }
    if (line.proxyHolderId === undefined) throw new DomainError('PROXY_HOLDER_REQUIRED', { memberId: line.memberId });
    return { memberId: line.memberId, mode: 'represented', proxyHolderId: line.proxyHolderId };
  });
}

/** Every problem of a refused list at once, one field error per member. */
export function assertAttendanceAccepted(check: AttendanceCheck): AttendanceCounts {
  if (check.valid) return { present: check.present, represented: check.represented };
  // The field is the member's id; the sentence comes from the catalogue (validation.<code>).
  const errors = check.problems.map((p) => ({ field: p.memberId, code: p.code, params: { proxyHolderId: p.proxyHolderId ?? '' } }));
  throw new DomainError('ATTENDANCE_INVALID', { count: check.problems.length }, 'invalid', errors);
}

export function attendanceCounts(attendance: readonly { readonly mode: 'present' | 'represented' }[]): AttendanceCounts {
  const present = attendance.filter((a) => a.mode === 'present').length;
  return { present, represented: attendance.length - present };
}

export interface VotingAssembly {
  readonly id: string;
  readonly status: 'convened' | 'open';
  readonly quorum: QuorumResult | null;
  readonly quorumReached: boolean | null;
}

/** Votes are taken only in an opened assembly whose recorded quorum was reached. */
export function assertMayVote(assembly: VotingAssembly): QuorumResult {
  if (assembly.status !== 'open' || assembly.quorum === null) throw new DomainError('ASSEMBLY_NOT_OPEN', { assemblyId: assembly.id });
  if (assembly.quorumReached !== true) {
    const { counted, required, rule } = assembly.quorum;
    throw new DomainError('QUORUM_NOT_REACHED', { counted, required, rule });
  }
  return assembly.quorum;
}
