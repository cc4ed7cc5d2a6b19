import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../database/tx.js';
import type { AssemblyDemandCheck } from './rules/index.js';

export interface AssemblyDemandRow {
  id: string;
  received_on: string;
  kind: 'ordinary' | 'extraordinary';
  purpose: string;
  agenda: { title: string; decisionKind: string }[];
  signatories: string[];
  valid: boolean;
  check: AssemblyDemandCheck;
  recorded_by: string;
  recorded_at: Date;
  /** The assembly convened to answer it, if one was. */
  assembly_id: string | null;
}

const DEMAND_SELECT = `SELECT d.id, to_char(d.received_on, 'YYYY-MM-DD') AS received_on, d.kind, d.purpose, d.agenda, d.signatories, d.valid, d."check", d.recorded_by, d.recorded_at, a.id AS assembly_id
  FROM assembly_demands d LEFT JOIN assemblies a ON a.cooperative_id = d.cooperative_id AND a.demand_id = d.id`;

/** Members' demands for an assembly (append-only), each with the assembly that answered it. */
@Injectable()
export class DemandsRepository {
  async demand(tx: TenantTx, id: string): Promise<AssemblyDemandRow | undefined> {
    const [row] = await tx.query<AssemblyDemandRow[]>(`${DEMAND_SELECT} WHERE d.cooperative_id = $1 AND d.id = $2`, [tx.cooperativeId, id]);
    return row;
  }

  async demands(tx: TenantTx): Promise<AssemblyDemandRow[]> {
    return tx.query<AssemblyDemandRow[]>(`${DEMAND_SELECT} WHERE d.cooperative_id = $1 ORDER BY d.received_on DESC, d.recorded_at DESC`, [tx.cooperativeId]);
  }

  async insertDemand(
    tx: TenantTx,
    d: { id: string; receivedOn: string; kind: string; purpose: string; agenda: unknown; signatories: string[]; valid: boolean; check: AssemblyDemandCheck; recordedBy: string },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO assembly_demands (cooperative_id, id, received_on, kind, purpose, agenda, signatories, valid, "check", recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [tx.cooperativeId, d.id, d.receivedOn, d.kind, d.purpose, JSON.stringify(d.agenda), d.signatories, d.valid, JSON.stringify(d.check), d.recordedBy],
    );
  }
}
