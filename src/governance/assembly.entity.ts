import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AssemblyKind, DecisionKind } from './rules/index.js';

export const ASSEMBLY_STATUSES = ['convened', 'open'] as const;
export type AssemblyStatus = (typeof ASSEMBLY_STATUSES)[number];

/** A general assembly, convened with its notice and, once opened, its recorded quorum. */
@Entity('assemblies')
export class Assembly {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') kind: AssemblyKind;
  @Column('date', { name: 'held_on' }) heldOn: string;
  @Column('text') place: string;
  @Column('smallint', { name: 'call_number' }) callNumber: number;
  @Column('uuid', { name: 'first_call_assembly_id', nullable: true }) firstCallAssemblyId: string | null;
  @Column('date', { name: 'notice_on' }) noticeOn: string;
  @Column('text', { name: 'notice_rule' }) noticeRule: string;
  @Column('text') status: AssemblyStatus;
  @Column('jsonb', { nullable: true }) quorum: unknown;
  @Column('boolean', { name: 'quorum_reached', nullable: true }) quorumReached: boolean | null;
  @Column('uuid', { name: 'opened_by', nullable: true }) openedBy: string | null;
  @Column('timestamptz', { name: 'opened_at', nullable: true }) openedAt: Date | null;
  /** The members' demand this assembly answers, if any. */
  @Column('uuid', { name: 'demand_id', nullable: true }) demandId: string | null;
  @Column('uuid', { name: 'created_by' }) createdBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

@Entity('assembly_agenda_items')
export class AssemblyAgendaItem {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'assembly_id' }) assemblyId: string;
  @Column('integer') position: number;
  @Column('text') title: string;
  @Column('text', { name: 'decision_kind' }) decisionKind: DecisionKind;
}

@Entity('assembly_attendance')
export class AssemblyAttendance {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid', { name: 'assembly_id' }) assemblyId: string;
  @PrimaryColumn('uuid', { name: 'member_id' }) memberId: string;
  @Column('text') mode: 'present' | 'represented';
  @Column('uuid', { name: 'proxy_holder_id', nullable: true }) proxyHolderId: string | null;
}

/** The vote on one agenda item (append-only) and the majority rule that decided it. */
@Entity('assembly_resolutions')
export class AssemblyResolution {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'assembly_id' }) assemblyId: string;
  @Column('uuid', { name: 'agenda_item_id' }) agendaItemId: string;
  @Column('text', { name: 'decision_kind' }) decisionKind: DecisionKind;
  @Column('integer', { name: 'votes_for' }) votesFor: number;
  @Column('integer', { name: 'votes_against' }) votesAgainst: number;
  @Column('integer', { name: 'votes_abstain' }) votesAbstain: number;
  @Column('boolean') adopted: boolean;
  @Column('text') rule: string;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

/** One version of the bylaws (statuts) with the settings the rules read. */
@Entity('bylaw_versions')
export class BylawVersion {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('integer') version: number;
  @Column('text') body: string;
  @Column('jsonb') settings: unknown;
  @Column('uuid', { name: 'resolution_id', nullable: true }) resolutionId: string | null;
  @Column('date', { name: 'adopted_on' }) adoptedOn: string;
  @Column('date', { name: 'declared_on', nullable: true }) declaredOn: string | null;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

/** Members' demand for an assembly, with its signatories and the check made on receipt. */
@Entity('assembly_demands')
export class AssemblyDemand {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('date', { name: 'received_on' }) receivedOn: string;
  @Column('text') kind: 'ordinary' | 'extraordinary';
  @Column('text') purpose: string;
  @Column('jsonb') agenda: unknown;
  @Column('uuid', { array: true }) signatories: string[];
  @Column('boolean') valid: boolean;
  @Column('jsonb') check: unknown;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}
