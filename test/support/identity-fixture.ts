import type { TestApp } from './test-app.js';
import { createOperator } from '../../src/admin/bootstrap.js';
import type { CooperativeRole } from '../../src/auth/roles.js';

export const PASSWORD = 'correct-horse-battery';

export interface Session {
  readonly userId: string;
  readonly token: string;
  readonly refreshToken: string;
}

export async function login(t: TestApp, loginName: string, password = PASSWORD): Promise<Session> {
  const response = await t.http().post('/api/v1/auth/login').send({ login: loginName, password }).expect(200);
  const me = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${response.body.accessToken}`).expect(200);
  return { userId: me.body.id, token: response.body.accessToken, refreshToken: response.body.refreshToken };
}

export function bearer(session: Session): { Authorization: string } {
  return { Authorization: `Bearer ${session.token}` };
}

export async function operatorSession(t: TestApp): Promise<Session> {
  await createOperator(t.target.ownerUrl, 'operator@test.ushirika.org', PASSWORD, 'Operator');
  return login(t, 'operator@test.ushirika.org');
}

export function cooperativeBody(name: string, province = 'Lualaba', registrationNumber = `RCCM-${name}`): Record<string, unknown> {
  return {
    name,
    legalForm: 'COOP_CA',
    registrationNumber,
    approvalNumber: 'AGR-1',
    country: 'CD',
    province,
    territory: 'Mutshatsha',
    minerals: ['HETEROGENITE'],
    defaultCurrency: 'USD',
    timezone: 'Africa/Lubumbashi',
    language: 'fr',
  };
}

export async function createCooperative(t: TestApp, operator: Session, name: string, province = 'Lualaba'): Promise<string> {
  const response = await t.http().post('/api/v1/cooperatives').set(bearer(operator)).send(cooperativeBody(name, province)).expect(201);
  return response.body.id as string;
}

/** A user holding one role in the cooperative, logged in. */
export async function member(t: TestApp, operator: Session, cooperativeId: string, role: CooperativeRole, tag: string): Promise<Session> {
  const loginName = `${role}.${tag}@test.ushirika.org`;
  await t.http()
    .post(`/api/v1/cooperatives/${cooperativeId}/users`)
    .set(bearer(operator))
    .send({ login: loginName, password: PASSWORD, name: `${role} ${tag}`, role })
    .expect(201);
  return login(t, loginName);
}

export async function supervisor(t: TestApp, operator: Session, province: string, tag: string): Promise<Session> {
  const loginName = `supervisor.${tag}@test.ushirika.org`;
  await t.http()
    .post('/api/v1/supervisors')
    .set(bearer(operator))
    .send({ login: loginName, password: PASSWORD, name: `Supervisor ${tag}`, jurisdictions: [{ country: 'CD', province }] })
    .expect(201);
  return login(t, loginName);
}

export interface TwoCooperatives {
  readonly operator: Session;
  /** 'Tujenge', Lualaba: one logged-in member per role, tag 'a'. */
  readonly coopA: string;
  /** 'Umoja', Lualaba: an admin, tag 'b'. */
  readonly coopB: string;
  readonly inA: Record<CooperativeRole, Session>;
  readonly adminB: Session;
  /** A supervisor of Lualaba (tag 'lualaba'), when asked for. */
  readonly lualabaSupervisor?: Session;
}

/** The operator, two cooperatives of Lualaba, every role in the first, an admin in the second and, if asked, a Lualaba supervisor. */
export async function twoCooperatives(t: TestApp, options: { supervisor: true }): Promise<TwoCooperatives & { readonly lualabaSupervisor: Session }>;
export async function twoCooperatives(t: TestApp, options?: { supervisor?: boolean }): Promise<TwoCooperatives>;
export async function twoCooperatives(t: TestApp, options: { supervisor?: boolean } = {}): Promise<TwoCooperatives> {
  const operator = await operatorSession(t);
  const coopA = await createCooperative(t, operator, 'Tujenge');
  const coopB = await createCooperative(t, operator, 'Umoja');
  const inA = {} as Record<CooperativeRole, Session>;
  for (const role of ['admin', 'officer', 'treasurer', 'auditor'] as const) inA[role] = await member(t, operator, coopA, role, 'a');
  const adminB = await member(t, operator, coopB, 'admin', 'b');
  const lualabaSupervisor = options.supervisor ? await supervisor(t, operator, 'Lualaba', 'lualaba') : undefined;
  return { operator, coopA, coopB, inA, adminB, lualabaSupervisor };
}
