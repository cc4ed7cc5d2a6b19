import { ApiProperty } from '@nestjs/swagger';
import type { AssemblyDemandRow } from '../demands.repository.js';
import { DECISION_KINDS } from './governance.dto.js';

export class DemandAgendaItemView {
  @ApiProperty() readonly title: string;
  @ApiProperty({ enum: DECISION_KINDS }) readonly decisionKind: string;
}

export class DemandSignatureProblemView {
  @ApiProperty({ description: 'Why the signature does not count.' }) readonly code: string;
  @ApiProperty({ format: 'uuid' }) readonly memberId: string;
}

export class AssemblyDemandCheckView {
  @ApiProperty() readonly valid: boolean;
  @ApiProperty({ description: 'Signatures needed: a quarter of the active members.' }) readonly required: number;
  @ApiProperty({ description: 'Distinct active members who signed.' }) readonly signatories: number;
  @ApiProperty() readonly activeMembers: number;
  @ApiProperty({ type: () => [DemandSignatureProblemView], description: 'Signatures that do not count, each with why.' }) readonly ignored: readonly DemandSignatureProblemView[];
  @ApiProperty({ enum: ['OHADA_QUARTER_OF_MEMBERS_MAY_DEMAND_ASSEMBLY'] }) readonly rule: 'OHADA_QUARTER_OF_MEMBERS_MAY_DEMAND_ASSEMBLY';
}

export class AssemblyDemandView {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty({ format: 'date' }) readonly receivedOn: string;
  @ApiProperty({ enum: ['ordinary', 'extraordinary'] }) readonly kind: 'ordinary' | 'extraordinary';
  @ApiProperty() readonly purpose: string;
  @ApiProperty({ type: () => [DemandAgendaItemView] }) readonly agenda: DemandAgendaItemView[];
  @ApiProperty({ type: [String], format: 'uuid', description: 'The members who signed, by miner id.' }) readonly signatories: string[];
  @ApiProperty({ description: 'Whether a quarter of the members active on the day it was received signed it.' }) readonly valid: boolean;
  @ApiProperty({ type: () => AssemblyDemandCheckView }) readonly check: AssemblyDemandCheckView;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The assembly convened to answer it, once there is one.' }) readonly assemblyId: string | null;
  @ApiProperty({ format: 'uuid' }) readonly recordedBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) readonly recordedAt: Date;
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
