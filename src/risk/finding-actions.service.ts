import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import type { TenantTx } from '../database/tx.js';
import type { CorrectiveAction } from './corrective-action.entity.js';
import { type CriterionActionInput, RiskFlagsRepository } from './risk-flags.repository.js';
import { RiskFlagsService } from './risk-flags.service.js';
import { standardAssessmentFindings } from './rules/auto-rules.js';

export interface AssessmentFindings {
  readonly assessmentId: string;
  readonly siteId: string;
  readonly standardId: string;
  readonly standardVersion: string;
  readonly assessedAt: Date;
  /** One per failed "must" criterion. */
  readonly actions: readonly CriterionActionInput[];
}

/**
 * What a site assessment's failed "must" criteria open in the risk module, in the
 * assessment's own transaction: one flag for the assessment and one corrective action per
 * criterion, linked back to it. The actions are then followed and closed like any other
 * (PATCH /risk-flags/{flagId}/actions/{actionId}).
 */
@Injectable()
export class FindingActionsService {
  constructor(
    private readonly flags: RiskFlagsService,
    private readonly repository: RiskFlagsRepository,
    private readonly audit: AuditService,
  ) {}

  async open(tx: TenantTx, auth: TenantAuthContext, findings: AssessmentFindings): Promise<CorrectiveAction[]> {
    const proposal = standardAssessmentFindings({ ...findings, failedMustCriteria: findings.actions.length });
    if (proposal === null) return [];
    for (const ownerUserId of new Set(findings.actions.map((action) => action.ownerUserId))) {
      if (!(await this.repository.isCooperativeMember(tx, ownerUserId))) throw new DomainError('CORRECTIVE_ACTION_OWNER_NOT_MEMBER', { ownerUserId });
    }
    const flag = await this.flags.raiseAutomatic(tx, auth, proposal);
    const actions = await this.repository.insertCriterionActions(tx, flag.id, findings.assessmentId, findings.actions, auth.userId);
    for (const action of actions) {
      await this.audit.record(tx, auth, {
        action: 'corrective_action.create',
        entity: 'corrective_action',
        entityId: action.id,
        after: { flagId: flag.id, assessmentId: findings.assessmentId, criterionId: action.criterionId, ownerUserId: action.ownerUserId, dueOn: action.dueOn },
      });
    }
    return actions;
  }

  /** The actions these assessments opened, with their current status. */
  async actionsOf(tx: TenantTx, assessmentIds: readonly string[]): Promise<CorrectiveAction[]> {
    return this.repository.criterionActionsOf(tx, assessmentIds);
  }
}
