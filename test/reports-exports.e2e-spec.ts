import { startTestApp, type TestApp } from './support/test-app.js';
import { localDateIn } from '../src/common/time-zone.js';
import { bearer, createCooperative, member, operatorSession, type Session } from './support/identity-fixture.js';
import { binaryBody, pdfText } from './support/pdf-text.js';
import { addDays } from '../src/common/calendar-date.js';
import type { RegulatorReport } from '../src/reports/report-content.js';
import type { JobView } from '../src/jobs/dto/job.view.js';
import { csvFiles, waitForJob } from './reports-support.js';

const TIMEZONE = 'Africa/Lubumbashi';

interface ReportBody { id: string; version: number; verificationCode: string; content: RegulatorReport }

describe('regulator report: CSV and JSON exports, monthly chart, savings loans, background generation', () => {
  let t: TestApp;
  let coop: string;
  let admin: Session;
  let officer: Session;
  let treasurer: Session;
  let auditor: Session;
  let adminElsewhere: Session;
  let today: string;
  let month: string;
  let siteId: string;
  let groupId: string;
  let cycleId: string;
  const bought: { id: string; mineral: string; netMg: number; amountMinor: number }[] = [];

  const url = (path: string): string => `/api/v1/cooperatives/${coop}/${path}`;
  const generate = async (body: Record<string, unknown> = { period: month }): Promise<ReportBody> =>
    (await t.http().post(url('reports')).set(bearer(admin)).send(body).expect(201)).body as ReportBody;

  beforeAll(async () => {
    t = await startTestApp();
    const operator = await operatorSession(t);
    coop = await createCooperative(t, operator, 'Tuungane');
    admin = await member(t, operator, coop, 'admin', 'x');
    officer = await member(t, operator, coop, 'officer', 'x');
    treasurer = await member(t, operator, coop, 'treasurer', 'x');
    auditor = await member(t, operator, coop, 'auditor', 'x');
    adminElsewhere = await member(t, operator, await createCooperative(t, operator, 'Ailleurs'), 'admin', 'y');
    today = localDateIn(TIMEZONE);
    month = today.slice(0, 7);

    siteId = ((await t.http().post(url('sites')).set(bearer(admin))
      .send({ name: 'Kambove', code: 'kam-1', minerals: ['HETEROGENITE', 'COPPER_ORE'], location: { latitudeE6: -10870000, longitudeE6: 26600000 } }).expect(201)).body as { id: string }).id;
    const seller = ((await t.http().post(url('miners')).set(bearer(officer)).send({
      firstName: 'Kabila', lastName: 'Mwenda', sex: 'F', dateOfBirth: '1988-02-03', nationality: 'CD', idDocumentType: 'voter_card', idDocumentNumber: 'EXP-1',
      status: 'active', cardNumber: 'CEA-EXP-1', cardIssuedOn: addDays(today, -10), cardExpiresOn: addDays(today, 300),
    }).expect(201)).body as { id: string }).id;
    const purchases = [
      { mineral: 'HETEROGENITE', kg: '12.5', extra: { moisturePercent: '8' } },
      { mineral: 'HETEROGENITE', kg: '7.5', extra: { moisturePercent: '8' } },
      { mineral: 'COPPER_ORE', kg: '40', extra: {} },
    ];
    for (const [index, p] of purchases.entries()) {
      const response = await t.http().post(url('purchases')).set(bearer(officer)).send({
        sellerId: seller, siteId, mineral: p.mineral, grossMass: { value: p.kg, unit: 'kg' }, netMass: { value: p.kg, unit: 'kg' }, gradePercent: '10',
        unitPriceMinor: 900, priceBasis: 'per_unit_contained_metal', currency: 'USD', paymentMethod: 'cash', tagId: `TAG-EXP-${index}`, ...p.extra,
      }).expect(201);
      bought.push({ id: response.body.id as string, mineral: p.mineral, netMg: Number(p.kg) * 1_000_000, amountMinor: response.body.amountMinor as number });
    }

    // A savings group whose one loan is past its term at the period's end, partly repaid.
    const groups = url('savings-groups');
    groupId = ((await t.http().post(groups).set(bearer(admin)).send({ name: 'Umoja ni nguvu', meetingPlace: 'Kambove', frequency: 'weekly', meetingWeekday: 1 }).expect(201)).body as { id: string }).id;
    await t.http().put(`${groups}/${groupId}/treasurers`).set(bearer(admin)).send({ userIds: [treasurer.userId] }).expect(200);
    const saver = ((await t.http().post(`${groups}/${groupId}/members`).set(bearer(admin)).send({ firstName: 'Neema', lastName: 'Kasongo', sex: 'F' }).expect(201)).body as { id: string }).id;
    cycleId = ((await t.http().post(`${groups}/${groupId}/cycles`).set(bearer(treasurer)).send({
      startsOn: addDays(today, -100), plannedEndOn: addDays(today, 200),
      rules: { currency: 'USD', sharePriceMinor: 1000, minSharesPerMeeting: 1, maxSharesPerMeeting: 5, socialFundContributionMinor: 200, loanCapSavingsMultipleBp: 30_000, maxLoanTermMonths: 3, serviceChargeRateBpPerMonth: 1_000, serviceChargeMethod: 'flat', fineTypes: [] },
    }).expect(201)).body as { id: string }).id;
    const meetings = `${groups}/${groupId}/cycles/${cycleId}/meetings`;
    const meeting = async (heldOn: string, entry: Record<string, unknown>): Promise<void> => {
      const created = await t.http().post(meetings).set(bearer(treasurer)).send({ heldOn, entries: [{ memberId: saver, ...entry }] });
      if (created.status !== 201) throw new Error(JSON.stringify(created.body));
      await t.http().post(`${meetings}/${created.body.id as string}/close`).set(bearer(treasurer)).expect(200);
    };
    await meeting(addDays(today, -70), { shares: 5, socialFundMinor: 200 });
    const loanId = '6f1d8a56-8f7e-4a43-9d6a-2b4f0f3c9e11';
    await meeting(addDays(today, -60), { loan: { id: loanId, principalMinor: 4000, termMonths: 1 } });
    await meeting(addDays(today, -50), { repayment: { loanId, amountMinor: 1000 } });
  }, 180_000);

  afterAll(async () => {
    await t.close();
  });

  it('gives loans outstanding and portfolio at risk exactly as the savings ledger does on the period end', async () => {
    const report = await generate();
    const asOf = report.content.period.to;
    const ledger = (await t.http().get(url(`savings-groups/${groupId}/cycles/${cycleId}/loans`)).query({ on: asOf }).set(bearer(auditor)).expect(200)).body as {
      loans: { balance: { principalOutstandingMinor: number; serviceChargeOutstandingMinor: number } }[];
      portfolioAtRisk: { outstandingPrincipalMinor: number; atRiskPrincipalMinor: number; basisPoints: number; loansOutstanding: number };
    };
    expect(ledger.loans).toHaveLength(1);
    // 4,000 lent; the 1,000 repaid paid the first period's 400 charge first, then 600 principal.
    // The term ended 30 days after the loan, so on the period end it is at least 30 days late.
    expect(ledger.loans[0].balance.principalOutstandingMinor).toBe(3400);
    expect(report.content.savings.loans).toEqual([{
      key: 'USD', currency: 'USD', loansOutstanding: 1, loansOutstandingPrincipalMinor: 3400,
      loansOutstandingServiceChargeMinor: ledger.loans[0].balance.serviceChargeOutstandingMinor,
      atRiskPrincipalMinor: 3400, portfolioAtRiskBp: 10_000, portfolioAtRisk30Bp: 10_000, writtenOffPrincipalMinor: 0,
    }]);
    expect(ledger.portfolioAtRisk).toMatchObject({ outstandingPrincipalMinor: 3400, atRiskPrincipalMinor: 3400, basisPoints: 10_000, loansOutstanding: 1 });
  });

  it('breaks purchases down by month and mineral for the chart, equal to the purchases recorded', async () => {
    const report = await generate();
    const sum = (mineral: string): number => bought.filter((b) => b.mineral === mineral).reduce((total, b) => total + b.netMg, 0);
    expect(report.content.purchases.monthlyByMineral).toEqual([
      { key: `${month}|COPPER_ORE`, month, mineral: 'COPPER_ORE', count: 1, netMassMg: sum('COPPER_ORE') },
      { key: `${month}|HETEROGENITE`, month, mineral: 'HETEROGENITE', count: 2, netMassMg: sum('HETEROGENITE') },
    ]);
    const pdf = await t.http().get(url(`reports/${report.id}.pdf`)).set(bearer(auditor)).buffer(true).parse(binaryBody).expect(200);
    const text = (await pdfText(pdf.body as Buffer)).replace(/\s+/g, ' ');
    // Chart title, a labelled bar per mineral (net kg) and the legend naming each mineral.
    expect(text).toContain('Achats mensuels par minerai (masse nette)');
    expect(text).toContain(month);
    expect(text).toMatch(/\b40\b[^]*\b20\b|\b20\b[^]*\b40\b/);
    expect(text).toContain('Minerai de cuivre');
    expect(text).toContain('Encours des prêts (principal) 34,00 USD');
    expect(text).toContain('Portefeuille à risque (> 0 jour) 100,00 %');
    expect(text).toMatch(/Page 1 \/ \d+ — code [0-9a-f]{12}/);
    // Every page carries its number once, and the footer never spills onto pages of its own.
    const pages = Number(/Page 1 \/ (\d+)/.exec(text)?.[1]);
    expect(text.match(/-- \d+ of (\d+) --/)?.[1]).toBe(String(pages));
  });

  it('exports one CSV per section, zipped, whose figures are the JSON\'s', async () => {
    const report = await generate();
    const response = await t.http().get(url(`reports/${report.id}.csv.zip`)).set(bearer(auditor)).buffer(true).parse(binaryBody).expect(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toContain(`report-${month}-v${report.version}.csv.zip`);
    const files = csvFiles(response.body as Buffer);
    expect([...files.keys()]).toEqual(expect.arrayContaining(['purchases.rows.csv', 'purchases.totals.csv', 'purchases.monthlyByMineral.csv', 'members.csv', 'savings.loans.csv', 'ledger.csv', 'sales.rows.csv', 'stock.rows.csv', 'fees.rows.csv']));
    const totals = files.get('purchases.totals.csv') ?? [];
    expect(totals[0]).toEqual(['currency', 'count', 'netMassMg', 'valueMinor']);
    const usd = report.content.purchases.totals.find((row) => row.currency === 'USD');
    expect(usd?.valueMinor).toBe(bought.reduce((total, b) => total + b.amountMinor, 0));
    expect(totals[1]).toEqual(['USD', String(usd?.count), String(usd?.netMassMg), String(usd?.valueMinor)]);
    const members = new Map((files.get('members.csv') ?? []).slice(1).map(([figure, value]) => [figure, value]));
    expect(members.get('total')).toBe(String(report.content.members.total));
    expect(members.get('bySex.F')).toBe('1');
    const loans = files.get('savings.loans.csv') ?? [];
    expect(loans[1][loans[0].indexOf('loansOutstandingPrincipalMinor')]).toBe('3400');
    expect(files.get('fees.rows.csv')).toEqual([['fundCode', 'currency', 'purchases', 'amountMinor']]);
    const stock = files.get('stock.rows.csv') ?? [];
    expect(stock[0]).toEqual(['mineral', 'siteId', 'openingMg', 'closingMg']);
    expect(stock.slice(1).map((row) => row.join(','))).toEqual(report.content.stock.rows.map((row) => [row.mineral, row.siteId, row.openingMg, row.closingMg].join(',')));
    const ledger = new Map((files.get('ledger.csv') ?? []).slice(1).map(([figure, value]) => [figure, value]));
    expect(ledger.get('verified')).toBe('true');
    expect(ledger.get('headHash')).toBe(report.content.ledger.headHash);
  });

  it('serves the stored JSON content alone, to readers of the cooperative only', async () => {
    const report = await generate();
    const json = await t.http().get(url(`reports/${report.id}.json`)).set(bearer(auditor)).expect(200);
    expect(json.body).toEqual(report.content);
    await t.http().get(url(`reports/${report.id}.json`)).set(bearer(officer)).expect(403);
    await t.http().get(url(`reports/${report.id}.csv.zip`)).set(bearer(adminElsewhere)).expect(404);
  });

  it('generates a period longer than a month as a job: 202, progress, then the stored report', async () => {
    const from = `${addDays(`${month}-01`, -1).slice(0, 7)}-01`;
    const accepted = await t.http().post(url('reports')).set(bearer(admin)).send({ periodFrom: from, periodTo: today }).expect(202);
    const job = accepted.body as JobView;
    expect(accepted.headers.location).toBe(`/api/v1/jobs/${job.id}`);
    expect(job).toMatchObject({ kind: 'report.regulator', cooperativeId: coop });
    const done = await waitForJob(t, admin, job.id);
    expect(done).toMatchObject({ state: 'succeeded', attempts: 1, progress: { percent: 100 } });
    expect(done.progress.done).toBe(done.progress.total);
    const result = done.result as { reportId: string; href: string };
    expect(result.href).toBe(`/api/v1/cooperatives/${coop}/reports/${result.reportId}`);
    const stored = (await t.http().get(result.href).set(bearer(auditor)).expect(200)).body as ReportBody;
    expect(stored.content.period).toEqual({ key: `${from}..${today}`, from, to: today });
    expect(stored.content.purchases.totals[0].count).toBe(3);
    // The job is the requester's: another user of the cooperative does not see it.
    await t.http().get(`/api/v1/jobs/${job.id}`).set(bearer(auditor)).expect(404);

    const preferred = await t.http().post(url('reports')).set(bearer(admin)).set('Prefer', 'respond-async').send({ period: month }).expect(202);
    expect((await waitForJob(t, admin, (preferred.body as JobView).id)).state).toBe('succeeded');
  });

  it('reports sales by buyer reconciled with the buyer\'s weighing, and stock at the period\'s start and end', async () => {
    const buyer = ((await t.http().post(url('buyers')).set(bearer(officer)).send({ name: 'Comptoir Kolwezi', licenceNumber: 'CAMI/AG/0077', type: 'comptoir' }).expect(201)).body as { id: string }).id;
    const [lot] = bought;
    const sale = ((await t.http().post(url('sales')).set(bearer(officer)).send({ buyerId: buyer, purchaseIds: [lot.id], amountMinor: 150_000, currency: 'USD' }).expect(201)).body as { id: string });
    const measured = await t.http().post(url(`sales/${sale.id}/buyer-measurement`)).set(bearer(officer)).send({ netMass: { value: '12', unit: 'kg' }, reference: 'TICKET-12' });
    if (measured.status !== 201) throw new Error(JSON.stringify(measured.body));
    const report = await generate();
    expect(report.content.sales.rows).toEqual([{
      key: `${buyer}|HETEROGENITE|USD`, buyerId: buyer, buyerName: 'Comptoir Kolwezi', mineral: 'HETEROGENITE', currency: 'USD', sales: 1, netMassMg: lot.netMg, valueMinor: 150_000,
      measured: 1, ourMeasuredNetMassMg: lot.netMg, buyerNetMassMg: 12_000_000, massDifferenceMg: 12_000_000 - lot.netMg, beyondTolerance: 1,
    }]);
    // Stock from the stock endpoint on the same days: nothing before the period, purchased − sold at its end.
    const stockOn = async (on: string) => ((await t.http().get(url(`stock?on=${on}`)).set(bearer(auditor)).expect(200)).body as { lines: { mineral: string; siteId: string; onHandMg: number }[] }).lines;
    const atEnd = await stockOn(report.content.period.to);
    expect(await stockOn(addDays(report.content.period.from, -1))).toEqual([]);
    expect(report.content.stock.rows).toEqual(atEnd.map((line) => ({ key: `${line.mineral}|${line.siteId}`, mineral: line.mineral, siteId: line.siteId, openingMg: 0, closingMg: line.onHandMg })));
    const heterogenite = report.content.stock.rows.find((row) => row.mineral === 'HETEROGENITE');
    expect(heterogenite?.closingMg).toBe(bought.filter((b) => b.mineral === 'HETEROGENITE').reduce((total, b) => total + b.netMg, 0) - lot.netMg);

    const pdf = await t.http().get(url(`reports/${report.id}.pdf`)).set(bearer(auditor)).buffer(true).parse(binaryBody).expect(200);
    const text = (await pdfText(pdf.body as Buffer)).replace(/\s+/g, ' ');
    expect(text).toContain('Ventes par acheteur et rapprochement des pesées');
    // Buyer, mineral in words (set smaller to fit its narrow column, never cut), sales, our kg, value, weighed, buyer's kg, difference, beyond tolerance.
    expect(text).toContain('Comptoir Kolwezi Hétérogénite 1 12,5 1 500,00 USD 1 12 -0,5 1');
    expect(text).toContain('Stock en début et en fin de période');
    expect(text).toContain('Hétérogénite Kambove 0 7,5');
  });
});
