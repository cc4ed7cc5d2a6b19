import { startTestApp, type TestApp } from './support/test-app.js';
import { localDateIn } from '../src/common/time-zone.js';
import { adminQuery } from './support/test-database.js';
import { bearer, createCooperative, member, operatorSession, supervisor, type Session } from './support/identity-fixture.js';
import { pdfText } from './support/pdf-text.js';
import { addDays } from '../src/common/calendar-date.js';
import type { RegulatorReport } from '../src/reports/report-content.js';

const TIMEZONE = 'Africa/Lubumbashi';
let counter = 0;

interface ReportBody {
  id: string;
  version: number;
  periodKey: string;
  contentHash: string;
  verificationCode: string;
  ledgerOk: boolean;
  changes: { path: string; before: unknown; after: unknown }[];
  content: RegulatorReport;
}

describe('regulator reports and supervision', () => {
  let t: TestApp;
  let operator: Session;
  let coopA: string;
  let coopB: string;
  let coopC: string;
  let admin: Session;
  let officer: Session;
  let auditor: Session;
  let treasurer: Session;
  let adminC: Session;
  let lualaba: Session;
  let today: string;
  let month: string;
  let siteId: string;
  let sellers: { id: string; memberNumber: string }[];
  const amounts: number[] = [];
  /** The fee lines of the purchases that stand in the period (the reversed one nets to nothing). */
  const feeLines: { fundCode: string; amountMinor: number }[] = [];

  const url = (coop: string, path: string): string => `/api/v1/cooperatives/${coop}/${path}`;

  async function registerMiner(coop: string, session: Session, sex: 'F' | 'M', card: { issuedOn: string; expiresOn: string }): Promise<{ id: string; memberNumber: string }> {
    counter += 1;
    const response = await t.http().post(url(coop, 'miners')).set(bearer(session)).send({
      firstName: `Rapport${String.fromCharCode(97 + counter)}`, lastName: `Membre${String.fromCharCode(97 + counter)}x`, sex, dateOfBirth: '1990-04-12',
      nationality: 'CD', idDocumentType: 'voter_card', idDocumentNumber: `REP-${counter}`, status: 'active',
      cardNumber: `CEA-R-${counter}`, cardIssuedOn: card.issuedOn, cardExpiresOn: card.expiresOn,
    }).expect(201);
    return { id: response.body.id as string, memberNumber: response.body.memberNumber as string };
  }

  async function buy(sellerId: string, netKg: string): Promise<{ id: string; amountMinor: number; fees: { fundCode: string; amountMinor: number }[] }> {
    counter += 1;
    const response = await t.http().post(url(coopA, 'purchases')).set(bearer(officer)).send({
      sellerId, siteId, mineral: 'HETEROGENITE', grossMass: { value: netKg, unit: 'kg' }, netMass: { value: netKg, unit: 'kg' },
      gradePercent: '10', moisturePercent: '8', unitPriceMinor: 1000, priceBasis: 'per_unit_contained_metal', currency: 'USD', paymentMethod: 'cash', tagId: `TAG-R-${counter}`,
    });
    if (response.status !== 201) throw new Error(JSON.stringify(response.body));
    return { id: response.body.id as string, amountMinor: response.body.amountMinor as number, fees: response.body.fees as { fundCode: string; amountMinor: number }[] };
  }

  const generate = async (session: Session, coop = coopA, body: Record<string, unknown> = { period: month }): Promise<ReportBody> =>
    (await t.http().post(url(coop, 'reports')).set(bearer(session)).send(body).expect(201)).body as ReportBody;

  beforeAll(async () => {
    t = await startTestApp();
    operator = await operatorSession(t);
    coopA = await createCooperative(t, operator, 'Tujenge');
    coopB = await createCooperative(t, operator, 'Umoja');
    coopC = await createCooperative(t, operator, 'Kazi', 'Haut-Katanga');
    admin = await member(t, operator, coopA, 'admin', 'a');
    officer = await member(t, operator, coopA, 'officer', 'a');
    auditor = await member(t, operator, coopA, 'auditor', 'a');
    treasurer = await member(t, operator, coopA, 'treasurer', 'a');
    adminC = await member(t, operator, coopC, 'admin', 'c');
    lualaba = await supervisor(t, operator, 'Lualaba', 'lualaba');
    today = localDateIn(TIMEZONE);
    month = today.slice(0, 7);

    siteId = ((await t.http().post(url(coopA, 'sites')).set(bearer(admin))
      .send({ name: 'Kasulo', code: 'kas-1', minerals: ['HETEROGENITE'], location: { latitudeE6: -10712345, longitudeE6: 25468000 } }).expect(201)).body as { id: string }).id;
    const zoneId = ((await t.http().post(url(coopA, `sites/${siteId}/zones`)).set(bearer(admin)).send({ name: 'Carrière' }).expect(201)).body as { id: string }).id;
    sellers = [
      await registerMiner(coopA, officer, 'F', { issuedOn: addDays(today, -20), expiresOn: addDays(today, 300) }),
      await registerMiner(coopA, officer, 'M', { issuedOn: addDays(today, -350), expiresOn: addDays(today, 10) }),
      await registerMiner(coopA, officer, 'M', { issuedOn: addDays(today, -5), expiresOn: addDays(today, 360) }),
    ];
    await registerMiner(coopB, await member(t, operator, coopB, 'officer', 'b'), 'M', { issuedOn: addDays(today, -5), expiresOn: addDays(today, 20) });

    const gate = (body: Record<string, unknown>) => t.http().post(url(coopA, `sites/${siteId}/gate`)).set(bearer(officer))
      .send({ capturedAt: new Date().toISOString(), zoneId, direction: 'in', ...body }).expect(201);
    await gate({ memberNumber: sellers[0].memberNumber });
    await gate({ unknownPerson: { description: 'garçon ~12 ans, t-shirt rouge', apparentMinor: true } });

    const feeRule = (body: Record<string, unknown>) => t.http().post(url(coopA, 'fee-rules')).set(bearer(admin)).send({ validFrom: addDays(today, -365), ...body }).expect(201);
    await feeRule({ ruleCode: 'PROVINCE', fundCode: 'PROVINCIAL_LEVY', kind: 'percent', rateBp: 100 });
    await feeRule({ ruleCode: 'DUES', fundCode: 'COOPERATIVE_DUES', kind: 'fixed', amountMinor: 50, currency: 'USD' });

    const first = await buy(sellers[0].id, '10');
    const second = await buy(sellers[1].id, '20');
    const reversed = await buy(sellers[2].id, '5');
    await t.http().post(url(coopA, `purchases/${reversed.id}/reversal`)).set(bearer(officer)).send({ reason: 'erreur de pesée' }).expect(201);
    amounts.push(first.amountMinor, second.amountMinor);
    feeLines.push(...first.fees, ...second.fees);

    await t.http().post(url(coopA, 'risk-flags')).set(bearer(officer)).send({ category: 'accident', severity: 'high', description: 'Éboulement mineur' }).expect(201);
  }, 180_000);

  afterAll(async () => {
    await t.close();
  });

  it('generates a report whose figures match the records, stored with its hash and an audit row', async () => {
    const report = await generate(admin);
    const c = report.content;
    expect(report).toMatchObject({ version: 1, periodKey: month, ledgerOk: true, changes: [] });
    expect(report.verificationCode).toBe(report.contentHash.slice(0, 12));
    expect(c.period).toEqual({ key: month, from: `${month}-01`, to: expect.stringMatching(new RegExp(`^${month}-(28|29|30|31)$`)) });
    expect(c.cooperative).toMatchObject({ id: coopA, name: 'Tujenge', province: 'Lualaba' });

    const total = amounts[0] + amounts[1];
    expect(c.purchases.totals).toEqual([{ key: 'USD', currency: 'USD', count: 2, netMassMg: 30_000_000, valueMinor: total }]);
    expect(c.purchases.rows).toEqual([expect.objectContaining({ siteId, siteName: 'Kasulo', mineral: 'HETEROGENITE', count: 2, netMassMg: 30_000_000, valueMinor: total })]);
    expect(c.purchases.reversals).toBe(1);

    expect(c.members).toMatchObject({ total: 3, bySex: { F: 1, M: 2 }, newInPeriod: 3, exitedInPeriod: 0 });
    expect(c.members.byAgeBand['25-34'] + c.members.byAgeBand['35-44']).toBe(3);
    // At the end of the month the card expiring in 10 days may already be expired; counted either way.
    expect(c.members.cards.valid + c.members.cards.expiring + c.members.cards.expired).toBe(3);
    expect(c.members.cards.none).toBe(0);

    expect(c.access).toMatchObject({ entries: 1, denials: 1, minorsTurnedAway: 1 });
    expect(Object.values(c.access.denialsByReason).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    expect(c.risks.flags).toEqual(expect.arrayContaining([expect.objectContaining({ category: 'accident', severity: 'high', opened: 1, closed: 0 })]));
    expect(c.risks.flags.find((row) => row.category === 'worst_forms_child_labour')).toMatchObject({ opened: 1 });
    expect(JSON.stringify(c)).not.toContain('garçon');
    expect(c.sales).toEqual({ rows: [] });
    // 1 % of each standing purchase and 50 cents each; the reversed purchase and its reversal cancel out.
    const levy = feeLines.filter((fee) => fee.fundCode === 'PROVINCIAL_LEVY').reduce((sum, fee) => sum + fee.amountMinor, 0);
    expect(levy).toBe(Math.round(amounts[0] / 100) + Math.round(amounts[1] / 100));
    expect(c.fees).toEqual({
      rows: [
        { key: 'COOPERATIVE_DUES|USD', fundCode: 'COOPERATIVE_DUES', currency: 'USD', amountMinor: 100, purchases: 2 },
        { key: 'PROVINCIAL_LEVY|USD', fundCode: 'PROVINCIAL_LEVY', currency: 'USD', amountMinor: levy, purchases: 2 },
      ],
    });

    const [head] = await adminQuery<{ last_hash: string; last_sequence: number }>(t.target.ownerUrl, 'SELECT last_hash, last_sequence FROM ledger_heads WHERE cooperative_id = $1', [coopA]);
    expect(c.ledger).toEqual({ headHash: head.last_hash, lastSequence: head.last_sequence, verified: true, problem: null });

    const [stored] = await adminQuery<{ content_hash: string }>(t.target.ownerUrl, 'SELECT content_hash FROM reports WHERE id = $1', [report.id]);
    expect(stored.content_hash).toBe(report.contentHash);
    const audit = await adminQuery<{ action: string }>(t.target.ownerUrl, "SELECT action FROM audit_log WHERE entity = 'report' AND entity_id = $1", [report.id]);
    expect(audit).toEqual([{ action: 'report.generated' }]);
    await expect(adminQuery(t.target.ownerUrl, 'UPDATE reports SET version = 9 WHERE id = $1', [report.id])).rejects.toThrow();

    const fetched = (await t.http().get(url(coopA, `reports/${report.id}`)).set(bearer(auditor)).expect(200)).body as ReportBody;
    expect(fetched.content).toEqual(c);
  });

  it('makes a new version after a late record and lists the figures that changed', async () => {
    const before = await generate(admin);
    const late = await buy(sellers[2].id, '1');
    const after = await generate(admin);
    expect(after.version).toBe(before.version + 1);
    expect(after.contentHash).not.toBe(before.contentHash);
    expect(after.changes).toEqual(expect.arrayContaining([
      { path: 'purchases.totals[USD].count', before: 2, after: 3 },
      { path: 'purchases.totals[USD].valueMinor', before: amounts[0] + amounts[1], after: amounts[0] + amounts[1] + late.amountMinor },
    ]));
    amounts.push(late.amountMinor);
    const listed = (await t.http().get(url(coopA, 'reports')).set(bearer(admin)).expect(200)).body as ReportBody[];
    expect(listed.map((row) => row.version).sort()).toEqual([1, 2, 3]);
    expect(listed[0]).not.toHaveProperty('content');
  });

  it('renders the report as a PDF in French by default and in English on request, with its figures', async () => {
    const report = await generate(admin);
    const total = amounts.reduce((a, b) => a + b, 0);
    const fr = await t.http().get(url(coopA, `reports/${report.id}.pdf`)).set(bearer(lualaba)).buffer(true).expect(200);
    expect(fr.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(fr.body as Buffer)).replace(/\s+/g, ' ');
    expect(text).toContain('Rapport d');
    expect(text).toContain('Tujenge');
    expect(text).toContain(report.verificationCode);
    expect(text).toContain(`${(total / 100).toFixed(2).replace('.', ',')} USD`);
    expect(text).toContain('Membres inscrits en fin de période 3');
    expect(text).toContain('Mineurs refoulés 1');
    expect(text).toContain('Redevances et cotisations');
    expect(text).toContain('Redevance provinciale (PROVINCIAL_LEVY) USD 3');
    expect(text).toMatch(/Page 1 \/ \d/);
    // Codes of the records are printed in words (issue 19, defect 6), and no word is cut across lines.
    expect(text).toContain('Hétérogénite');
    expect(text).toContain('Pires formes de travail des enfants critique 1');
    expect(text).toContain('Accident élevée 1');
    expect(text).not.toMatch(/Refus : [A-Z0-9_]{3,}/);
    expect(text).not.toMatch(/HETEROGENITE|worst_forms|labou r/);
    const en = await t.http().get(url(coopA, `reports/${report.id}.pdf?lang=en`)).set(bearer(admin)).buffer(true).expect(200);
    const english = (await pdfText(en.body as Buffer)).replace(/\s+/g, ' ');
    expect(english).toContain('Registered members at period end 3');
    expect(english).toContain(`${(total / 100).toFixed(2)} USD`);
    expect(english).toContain('Cooperative dues (COOPERATIVE_DUES) USD 3 1.50 USD');
    expect(english).toContain('Worst forms of child labour critical 1');
    expect(english).toContain('Heterogenite');
    expect(english).not.toMatch(/HETEROGENITE|worst_forms/);
  });

  it('validates periods', async () => {
    await t.http().post(url(coopA, 'reports')).set(bearer(admin)).send({ period: '2026-13' }).expect(422);
    await t.http().post(url(coopA, 'reports')).set(bearer(admin)).send({}).expect(422);
    await t.http().post(url(coopA, 'reports')).set(bearer(admin)).send({ periodFrom: '2026-03-01', periodTo: '2026-02-01' }).expect(422);
    await t.http().post(url(coopA, 'reports')).set(bearer(admin)).send({ period: '2026', extra: 1 }).expect(400);
    const dated = await generate(admin, coopA, { periodFrom: `${month}-01`, periodTo: today });
    expect(dated.periodKey).toBe(`${month}-01..${today}`);
    await t.http().get(url(coopA, 'reports/00000000-0000-4000-8000-000000000000')).set(bearer(admin)).expect(404);
  });

  it('lets supervisors read the cooperatives of their province only, never write', async () => {
    const listed = (await t.http().get('/api/v1/supervision/cooperatives?sort=openCritical').set(bearer(lualaba)).expect(200)).body as { id: string; openCriticalFlags: number; cardsExpiringIn30Days: number; lastReportAt: string | null; lastLedgerVerified: boolean | null }[];
    expect(listed.map((row) => row.id).sort()).toEqual([coopA, coopB].sort());
    const a = listed.find((row) => row.id === coopA);
    expect(a).toMatchObject({ openCriticalFlags: 1, cardsExpiringIn30Days: 1, lastLedgerVerified: true });
    expect(a?.lastReportAt).not.toBeNull();
    expect(listed.find((row) => row.id === coopB)).toMatchObject({ openCriticalFlags: 0, cardsExpiringIn30Days: 1, lastReportAt: null });
    expect(listed[0].id).toBe(coopA);
    await t.http().get('/api/v1/supervision/cooperatives?sort=bogus').set(bearer(lualaba)).expect(400);

    await t.http().post(url(coopA, 'reports')).set(bearer(lualaba)).send({ period: month }).expect(403);
    const reports = (await t.http().get(url(coopA, 'reports')).set(bearer(lualaba)).expect(200)).body as ReportBody[];
    const report = (await t.http().get(url(coopA, `reports/${reports[0].id}`)).set(bearer(lualaba)).expect(200)).body as ReportBody;
    expect(JSON.stringify(report)).not.toContain('garçon');
    await t.http().get(url(coopC, 'reports')).set(bearer(lualaba)).expect(404);
  });

  it('enforces roles and tenancy', async () => {
    await t.http().post(url(coopA, 'reports')).set(bearer(officer)).send({ period: month }).expect(403);
    // Auditors are read-only for the access guard: they read reports but cannot generate them.
    await t.http().post(url(coopA, 'reports')).set(bearer(auditor)).send({ period: month }).expect(403);
    await t.http().get(url(coopA, 'reports')).set(bearer(treasurer)).expect(403);
    await t.http().get(url(coopA, 'reports')).set(bearer(adminC)).expect(404);
    await t.http().post(url(coopA, 'reports')).set(bearer(adminC)).send({ period: month }).expect(404);
    await t.http().get('/api/v1/supervision/cooperatives').set(bearer(admin)).expect(403);
    await t.http().get('/api/v1/supervision/cooperatives').expect(401);
    const c = await generate(adminC, coopC);
    expect(c.content.purchases.totals).toEqual([]);
    expect(c.content.members.total).toBe(0);
  });
});
