import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { GateDirection, GateReason, GateWarning } from './rules/gate-decision.js';

export type IdentifiedBy = 'qr' | 'member_number' | 'none';

/** A risk flag raised by a gate event, as stored with the event. */
export interface GateEventFlag {
  readonly id: string;
  readonly rule: string;
  readonly category: string;
  readonly severity: string;
}

export interface GateDeclarationsRecord {
  readonly ppeWorn: string[];
  readonly pregnant: boolean | null;
}

export interface UnknownPersonRecord {
  readonly description: string;
  readonly apparentMinor: boolean;
}

/** Append-only: every scan at a gate, allowed or denied, with its reasons. */
@Entity('gate_events')
export class GateEvent {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'site_id' }) siteId: string;
  @Column('uuid', { name: 'zone_id' }) zoneId: string;
  @Column('uuid', { name: 'miner_id', nullable: true }) minerId: string | null;
  @Column('text', { name: 'identified_by' }) identifiedBy: IdentifiedBy;
  @Column('text', { name: 'member_number_entered', nullable: true }) memberNumberEntered: string | null;
  @Column('text') direction: GateDirection;
  @Column('timestamptz', { name: 'captured_at' }) capturedAt: Date;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
  @Column('boolean') allowed: boolean;
  @Column('jsonb') reasons: GateReason[];
  @Column('jsonb') warnings: GateWarning[];
  @Column('jsonb') flags: GateEventFlag[];
  @Column('jsonb') declarations: GateDeclarationsRecord;
  @Column('jsonb', { name: 'unknown_person', nullable: true }) unknownPerson: UnknownPersonRecord | null;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
}
