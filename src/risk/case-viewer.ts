import { Injectable } from '@nestjs/common';
import { hasRole, type TenantAuthContext } from '../auth/auth-context.js';
import type { TenantTx } from '../database/tx.js';
import { ChildLabourCasesRepository } from './child-labour-cases.repository.js';
import type { RiskFlag } from './risk-flag.entity.js';
import type { CaseViewer } from './rules/child-labour-case.js';
import { canSeeFlagDetails, CHILD_IDENTITY_CATEGORIES } from './rules/flag-visibility.js';

/** The most trusted of the caller's roles decides what of a case, or of a child-labour flag, they see. */
export function caseViewerOf(auth: TenantAuthContext): CaseViewer {
  const role = (['admin', 'officer', 'treasurer', 'auditor', 'supervisor'] as const).find((candidate) => hasRole(auth, candidate)) ?? 'supervisor';
  return { role, userId: auth.userId };
}

/** Who may read a flag's words: the rule of flag-visibility.ts, with the case officers it needs from the database. */
@Injectable()
export class FlagReadability {
  constructor(private readonly cases: ChildLabourCasesRepository) {}

  /** The ids of the flags whose words (description, people, reasons, evidence) this caller may read. */
  async readableFlagIds(tx: TenantTx, auth: TenantAuthContext, flags: readonly Pick<RiskFlag, 'id' | 'category' | 'reporterUserId'>[]): Promise<Set<string>> {
    const viewer = caseViewerOf(auth);
    const restricted = flags.filter((flag) => CHILD_IDENTITY_CATEGORIES.includes(flag.category)).map((flag) => flag.id);
    const officers = viewer.role === 'officer' ? await this.cases.caseOfficersByFlag(tx, restricted) : new Map<string, string[]>();
    return new Set(
      flags
        .filter((flag) => canSeeFlagDetails({ category: flag.category, reporterUserId: flag.reporterUserId, caseOfficerUserIds: officers.get(flag.id) ?? [] }, viewer))
        .map((flag) => flag.id),
    );
  }
}
