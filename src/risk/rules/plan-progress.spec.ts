import { DomainError } from '../../common/domain-error.js';
import type { RemediationPlanItem } from './child-labour-case.js';
import { withPlanItemStatus } from './plan-progress.js';

const item = (id: string, status: RemediationPlanItem['status']): RemediationPlanItem => ({ id, kind: 'schooling', description: 'School fees', status, dueDate: null });
const codeOf = (work: () => unknown): string | undefined => {
  try {
    work();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a domain error';
  }
  return undefined;
};

describe('withPlanItemStatus', () => {
  const plan = [item('a', 'planned'), item('b', 'in_progress'), item('c', 'done'), item('d', 'cancelled')];

  it('moves one item forward and leaves the others as they were', () => {
    const { items, before } = withPlanItemStatus(plan, 'a', 'in_progress');
    expect(before).toBe('planned');
    expect(items.map((candidate) => candidate.status)).toEqual(['in_progress', 'in_progress', 'done', 'cancelled']);
  });

  it.each([
    ['planned', 'in_progress'], ['planned', 'done'], ['planned', 'cancelled'], ['in_progress', 'done'], ['in_progress', 'cancelled'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(withPlanItemStatus([item('x', from)], 'x', to).items[0].status).toBe(to);
  });

  it.each([
    ['planned', 'planned'], ['in_progress', 'planned'], ['in_progress', 'in_progress'], ['done', 'in_progress'], ['done', 'cancelled'], ['cancelled', 'planned'], ['cancelled', 'done'],
  ] as const)('refuses %s → %s', (from, to) => {
    expect(codeOf(() => withPlanItemStatus([item('x', from)], 'x', to))).toBe('CASE_PLAN_ITEM_MOVE_INVALID');
  });

  it('answers not found for an item the plan does not hold', () => {
    expect(codeOf(() => withPlanItemStatus(plan, 'zz', 'done'))).toBe('CASE_PLAN_ITEM_NOT_FOUND');
  });
});
