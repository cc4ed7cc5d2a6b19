import { DomainError } from '../common/domain-error.js';
import type { AgendaItemRow, AssemblyDemandRow, AssemblyRow, CooperativeRow, PositionRow, ResolutionRow } from './governance.repository.js';
import type { AssemblyDemandCheck, AssemblyKind, DeclarationCheck, GovernanceBylaws, LotDraw, QuorumResult, TallyResult } from './rules/index.js';

/** What the governance routes answer, and the mappings from rows to it. */
export interface AssemblyView {
  id: string;
  kind: AssemblyKind;
  heldOn: string;
  place: string;
  callNumber: 1 | 2;
  firstCallAssemblyId: string | null;
  noticeOn: string;
  noticeRule: string;
  status: 'convened' | 'open';
  /** The members' demand this assembly answers, if any. */
  demandId: string | null;
  agenda: { id: string; position: number; title: string; decisionKind: string }[];
}

export interface AssemblyDemandView {
  id: string;
  receivedOn: string;
  kind: 'ordinary' | 'extraordinary';
  purpose: string;
  agenda: { title: string; decisionKind: string }[];
  signatories: string[];
  /** Whether a quarter of the members active on the day it was received signed it. */
  valid: boolean;
  check: AssemblyDemandCheck;
  /** The assembly convened to answer it, once there is one. */
  assemblyId: string | null;
  recordedBy: string;
  recordedAt: Date;
}

export interface AssemblyDetail extends AssemblyView {
  attendance: { memberId: string; mode: 'present' | 'represented'; proxyHolderId: string | null }[];
  /** Recorded at opening; before that, computed live from the attendance list. */
  quorum: QuorumResult | null;
  quorumRecorded: boolean;
  resolutions: ResolutionView[];
  elections: { id: string; title: string; status: string }[];
}

export interface ResolutionView {
  id: string;
  agendaItemId: string;
  decisionKind: string;
  for: number;
  against: number;
  abstain: number;
  adopted: boolean;
  rule: string;
}

/** Open while members vote; closed once the sealed ballots went into the box and were counted. */
export type ElectionStatus = 'open' | 'closed' | 'certified';

export interface ElectionView {
  id: string;
  title: string;
  status: ElectionStatus;
  /** 1, or 2+ for a second round on the seats the previous round left tied. */
  round: number;
  previousElectionId: string | null;
  positions: { id: string; position: number; title: string; seats: number; termMonths: number }[];
}

export interface CandidacyView {
  id: string;
  positionId: string;
  memberId: string;
  eligibleFrom: string;
}

export interface PositionTally {
  positionId: string;
  title: string;
  seats: number;
  termMonths: number;
  tally: TallyResult;
}

export interface ElectionTallyView {
  electionId: string;
  status: ElectionStatus;
  round: number;
  previousElectionId: string | null;
  /** The round opened on this one's undecided seats, if any. */
  nextRoundElectionId: string | null;
  lotDraws: { positionId: string; seed: string | null; order: string[] | null; recordedAt: Date }[];
  /** How many members voted: known once the poll is closed. */
  voters: number;
  positions: PositionTally[];
  mandates: { id: string; positionId: string; memberId: string; startsOn: string; endsOn: string }[];
}

export interface BylawVersionView {
  id: string;
  version: number;
  text: string;
  settings: GovernanceBylaws;
  resolutionId: string | null;
  adoptedOn: string;
  declaredOn: string | null;
  declaration: DeclarationCheck;
}

export interface MinutesData {
  cooperative: CooperativeRow;
  assembly: AssemblyDetail;
  agenda: AgendaItemRow[];
  elections: { title: string; tally: ElectionTallyView }[];
  memberNames: ReadonlyMap<string, string>;
}

/** The Act reserves bylaw changes to the extraordinary assembly. */
export const BYLAW_ASSEMBLY_KIND: AssemblyKind = 'extraordinary';

export function notFound(code: string): DomainError {
  return new DomainError(code, {}, 'not_found');
}

export function resolutionView(row: ResolutionRow): ResolutionView {
  return {
    id: row.id,
    agendaItemId: row.agenda_item_id,
    decisionKind: row.decision_kind,
    for: row.votes_for,
    against: row.votes_against,
    abstain: row.votes_abstain,
    adopted: row.adopted,
    rule: row.rule,
  };
}

export function positionView(row: PositionRow): ElectionView['positions'][number] {
  return { id: row.id, position: row.position, title: row.title, seats: row.seats, termMonths: row.term_months };
}

export function demandView(row: AssemblyDemandRow): AssemblyDemandView {
  return {
    id: row.id,
    receivedOn: row.received_on,
    kind: row.kind,
    purpose: row.purpose,
    agenda: row.agenda,
    signatories: row.signatories,
    valid: row.valid,
    check: row.check,
    assemblyId: row.assembly_id,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  };
}

export function lotDrawOf(row: { seed: string | null; draw_order: string[] | null }): LotDraw {
  return row.seed !== null ? { seed: row.seed } : { order: row.draw_order ?? [] };
}

export function assemblyView(row: AssemblyRow, agenda: AgendaItemRow[]): AssemblyView {
  return {
    id: row.id,
    kind: row.kind,
    heldOn: row.held_on,
    place: row.place,
    callNumber: row.call_number,
    firstCallAssemblyId: row.first_call_assembly_id,
    noticeOn: row.notice_on,
    noticeRule: row.notice_rule,
    status: row.status,
    demandId: row.demand_id,
    agenda: agenda.map((a) => ({ id: a.id, position: a.position, title: a.title, decisionKind: a.decision_kind })),
  };
}
