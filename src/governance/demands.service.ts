import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { assertIsoDate } from '../common/calendar-date.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import { MemberStandingRepository } from '../miners/member-standing.repository.js';
import { DemandsRepository } from './demands.repository.js';
import { type AssemblyDemandView, demandView } from './dto/demand.view.js';
import type { AssemblyDemandDto } from './dto/governance.dto.js';
import { GovernanceContext } from './governance.context.js';
import { checkAssemblyDemand } from './rules/index.js';

/** Members' demands for an assembly: a quarter of the active members may ask for one. */
@Injectable()
export class DemandsService {
  constructor(
    private readonly db: Db,
    private readonly context: GovernanceContext,
    private readonly demands: DemandsRepository,
    private readonly standing: MemberStandingRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * Records a demand for an assembly with its signatories, checked against the members active
   * on the day it was received (a quarter must sign). An insufficient demand is recorded too,
   * marked invalid with every signature that did not count, so that nobody can say it was lost.
   */
  async record(auth: TenantAuthContext, dto: AssemblyDemandDto): Promise<AssemblyDemandView> {
    return this.db.tenant(auth, async (tx) => {
      assertIsoDate(dto.receivedOn);
      const id = dto.id ?? randomUUID();
      if (await this.demands.demand(tx, id)) throw new DomainError('GOVERNANCE_ID_TAKEN', { id }, 'conflict');
      await this.context.assertMembersOfCooperative(tx, dto.signatories);
      const check = checkAssemblyDemand(dto.signatories, await this.standing.activeMemberIdsOn(tx, dto.receivedOn));
      await this.demands.insertDemand(tx, {
        id,
        receivedOn: dto.receivedOn,
        kind: dto.kind,
        purpose: dto.purpose.trim(),
        agenda: dto.agenda.map((a) => ({ title: a.title.trim(), decisionKind: a.decisionKind })),
        signatories: [...new Set(dto.signatories)],
        valid: check.valid,
        check,
        recordedBy: auth.userId,
      });
      const view = demandView(await this.context.demandOf(tx, id));
      await this.audit.record(tx, auth, { action: 'assembly_demand.recorded', entity: 'assembly_demand', entityId: id, after: { ...view } });
      return view;
    });
  }

  async list(auth: TenantAuthContext): Promise<AssemblyDemandView[]> {
    return this.db.tenant(auth, async (tx) => (await this.demands.demands(tx)).map(demandView));
  }

  async get(auth: TenantAuthContext, id: string): Promise<AssemblyDemandView> {
    return this.db.tenant(auth, async (tx) => demandView(await this.context.demandOf(tx, id)));
  }
}
