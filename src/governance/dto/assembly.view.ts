import { ApiProperty } from '@nestjs/swagger';
import type { AgendaItemRow, AssemblyRow, ResolutionRow } from '../assemblies.repository.js';
import type { QuorumSource } from '../rules/index.js';
import { ASSEMBLY_KINDS, DECISION_KINDS } from './governance.dto.js';

export class AgendaItemView {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty({ description: 'Order on the agenda, from 1.' }) readonly position: number;
  @ApiProperty() readonly title: string;
  @ApiProperty({ enum: DECISION_KINDS }) readonly decisionKind: string;
}

export class AssemblyView {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty({ enum: ASSEMBLY_KINDS }) readonly kind: (typeof ASSEMBLY_KINDS)[number];
  @ApiProperty({ format: 'date' }) readonly heldOn: string;
  @ApiProperty() readonly place: string;
  @ApiProperty({ enum: [1, 2] }) readonly callNumber: 1 | 2;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The first call this second call follows.' }) readonly firstCallAssemblyId: string | null;
  @ApiProperty({ format: 'date', description: 'The day the notices went out.' }) readonly noticeOn: string;
  @ApiProperty({ description: 'The notice rule the dates were checked against.' }) readonly noticeRule: string;
  @ApiProperty({ enum: ['convened', 'open'] }) readonly status: 'convened' | 'open';
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "The members' demand this assembly answers, if any." }) readonly demandId: string | null;
  @ApiProperty({ type: () => [AgendaItemView] }) readonly agenda: AgendaItemView[];
}

export class GovernanceFractionView {
  @ApiProperty() readonly num: number;
  @ApiProperty() readonly den: number;
}

export class AssemblyQuorumView {
  @ApiProperty({ description: 'Members (present or represented) needed.' }) readonly required: number;
  @ApiProperty() readonly present: number;
  @ApiProperty() readonly represented: number;
  @ApiProperty({ description: 'Present plus represented.' }) readonly counted: number;
  @ApiProperty({ description: 'Members active on the assembly date.' }) readonly activeMembers: number;
  @ApiProperty() readonly reached: boolean;
  @ApiProperty() readonly rule: string;
  @ApiProperty({ enum: ['law', 'ushirika_default', 'bylaws'] }) readonly source: QuorumSource;
  @ApiProperty({ type: () => GovernanceFractionView }) readonly fraction: GovernanceFractionView;
}

export class AttendanceView {
  @ApiProperty({ format: 'uuid' }) readonly memberId: string;
  @ApiProperty({ enum: ['present', 'represented'] }) readonly mode: 'present' | 'represented';
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) readonly proxyHolderId: string | null;
}

export class AssemblyResolutionView {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty({ format: 'uuid' }) readonly agendaItemId: string;
  @ApiProperty({ enum: DECISION_KINDS }) readonly decisionKind: string;
  @ApiProperty() readonly for: number;
  @ApiProperty() readonly against: number;
  @ApiProperty() readonly abstain: number;
  @ApiProperty() readonly adopted: boolean;
  @ApiProperty({ description: 'The majority rule applied.' }) readonly rule: string;
}

export class AssemblyElectionSummaryView {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty() readonly title: string;
  @ApiProperty({ enum: ['open', 'closed', 'certified'] }) readonly status: string;
}

export class AssemblyDetailView extends AssemblyView {
  @ApiProperty({ type: () => [AttendanceView] }) readonly attendance: AttendanceView[];
  @ApiProperty({ type: () => AssemblyQuorumView, nullable: true, description: 'Recorded at opening; before that, computed live from the attendance list.' })
  readonly quorum: AssemblyQuorumView | null;
  @ApiProperty() readonly quorumRecorded: boolean;
  @ApiProperty({ type: () => [AssemblyResolutionView] }) readonly resolutions: AssemblyResolutionView[];
  @ApiProperty({ type: () => [AssemblyElectionSummaryView] }) readonly elections: AssemblyElectionSummaryView[];
}

export function agendaItemView(row: AgendaItemRow): AgendaItemView {
  return { id: row.id, position: row.position, title: row.title, decisionKind: row.decision_kind };
}

export function assemblyView(row: AssemblyRow, agenda: readonly AgendaItemRow[]): AssemblyView {
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
    agenda: agenda.map(agendaItemView),
  };
}

export function resolutionView(row: ResolutionRow): AssemblyResolutionView {
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
