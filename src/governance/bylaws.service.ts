import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { assertIsoDate } from '../common/calendar-date.js';
import { DomainError } from '../common/domain-error.js';
import { localDateIn } from '../common/time-zone.js';
import { Db } from '../database/db.js';
import type { TenantTx } from '../database/tx.js';
import { AssembliesRepository } from './assemblies.repository.js';
import { BylawsRepository } from './bylaws.repository.js';
import { type BylawVersionView, bylawVersionView } from './dto/bylaw.view.js';
import type { CreateBylawVersionDto, DeclareBylawDto } from './dto/governance.dto.js';
import { GovernanceContext, notFound } from './governance.context.js';
import { type AdoptingResolution, bylawAdoptionDate, bylawDeclarationStatus, checkedBylawSettings } from './rules/index.js';

/** The bylaws: each version adopted by an extraordinary assembly, then declared within the legal delay. */
@Injectable()
export class BylawsService {
  constructor(
    private readonly db: Db,
    private readonly context: GovernanceContext,
    private readonly bylaws: BylawsRepository,
    private readonly assemblies: AssembliesRepository,
    private readonly audit: AuditService,
  ) {}

  async list(auth: TenantAuthContext): Promise<BylawVersionView[]> {
    return this.db.tenant(auth, async (tx) => {
      const today = localDateIn((await this.context.cooperativeOf(tx)).timezone);
      return (await this.bylaws.bylawVersions(tx)).map((row) => bylawVersionView(row, today));
    });
  }

  async adopt(auth: TenantAuthContext, dto: CreateBylawVersionDto): Promise<BylawVersionView> {
    return this.db.tenant(auth, async (tx) => {
      const cooperative = await this.context.cooperativeOf(tx);
      await this.bylaws.lockVersions(tx);
      const current = await this.bylaws.currentBylaws(tx);
      const settings = checkedBylawSettings(cooperative.legal_form, { ...dto.settings });
      const resolution = dto.resolutionId !== undefined ? await this.adoptingResolution(tx, dto.resolutionId) : undefined;
      const adoptedOn = bylawAdoptionDate(resolution, current !== undefined, dto.adoptedOn);
      const id = dto.id ?? randomUUID();
      const version = (current?.version ?? 0) + 1;
      const resolutionId = dto.resolutionId ?? null;
      const inserted = await this.bylaws.insertBylawVersion(tx, { id, version, body: dto.text, settings, resolutionId, adoptedOn, recordedBy: auth.userId });
      if (!inserted) throw new DomainError('BYLAW_VERSION_CONFLICT', { id, resolutionId }, 'conflict');
      const row = await this.bylaws.bylawVersion(tx, id);
      if (!row) throw notFound('BYLAW_VERSION_NOT_FOUND');
      const view = bylawVersionView(row, localDateIn(cooperative.timezone));
      await this.audit.record(tx, auth, { action: 'bylaws.adopted', entity: 'bylaw_version', entityId: id, after: { version, settings, resolutionId: row.resolution_id, adoptedOn } });
      return view;
    });
  }

  private async adoptingResolution(tx: TenantTx, resolutionId: string): Promise<AdoptingResolution> {
    const resolution = await this.assemblies.resolution(tx, resolutionId);
    if (!resolution) throw notFound('RESOLUTION_NOT_FOUND');
    const assembly = await this.context.assemblyOf(tx, resolution.assembly_id);
    return { id: resolution.id, decisionKind: resolution.decision_kind, adopted: resolution.adopted, assemblyKind: assembly.kind, heldOn: assembly.held_on };
  }

  async declare(auth: TenantAuthContext, versionId: string, dto: DeclareBylawDto): Promise<BylawVersionView> {
    return this.db.tenant(auth, async (tx) => {
      const cooperative = await this.context.cooperativeOf(tx);
      const row = await this.bylaws.bylawVersion(tx, versionId);
      if (!row) throw notFound('BYLAW_VERSION_NOT_FOUND');
      if (row.declared_on !== null) throw new DomainError('BYLAWS_ALREADY_DECLARED', { declaredOn: row.declared_on }, 'conflict');
      const today = localDateIn(cooperative.timezone);
      const declaration = bylawDeclarationStatus({ adoptedOn: row.adopted_on, declaredOn: assertIsoDate(dto.declaredOn), today });
      await this.bylaws.markDeclared(tx, versionId, dto.declaredOn);
      await this.audit.record(tx, auth, { action: 'bylaws.declared', entity: 'bylaw_version', entityId: versionId, before: { declaredOn: null }, after: { declaredOn: dto.declaredOn, declaration } });
      return bylawVersionView({ ...row, declared_on: dto.declaredOn }, today);
    });
  }
}
