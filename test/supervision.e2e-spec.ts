import { startTestApp, type TestApp } from './support/test-app.js';
import { localDateIn } from '../src/common/time-zone.js';
import { adminQuery } from './support/test-database.js';
import { bearer, createCooperative, member, operatorSession, supervisor, type Session } from './support/identity-fixture.js';
import { binaryBody, pdfText } from './support/pdf-text.js';
import { addDays } from '../src/common/calendar-date.js';
import type { JobView } from '../src/jobs/dto/job.view.js';
import type { JurisdictionReport } from '../src/reports/rules/jurisdiction.js';
import type { RegulatorReport } from '../src/reports/report-content.js';
import { csvFiles, waitForJob } from './reports-support.js';
import { activeCardHolder, registerMiner } from './support/member-fixture.js';

interface JurisdictionBody { id: string; province: string; version: number; verificationCode: string; content: JurisdictionReport }

describe('jurisdiction-wide reports for supervisors', () => {
  let t: TestApp;
  let coopA: string;
  let coopB: string;
  let coopC: string;
  let adminA: Session;
  let adminB: Session;
  let lualaba: Session;
  let katanga: Session;
  let month: string;
  const reportsOf = async (coop: string, session: Session): Promise<RegulatorReport> =>
    ((await t.http().post(`/api/v1/cooperatives/${coop}/reports`).set(bearer(session)).send({ period: month }).expect(201)).body as { content: RegulatorReport }).content;

  async function miner(coop: string, officer: Session, sex: 'F' | 'M', today: string): Promise<string> {
    const registered = await registerMiner(t, officer, coop, { sex, dateOfBirth: '1991-06-01', ...activeCardHolder(addDays(today, -3)), cardExpiresOn: addDays(today, 360) });
    return registered.id;
  }

  async function buy(coop: string, officer: Session, sellerId: string, siteId: string, kg: string, tag: string): Promise<number> {
    const response = await t.http().post(`/api/v1/cooperatives/${coop}/purchases`).set(bearer(officer)).send({
      sellerId, siteId, mineral: 'HETEROGENITE', grossMass: { value: kg, unit: 'kg' }, netMass: { value: kg, unit: 'kg' }, gradePercent: '10', moisturePercent: '8',
      unitPriceMinor: 1000, priceBasis: 'per_unit_contained_metal', currency: 'USD', paymentMethod: 'cash', tagId: `TAG-JUR-${tag}`,
    }).expect(201);
    return response.body.amountMinor as number;
  }

  async function site(coop: string, admin: Session, code: string): Promise<string> {
    return ((await t.http().post(`/api/v1/cooperatives/${coop}/sites`).set(bearer(admin))
      .send({ name: `Site ${code}`, code, minerals: ['HETEROGENITE'], location: { latitudeE6: -10700000, longitudeE6: 25400000 } }).expect(201)).body as { id: string }).id;
  }

  beforeAll(async () => {
    t = await startTestApp();
    const operator = await operatorSession(t);
    coopA = await createCooperative(t, operator, 'Tujenge');
    coopB = await createCooperative(t, operator, 'Umoja');
    coopC = await createCooperative(t, operator, 'Kazi', 'Haut-Katanga');
    adminA = await member(t, operator, coopA, 'admin', 'ja');
    adminB = await member(t, operator, coopB, 'admin', 'jb');
    const adminC = await member(t, operator, coopC, 'admin', 'jc');
    const officerA = await member(t, operator, coopA, 'officer', 'ja');
    const officerB = await member(t, operator, coopB, 'officer', 'jb');
    const officerC = await member(t, operator, coopC, 'officer', 'jc');
    lualaba = await supervisor(t, operator, 'Lualaba', 'jlualaba');
    katanga = await supervisor(t, operator, 'Haut-Katanga', 'jkatanga');
    const today = localDateIn('Africa/Lubumbashi');
    month = today.slice(0, 7);

    const siteA = await site(coopA, adminA, 'ja-1');
    const siteB = await site(coopB, adminB, 'jb-1');
    const siteC = await site(coopC, adminC, 'jc-1');
    const a1 = await miner(coopA, officerA, 'F', today);
    await miner(coopA, officerA, 'M', today);
    const b1 = await miner(coopB, officerB, 'M', today);
    const c1 = await miner(coopC, officerC, 'F', today);
    await buy(coopA, officerA, a1, siteA, '10', 'a1');
    await buy(coopB, officerB, b1, siteB, '4', 'b1');
    await buy(coopB, officerB, b1, siteB, '6', 'b2');
    await buy(coopC, officerC, c1, siteC, '100', 'c1');
  }, 180_000);

  afterAll(async () => {
    await t.close();
  });

  it('aggregates the province\'s cooperatives as a job, one row each, equal to their own reports', async () => {
    const accepted = await t.http().post('/api/v1/supervision/reports').set(bearer(lualaba)).send({ province: 'Lualaba', period: month }).expect(202);
    const job = accepted.body as JobView;
    expect(job).toMatchObject({ kind: 'report.jurisdiction', cooperativeId: null, state: expect.stringMatching(/queued|running|succeeded/) });
    const done = await waitForJob(t, lualaba, job.id);
    // One unit per cooperative, plus storing.
    expect(done).toMatchObject({ state: 'succeeded', progress: { done: 3, total: 3, percent: 100 } });
    const href = (done.result as { href: string }).href;
    const report = (await t.http().get(href).set(bearer(lualaba)).expect(200)).body as JurisdictionBody;
    expect(report).toMatchObject({ province: 'Lualaba', version: 1 });

    const [ownA, ownB] = [await reportsOf(coopA, adminA), await reportsOf(coopB, adminB)];
    const c = report.content;
    expect(c.cooperatives.map((row) => row.name)).toEqual(['Tujenge', 'Umoja']);
    expect(c.cooperatives.map((row) => [row.id, row.members, row.purchases, row.netMassMg, row.purchaseValues, row.entries, row.ledgerVerified])).toEqual([
      [coopA, ownA.members.total, 1, 10_000_000, [{ key: 'USD', currency: 'USD', valueMinor: ownA.purchases.totals[0].valueMinor }], ownA.access.entries, true],
      [coopB, ownB.members.total, 2, 10_000_000, [{ key: 'USD', currency: 'USD', valueMinor: ownB.purchases.totals[0].valueMinor }], ownB.access.entries, true],
    ]);
    expect(c.totals).toMatchObject({ cooperatives: 2, members: 3, women: 1, men: 2, ledgersVerified: 2, ledgersFailed: 0 });
    expect(c.totals.purchasesByCurrency).toEqual([{
      key: 'USD', currency: 'USD', count: 3, netMassMg: 20_000_000, valueMinor: ownA.purchases.totals[0].valueMinor + ownB.purchases.totals[0].valueMinor,
    }]);
    expect(JSON.stringify(c)).not.toContain('Haut-Katanga');

    const pdf = await t.http().get(`${href}.pdf`).set(bearer(lualaba)).buffer(true).parse(binaryBody).expect(200);
    const text = (await pdfText(pdf.body as Buffer)).replace(/\s+/g, ' ');
    expect(text).toContain('Rapport de juridiction');
    expect(text).toContain('Province Lualaba, CD');
    expect(text).toContain(report.verificationCode);
    expect(text).toContain(`${((ownA.purchases.totals[0].valueMinor + ownB.purchases.totals[0].valueMinor) / 100).toFixed(2).replace('.', ',')} USD`);
    expect(text).toContain('Membres inscrits en fin de période 3');
    expect(text).toMatch(/Tujenge 2 1 10 /);
    expect(text).toMatch(/Page 1 \/ \d/);

    const zip = await t.http().get(`${href}.csv.zip`).set(bearer(lualaba)).buffer(true).parse(binaryBody).expect(200);
    const rows = csvFiles(zip.body as Buffer).get('cooperatives.csv') ?? [];
    expect(rows[0].slice(0, 4)).toEqual(['id', 'name', 'registrationNumber', 'members']);
    expect(rows.slice(1).map((row) => [row[1], row[3]])).toEqual([['Tujenge', '2'], ['Umoja', '1']]);
  });

  it('keeps supervisors to their own province and read-only towards the cooperatives', async () => {
    await t.http().post('/api/v1/supervision/reports').set(bearer(lualaba)).send({ province: 'Haut-Katanga', period: month }).expect(404);
    await t.http().post('/api/v1/supervision/reports').set(bearer(adminA)).send({ province: 'Lualaba', period: month }).expect(403);
    await t.http().post('/api/v1/supervision/reports').set(bearer(lualaba)).send({ province: 'Lualaba', period: '2026-13' }).expect(422);
    await t.http().post('/api/v1/supervision/reports').set(bearer(lualaba)).send({ province: 'Lualaba', period: month, extra: true }).expect(400);

    const katangaJob = (await t.http().post('/api/v1/supervision/reports').set(bearer(katanga)).send({ province: 'Haut-Katanga', period: month }).expect(202)).body as JobView;
    const katangaReport = (await waitForJob(t, katanga, katangaJob.id)).result as { reportId: string };
    await t.http().get(`/api/v1/jobs/${katangaJob.id}`).set(bearer(lualaba)).expect(404);
    await t.http().get(`/api/v1/supervision/reports/${katangaReport.reportId}`).set(bearer(lualaba)).expect(404);
    const listed = (await t.http().get('/api/v1/supervision/reports').set(bearer(lualaba)).expect(200)).body as JurisdictionBody[];
    expect(listed.map((row) => row.province)).toEqual(listed.map(() => 'Lualaba'));
    expect(listed.length).toBeGreaterThanOrEqual(1);
    const katangaOwn = (await t.http().get(`/api/v1/supervision/reports/${katangaReport.reportId}`).set(bearer(katanga)).expect(200)).body as JurisdictionBody;
    expect(katangaOwn.content.cooperatives.map((row) => row.id)).toEqual([coopC]);
    expect(katangaOwn.content.totals.purchasesByCurrency[0].netMassMg).toBe(100_000_000);

    // Generating wrote only the jurisdiction reports and the jobs: no cooperative report, no audit row, no change to them.
    const written = await adminQuery<{ count: string }>(t.target.ownerUrl, 'SELECT count(*)::text AS count FROM reports WHERE cooperative_id = $1', [coopC]);
    expect(written[0].count).toBe('0');
    await expect(adminQuery(t.target.ownerUrl, 'DELETE FROM jurisdiction_reports')).rejects.toThrow();
    // Supervisors still cannot write to a cooperative.
    await t.http().post(`/api/v1/cooperatives/${coopA}/reports`).set(bearer(lualaba)).send({ period: month }).expect(403);
  });

  it('versions a jurisdiction report when it is generated again', async () => {
    const job = (await t.http().post('/api/v1/supervision/reports').set(bearer(lualaba)).send({ province: 'Lualaba', country: 'CD', period: month }).expect(202)).body as JobView;
    const result = (await waitForJob(t, lualaba, job.id)).result as { version: number };
    expect(result.version).toBe(2);
  });
});
