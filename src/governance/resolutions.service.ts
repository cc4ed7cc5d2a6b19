import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import { AssembliesRepository } from './assemblies.repository.js';
import { type AssemblyResolutionView, resolutionView } from './dto/assembly.view.js';
import type { RecordResolutionDto } from './dto/governance.dto.js';
import { GovernanceContext, notFound, votingAssembly } from './governance.context.js';
import { assertMayVote, decideResolution } from './rules/index.js';

/** The vote on each agenda item of an opened assembly, decided by the majority its decision needs. */
@Injectable()
export class ResolutionsService {
  constructor(
    private readonly db: Db,
    private readonly context: GovernanceContext,
    private readonly assemblies: AssembliesRepository,
    private readonly audit: AuditService,
  ) {}

  async record(auth: TenantAuthContext, assemblyId: string, dto: RecordResolutionDto): Promise<AssemblyResolutionView> {
    return this.db.tenant(auth, async (tx) => {
      const assembly = await this.context.assemblyOf(tx, assemblyId, true);
      const quorum = assertMayVote(votingAssembly(assembly));
      const item = (await this.assemblies.agenda(tx, assemblyId)).find((a) => a.id === dto.agendaItemId);
      if (!item) throw notFound('AGENDA_ITEM_NOT_FOUND');
      const result = decideResolution({
        legalForm: await this.context.legalFormOn(tx, assembly.held_on),
        assemblyKind: assembly.kind,
        decision: item.decision_kind,
        votes: { for: dto.for, against: dto.against, abstain: dto.abstain },
        voters: quorum.counted,
      });
      const id = dto.id ?? randomUUID();
      const inserted = await this.assemblies.insertResolution(tx, {
        id,
        assemblyId,
        agendaItemId: item.id,
        decisionKind: item.decision_kind,
        for: result.for,
        against: result.against,
        abstain: result.abstain,
        adopted: result.adopted,
        rule: result.rule,
        recordedBy: auth.userId,
      });
      if (!inserted) throw new DomainError('AGENDA_ITEM_ALREADY_VOTED', { agendaItemId: item.id }, 'conflict');
      const row = await this.assemblies.resolution(tx, id);
      if (!row) throw notFound('RESOLUTION_NOT_FOUND');
      const view = resolutionView(row);
      await this.audit.record(tx, auth, { action: 'resolution.recorded', entity: 'resolution', entityId: id, after: { ...view, assemblyId, threshold: result.threshold, cast: result.cast } });
      return view;
    });
  }

  async list(auth: TenantAuthContext, assemblyId: string): Promise<AssemblyResolutionView[]> {
    return this.db.tenant(auth, async (tx) => {
      await this.context.assemblyOf(tx, assemblyId);
      return (await this.assemblies.resolutions(tx, assemblyId)).map(resolutionView);
    });
  }
}
