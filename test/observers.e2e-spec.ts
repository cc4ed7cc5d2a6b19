import { startTestApp, type TestApp } from './support/test-app.js';
import { addDays } from '../src/common/calendar-date.js';
import { localDateIn } from '../src/common/time-zone.js';
import { adminQuery } from './support/test-database.js';
import { seedSite } from './support/site-fixture.js';
import { bearer, createCooperative, member, twoCooperatives, type Session } from './support/identity-fixture.js';
import { registerActiveMember } from './support/member-fixture.js';
import { heterogenitePurchase } from './support/purchase-fixture.js';
import { binaryBody, cooperativeUrl as url, plainSpaces, SITE_ID } from './support/statement-fixture.js';
import { createOrganisation, organisationPerson } from './support/organisation-fixture.js';
import { pdfText } from './support/pdf-text.js';
import type { CooperativeRole } from '../src/auth/roles.js';

const FUND = 'COMMUNITY_DEVELOPMENT';
const CHILD_NAME = 'Amani Kazadi';
const GUARDIAN_PHONE = '+243 990 111 222';
const SELLER = { firstName: 'Kabeya', lastName: 'Tshimanga', idDocumentNumber: 'VOTE-778899', phone: '+243 970 555 444' };

describe('observer organisations and the public benefit-sharing statement', () => {
  let t: TestApp;
  let operator: Session;
  let coopA: string;
  let coopB: string;
  let inA: Record<CooperativeRole, Session>;
  let adminB: Session;
  let observer: Session;
  let outsider: Session;
  let observerOrg: string;
  let today: string;
  let month: string;
  let sellerId: string;
  let grantId: string;
  /** Every body an observer or the public was answered: none may hold anything personal. */
  const answered: unknown[] = [];

  const observe = async (session: Session, path: string, status: number): Promise<Record<string, unknown>> => {
    const response = await t.http().get(`/api/v1/observation/cooperatives${path}`).set(bearer(session));
    expect({ path, status: response.status, code: (response.body as { code?: string }).code }).toEqual(expect.objectContaining({ path, status }));
    answered.push(response.body);
    return response.body as Record<string, unknown>;
  };
  const grant = (session: Session, body: Record<string, unknown>, cooperativeId = coopA) =>
    t.http().post(url(cooperativeId, 'observer-grants')).set(bearer(session)).send(body);
  const publicStatement = (cooperativeId: string, period: string) => t.http().get(`/api/v1/public/cooperatives/${cooperativeId}/benefit-sharing?period=${period}`);

  beforeAll(async () => {
    t = await startTestApp();
    ({ operator, coopA, coopB, inA, adminB } = await twoCooperatives(t));
    const secondAdmin = await member(t, operator, coopA, 'admin', 'a2');
    today = localDateIn('Africa/Lubumbashi');
    month = today.slice(0, 7);
    await t.http().post(url(coopA, 'fee-rules')).set(bearer(inA.admin))
      .send({ ruleCode: 'COMMUNITY_LEVY', fundCode: FUND, kind: 'percent', rateBp: 100, validFrom: addDays(today, -365) }).expect(201);
    await seedSite(t, coopA, SITE_ID);
    sellerId = (await registerActiveMember(t, inA.officer, coopA, addDays(today, -60), { ...SELLER, cardNumber: 'CEA-OBS-1', cardIssuedOn: addDays(today, -60) })).id;
    for (const price of [100_000, 300_000]) {
      await t.http().post(url(coopA, 'purchases')).set(bearer(inA.officer)).send(heterogenitePurchase(sellerId, SITE_ID, { unitPriceMinor: price })).expect(201);
    }
    const spending = await t.http().post(url(coopA, `funds/${FUND}/spending`)).set(bearer(inA.officer))
      .send({ purpose: 'Toiture école Kapata', amountMinor: 500, currency: 'USD', spentOn: today }).expect(201);
    await t.http().post(url(coopA, `funds/${FUND}/spending/${spending.body.id}/approve`)).set(bearer(secondAdmin)).send({}).expect(200);
    // A child-labour flag and case: the observer may count them, never read the child.
    const flag = await t.http().post(url(coopA, 'risk-flags')).set(bearer(inA.officer))
      .send({ category: 'worst_forms_child_labour', siteId: SITE_ID, description: `${CHILD_NAME} au lavage` }).expect(201);
    await t.http().post(url(coopA, 'child-labour-cases')).set(bearer(inA.officer))
      .send({ flagId: flag.body.id, child: { fullName: CHILD_NAME, sex: 'male', ageYears: 12, village: 'Kapata' }, guardian: { fullName: 'Mwenze Ilunga', relationship: 'mère', phone: GUARDIAN_PHONE } })
      .expect(201);
    await t.http().post(url(coopA, 'reports')).set(bearer(inA.admin)).send({ period: month }).expect(201);

    observerOrg = await createOrganisation(t, operator, 'Observatoire des mines du Lualaba', 'ngo');
    observer = await organisationPerson(t, operator, observerOrg, 'observer', 'obs');
    outsider = await organisationPerson(t, operator, await createOrganisation(t, operator, 'Programme AFA', 'donor_programme'), 'observer', 'afa');
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets an observer without a grant see nothing of any cooperative', async () => {
    expect(await observe(observer, '', 200)).toEqual([]);
    await observe(observer, `/${coopA}/funds?period=${month}`, 404);
    await t.http().get(url(coopA, 'funds')).set(bearer(observer)).expect(404);
  });

  it('lets only an admin (or the operator) grant, and every member list the grants', async () => {
    expect((await grant(inA.officer, { organisationId: observerOrg, views: ['benefit_sharing_funds'], validFrom: today })).status).toBe(403);
    expect((await grant(inA.auditor, { organisationId: observerOrg, views: ['benefit_sharing_funds'], validFrom: today })).status).toBe(403);
    const created = await grant(inA.admin, { organisationId: observerOrg, views: ['benefit_sharing_funds', 'incident_statistics'], validFrom: today }).expect(201);
    grantId = created.body.id as string;
    expect(created.body).toEqual(expect.objectContaining({ status: 'active', validFrom: today, validUntil: null, organisation: expect.objectContaining({ id: observerOrg, kind: 'ngo' }) }));
    for (const role of ['admin', 'officer', 'treasurer', 'auditor'] as const) {
      const list = await t.http().get(url(coopA, 'observer-grants')).set(bearer(inA[role])).expect(200);
      expect(list.body.map((row: { id: string }) => row.id)).toEqual([grantId]);
    }
    await t.http().get(url(coopA, 'observer-grants')).set(bearer(adminB)).expect(404);
    expect((await t.http().get(url(coopB, 'observer-grants')).set(bearer(adminB)).expect(200)).body).toEqual([]);
    const audit = await adminQuery<{ action: string }>(t.target.ownerUrl, `SELECT action FROM audit_log WHERE cooperative_id = $1 AND entity = 'observer_grant'`, [coopA]);
    expect(audit.map((row) => row.action)).toEqual(['observer_grant.grant']);
  });

  it('shows the observer the cooperative and exactly the views granted', async () => {
    const list = await observe(observer, '', 200);
    expect(list).toEqual([{ cooperative: expect.objectContaining({ id: coopA, name: 'Tujenge' }), views: ['benefit_sharing_funds', 'incident_statistics'], until: null }]);
    expect((await t.http().get('/api/v1/cooperatives').set(bearer(observer)).expect(200)).body.map((row: { id: string }) => row.id)).toEqual([coopA]);
    expect((await t.http().get('/api/v1/cooperatives').set(bearer(outsider)).expect(200)).body).toEqual([]);
    expect(await observe(outsider, '', 200)).toEqual([]);

    const funds = await observe(observer, `/${coopA}/funds?period=${month}`, 200);
    const fund = (funds.funds as { fundCode: string; balances: { balanceMinor: number }[]; sections: { creditedMinor: number; spentMinor: number }[]; spending: { purpose: string }[] }[])
      .find((line) => line.fundCode === FUND);
    expect(fund?.sections[0].spentMinor).toBe(500);
    expect(fund?.sections[0].creditedMinor).toBeGreaterThan(0);
    expect(fund?.balances[0].balanceMinor).toBe((fund?.sections[0].creditedMinor ?? 0) - 500);
    expect(fund?.spending).toEqual([expect.objectContaining({ purpose: 'Toiture école Kapata', amountMinor: 500, approvedOn: today })]);

    const incidents = await observe(observer, `/${coopA}/incident-statistics?period=${month}`, 200);
    expect(incidents).toEqual(expect.objectContaining({ flagsRaised: 1, childLabourCasesByState: { identified: 1 } }));
    const refused = await observe(observer, `/${coopA}/regulator-report?period=${month}`, 403);
    expect(refused.code).toBe('OBSERVATION_VIEW_NOT_GRANTED');

    // Nothing else of the cooperative, and nothing of another one.
    for (const path of ['funds', 'miners', 'child-labour-cases', 'risk-flags', 'reports', 'observer-grants']) {
      await t.http().get(url(coopA, path)).set(bearer(observer)).expect(403);
    }
    await observe(observer, `/${coopB}/funds?period=${month}`, 404);
    await observe(outsider, `/${coopA}/funds?period=${month}`, 404);
  });

  it('adds the regulator report’s figures with a second grant, ending on a date', async () => {
    await grant(inA.admin, { organisationId: observerOrg, views: ['regulator_report', 'standard_assessments'], validFrom: today, validUntil: addDays(today, 30) }).expect(201);
    const report = await observe(observer, `/${coopA}/regulator-report?period=${month}`, 200);
    expect(report).toEqual(expect.objectContaining({ version: 1, period: expect.objectContaining({ key: month }) }));
    expect((report.members as { total: number }).total).toBe(1);
    expect((report.risks as { childLabourCases: { openedInPeriod: number } }).childLabourCases.openedInPeriod).toBe(1);
    await observe(observer, `/${coopA}/regulator-report?period=2001-01`, 404);
    const [listed] = (await observe(observer, '', 200)) as unknown as { views: string[]; until: string | null }[];
    expect(listed.views).toEqual(['benefit_sharing_funds', 'regulator_report', 'incident_statistics', 'standard_assessments']);
    expect(listed.until).toBeNull();
  });

  it('answers bad input with problem+json in French and English', async () => {
    for (const [language, pattern] of [['fr', /vue|view|views/i], ['en', /views/]] as const) {
      const response = await grant(inA.admin, { organisationId: observerOrg, views: ['miners'], validFrom: today }).set('Accept-Language', language).expect(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(response.body)).toMatch(pattern);
    }
    const reversed = await grant(inA.admin, { organisationId: observerOrg, views: ['regulator_report'], validFrom: today, validUntil: addDays(today, -1) }).set('Accept-Language', 'en').expect(422);
    expect(reversed.body).toEqual(expect.objectContaining({ code: 'OBSERVER_GRANT_DATES_REVERSED', detail: expect.stringContaining('ends') }));
    const reversedFr = await grant(inA.admin, { organisationId: observerOrg, views: ['regulator_report'], validFrom: today, validUntil: addDays(today, -1) }).set('Accept-Language', 'fr').expect(422);
    expect(reversedFr.body.detail).toContain('termine');
    const unknown = await grant(inA.admin, { organisationId: '3f1f0b0e-8a51-4c55-9d7e-0d8e5ab0c0de', views: ['regulator_report'], validFrom: today }).expect(422);
    expect(unknown.body.code).toBe('ORGANISATION_NOT_FOUND');
    const partnerOrg = await createOrganisation(t, operator, 'Maison Kwetu', 'child_protection_partner');
    expect((await grant(inA.admin, { organisationId: partnerOrg, views: ['regulator_report'], validFrom: today }).expect(422)).body.code).toBe('ORGANISATION_NOT_OBSERVER');
    expect((await observe(observer, `/${coopA}/funds?period=2026-13`, 422)).code).toBe('REPORT_PERIOD_INVALID');
    await observe(observer, `/${coopA}/funds`, 400);
  });

  it('takes the access away on revocation, at once', async () => {
    await t.http().post(url(coopA, `observer-grants/${grantId}/revoke`)).set(bearer(inA.officer)).send({ reason: 'fin du projet' }).expect(403);
    const revoked = await t.http().post(url(coopA, `observer-grants/${grantId}/revoke`)).set(bearer(inA.admin)).send({ reason: 'Fin du projet' }).expect(200);
    expect(revoked.body).toEqual(expect.objectContaining({ status: 'revoked', revokeReason: 'Fin du projet' }));
    await t.http().post(url(coopA, `observer-grants/${grantId}/revoke`)).set(bearer(inA.admin)).send({ reason: 'encore' }).expect(409);
    expect((await observe(observer, `/${coopA}/funds?period=${month}`, 403)).code).toBe('OBSERVATION_VIEW_NOT_GRANTED');
    const [listed] = (await observe(observer, '', 200)) as unknown as { views: string[] }[];
    expect(listed.views).toEqual(['regulator_report', 'standard_assessments']);
  });

  it('takes the access away when the last grant is past its end date', async () => {
    await adminQuery(t.target.ownerUrl, `UPDATE observer_grants SET valid_from = $2, valid_until = $3 WHERE cooperative_id = $1 AND revoked_at IS NULL`, [coopA, addDays(today, -30), addDays(today, -1)]);
    await observe(observer, `/${coopA}/regulator-report?period=${month}`, 404);
    expect(await observe(observer, '', 200)).toEqual([]);
    expect((await t.http().get('/api/v1/cooperatives').set(bearer(observer)).expect(200)).body).toEqual([]);
    const list = await t.http().get(url(coopA, 'observer-grants')).set(bearer(inA.auditor)).expect(200);
    expect(list.body.map((row: { status: string }) => row.status).sort()).toEqual(['expired', 'revoked']);
  });

  it('publishes the benefit-sharing statement only once the admin opts in, with no login', async () => {
    expect((await publicStatement(coopA, month).expect(404)).body.code).toBe('BENEFIT_STATEMENT_NOT_FOUND');
    await t.http().put(url(coopA, 'public-benefit-statement')).set(bearer(inA.officer)).send({ published: true }).expect(403);
    await t.http().put(url(coopA, 'public-benefit-statement')).set(bearer(inA.admin)).send({ published: true }).expect(200);
    expect((await t.http().get(url(coopA, 'public-benefit-statement')).set(bearer(inA.treasurer)).expect(200)).body.published).toBe(true);

    const statement = await publicStatement(coopA, month).expect(200);
    answered.push(statement.body);
    const [fund] = statement.body.funds as { fundCode: string; receivedMinor: number; purchases: number; spentMinor: number; spending: { purpose: string; amountMinor: number }[] }[];
    expect(fund).toEqual(expect.objectContaining({ fundCode: FUND, currency: 'USD', purchases: 2, spentMinor: 500, spending: [{ purpose: 'Toiture école Kapata', count: 1, amountMinor: 500 }] }));
    expect(fund.receivedMinor).toBeGreaterThan(0);
    expect(statement.body.cooperative).toEqual({ id: coopA, name: 'Tujenge', country: 'CD', province: 'Lualaba' });
    expect((await publicStatement(coopA, '2001').expect(200)).body.funds).toEqual([]);

    const english = await binaryBody(t.http().get(`/api/v1/public/cooperatives/${coopA}/benefit-sharing.pdf?period=${month}`).set('Accept-Language', 'en')).expect(200);
    expect(english.headers['content-type']).toContain('application/pdf');
    const englishText = plainSpaces(await pdfText(english.body as Buffer));
    expect(englishText).toContain('Benefit-sharing statement');
    expect(englishText).toContain('Toiture école Kapata');
    expect(englishText).toContain('5.00');
    const french = plainSpaces(await pdfText((await binaryBody(t.http().get(`/api/v1/public/cooperatives/${coopA}/benefit-sharing.pdf?period=${month}`).set('Accept-Language', 'fr')).expect(200)).body as Buffer));
    expect(french).toContain('Relevé du partage des bénéfices');
    expect(french).toContain('5,00');
    answered.push(englishText, french);
  });

  it('answers 404 for a cooperative that does not publish or does not exist, and refuses bad input', async () => {
    await publicStatement(coopB, month).expect(404);
    await publicStatement('3f1f0b0e-8a51-4c55-9d7e-0d8e5ab0c0de', month).expect(404);
    await publicStatement('not-a-uuid', month).expect(400);
    const bad = await publicStatement(coopA, 'soon').set('Accept-Language', 'en').expect(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    await t.http().get(`/api/v1/public/cooperatives/${coopA}/benefit-sharing?period=${month}&extra=1`).expect(400);
    await t.http().put(url(coopA, 'public-benefit-statement')).set(bearer(inA.admin)).send({ published: false }).expect(200);
    await publicStatement(coopA, month).expect(404);
  });

  it('never answered an observer or the public anything personal', () => {
    const text = JSON.stringify(answered);
    for (const secret of [SELLER.firstName, SELLER.lastName, SELLER.idDocumentNumber, SELLER.phone, 'CEA-OBS-1', sellerId, CHILD_NAME, 'Mwenze', GUARDIAN_PHONE, inA.officer.userId, inA.admin.userId]) {
      expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
    }
    for (const key of ['"firstName"', '"lastName"', '"phone"', '"idDocumentNumber"', '"child"', '"guardian"', '"recordedBy"', '"approvedBy"', '"description"']) {
      expect({ key, found: text.includes(key) }).toEqual({ key, found: false });
    }
  });

  it('lets the platform operator grant in any cooperative, and the grant reaches that cooperative only', async () => {
    const outsiderOrg = (await t.http().get('/api/v1/organisations').set(bearer(inA.auditor)).expect(200)).body.find((row: { name: string }) => row.name === 'Programme AFA').id as string;
    await grant(operator, { organisationId: outsiderOrg, views: ['benefit_sharing_funds'], validFrom: today }, coopB).expect(201);
    expect(((await observe(outsider, '', 200)) as unknown as { cooperative: { id: string } }[]).map((row) => row.cooperative.id)).toEqual([coopB]);
    expect((await observe(outsider, `/${coopB}/funds?period=${month}`, 200)).funds).toEqual([]);
    await observe(outsider, `/${coopA}/funds?period=${month}`, 404);
    const listed = await t.http().get(url(coopB, 'observer-grants')).set(bearer(adminB)).expect(200);
    expect(listed.body.map((row: { organisation: { name: string }; grantedBy: string }) => [row.organisation.name, row.grantedBy])).toEqual([['Programme AFA', operator.userId]]);
  });

  it('lets the operator grant every cooperative of a province at once, one grant each', async () => {
    const outsiderOrg = (await t.http().get('/api/v1/organisations').set(bearer(operator)).expect(200)).body.find((row: { name: string }) => row.name === 'Programme AFA').id as string;
    const elsewhere = await createCooperative(t, operator, 'Haut-Katanga Mines', 'Haut-Katanga');
    const body = { organisationId: outsiderOrg, views: ['incident_statistics'], country: 'cd', province: 'Lualaba', validFrom: today };
    await t.http().post('/api/v1/observer-grants/by-province').set(bearer(inA.admin)).send(body).expect(403);
    const granted = await t.http().post('/api/v1/observer-grants/by-province').set(bearer(operator)).send(body).expect(201);
    expect(granted.body).toHaveLength(2);
    const reached = ((await observe(outsider, '', 200)) as unknown as { cooperative: { id: string }; views: string[] }[]).map((row) => [row.cooperative.id, row.views]);
    expect(reached).toEqual([[coopA, ['incident_statistics']], [coopB, ['benefit_sharing_funds', 'incident_statistics']]]);
    await observe(outsider, `/${elsewhere}/incident-statistics?period=${month}`, 404);
    const inCoopA = await t.http().get(url(coopA, 'observer-grants')).set(bearer(inA.auditor)).expect(200);
    expect(inCoopA.body.filter((row: { grantedBy: string }) => row.grantedBy === operator.userId)).toHaveLength(1);
    const empty = await t.http().post('/api/v1/observer-grants/by-province').set(bearer(operator)).set('Accept-Language', 'en').send({ ...body, province: 'Kwango' }).expect(422);
    expect(empty.body.code).toBe('PROVINCE_HAS_NO_COOPERATIVE');
  });

  it('limits the public statement per address, without a login to count on', async () => {
    let last = 0;
    for (let attempt = 0; attempt < 40 && last !== 429; attempt += 1) last = (await publicStatement(coopB, month)).status;
    expect(last).toBe(429);
    const limited = await publicStatement(coopA, month).set('Accept-Language', 'fr').expect(429);
    expect(limited.body).toEqual(expect.objectContaining({ code: 'PUBLIC_RATE_LIMITED', detail: expect.stringContaining('Trop de demandes') }));
  });
});
