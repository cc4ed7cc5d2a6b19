import type { EntityManager } from 'typeorm';
import { hasRole, type TenantAuthContext } from '../auth/auth-context.js';
import type { RiskFlag } from './risk-flag.entity.js';
import type { CaseViewer } from './rules/child-labour-case.js';
import { canSeeFlagDetails, CHILD_IDENTITY_CATEGORIES } from './rules/flag-visibility.js';

/** The most trusted of the caller's roles decides what of a case, or of a child-labour flag, they see. */
export function caseViewerOf(auth: TenantAuthContext): CaseViewer {
  const role = (['admin', 'officer', 'treasurer', 'auditor', 'supervisor'] as const).find((candidate) => hasRole(auth, candidate)) ?? 'supervisor';
  return { role, userId: auth.userId };
}

/** The designated officers of the cases opened from each flag: who, besides admins, reads a child-labour flag's words. */
export async function caseOfficersByFlag(tx: EntityManager, cooperativeId: string, flagIds: readonly string[]): Promise<Map<string, string[]>> {
  const officers = new Map<string, string[]>();
  if (flagIds.length === 0) return officers;
  const rows = await tx.query<{ flag_id: string; officers: string[] }[]>(
    `SELECT flag_id, array_agg(DISTINCT officer)::text[] AS officers
       FROM child_labour_cases, unnest(case_officer_user_ids) AS officer
      WHERE cooperative_id = $1 AND flag_id = ANY ($2::uuid[])
      GROUP BY flag_id`,
    [cooperativeId, [...flagIds]],
  );
  for (const row of rows) officers.set(row.flag_id, row.officers);
  return officers;
}

/** The ids of the flags whose words (description, people, reasons, evidence) this caller may read: flag-visibility.ts. */
export async function readableFlagIds(
  tx: EntityManager,
  auth: TenantAuthContext,
  flags: readonly Pick<RiskFlag, 'id' | 'category' | 'reporterUserId'>[],
): Promise<Set<string>> {
  const viewer = caseViewerOf(auth);
  const restricted = flags.filter((flag) => CHILD_IDENTITY_CATEGORIES.includes(flag.category)).map((flag) => flag.id);
  const officers = viewer.role === 'officer' ? await caseOfficersByFlag(tx, auth.cooperativeId, restricted) : new Map<string, string[]>();
  return new Set(
    flags
      .filter((flag) => canSeeFlagDetails({ category: flag.category, reporterUserId: flag.reporterUserId, caseOfficerUserIds: officers.get(flag.id) ?? [] }, viewer))
      .map((flag) => flag.id),
  );
}
