import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { type CooperativeIdentity, CooperativesRepository } from '../cooperatives/cooperatives.repository.js';
import type { TenantTx } from '../database/tx.js';
import { MemberStandingRepository } from '../miners/member-standing.repository.js';
import { type AssemblyRow, AssembliesRepository } from './assemblies.repository.js';
import { BylawsRepository } from './bylaws.repository.js';
import { type AssemblyDemandRow, DemandsRepository } from './demands.repository.js';
import { assemblyView, type AssemblyDetailView, resolutionView } from './dto/assembly.view.js';
import { type ElectionRow, ElectionsRepository } from './elections.repository.js';
import { attendanceCounts, computeQuorum, type GovernanceBylaws, type IsoDate, type LegalForm, type QuorumResult, type VotingAssembly } from './rules/index.js';

export function notFound(code: string): DomainError {
  return new DomainError(code, {}, 'not_found');
}

/** What the voting rules read of an assembly row. */
export function votingAssembly(row: AssemblyRow): VotingAssembly {
  return { id: row.id, status: row.status, quorum: row.quorum, quorumReached: row.quorum_reached };
}

/** The lookups every governance use case starts with, each refusing what the caller cannot see. */
@Injectable()
export class GovernanceContext {
  constructor(
    private readonly cooperatives: CooperativesRepository,
    private readonly standing: MemberStandingRepository,
    private readonly assemblies: AssembliesRepository,
    private readonly bylaws: BylawsRepository,
    private readonly demands: DemandsRepository,
    private readonly elections: ElectionsRepository,
  ) {}

  async cooperativeOf(tx: TenantTx): Promise<CooperativeIdentity> {
    const cooperative = await this.cooperatives.identityHere(tx);
    if (!cooperative) throw notFound('NOT_FOUND');
    return cooperative;
  }

  /**
   * The legal form the cooperative had on a date: the platform operator records each change
   * with the date it takes effect, and an assembly is held under the form in force that day.
   */
  async legalFormOn(tx: TenantTx, on: IsoDate): Promise<LegalForm> {
    const cooperative = await this.cooperativeOf(tx);
    return (await this.cooperatives.legalFormOn(tx, on)) ?? cooperative.legal_form;
  }

  async bylawsOf(tx: TenantTx): Promise<GovernanceBylaws> {
    return (await this.bylaws.currentBylaws(tx))?.settings ?? {};
  }

  async assemblyOf(tx: TenantTx, id: string, forUpdate = false): Promise<AssemblyRow> {
    const row = await this.assemblies.assembly(tx, id, forUpdate);
    if (!row) throw notFound('ASSEMBLY_NOT_FOUND');
    return row;
  }

  async electionOf(tx: TenantTx, id: string, forUpdate = false): Promise<ElectionRow> {
    const row = await this.elections.election(tx, id, forUpdate);
    if (!row) throw notFound('ELECTION_NOT_FOUND');
    return row;
  }

  async demandOf(tx: TenantTx, id: string): Promise<AssemblyDemandRow> {
    const row = await this.demands.demand(tx, id);
    if (!row) throw notFound('ASSEMBLY_DEMAND_NOT_FOUND');
    return row;
  }

  /**
   * Every member a body names must be a member of the caller's cooperative. An id of another
   * cooperative gets the very answer an id that exists nowhere gets.
   */
  async assertMembersOfCooperative(tx: TenantTx, ids: readonly string[]): Promise<void> {
    const known = new Set(await this.standing.memberIdsAmong(tx, [...new Set(ids)]));
    const unknown = ids.find((id) => !known.has(id));
    if (unknown !== undefined) throw new DomainError('MEMBER_NOT_FOUND', { memberId: unknown }, 'not_found');
  }

  /** The quorum the attendance list gives now, against the members active on the assembly date. */
  async liveQuorum(tx: TenantTx, assembly: AssemblyRow, attendance: readonly { mode: 'present' | 'represented' }[]): Promise<QuorumResult> {
    const legalForm = await this.legalFormOn(tx, assembly.held_on);
    const bylaws = await this.bylawsOf(tx);
    const active = await this.standing.activeMemberIdsOn(tx, assembly.held_on);
    return computeQuorum({ legalForm, kind: assembly.kind, call: assembly.call_number, activeMembers: active.length, ...attendanceCounts(attendance) }, bylaws);
  }

  /** An assembly with its attendance, quorum (recorded, else live when it can be computed), resolutions and elections. */
  async assemblyDetail(tx: TenantTx, id: string): Promise<AssemblyDetailView> {
    const row = await this.assemblyOf(tx, id);
    const attendance = await this.assemblies.attendance(tx, id);
    let quorum: QuorumResult | null = row.quorum;
    if (quorum === null) {
      try {
        quorum = await this.liveQuorum(tx, row, attendance);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        quorum = null;
      }
    }
    return {
      ...assemblyView(row, await this.assemblies.agenda(tx, id)),
      attendance: attendance.map((a) => ({ memberId: a.member_id, mode: a.mode, proxyHolderId: a.proxy_holder_id })),
      quorum,
      quorumRecorded: row.quorum !== null,
      resolutions: (await this.assemblies.resolutions(tx, id)).map(resolutionView),
      elections: (await this.elections.electionsOf(tx, id)).map((e) => ({ id: e.id, title: e.title, status: e.status })),
    };
  }
}
