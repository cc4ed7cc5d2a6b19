import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { type AssemblyRow, type CooperativeRow, type ElectionRow, GovernanceRepository } from './governance.repository.js';
import { ElectionsRepository } from './elections.repository.js';
import type { GovernanceBylaws, IsoDate, LegalForm, QuorumResult } from './rules/index.js';
import { notFound } from './governance.views.js';

/** The lookups every governance action starts with, each refusing what the caller cannot see. */
@Injectable()
export class GovernanceContext {
  constructor(
    private readonly repository: GovernanceRepository,
    private readonly elections: ElectionsRepository,
  ) {}

  async cooperativeOf(tx: EntityManager, auth: TenantAuthContext): Promise<CooperativeRow> {
    const cooperative = await this.repository.cooperative(tx, auth.cooperativeId);
    if (!cooperative) throw notFound('NOT_FOUND');
    return cooperative;
  }

  /**
   * The legal form the cooperative had on a date: the platform operator records each change
   * with the date it takes effect, and an assembly is held under the form in force that day.
   */
  async legalFormOn(tx: EntityManager, auth: TenantAuthContext, on: IsoDate): Promise<LegalForm> {
    const cooperative = await this.cooperativeOf(tx, auth);
    return (await this.repository.legalFormOn(tx, auth.cooperativeId, on)) ?? cooperative.legal_form;
  }

  async bylawsOf(tx: EntityManager, auth: TenantAuthContext): Promise<GovernanceBylaws> {
    return (await this.repository.currentBylaws(tx, auth.cooperativeId))?.settings ?? {};
  }

  async assemblyOf(tx: EntityManager, auth: TenantAuthContext, id: string, forUpdate = false): Promise<AssemblyRow> {
    const row = await this.repository.assembly(tx, auth.cooperativeId, id, forUpdate);
    if (!row) throw notFound('ASSEMBLY_NOT_FOUND');
    return row;
  }

  async electionOf(tx: EntityManager, auth: TenantAuthContext, id: string, forUpdate = false): Promise<ElectionRow> {
    const row = await this.elections.election(tx, auth.cooperativeId, id, forUpdate);
    if (!row) throw notFound('ELECTION_NOT_FOUND');
    return row;
  }

  /**
   * Every member a body names must be a member of the caller's cooperative. An id of another
   * cooperative gets the very answer an id that exists nowhere gets.
   */
  async assertMembersOfCooperative(tx: EntityManager, auth: TenantAuthContext, ids: readonly string[]): Promise<void> {
    const known = new Set(await this.repository.memberIdsAmong(tx, auth.cooperativeId, [...new Set(ids)]));
    const unknown = ids.find((id) => !known.has(id));
    if (unknown !== undefined) throw new DomainError('MEMBER_NOT_FOUND', { memberId: unknown }, 'not_found');
  }

  /** Votes are taken only in an opened assembly whose recorded quorum was reached. */
  assertMayVote(assembly: AssemblyRow): QuorumResult {
    if (assembly.status !== 'open' || assembly.quorum === null) throw new DomainError('ASSEMBLY_NOT_OPEN', { assemblyId: assembly.id });
    if (assembly.quorum_reached !== true) {
      const { counted, required, rule } = assembly.quorum;
      throw new DomainError('QUORUM_NOT_REACHED', { counted, required, rule });
    }
    return assembly.quorum;
  }
}
