import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from './support/test-app.js';
import { localDateIn } from '../src/common/time-zone.js';
import { adminQuery } from './support/test-database.js';
import { seedSite } from './support/site-fixture.js';
import { bearer, twoCooperatives, type Session } from './support/identity-fixture.js';
import { createOrganisation, organisationPerson } from './support/organisation-fixture.js';
import type { CooperativeRole } from '../src/auth/roles.js';

/**
 * Issue 25: an observer organisation's community monitor reports an incident signed in (the
 * report and its flag name the monitor and the organisation, never anonymously), only where a
 * grant stands; and an observer granted `standard_assessments` reads each site's assessment
 * figures, never who assessed.
 */
describe('community monitors and observed assessments', () => {
  let t: TestApp;
  let coopA: string;
  let coopB: string;
  let inA: Record<CooperativeRole, Session>;
  let observer: Session;
  let organisationId: string;
  let siteId: string;
  let today: string;
  const url = (cooperativeId: string, path: string) => `/api/v1/cooperatives/${cooperativeId}/${path}`;
  const report = (session: Session, cooperativeId: string, body: Record<string, unknown>, language = 'fr') =>
    t.http().post(url(cooperativeId, 'incident-reports')).set(bearer(session)).set('Accept-Language', language).send(body);

  beforeAll(async () => {
    t = await startTestApp();
    let operator: Session;
    ({ operator, coopA, coopB, inA } = await twoCooperatives(t));
    today = localDateIn('Africa/Lubumbashi');
    siteId = await seedSite(t, coopA, randomUUID());
    organisationId = await createOrganisation(t, operator, 'Coalition KP Lualaba', 'coalition_member');
    observer = await organisationPerson(t, operator, organisationId, 'observer', 'monitor');
    await t.http().post(url(coopA, 'observer-grants')).set(bearer(inA.admin))
      .send({ organisationId, views: ['standard_assessments', 'incident_statistics'], validFrom: today }).expect(201);
    const craft = await t.http().get('/api/v1/standards/craft').set(bearer(inA.officer)).expect(200);
    const criteria = (craft.body.sections as { requirements: { criteria: { id: string }[] }[] }[])
      .flatMap((section) => section.requirements.flatMap((requirement) => requirement.criteria))
      .map(({ id }) => ({ criterionId: id, result: id === 'craft.mitigation.pit_safety' ? 'not_met' : 'met' }));
    await t.http().post(url(coopA, `sites/${siteId}/assessments`)).set(bearer(inA.officer))
      .send({ standardId: 'craft', assessedOn: today, assessorName: 'Évaluatrice Mujinga Kabwe', criteria }).expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  it('records a monitor\'s report with the organisation and the monitor, raising a flag that names them', async () => {
    await report(observer, coopA, { category: 'armed_presence', siteId, description: 'Hommes armés au puits 3 à la tombée de la nuit', seenOn: today }).expect(202);
    const [stored] = await adminQuery<{ observer_organisation_id: string; reporter_user_id: string; risk_flag_id: string }>(
      t.target.ownerUrl, 'SELECT observer_organisation_id, reporter_user_id, risk_flag_id FROM incident_reports WHERE cooperative_id = $1', [coopA]);
    expect(stored).toMatchObject({ observer_organisation_id: organisationId, reporter_user_id: observer.userId });
    const flag = await t.http().get(url(coopA, `risk-flags/${stored.risk_flag_id}`)).set(bearer(inA.officer)).expect(200);
    expect(flag.body).toMatchObject({ source: 'community_report', anonymous: false, siteId });
  });

  it('refuses a monitor where no grant stands, and everyone who is not a monitor', async () => {
    await report(observer, coopB, { category: 'violence', siteId, description: 'x', seenOn: today }).expect(404);
    await report(inA.treasurer, coopA, { category: 'violence', siteId, description: 'x', seenOn: today }).expect(403);
    await report(inA.officer, coopA, { category: 'violence', siteId, description: 'x', seenOn: today }).expect(403);
  });

  it('answers bad input in the caller\'s language', async () => {
    const future = await report(observer, coopA, { category: 'violence', siteId, description: 'x', seenOn: '2999-01-01' }).expect(422);
    expect(future.body.code).toBe('INCIDENT_SEEN_IN_FUTURE');
    const unknown = await report(observer, coopA, { category: 'dragons', siteId, description: 'x', seenOn: today }, 'en').expect(400);
    expect(unknown.body.errors.map((error: { field: string }) => error.field)).toEqual(['category']);
    expect(unknown.body.errors[0].message).toMatch(/category/);
  });

  it('shows an observer each site\'s assessment figures, never who assessed', async () => {
    const response = await t.http().get(`/api/v1/observation/cooperatives/${coopA}/standard-assessments?period=${today.slice(0, 7)}`).set(bearer(observer)).expect(200);
    expect(response.body).toMatchObject({ sitesAssessed: 1, assessments: [{ siteId, standardId: 'craft', openActions: 1, levelReached: 'progress_1' }] });
    expect(JSON.stringify(response.body)).not.toMatch(/Mujinga|Kabwe|officer/);
    await t.http().get(`/api/v1/observation/cooperatives/${coopB}/standard-assessments?period=${today.slice(0, 7)}`).set(bearer(observer)).expect(404);
  });
});
