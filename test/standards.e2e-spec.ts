import { randomUUID } from 'node:crypto';
import { addDays } from '../src/common/calendar-date.js';
import { bearer, twoCooperatives, type Session } from './support/identity-fixture.js';
import { binaryBody, pdfText } from './support/pdf-text.js';
import { seedSite } from './support/site-fixture.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF shaft photo'), Buffer.from([0xff, 0xd9])]);

/** CRAFT 2.0's 13 criteria, all met unless overridden. */
const CRAFT = [
  'craft.legitimacy.registered', 'craft.legitimacy.site_known', 'craft.legitimacy.members_listed', 'craft.abuses.no_worst_child_labour',
  'craft.abuses.no_forced_labour', 'craft.abuses.no_armed_groups', 'craft.mitigation.no_bribery', 'craft.mitigation.taxes_paid',
  'craft.mitigation.records_kept', 'craft.mitigation.ppe', 'craft.mitigation.pit_safety', 'craft.mitigation.no_mercury', 'craft.mitigation.rehabilitation',
];

type Answer = { criterionId: string; result: string; note?: string; correctiveAction?: Record<string, unknown> };

function answers(overrides: Record<string, Partial<Omit<Answer, 'criterionId'>>>): Answer[] {
  return CRAFT.map((criterionId) => ({ criterionId, result: 'met', ...overrides[criterionId] }));
}

interface Criterion {
  criterionId: string; result: string; failedTwiceInARow: boolean; previousResult: string | null; evidence: unknown[];
  correctiveAction: { id: string; flagId: string; status: string; ownerUserId: string; dueOn: string } | null;
  previousActions: { id: string; status: string; note: string | null }[];
}

describe('standards and site self-assessment', () => {
  let t: TestApp;
  let coopA: string;
  let coopB: string;
  let admin: Session;
  let officer: Session;
  let treasurer: Session;
  let auditor: Session;
  let adminB: Session;
  let supervisor: Session;
  let siteA: string;
  let siteB: string;
  let base: string;
  const today = new Date().toISOString().slice(0, 10);
  const firstOn = addDays(today, -40);
  const secondOn = addDays(today, -5);
  let first: { id: string; criteria: Criterion[] };
  let second: { id: string; criteria: Criterion[] };

  beforeAll(async () => {
    t = await startTestApp();
    ({ coopA, coopB, inA: { admin, officer, treasurer, auditor }, adminB, lualabaSupervisor: supervisor } = await twoCooperatives(t, { supervisor: true }));
    siteA = await seedSite(t, coopA, randomUUID());
    siteB = await seedSite(t, coopB, randomUUID());
    base = `/api/v1/cooperatives/${coopA}/sites/${siteA}/assessments`;
  });
  afterAll(async () => {
    await t.close();
  });

  const criterion = (body: { criteria: Criterion[] }, id: string): Criterion => {
    const found = body.criteria.find((candidate) => candidate.criterionId === id);
    if (!found) throw new Error(`no ${id}`);
    return found;
  };

  it('lists the standards and shows one with its criteria, levels and licence note', async () => {
    const list = await t.http().get('/api/v1/standards').set(bearer(treasurer)).expect(200);
    expect(list.body.map((standard: { id: string; version: string }) => `${standard.id} ${standard.version}`)).toEqual(['craft 2.0', 'egc 1.0', 'maendeleo 1.0']);
    const craft = await t.http().get('/api/v1/standards/craft').set(bearer(officer)).expect(200);
    expect(craft.body).toMatchObject({ id: 'craft', version: '2.0', versions: ['2.0'], criteriaCount: 13, levels: [{ id: 'entry' }, { id: 'progress_1' }, { id: 'progress_2' }] });
    expect(craft.body.licenceNote.en).toContain('own words');
    expect(craft.body.sections[1].requirements[0].criteria[0]).toMatchObject({ id: 'craft.abuses.no_worst_child_labour', level: 'entry', must: true });
    const missing = await t.http().get('/api/v1/standards/fairmined').set(bearer(officer)).set('Accept-Language', 'en').expect(404);
    expect(missing.body).toMatchObject({ code: 'STANDARD_NOT_FOUND', detail: 'No standard fairmined' });
    await t.http().get('/api/v1/standards/craft?version=9').set(bearer(officer)).expect(404);
  });

  it('records an assessment: scores without N/A, no level while an entry must fails, an action per failed must, evidence on a criterion', async () => {
    const response = await t.http().post(base).set(bearer(officer)).send({
      standardId: 'craft', assessedOn: firstOn, assessorName: 'ARM field team', correctiveActionDueOn: addDays(firstOn, 20),
      criteria: answers({
        'craft.abuses.no_forced_labour': { result: 'not_met', note: 'Dette envers le financeur' },
        'craft.mitigation.pit_safety': { result: 'not_met', correctiveAction: { ownerUserId: admin.userId, dueOn: addDays(firstOn, 10), description: 'Boiser le puits 3' } },
        'craft.mitigation.ppe': { result: 'not_met' },
        'craft.mitigation.rehabilitation': { result: 'not_applicable', note: 'Aucune zone épuisée' },
      }),
    }).expect(201);
    first = response.body;
    expect(response.body).toMatchObject({ standardId: 'craft', standardVersion: '2.0', assessedOn: firstOn, assessorUserId: officer.userId, scoreBp: 7500, levelReached: null, trend: 'first', previousAssessmentId: null });
    expect(response.body.sections.map((s: { sectionId: string; scoreBp: number | null; notApplicable: number }) => [s.sectionId, s.scoreBp, s.notApplicable])).toEqual([
      ['legitimacy', 10_000, 0], ['serious_abuses', 6667, 0], ['mitigation', 6667, 1],
    ]);
    const forced = criterion(first, 'craft.abuses.no_forced_labour');
    const pit = criterion(first, 'craft.mitigation.pit_safety');
    expect(forced.correctiveAction).toMatchObject({ status: 'open', ownerUserId: officer.userId, dueOn: addDays(firstOn, 20) });
    expect(pit.correctiveAction).toMatchObject({ status: 'open', ownerUserId: admin.userId, dueOn: addDays(firstOn, 10) });
    expect(criterion(first, 'craft.mitigation.ppe').correctiveAction).toBeNull();
    expect(forced.correctiveAction?.flagId).toBe(pit.correctiveAction?.flagId);

    const flag = await t.http().get(`/api/v1/cooperatives/${coopA}/risk-flags/${forced.correctiveAction?.flagId}`).set(bearer(officer)).expect(200);
    expect(flag.body).toMatchObject({ category: 'other', severity: 'high', source: 'standard_assessment', sourceType: 'site_assessment', sourceId: first.id, siteId: siteA });
    expect(flag.body.actions.map((a: { criterionId: string; assessmentId: string }) => [a.criterionId, a.assessmentId]).sort()).toEqual([
      ['craft.abuses.no_forced_labour', first.id], ['craft.mitigation.pit_safety', first.id],
    ]);

    const upload = await t.http().post(`${base}/${first.id}/criteria/craft.mitigation.pit_safety/evidence`).set(bearer(officer)).set('Content-Type', 'image/jpeg').set('X-File-Name', 'puits%203.jpg').send(JPEG).expect(201);
    expect(upload.body).toMatchObject({ criterionId: 'craft.mitigation.pit_safety', byteSize: JPEG.length, originalName: 'puits 3.jpg', uploadedBy: officer.userId });
    await t.http().post(`${base}/${first.id}/criteria/craft.mitigation.pit_safety/evidence`).set(bearer(officer)).set('Content-Type', 'application/pdf').send(JPEG).expect(422);
    await t.http().post(`${base}/${first.id}/criteria/craft.nothing/evidence`).set(bearer(officer)).set('Content-Type', 'image/jpeg').send(JPEG).expect(404);
    const file = await t.http().get(`${base}/${first.id}/criteria/craft.mitigation.pit_safety/evidence/${upload.body.id}`).set(bearer(auditor)).buffer(true).parse(binaryBody).expect(200);
    expect(Buffer.compare(file.body as Buffer, JPEG)).toBe(0);
    const detail = await t.http().get(`${base}/${first.id}`).set(bearer(auditor)).expect(200);
    expect(criterion(detail.body, 'craft.mitigation.pit_safety').evidence).toHaveLength(1);

    const audits = await adminQuery(t.target.ownerUrl, `SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [first.id]);
    expect(audits).toEqual([{ action: 'site_assessment.recorded' }]);
  });

  it('reports the assessed site, its level and its open actions to the regulator', async () => {
    const report = await t.http().post(`/api/v1/cooperatives/${coopA}/reports`).set(bearer(admin)).send({ periodFrom: firstOn, periodTo: firstOn }).expect(201);
    expect(report.body.content.standards).toEqual({
      sitesAssessed: 1,
      rows: [expect.objectContaining({ siteId: siteA, standardId: 'craft', standardVersion: '2.0', assessedOn: firstOn, scoreBp: 7500, levelReached: null, levelName: null, openActions: 2 })],
    });
    const pdf = await t.http().get(`/api/v1/cooperatives/${coopA}/reports/${report.body.id}.pdf`).set(bearer(admin)).buffer(true).parse(binaryBody).expect(200);
    const text = await pdfText(pdf.body as Buffer);
    expect(text).toContain('Évaluations des sites selon les normes');
    expect(text).toMatch(/craft 2\.0\s+\S+\s+75,00\s*%\s+aucun\s+2/);
    expect(text).toContain('1 site(s) évalué(s) sur la période');
  });

  it('re-assesses after the actions are closed: the closures show as evidence, a criterion failed twice is marked, the trend is up', async () => {
    for (const id of ['craft.abuses.no_forced_labour', 'craft.mitigation.pit_safety']) {
      const action = criterion(first, id).correctiveAction;
      await t.http().patch(`/api/v1/cooperatives/${coopA}/risk-flags/${action?.flagId}/actions/${action?.id}`).set(bearer(officer)).send({ status: 'done', note: 'Fait' }).expect(200);
    }
    const response = await t.http().post(base).set(bearer(admin)).send({
      standardId: 'craft', standardVersion: '2.0', assessedOn: secondOn,
      criteria: answers({ 'craft.mitigation.ppe': { result: 'not_met', note: 'Toujours sans casques' } }),
    }).expect(201);
    second = response.body;
    expect(response.body).toMatchObject({ scoreBp: 9231, levelReached: 'progress_2', trend: 'up', previousAssessmentId: first.id });
    expect(criterion(second, 'craft.mitigation.ppe')).toMatchObject({ failedTwiceInARow: true, previousResult: 'not_met', correctiveAction: null });
    expect(criterion(second, 'craft.abuses.no_forced_labour')).toMatchObject({
      failedTwiceInARow: false, previousResult: 'not_met', previousActions: [expect.objectContaining({ status: 'done', note: 'Fait' })],
    });

    const list = await t.http().get(base).set(bearer(supervisor)).expect(200);
    expect(list.body.items.map((a: { id: string; trend: string }) => [a.id, a.trend])).toEqual([[second.id, 'up'], [first.id, 'first']]);
    const paged = await t.http().get(`${base}?limit=1`).set(bearer(auditor)).expect(200);
    expect(paged.body.items.map((a: { id: string }) => a.id)).toEqual([second.id]);
    const next = await t.http().get(`${base}?limit=1&cursor=${encodeURIComponent(paged.body.nextCursor)}`).set(bearer(auditor)).expect(200);
    expect(next.body).toMatchObject({ items: [{ id: first.id, trend: 'first' }], nextCursor: null });

    const comparison = await t.http().get(`${base}/${second.id}/comparison?with=${first.id}`).set(bearer(auditor)).expect(200);
    expect(comparison.body).toMatchObject({ from: { id: first.id }, to: { id: second.id, trend: 'up' }, scoreDeltaBp: 1731 });
    const changes = Object.fromEntries(comparison.body.criteria.map((c: { criterionId: string; change: string }) => [c.criterionId, c.change]));
    expect(changes).toMatchObject({ 'craft.abuses.no_forced_labour': 'improved', 'craft.mitigation.ppe': 'unchanged', 'craft.mitigation.rehabilitation': 'improved', 'craft.legitimacy.registered': 'unchanged' });

    const report = await t.http().post(`/api/v1/cooperatives/${coopA}/reports`).set(bearer(admin)).send({ periodFrom: addDays(secondOn, -1), periodTo: secondOn }).expect(201);
    expect(report.body.content.standards.rows).toEqual([expect.objectContaining({ assessedOn: secondOn, levelReached: 'progress_2', levelName: { fr: 'Progrès, étape 2', en: 'Progress, stage 2' }, openActions: 0 })]);
  });

  it('renders the assessment as a PDF in French and English', async () => {
    const fr = await t.http().get(`${base}/${second.id}.pdf`).set(bearer(auditor)).buffer(true).parse(binaryBody).expect(200);
    expect(fr.headers['content-type']).toBe('application/pdf');
    const frText = await pdfText(fr.body as Buffer);
    expect(frText).toContain('Évaluation du site');
    expect(frText).toContain('Niveau atteint : Progrès, étape 2');
    expect(frText).toMatch(/non\s+rempli\s+deux\s+fois\s+de\s+suite/);
    expect(frText).toContain('propres mots');
    const en = await t.http().get(`${base}/${first.id}.pdf?lang=en`).set(bearer(officer)).buffer(true).parse(binaryBody).expect(200);
    const enText = await pdfText(en.body as Buffer);
    expect(enText).toContain('Site assessment');
    expect(enText).toContain('Level reached: none');
    expect(enText).toContain('corrective action due');
  });

  it('lets auditors and supervisors read only, and treasurers not at all', async () => {
    const body = { standardId: 'craft', assessedOn: secondOn, criteria: answers({}) };
    for (const session of [auditor, supervisor, treasurer]) await t.http().post(base).set(bearer(session)).send(body).expect(403);
    await t.http().get(base).set(bearer(treasurer)).expect(403);
    await t.http().get(`${base}/${first.id}`).set(bearer(treasurer)).expect(403);
    await t.http().get(`${base}/${first.id}.pdf`).set(bearer(treasurer)).expect(403);
    await t.http().post(`${base}/${first.id}/criteria/craft.mitigation.ppe/evidence`).set(bearer(auditor)).set('Content-Type', 'image/jpeg').send(JPEG).expect(403);
  });

  it('answers 404 to another cooperative, through its own routes or ours', async () => {
    await t.http().get(`${base}/${first.id}`).set(bearer(adminB)).expect(404);
    const bBase = `/api/v1/cooperatives/${coopB}/sites`;
    const site = await t.http().get(`${bBase}/${siteA}/assessments`).set(bearer(adminB)).expect(404);
    expect(site.body.code).toBe('SITE_NOT_FOUND');
    const assessment = await t.http().get(`${bBase}/${siteB}/assessments/${first.id}`).set(bearer(adminB)).expect(404);
    expect(assessment.body.code).toBe('ASSESSMENT_NOT_FOUND');
    await t.http().post(`${bBase}/${siteA}/assessments`).set(bearer(adminB)).send({ standardId: 'craft', assessedOn: secondOn, criteria: answers({}) }).expect(404);
  });

  it('refuses bad input with problem+json in French and English', async () => {
    const incomplete = await t.http().post(base).set(bearer(officer)).set('Accept-Language', 'fr').send({ standardId: 'craft', assessedOn: secondOn, criteria: answers({}).slice(1) }).expect(422);
    expect(incomplete.headers['content-type']).toContain('application/problem+json');
    expect(incomplete.body).toMatchObject({ code: 'CRITERIA_MISSING', detail: 'Chaque critère doit recevoir une réponse : 1 manquant(s), le premier craft.legitimacy.registered' });
    const noNote = await t.http().post(base).set(bearer(officer)).set('Accept-Language', 'en').send({ standardId: 'craft', assessedOn: secondOn, criteria: answers({ 'craft.mitigation.ppe': { result: 'not_applicable' } }) }).expect(422);
    expect(noNote.body).toMatchObject({ code: 'CRITERION_NOT_APPLICABLE_NOTE_REQUIRED', detail: 'Criterion craft.mitigation.ppe is marked not applicable: say why in a note' });
    const unexpected = await t.http().post(base).set(bearer(officer)).send({ standardId: 'craft', assessedOn: secondOn, criteria: answers({ 'craft.mitigation.ppe': { result: 'not_met', correctiveAction: { dueOn: secondOn } } }) }).expect(422);
    expect(unexpected.body.code).toBe('CORRECTIVE_ACTION_UNEXPECTED');
    const future = await t.http().post(base).set(bearer(officer)).send({ standardId: 'craft', assessedOn: addDays(today, 3), criteria: answers({}) }).expect(422);
    expect(future.body.code).toBe('ASSESSMENT_DATE_IN_FUTURE');
    await t.http().post(base).set(bearer(officer)).send({ standardId: 'craft', assessedOn: secondOn, criteria: answers({ 'craft.mitigation.ppe': { result: 'maybe' } }) }).expect(400);
    const extra = await t.http().post(base).set(bearer(officer)).set('Accept-Language', 'en').send({ standardId: 'craft', assessedOn: secondOn, criteria: answers({}), score: 100 }).expect(400);
    expect(extra.headers['content-type']).toContain('application/problem+json');
    const other = await t.http().get(`${base}/${first.id}/comparison?with=${randomUUID()}`).set(bearer(officer)).expect(404);
    expect(other.body.code).toBe('ASSESSMENT_NOT_FOUND');
    await t.http().get(`${base}/${first.id}/comparison`).set(bearer(officer)).expect(400);
    const unknownStandard = await t.http().post(base).set(bearer(officer)).send({ standardId: 'fairmined', assessedOn: secondOn, criteria: answers({}) }).expect(404);
    expect(unknownStandard.body.code).toBe('STANDARD_NOT_FOUND');
  });
});
