import type { CooperativeRole } from '../../src/auth/roles.js';
import { ownerRows, type OwnerRows } from './ctx.js';
import { login, type Session } from './identity-fixture.js';
import type { TestApp } from './test-app.js';

/**
 * The cycle rules most savings tests start from: a share at 10,00 USD, 1 to 5 shares a
 * meeting, 2,00 USD to the social fund (kept at the share-out), loans up to 3 × savings for
 * up to 3 months at 10 % a month flat, and a 1,00 USD fine for lateness.
 */
export const SAVINGS_RULES = {
  currency: 'USD',
  sharePriceMinor: 1000,
  minSharesPerMeeting: 1,
  maxSharesPerMeeting: 5,
  socialFundContributionMinor: 200,
  shareOutSocialFund: false,
  loanCapSavingsMultipleBp: 30_000,
  maxLoanTermMonths: 3,
  serviceChargeRateBpPerMonth: 1_000,
  serviceChargeMethod: 'flat',
  fineTypes: [{ code: 'late', amountMinor: 100 }],
} as const;

/** The cooperatives and logged-in users a savings spec starts from, written as rows: no cooperatives, users or registry API is called. */
export interface SavingsWorld {
  /** 'Tujenge', Lualaba: one logged-in user per role, tag 'a'. */
  readonly coopA: string;
  /** 'Umoja', Lualaba: an admin, tag 'b'. */
  readonly coopB: string;
  readonly inA: Record<CooperativeRole, Session>;
  readonly adminB: Session;
  /** A supervisor of Lualaba (tag 'lualaba'), when asked for. */
  readonly lualabaSupervisor?: Session;
  /** The owner's fixtures on this test file's database (miners, sites, more users). */
  readonly rows: OwnerRows;
  /** One more logged-in user holding `role` in coopA (login `<role>.<tag>@test.ushirika.org`). */
  userInA(role: CooperativeRole, tag: string): Promise<Session>;
}

/** Same logins, names and cooperatives as identity-fixture's twoCooperatives, inserted directly and then logged in over HTTP. */
export async function savingsWorld(t: TestApp, options: { supervisor: true }): Promise<SavingsWorld & { readonly lualabaSupervisor: Session }>;
export async function savingsWorld(t: TestApp, options?: { supervisor?: boolean }): Promise<SavingsWorld>;
export async function savingsWorld(t: TestApp, options: { supervisor?: boolean } = {}): Promise<SavingsWorld> {
  const rows = ownerRows(t.target.ownerUrl);
  const coopA = await rows.newCooperative({ name: 'Tujenge', registrationNumber: 'RCCM-Tujenge' });
  const coopB = await rows.newCooperative({ name: 'Umoja', registrationNumber: 'RCCM-Umoja' });
  const user = async (cooperativeId: string, role: CooperativeRole, tag: string): Promise<Session> => {
    const loginName = `${role}.${tag}@test.ushirika.org`;
    await rows.newUser(cooperativeId, role, { login: loginName, name: `${role} ${tag}` });
    return login(t, loginName);
  };
  const inA = {} as Record<CooperativeRole, Session>;
  for (const role of ['admin', 'officer', 'treasurer', 'auditor'] as const) inA[role] = await user(coopA, role, 'a');
  const adminB = await user(coopB, 'admin', 'b');
  let lualabaSupervisor: Session | undefined;
  if (options.supervisor) {
    await rows.newSupervisor('CD', 'Lualaba', { login: 'supervisor.lualaba@test.ushirika.org', name: 'Supervisor lualaba' });
    lualabaSupervisor = await login(t, 'supervisor.lualaba@test.ushirika.org');
  }
  return { coopA, coopB, inA, adminB, lualabaSupervisor, rows, userInA: (role, tag) => user(coopA, role, tag) };
}
