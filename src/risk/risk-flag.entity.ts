import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AutoRuleCode, FlagSourceType } from './rules/auto-rules.js';
import type { FlagCategory, FlagSeverity } from './rules/categories.js';
import type { FlagState } from './rules/lifecycle.js';

/** A member of the registry, or a person described in words when not registered. */
export interface PersonInvolved {
  readonly minerId?: string;
  readonly description?: string;
}

/** 'community_report': raised by a community incident report (src/risk/community), anonymous or a monitor's. */
export type FlagSource = 'manual' | 'community_report' | AutoRuleCode;

@Entity('risk_flags')
export class RiskFlag {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') category: FlagCategory;
  @Column('text') severity: FlagSeverity;
  @Column('text') state: FlagState;
  @Column('uuid', { name: 'site_id', nullable: true }) siteId: string | null;
  @Column('jsonb') people: PersonInvolved[];
  @Column('text', { nullable: true }) description: string | null;
  @Column('text', { name: 'description_key', nullable: true }) descriptionKey: string | null;
  @Column('jsonb', { name: 'description_params', nullable: true }) descriptionParams: Record<string, string | number | null> | null;
  @Column('text') source: FlagSource;
  @Column('text', { name: 'source_type', nullable: true }) sourceType: FlagSourceType | null;
  @Column('text', { name: 'source_id', nullable: true }) sourceId: string | null;
  @Column('text', { name: 'dedupe_key', nullable: true }) dedupeKey: string | null;
  @Column('boolean') anonymous: boolean;
  @Column('uuid', { name: 'reporter_user_id', nullable: true }) reporterUserId: string | null;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('timestamptz', { name: 'raised_at' }) raisedAt: Date;
  @Column('timestamptz', { name: 'acknowledged_at', nullable: true }) acknowledgedAt: Date | null;
  @Column('timestamptz', { name: 'state_changed_at' }) stateChangedAt: Date;
  @Column('text', { name: 'dismissal_reason', nullable: true }) dismissalReason: string | null;
}

/** Append-only: who moved the flag from which state to which, when and why. */
@Entity('risk_flag_transitions')
export class RiskFlagTransition {
  @PrimaryColumn('uuid', { name: 'cooperative_id' }) cooperativeId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'flag_id' }) flagId: string;
  @Column('text', { name: 'from_state' }) fromState: FlagState;
  @Column('text', { name: 'to_state' }) toState: FlagState;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('uuid', { name: 'actor_user_id' }) actorUserId: string;
  @Column('timestamptz') at: Date;
}
