import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../database/tx.js';
import type { AssemblyKind, DecisionKind, QuorumResult } from './rules/index.js';

export interface AssemblyRow {
  id: string;
  kind: AssemblyKind;
  held_on: string;
  place: string;
  call_number: 1 | 2;
  first_call_assembly_id: string | null;
  notice_on: string;
  notice_rule: string;
  status: 'convened' | 'open';
  demand_id: string | null;
  quorum: QuorumResult | null;
  quorum_reached: boolean | null;
  opened_at: Date | null;
  created_at: Date;
}

export interface AgendaItemRow {
  id: string;
  position: number;
  title: string;
  decision_kind: DecisionKind;
}

export interface AttendanceRow {
  member_id: string;
  mode: 'present' | 'represented';
  proxy_holder_id: string | null;
}

export interface ResolutionRow {
  id: string;
  assembly_id: string;
  agenda_item_id: string;
  decision_kind: DecisionKind;
  votes_for: number;
  votes_against: number;
  votes_abstain: number;
  adopted: boolean;
  rule: string;
  recorded_at: Date;
}

const ASSEMBLY_SELECT = `
  SELECT id, kind, to_char(held_on, 'YYYY-MM-DD') AS held_on, place, call_number, first_call_assembly_id,
         to_char(notice_on, 'YYYY-MM-DD') AS notice_on, notice_rule, status, demand_id, quorum, quorum_reached, opened_at, created_at
    FROM assemblies`;

/** General assemblies with their agenda, attendance list and resolutions. */
@Injectable()
export class AssembliesRepository {
  async assembly(tx: TenantTx, id: string, forUpdate = false): Promise<AssemblyRow | undefined> {
    const [row] = await tx.query<AssemblyRow[]>(`${ASSEMBLY_SELECT} WHERE cooperative_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [tx.cooperativeId, id]);
    return row;
  }

  async assemblies(tx: TenantTx): Promise<AssemblyRow[]> {
    return tx.query<AssemblyRow[]>(`${ASSEMBLY_SELECT} WHERE cooperative_id = $1 ORDER BY held_on DESC, created_at DESC`, [tx.cooperativeId]);
  }

  async agenda(tx: TenantTx, assemblyId: string): Promise<AgendaItemRow[]> {
    return tx.query<AgendaItemRow[]>(
      'SELECT id, position, title, decision_kind FROM assembly_agenda_items WHERE cooperative_id = $1 AND assembly_id = $2 ORDER BY position',
      [tx.cooperativeId, assemblyId],
    );
  }

  async attendance(tx: TenantTx, assemblyId: string): Promise<AttendanceRow[]> {
    return tx.query<AttendanceRow[]>(
      'SELECT member_id, mode, proxy_holder_id FROM assembly_attendance WHERE cooperative_id = $1 AND assembly_id = $2 ORDER BY member_id',
      [tx.cooperativeId, assemblyId],
    );
  }

  async insertAssembly(
    tx: TenantTx,
    a: { id: string; kind: AssemblyKind; heldOn: string; place: string; callNumber: 1 | 2; firstCallAssemblyId: string | null; noticeOn: string; noticeRule: string; createdBy: string; demandId: string | null },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO assemblies (cooperative_id, id, kind, held_on, place, call_number, first_call_assembly_id, notice_on, notice_rule, status, created_by, demand_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'convened', $10, $11)`,
      [tx.cooperativeId, a.id, a.kind, a.heldOn, a.place, a.callNumber, a.firstCallAssemblyId, a.noticeOn, a.noticeRule, a.createdBy, a.demandId],
    );
  }

  async insertAgendaItem(tx: TenantTx, assemblyId: string, item: { position: number; title: string; decisionKind: DecisionKind }): Promise<void> {
    await tx.query('INSERT INTO assembly_agenda_items (cooperative_id, assembly_id, position, title, decision_kind) VALUES ($1, $2, $3, $4, $5)', [
      tx.cooperativeId,
      assemblyId,
      item.position,
      item.title,
      item.decisionKind,
    ]);
  }

  async replaceAttendance(tx: TenantTx, assemblyId: string, entries: readonly { memberId: string; mode: 'present' | 'represented'; proxyHolderId: string | null }[]): Promise<void> {
    await tx.query('DELETE FROM assembly_attendance WHERE cooperative_id = $1 AND assembly_id = $2', [tx.cooperativeId, assemblyId]);
    for (const entry of entries) {
      await tx.query('INSERT INTO assembly_attendance (cooperative_id, assembly_id, member_id, mode, proxy_holder_id) VALUES ($1, $2, $3, $4, $5)', [
        tx.cooperativeId,
        assemblyId,
        entry.memberId,
        entry.mode,
        entry.proxyHolderId,
      ]);
    }
  }

  async markOpen(tx: TenantTx, assemblyId: string, quorum: QuorumResult, openedBy: string): Promise<void> {
    await tx.query(
      `UPDATE assemblies SET status = 'open', quorum = $3, quorum_reached = $4, opened_by = $5, opened_at = now() WHERE cooperative_id = $1 AND id = $2`,
      [tx.cooperativeId, assemblyId, JSON.stringify(quorum), quorum.reached, openedBy],
    );
  }

  async resolutions(tx: TenantTx, assemblyId: string): Promise<ResolutionRow[]> {
    return tx.query<ResolutionRow[]>(
      `SELECT r.id, r.assembly_id, r.agenda_item_id, r.decision_kind, r.votes_for, r.votes_against, r.votes_abstain, r.adopted, r.rule, r.recorded_at
         FROM assembly_resolutions r JOIN assembly_agenda_items a ON a.cooperative_id = r.cooperative_id AND a.id = r.agenda_item_id
        WHERE r.cooperative_id = $1 AND r.assembly_id = $2 ORDER BY a.position`,
      [tx.cooperativeId, assemblyId],
    );
  }

  async resolution(tx: TenantTx, id: string): Promise<ResolutionRow | undefined> {
    const [row] = await tx.query<ResolutionRow[]>(
      `SELECT id, assembly_id, agenda_item_id, decision_kind, votes_for, votes_against, votes_abstain, adopted, rule, recorded_at
         FROM assembly_resolutions WHERE cooperative_id = $1 AND id = $2`,
      [tx.cooperativeId, id],
    );
    return row;
  }

  /** False when the agenda item already has its resolution. */
  async insertResolution(
    tx: TenantTx,
    r: { id: string; assemblyId: string; agendaItemId: string; decisionKind: DecisionKind; for: number; against: number; abstain: number; adopted: boolean; rule: string; recordedBy: string },
  ): Promise<boolean> {
    const inserted = await tx.query<unknown[]>(
      `INSERT INTO assembly_resolutions (cooperative_id, id, assembly_id, agenda_item_id, decision_kind, votes_for, votes_against, votes_abstain, adopted, rule, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING RETURNING id`,
      [tx.cooperativeId, r.id, r.assemblyId, r.agendaItemId, r.decisionKind, r.for, r.against, r.abstain, r.adopted, r.rule, r.recordedBy],
    );
    return inserted.length > 0;
  }
}
