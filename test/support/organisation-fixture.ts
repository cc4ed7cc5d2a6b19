import type { TestApp } from './test-app.js';
import { bearer, login, PASSWORD, type Session } from './identity-fixture.js';

export type OrganisationKind = 'ngo' | 'coalition_member' | 'donor_programme' | 'child_protection_partner';

/** An organisation registered by the operator. */
export async function createOrganisation(t: TestApp, operator: Session, name: string, kind: OrganisationKind): Promise<string> {
  const response = await t.http().post('/api/v1/organisations').set(bearer(operator)).send({ name, kind, country: 'CD' }).expect(201);
  return response.body.id as string;
}

/** One of the organisation's people, logged in: an observer, or a partner's social worker for a child-protection partner. */
export async function organisationPerson(t: TestApp, operator: Session, organisationId: string, role: 'observer' | 'partner', tag: string): Promise<Session> {
  const loginName = `${role}.${tag}@test.ushirika.org`;
  await t.http()
    .post(`/api/v1/organisations/${organisationId}/people`)
    .set(bearer(operator))
    .send({ login: loginName, password: PASSWORD, name: `${role} ${tag}`, role })
    .expect(201);
  return login(t, loginName);
}

/**
 * A child-protection partner organisation tied to a new case partner of the cooperative, and
 * one of its social workers logged in: the 'partner' role in that cooperative.
 */
export async function partnerIn(t: TestApp, operator: Session, admin: Session, cooperativeId: string, tag: string): Promise<{ session: Session; organisationId: string; casePartnerId: string }> {
  const organisationId = await createOrganisation(t, operator, `Maison ${tag}`, 'child_protection_partner');
  const session = await organisationPerson(t, operator, organisationId, 'partner', tag);
  const base = `/api/v1/cooperatives/${cooperativeId}/case-partners`;
  const casePartner = await t.http().post(base).set(bearer(admin)).send({ name: `Maison ${tag}`, kind: 'childrens_home' }).expect(201);
  const casePartnerId = casePartner.body.id as string;
  await t.http().put(`${base}/${casePartnerId}/organisation`).set(bearer(admin)).send({ organisationId }).expect(200);
  return { session, organisationId, casePartnerId };
}
