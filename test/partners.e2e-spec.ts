import { startTestApp, type TestApp } from './support/test-app.js';
import { localDateIn } from '../src/common/time-zone.js';
import { addDays } from '../src/common/calendar-date.js';
import { adminQuery } from './support/test-database.js';
import { bearer, twoCooperatives, type Session } from './support/identity-fixture.js';
import { createOrganisation, organisationPerson, partnerIn } from './support/organisation-fixture.js';
import { cooperativeUrl as url } from './support/statement-fixture.js';
import type { CooperativeRole } from '../src/auth/roles.js';

interface CaseBody {
  id: string;
  state: string;
  child?: { fullName: string };
  planItems?: { id: string; status: string }[];
  visits?: { notes: string; visitedByUserId: string }[];
  redacted?: true;
}

describe('child-protection partners on referred cases', () => {
  let t: TestApp;
  let operator: Session;
  let coopA: string;
  let coopB: string;
  let inA: Record<CooperativeRole, Session>;
  let adminB: Session;
  let partner: Session;
  let otherPartner: Session;
  let casePartnerId: string;
  let referredCase: string;
  let otherCase: string;
  let planItemId: string;
  let today: string;

  async function openCase(childName: string): Promise<string> {
    const flag = await t.http().post(url(coopA, 'risk-flags')).set(bearer(inA.officer)).send({ category: 'worst_forms_child_labour', description: 'Enfant au tri' }).expect(201);
    const opened = await t.http().post(url(coopA, 'child-labour-cases')).set(bearer(inA.officer))
      .send({ flagId: flag.body.id, child: { fullName: childName, sex: 'female', ageYears: 11 }, identifiedOn: addDays(today, -5) }).expect(201);
    return opened.body.id as string;
  }

  beforeAll(async () => {
    t = await startTestApp();
    ({ operator, coopA, coopB, inA, adminB } = await twoCooperatives(t));
    today = localDateIn('Africa/Lubumbashi');
    ({ session: partner, casePartnerId } = await partnerIn(t, operator, inA.admin, coopA, 'kwetu'));
    // A second partner organisation, tied to a case partner of the other cooperative only.
    ({ session: otherPartner } = await partnerIn(t, operator, adminB, coopB, 'bakhita'));
    referredCase = await openCase('Neema Mukendi');
    otherCase = await openCase('Furaha Banza');
    const plan = [{ kind: 'schooling', description: 'Frais scolaires', status: 'planned' }];
    const referred = await t.http().patch(url(coopA, `child-labour-cases/${referredCase}`)).set(bearer(inA.officer))
      .send({ to: 'referred', partnerId: casePartnerId, referredOn: addDays(today, -4), planItems: plan }).expect(200);
    planItemId = (referred.body as CaseBody).planItems?.[0].id ?? '';
  });
  afterAll(async () => {
    await t.close();
  });

  it('ties a case partner to a child-protection organisation by an admin only', async () => {
    const ngo = await createOrganisation(t, operator, 'Observatoire', 'ngo');
    const base = url(coopA, `case-partners/${casePartnerId}/organisation`);
    await t.http().put(base).set(bearer(inA.officer)).send({ organisationId: ngo }).expect(403);
    expect((await t.http().put(base).set(bearer(inA.admin)).send({ organisationId: ngo }).expect(422)).body.code).toBe('ORGANISATION_NOT_CHILD_PROTECTION');
    await t.http().put(base).set(bearer(adminB)).send({ organisationId: ngo }).expect(404);
    await organisationPerson(t, operator, ngo, 'observer', 'ngo-obs');
    const wrongRole = await t.http().post(`/api/v1/organisations/${ngo}/people`).set(bearer(operator))
      .send({ login: 'partner.ngo@test.ushirika.org', password: 'correct-horse-battery', name: 'x', role: 'partner' }).expect(422);
    expect(wrongRole.body.code).toBe('ORGANISATION_ROLE_MISMATCH');
    await t.http().post('/api/v1/organisations').set(bearer(inA.admin)).send({ name: 'x', kind: 'ngo', country: 'CD' }).expect(403);
  });

  it('shows the partner only the cases referred to its organisation, in full', async () => {
    const list = await t.http().get(url(coopA, 'partner-cases')).set(bearer(partner)).expect(200);
    expect((list.body as CaseBody[]).map((row) => [row.id, row.child?.fullName, row.redacted])).toEqual([[referredCase, 'Neema Mukendi', undefined]]);
    await t.http().get(url(coopA, `partner-cases/${referredCase}`)).set(bearer(partner)).expect(200);
    await t.http().get(url(coopA, `partner-cases/${otherCase}`)).set(bearer(partner)).expect(404);
    // Nothing else of the cooperative.
    for (const path of ['child-labour-cases', `child-labour-cases/${referredCase}`, 'risk-flags', 'miners', 'funds', 'case-partners', 'observer-grants']) {
      await t.http().get(url(coopA, path)).set(bearer(partner)).expect(403);
    }
    await t.http().get(`/api/v1/observation/cooperatives/${coopA}/funds?period=${today.slice(0, 7)}`).set(bearer(partner)).expect(403);
  });

  it('tells the partner who it speaks for and which cooperatives refer cases to it', async () => {
    const me = await t.http().get('/api/v1/auth/me').set(bearer(partner)).expect(200);
    expect(me.body).toEqual(expect.objectContaining({ cooperatives: [], organisation: expect.objectContaining({ name: 'Maison kwetu', role: 'partner' }) }));
    expect((await t.http().get('/api/v1/auth/me').set(bearer(inA.admin)).expect(200)).body.organisation).toBeNull();
    expect((await t.http().get('/api/v1/partner/cooperatives').set(bearer(partner)).expect(200)).body).toEqual([{ id: coopA, name: 'Tujenge', province: 'Lualaba' }]);
    expect((await t.http().get('/api/v1/partner/cooperatives').set(bearer(otherPartner)).expect(200)).body.map((row: { id: string }) => row.id)).toEqual([coopB]);
    expect((await t.http().get('/api/v1/partner/cooperatives').set(bearer(inA.admin)).expect(200)).body).toEqual([]);
  });

  it('keeps each partner within its own cooperatives and members out of the partner routes', async () => {
    await t.http().get(url(coopB, 'partner-cases')).set(bearer(partner)).expect(404);
    await t.http().get(url(coopA, 'partner-cases')).set(bearer(otherPartner)).expect(404);
    await t.http().get(url(coopA, `partner-cases/${referredCase}`)).set(bearer(otherPartner)).expect(404);
    expect((await t.http().get(url(coopB, 'partner-cases')).set(bearer(otherPartner)).expect(200)).body).toEqual([]);
    await t.http().get(url(coopA, 'partner-cases')).set(bearer(inA.admin)).expect(403);
    await t.http().get(url(coopA, 'partner-cases')).set(bearer(adminB)).expect(404);
  });

  it('records a follow-up visit and the plan’s progress, audited', async () => {
    const visit = await t.http().post(url(coopA, `partner-cases/${referredCase}/visits`)).set(bearer(partner))
      .send({ visitedOn: today, notes: 'Inscrite en 4e primaire', childAttendingSchool: true }).expect(201);
    expect((visit.body as CaseBody).visits).toEqual([expect.objectContaining({ notes: 'Inscrite en 4e primaire', visitedByUserId: partner.userId })]);
    await t.http().post(url(coopA, `partner-cases/${otherCase}/visits`)).set(bearer(partner)).send({ visitedOn: today, notes: 'x' }).expect(404);
    expect((await t.http().post(url(coopA, `partner-cases/${referredCase}/visits`)).set(bearer(partner)).send({ visitedOn: addDays(today, 2), notes: 'x' }).expect(422)).body.code)
      .toBe('CASE_VISIT_IN_FUTURE');

    const progress = await t.http().patch(url(coopA, `partner-cases/${referredCase}/plan-items/${planItemId}`)).set(bearer(partner)).send({ status: 'in_progress', note: 'Frais payés' }).expect(200);
    expect((progress.body as CaseBody).planItems?.[0].status).toBe('in_progress');
    const back = await t.http().patch(url(coopA, `partner-cases/${referredCase}/plan-items/${planItemId}`)).set(bearer(partner)).set('Accept-Language', 'en').send({ status: 'planned' }).expect(409);
    expect(back.body).toEqual(expect.objectContaining({ code: 'CASE_PLAN_ITEM_MOVE_INVALID', detail: expect.stringContaining('cannot go') }));
    const bad = await t.http().patch(url(coopA, `partner-cases/${referredCase}/plan-items/${planItemId}`)).set(bearer(partner)).set('Accept-Language', 'fr').send({ status: 'finished' }).expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    await t.http().patch(url(coopA, `partner-cases/${referredCase}/plan-items/${otherCase}`)).set(bearer(partner)).send({ status: 'done' }).expect(404);

    // The cooperative's case officer sees what the partner recorded.
    const seen = await t.http().get(url(coopA, `child-labour-cases/${referredCase}`)).set(bearer(inA.admin)).expect(200);
    expect((seen.body as CaseBody).visits?.map((row) => row.notes)).toEqual(['Inscrite en 4e primaire']);
    const audit = await adminQuery<{ action: string; actor_user_id: string; after: unknown }>(
      t.target.ownerUrl, `SELECT action, actor_user_id, after FROM audit_log WHERE cooperative_id = $1 AND actor_user_id = $2 ORDER BY id`, [coopA, partner.userId]);
    expect(audit.map((row) => row.action)).toEqual(['child_labour_case.visit', 'child_labour_case.plan_progress']);
    expect(JSON.stringify(audit)).not.toContain('Neema');
  });

  it('loses the cases when its organisation is untied from the case partner', async () => {
    await t.http().put(url(coopA, `case-partners/${casePartnerId}/organisation`)).set(bearer(inA.admin)).send({ organisationId: null }).expect(200);
    await t.http().get(url(coopA, 'partner-cases')).set(bearer(partner)).expect(404);
    expect((await t.http().get('/api/v1/partner/cooperatives').set(bearer(partner)).expect(200)).body).toEqual([]);
  });
});
