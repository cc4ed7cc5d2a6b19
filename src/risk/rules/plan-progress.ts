import { DomainError } from '../../common/domain-error.js';
import type { PlanItemStatus, RemediationPlanItem } from './child-labour-case.js';

/**
 * Which moves of a plan item a partner records. A choice of ours: an item goes forward
 * (planned → in progress → done) or is cancelled; a done or cancelled item is settled, and a
 * change of mind is a new item in the plan, which the cooperative's case officer writes.
 */
const NEXT: Readonly<Record<PlanItemStatus, readonly PlanItemStatus[]>> = {
  planned: ['in_progress', 'done', 'cancelled'],
  in_progress: ['done', 'cancelled'],
  done: [],
  cancelled: [],
};

/** The plan with one item moved to `status`, and the item's status before. */
export function withPlanItemStatus(
  items: readonly RemediationPlanItem[],
  itemId: string,
  status: PlanItemStatus,
): { items: readonly RemediationPlanItem[]; before: PlanItemStatus } {
  const item = items.find((candidate) => candidate.id === itemId);
  if (!item) throw new DomainError('CASE_PLAN_ITEM_NOT_FOUND', { id: itemId }, 'not_found');
  if (!NEXT[item.status].includes(status)) throw new DomainError('CASE_PLAN_ITEM_MOVE_INVALID', { from: item.status, to: status }, 'conflict');
  return { items: items.map((candidate) => (candidate.id === itemId ? { ...candidate, status } : candidate)), before: item.status };
}
