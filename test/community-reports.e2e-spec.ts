import { randomUUID } from 'node:crypto';
import { CommunityReportsService } from '../src/risk/community/community-reports.service.js';
import { answerHash, leadingZeroBits, solveChallenge } from '../src/risk/community/rules/public-form-guard.js';
import { bearer, twoCooperatives, type Session } from './support/identity-fixture.js';
import { createOrganisation } from './support/organisation-fixture.js';
import { seedSite } from './support/site-fixture.js';
import { startLoggedTestApp, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';

const FORM = '/api/v1/public/incident-reports';
const BITS = 8;
const LIMIT = 3;

describe('community incident reports', () => {
  let t: TestApp & { readonly lines: string[] };
  let coopA: string;
  let coopB: string;
  let officer: Session;
  let siteA: string;
  let siteB: string;
  let operator: Session;
  let addressCounter = 0;
  /** Each test sends from its own address (TRUST_PROXY=loopback believes X-Forwarded-For), so the limit of one never bites another. */
  const freshAddress = (): string => `198.51.100.${(addressCounter += 1)}`;

  beforeAll(async () => {
    t = await startLoggedTestApp({ TRUST_PROXY: 'loopback', INCIDENT_REPORT_CHALLENGE_BITS: String(BITS), INCIDENT_REPORTS_PER_HOUR: String(LIMIT) });
    const two = await twoCooperatives(t);
    ({ coopA, coopB, operator } = two);
    officer = two.inA.officer;
    siteA = await seedSite(t, coopA, randomUUID());
    siteB = await seedSite(t, coopB, randomUUID());
  });
  afterAll(async () => {
    await t.close();
  });

  const owner = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => adminQuery<T>(t.target.ownerUrl, sql, params);

  async function solved(address: string): Promise<{ challenge: string; nonce: string }> {
    const response = await t.http().get(`${FORM}/challenge`).set('X-Forwarded-For', address).expect(200);
    expect(response.body).toMatchObject({ challenge: expect.any(String), difficultyBits: BITS, expiresAt: expect.any(String) });
    return { challenge: response.body.challenge, nonce: solveChallenge(response.body.challenge, BITS) };
  }

  const report = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    cooperativeId: coopA,
    category: 'water_pollution',
    siteId: siteA,
    description: 'La rivière Dilala est boueuse et sent le mercure depuis trois jours',
    seenOn: '2026-01-15',
    ...overrides,
  });

  const send = (address: string, body: Record<string, unknown>, language = 'fr') =>
    t.http().post(FORM).set('X-Forwarded-For', address).set('Accept-Language', language).send(body);

  it('stores an anonymous report and its flag, marked community_report, with no trace of the sender anywhere', async () => {
    const address = freshAddress();
    const requestId = `community-${randomUUID().slice(0, 8)}`;
    const answer = await t.http().post(FORM).set('X-Forwarded-For', address).set('X-Request-Id', requestId).set('User-Agent', 'ReporterPhone/1.0')
      .send(report({ ...(await solved(address)), location: { latitudeE6: -10712345, longitudeE6: 25468000 } })).expect(202);
    expect(answer.body).toEqual({ status: 'received' });

    const [stored] = await owner('SELECT * FROM incident_reports WHERE cooperative_id = $1', [coopA]);
    expect(stored).toMatchObject({
      category: 'water_pollution', site_id: siteA, latitude_e6: -10712345, longitude_e6: 25468000, reporter_kind: 'anonymous',
      observer_organisation_id: null, reporter_user_id: null,
    });
    const [flag] = await owner<{ id: string } & Record<string, unknown>>('SELECT * FROM risk_flags WHERE cooperative_id = $1 AND id = $2', [coopA, stored.risk_flag_id]);
    expect(flag).toMatchObject({
      source: 'community_report', source_type: 'incident_report', source_id: stored.id, category: 'environmental_damage', severity: 'high',
      anonymous: true, reporter_user_id: null, site_id: siteA, description: report().description,
    });
    const audit = await owner('SELECT action, actor_user_id, request_id FROM audit_log WHERE entity_id IN ($1, $2) ORDER BY id', [stored.id, flag.id]);
    expect(audit).toEqual([
      { action: 'risk_flag.raised', actor_user_id: null, request_id: null },
      { action: 'incident_report.received', actor_user_id: null, request_id: null },
    ]);
    // Nothing anywhere holds the address, the user agent or the request id.
    const everything = JSON.stringify([stored, flag, await owner('SELECT * FROM audit_log WHERE entity_id IN ($1, $2)', [stored.id, flag.id]), await owner('SELECT * FROM public_form_throttle')]);
    for (const trace of [address, 'ReporterPhone', requestId]) expect(everything).not.toContain(trace);
    expect(await owner('SELECT address_key FROM public_form_throttle')).toEqual([{ address_key: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(await owner(`SELECT 1 FROM idempotency_keys WHERE path LIKE '%incident-reports%'`)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const requestLines = (): string[] => t.lines.filter((line) => line.includes('"req"'));
    expect(requestLines().filter((line) => line.includes(address) || line.includes(requestId) || line.includes('incident-reports'))).toEqual([]);

    // The cooperative sees the flag with its source, never a reporter; that request is logged like every other.
    const seen = await t.http().get(`/api/v1/cooperatives/${coopA}/risk-flags/${flag.id}`).set(bearer(officer)).expect(200);
    expect(seen.body).toMatchObject({ source: 'community_report', sourceType: 'incident_report', anonymous: true, reporterUserId: null });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requestLines().filter((line) => line.includes(`/risk-flags/${flag.id}`))).toHaveLength(1);
  });

  it('refuses a report without a challenge, with an unsolved or altered one, and a second report with the same one', async () => {
    const address = freshAddress();
    const missing = await send(address, report()).expect(400);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    const { challenge, nonce } = await solved(address);
    const wrongNonce = Array.from({ length: 100 }, (_, n) => `w${n}`).find((candidate) => leadingZeroBits(answerHash(challenge, candidate)) < BITS) as string;
    const unsolved = await send(address, report({ challenge, nonce: wrongNonce })).expect(422);
    expect(unsolved.body.code).toBe('INCIDENT_CHALLENGE_INVALID');
    const altered = await send(address, report({ challenge: challenge.replace(/^./, (c) => (c === 'e' ? 'f' : 'e')), nonce }), 'en').expect(422);
    expect(altered.body).toMatchObject({ code: 'INCIDENT_CHALLENGE_INVALID', detail: expect.stringMatching(/^The anti-spam challenge/) });
    const before = await owner<{ n: number }>('SELECT count(*)::int AS n FROM incident_reports');
    await send(address, report({ challenge, nonce })).expect(202);
    const reused = await send(address, report({ challenge, nonce, category: 'armed_presence' })).expect(409);
    expect(reused.body).toMatchObject({ code: 'INCIDENT_CHALLENGE_USED', detail: expect.stringMatching(/^Ce défi anti-spam a déjà servi/) });
    expect((await owner<{ n: number }>('SELECT count(*)::int AS n FROM incident_reports'))[0].n).toBe(before[0].n + 1);
  });

  it('counts reports per address across requests and refuses past the limit, in French and English', async () => {
    const address = freshAddress();
    for (let sent = 0; sent < LIMIT - 1; sent += 1) await send(address, report(await solved(address))).expect(202);
    // A refused report counts too: the limit is on what is sent.
    await send(address, report({ ...(await solved(address)), siteId: siteB })).expect(422);
    const over = await send(address, report(await solved(address))).expect(429);
    expect(over.body).toMatchObject({ code: 'INCIDENT_REPORTS_THROTTLED', detail: expect.stringMatching(/^Trop de signalements/) });
    const overEn = await send(address, report(await solved(address)), 'en').expect(429);
    expect(overEn.body.detail).toMatch(/^Too many reports from this connection/);
    const other = freshAddress();
    await send(other, report(await solved(other))).expect(202);
  });

  it('answers a robot that fills the honeypot as usual and keeps nothing', async () => {
    const address = freshAddress();
    const before = await owner<{ n: number }>('SELECT count(*)::int AS n FROM incident_reports');
    const answer = await send(address, report({ ...(await solved(address)), website: 'http://spam.example' })).expect(202);
    expect(answer.body).toEqual({ status: 'received' });
    expect(await owner<{ n: number }>('SELECT count(*)::int AS n FROM incident_reports')).toEqual(before);
  });

  it('refuses bad reports with worded problems in French and English', async () => {
    const address = freshAddress();
    const unknownCategory = await send(address, report({ ...(await solved(address)), category: 'alien_landing' }), 'en').expect(400);
    expect(unknownCategory.body.errors).toEqual([expect.objectContaining({ field: 'category' })]);
    const nowhere = await send(address, report({ ...(await solved(address)), siteId: undefined }), 'fr').expect(422);
    expect(nowhere.body).toMatchObject({ code: 'INCIDENT_LOCATION_REQUIRED', detail: expect.stringMatching(/^Indiquez où/) });
    const nowhereEn = await send(address, report({ ...(await solved(address)), siteId: undefined }), 'en').expect(422);
    expect(nowhereEn.body.detail).toMatch(/^Say where the incident was seen/);
  });

  it('refuses an unknown cooperative, another cooperative’s site and a date in the future', async () => {
    const address = freshAddress();
    const unknown = await send(address, report({ ...(await solved(address)), cooperativeId: randomUUID(), siteId: undefined, location: { latitudeE6: 1, longitudeE6: 2 } })).expect(404);
    expect(unknown.body.code).toBe('COOPERATIVE_NOT_FOUND');
    const foreignSite = await send(address, report({ ...(await solved(address)), siteId: siteB })).expect(422);
    expect(foreignSite.body.code).toBe('SITE_REFERENCE_UNKNOWN');
    const other = freshAddress();
    const future = await send(other, report({ ...(await solved(other)), seenOn: '2999-01-01' }), 'en').expect(422);
    expect(future.body).toMatchObject({ code: 'INCIDENT_SEEN_IN_FUTURE', detail: expect.stringMatching(/^The date seen \(2999-01-01\)/) });
  });

  it('logs nothing of a body that fails to parse on the form', async () => {
    const address = freshAddress();
    await t.http().post(FORM).set('X-Forwarded-For', address).set('Content-Type', 'application/json').send('{"cooperativeId": ').expect(400);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(t.lines.filter((line) => line.includes(address))).toEqual([]);
  });

  it('records a community monitor’s organisation through the same use case, the flag naming the monitor', async () => {
    const organisationId = await createOrganisation(t, operator, 'Coalition de la société civile', 'coalition_member');
    const service = t.app.get(CommunityReportsService);
    await service.report({ kind: 'monitor', organisationId, userId: officer.userId, requestId: 'monitor-request-1' }, {
      cooperativeId: coopA, category: 'child_labour_seen', siteId: siteA, description: 'Deux enfants au lavage', seenOn: '2026-01-20',
    });
    const [stored] = await owner('SELECT * FROM incident_reports WHERE observer_organisation_id = $1', [organisationId]);
    expect(stored).toMatchObject({ reporter_kind: 'monitor', reporter_user_id: officer.userId, category: 'child_labour_seen' });
    const [flag] = await owner('SELECT source, category, severity, anonymous, reporter_user_id FROM risk_flags WHERE id = $1', [stored.risk_flag_id]);
    expect(flag).toEqual({ source: 'community_report', category: 'worst_forms_child_labour', severity: 'critical', anonymous: false, reporter_user_id: officer.userId });
    const audit = await owner('SELECT actor_user_id, request_id FROM audit_log WHERE entity_id = $1', [stored.id]);
    expect(audit).toEqual([{ actor_user_id: officer.userId, request_id: 'monitor-request-1' }]);
  });
});
