import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AssemblyDemandCheck, AssemblyKind, DecisionKind, GovernanceBylaws, IsoDate, LegalForm, MemberStatus, QuorumResult } from './rules/index.js';

export interface CooperativeRow {
  name: string;
  legal_form: LegalForm;
  registration_number: string;
  province: string;
  timezone: string;
}

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

export interface BylawVersionRow {
  id: string;
  version: number;
  body: string;
  settings: GovernanceBylaws;
  resolution_id: string | null;
  adopted_on: string;
  declared_on: string | null;
  recorded_at: Date;
}

export interface ElectionRow {
  id: string;
  assembly_id: string;
  title: string;
  status: 'open' | 'closed' | 'certified';
  round: number;
  previous_election_id: string | null;
  results: unknown;
  /** Set when the poll closes. */
  turnout: number | null;
  certified_at: Date | null;
}

export interface LotDrawRow {
  position_id: string;
  seed: string | null;
  draw_order: string[] | null;
  recorded_at: Date;
}

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

export interface PositionRow {
  id: string;
  position: number;
  title: string;
  seats: number;
  term_months: number;
}

export interface CandidacyRow {
  id: string;
  position_id: string;
  member_id: string;
  membership_date: string;
  date_of_birth: string | null;
}

export interface MemberRow {
  id: string;
  member_number: string;
  first_name: string;
  last_name: string;
  membership_date: string;
  /** Null when no status decision was effective yet on that date. */
  status_on: MemberStatus | null;
}

export interface MandateRow {
  id: string;
  position_id: string;
  member_id: string;
  starts_on: string;
  ends_on: string;
}

/**
 * Status of each member on a date: the latest status decision effective on or before it
 * (later decision wins on the same day), and only for members who had joined by then.
 */
const MEMBER_STATUS_ON = `
  SELECT m.id, m.member_number, m.first_name, m.last_name, to_char(m.membership_date, 'YYYY-MM-DD') AS membership_date,
         (SELECT s.to_status FROM miner_status_changes s
           WHERE s.cooperative_id = m.cooperative_id AND s.miner_id = m.id AND s.effective_on <= $2::date
           ORDER BY s.effective_on DESC, s.decided_at DESC LIMIT 1) AS status_on
    FROM miners m
   WHERE m.cooperative_id = $1 AND m.membership_date <= $2::date`;

const ASSEMBLY_SELECT = `
  SELECT id, kind, to_char(held_on, 'YYYY-MM-DD') AS held_on, place, call_number, first_call_assembly_id,
         to_char(notice_on, 'YYYY-MM-DD') AS notice_on, notice_rule, status, demand_id, quorum, quorum_reached, opened_at, created_at
    FROM assemblies`;

const BYLAW_SELECT = `
  SELECT id, version, body, settings, resolution_id, to_char(adopted_on, 'YYYY-MM-DD') AS adopted_on,
         to_char(declared_on, 'YYYY-MM-DD') AS declared_on, recorded_at
    FROM bylaw_versions`;

@Injectable()
export class GovernanceRepository {
  async cooperative(tx: EntityManager, cooperativeId: string): Promise<CooperativeRow | undefined> {
    const [row] = await tx.query<CooperativeRow[]>(
      'SELECT name, legal_form, registration_number, province, timezone FROM cooperatives WHERE id = $1',
      [cooperativeId],
    );
    return row;
  }

  async activeMemberIdsOn(tx: EntityManager, cooperativeId: string, on: IsoDate): Promise<string[]> {
    const rows = await tx.query<{ id: string }[]>(`SELECT id FROM (${MEMBER_STATUS_ON}) x WHERE status_on = 'active' ORDER BY id`, [cooperativeId, on]);
    return rows.map((r) => r.id);
  }

  async membersOn(tx: EntityManager, cooperativeId: string, on: IsoDate, ids: readonly string[]): Promise<MemberRow[]> {
    return tx.query<MemberRow[]>(`SELECT * FROM (${MEMBER_STATUS_ON}) x WHERE id = ANY ($3::uuid[])`, [cooperativeId, on, ids]);
  }

  async currentBylaws(tx: EntityManager, cooperativeId: string): Promise<BylawVersionRow | undefined> {
    const [row] = await tx.query<BylawVersionRow[]>(
      `${BYLAW_SELECT} WHERE cooperative_id = $1 ORDER BY version DESC LIMIT 1`,
      [cooperativeId],
    );
    return row;
  }

  async bylawVersions(tx: EntityManager, cooperativeId: string): Promise<BylawVersionRow[]> {
    return tx.query<BylawVersionRow[]>(`${BYLAW_SELECT} WHERE cooperative_id = $1 ORDER BY version`, [cooperativeId]);
  }

  async bylawVersion(tx: EntityManager, cooperativeId: string, id: string): Promise<BylawVersionRow | undefined> {
    const [row] = await tx.query<BylawVersionRow[]>(`${BYLAW_SELECT} WHERE cooperative_id = $1 AND id = $2`, [cooperativeId, id]);
    return row;
  }

  async assembly(tx: EntityManager, cooperativeId: string, id: string, forUpdate = false): Promise<AssemblyRow | undefined> {
    const [row] = await tx.query<AssemblyRow[]>(
      `${ASSEMBLY_SELECT} WHERE cooperative_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [cooperativeId, id],
    );
    return row;
  }

  async assemblies(tx: EntityManager, cooperativeId: string): Promise<AssemblyRow[]> {
    return tx.query<AssemblyRow[]>(`${ASSEMBLY_SELECT} WHERE cooperative_id = $1 ORDER BY held_on DESC, created_at DESC`, [cooperativeId]);
  }

  async agenda(tx: EntityManager, cooperativeId: string, assemblyId: string): Promise<AgendaItemRow[]> {
    return tx.query<AgendaItemRow[]>(
      'SELECT id, position, title, decision_kind FROM assembly_agenda_items WHERE cooperative_id = $1 AND assembly_id = $2 ORDER BY position',
      [cooperativeId, assemblyId],
    );
  }

  async attendance(tx: EntityManager, cooperativeId: string, assemblyId: string): Promise<AttendanceRow[]> {
    return tx.query<AttendanceRow[]>(
      'SELECT member_id, mode, proxy_holder_id FROM assembly_attendance WHERE cooperative_id = $1 AND assembly_id = $2 ORDER BY member_id',
      [cooperativeId, assemblyId],
    );
  }

  async resolutions(tx: EntityManager, cooperativeId: string, assemblyId: string): Promise<ResolutionRow[]> {
    return tx.query<ResolutionRow[]>(
      `SELECT r.id, r.assembly_id, r.agenda_item_id, r.decision_kind, r.votes_for, r.votes_against, r.votes_abstain, r.adopted, r.rule, r.recorded_at
         FROM assembly_resolutions r JOIN assembly_agenda_items a ON a.cooperative_id = r.cooperative_id AND a.id = r.agenda_item_id
        WHERE r.cooperative_id = $1 AND r.assembly_id = $2 ORDER BY a.position`,
      [cooperativeId, assemblyId],
    );
  }

  async resolution(tx: EntityManager, cooperativeId: string, id: string): Promise<ResolutionRow | undefined> {
    const [row] = await tx.query<ResolutionRow[]>(
      `SELECT id, assembly_id, agenda_item_id, decision_kind, votes_for, votes_against, votes_abstain, adopted, rule, recorded_at
         FROM assembly_resolutions WHERE cooperative_id = $1 AND id = $2`,
      [cooperativeId, id],
    );
    return row;
  }

  async demand(tx: EntityManager, cooperativeId: string, id: string): Promise<AssemblyDemandRow | undefined> {
    const [row] = await tx.query<AssemblyDemandRow[]>(`${DEMAND_SELECT} WHERE d.cooperative_id = $1 AND d.id = $2`, [cooperativeId, id]);
    return row;
  }

  async demands(tx: EntityManager, cooperativeId: string): Promise<AssemblyDemandRow[]> {
    return tx.query<AssemblyDemandRow[]>(`${DEMAND_SELECT} WHERE d.cooperative_id = $1 ORDER BY d.received_on DESC, d.recorded_at DESC`, [cooperativeId]);
  }

  /** Those of the ids that are members (of any status) of this cooperative. */
  async memberIdsAmong(tx: EntityManager, cooperativeId: string, ids: readonly string[]): Promise<string[]> {
    const rows = await tx.query<{ id: string }[]>('SELECT id FROM miners WHERE cooperative_id = $1 AND id = ANY ($2::uuid[])', [cooperativeId, ids]);
    return rows.map((r) => r.id);
  }

  /**
   * The legal form in force on a date by the recorded changes: the latest change effective by
   * then, else the form before the first later change; undefined when none was ever recorded.
   */
  async legalFormOn(tx: EntityManager, cooperativeId: string, on: IsoDate): Promise<LegalForm | undefined> {
    const [row] = await tx.query<{ legal_form: LegalForm }[]>(
      `SELECT coalesce(
         (SELECT to_form FROM cooperative_legal_form_changes WHERE cooperative_id = $1 AND effective_on <= $2::date ORDER BY effective_on DESC, recorded_at DESC LIMIT 1),
         (SELECT from_form FROM cooperative_legal_form_changes WHERE cooperative_id = $1 AND effective_on > $2::date ORDER BY effective_on, recorded_at LIMIT 1)
       ) AS legal_form`,
      [cooperativeId, on],
    );
    return row?.legal_form ?? undefined;
  }

  async insertAssembly(
    tx: EntityManager,
    a: { cooperativeId: string; id: string; kind: AssemblyKind; heldOn: string; place: string; callNumber: 1 | 2; firstCallAssemblyId: string | null; noticeOn: string; noticeRule: string; createdBy: string; demandId: string | null },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO assemblies (cooperative_id, id, kind, held_on, place, call_number, first_call_assembly_id, notice_on, notice_rule, status, created_by, demand_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'convened', $10, $11)`,
      [a.cooperativeId, a.id, a.kind, a.heldOn, a.place, a.callNumber, a.firstCallAssemblyId, a.noticeOn, a.noticeRule, a.createdBy, a.demandId],
    );
  }

  async insertAgendaItem(tx: EntityManager, cooperativeId: string, assemblyId: string, item: { position: number; title: string; decisionKind: DecisionKind }): Promise<void> {
    await tx.query(
      'INSERT INTO assembly_agenda_items (cooperative_id, assembly_id, position, title, decision_kind) VALUES ($1, $2, $3, $4, $5)',
      [cooperativeId, assemblyId, item.position, item.title, item.decisionKind],
    );
  }

  async replaceAttendance(tx: EntityManager, cooperativeId: string, assemblyId: string, entries: readonly { memberId: string; mode: 'present' | 'represented'; proxyHolderId: string | null }[]): Promise<void> {
    await tx.query('DELETE FROM assembly_attendance WHERE cooperative_id = $1 AND assembly_id = $2', [cooperativeId, assemblyId]);
    for (const entry of entries) {
      await tx.query(
        'INSERT INTO assembly_attendance (cooperative_id, assembly_id, member_id, mode, proxy_holder_id) VALUES ($1, $2, $3, $4, $5)',
        [cooperativeId, assemblyId, entry.memberId, entry.mode, entry.proxyHolderId],
      );
    }
  }

  async markOpen(tx: EntityManager, cooperativeId: string, assemblyId: string, quorum: QuorumResult, openedBy: string): Promise<void> {
    await tx.query(
      `UPDATE assemblies SET status = 'open', quorum = $3, quorum_reached = $4, opened_by = $5, opened_at = now() WHERE cooperative_id = $1 AND id = $2`,
      [cooperativeId, assemblyId, JSON.stringify(quorum), quorum.reached, openedBy],
    );
  }

  /** False when the agenda item already has its resolution. */
  async insertResolution(
    tx: EntityManager,
    r: { cooperativeId: string; id: string; assemblyId: string; agendaItemId: string; decisionKind: DecisionKind; for: number; against: number; abstain: number; adopted: boolean; rule: string; recordedBy: string },
  ): Promise<boolean> {
    const inserted = await tx.query<unknown[]>(
      `INSERT INTO assembly_resolutions (cooperative_id, id, assembly_id, agenda_item_id, decision_kind, votes_for, votes_against, votes_abstain, adopted, rule, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING RETURNING id`,
      [r.cooperativeId, r.id, r.assemblyId, r.agendaItemId, r.decisionKind, r.for, r.against, r.abstain, r.adopted, r.rule, r.recordedBy],
    );
    return inserted.length > 0;
  }

  async insertDemand(
    tx: EntityManager,
    d: { cooperativeId: string; id: string; receivedOn: string; kind: string; purpose: string; agenda: unknown; signatories: string[]; valid: boolean; check: AssemblyDemandCheck; recordedBy: string },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO assembly_demands (cooperative_id, id, received_on, kind, purpose, agenda, signatories, valid, "check", recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [d.cooperativeId, d.id, d.receivedOn, d.kind, d.purpose, JSON.stringify(d.agenda), d.signatories, d.valid, JSON.stringify(d.check), d.recordedBy],
    );
  }

  /** False when the version number or the resolution is already taken. */
  async insertBylawVersion(
    tx: EntityManager,
    b: { cooperativeId: string; id: string; version: number; body: string; settings: GovernanceBylaws; resolutionId: string | null; adoptedOn: string; recordedBy: string },
  ): Promise<boolean> {
    const inserted = await tx.query<unknown[]>(
      `INSERT INTO bylaw_versions (cooperative_id, id, version, body, settings, resolution_id, adopted_on, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id`,
      [b.cooperativeId, b.id, b.version, b.body, JSON.stringify(b.settings), b.resolutionId, b.adoptedOn, b.recordedBy],
    );
    return inserted.length > 0;
  }

  async markDeclared(tx: EntityManager, cooperativeId: string, versionId: string, declaredOn: string): Promise<void> {
    await tx.query('UPDATE bylaw_versions SET declared_on = $3 WHERE cooperative_id = $1 AND id = $2', [cooperativeId, versionId, declaredOn]);
  }
}
