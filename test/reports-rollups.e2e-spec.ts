import pg from 'pg';
import { startTestApp, type TestApp } from './support/test-app.js';
import { localDateIn } from '../src/common/time-zone.js';
import { addDays } from '../src/common/calendar-date.js';
import { bearer, createCooperative, member, operatorSession, type Session } from './support/identity-fixture.js';
import { activeCardHolder, registerMiner } from './support/member-fixture.js';
import { checkRollupsFromCli } from '../src/reports/rollup-check.command.js';
import { runCli } from '../src/cli.js';
import { pdfText } from './support/pdf-text.js';
import type { RegulatorReport } from '../src/reports/report-content.js';

/**
 * The report's daily rollups follow every writer of the ledger and the gate (the API, and a
 * bulk INSERT … SELECT straight into the tables), are rebuilt when the time zone moves the
 * local days, and any difference from the rows is named by the check and stops the report.
 */
describe('report rollups', () => {
  let t: TestApp;
  let operator: Session;
  let coop: string;
  let other: string;
  let admin: Session;
  let officer: Session;
  let siteId: string;
  let zoneId: string;
  let today: string;
  let month: string;

  const url = (path: string): string => `/api/v1/cooperatives/${coop}/${path}`;
  const report = async (): Promise<RegulatorReport> =>
    ((await t.http().post(url('reports')).set(bearer(admin)).send({ period: month }).expect(201)).body as { content: RegulatorReport }).content;

  /** A statement run by the database owner as the cooperative (row-level security is forced on the owner too). */
  async function asOwner<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: t.target.ownerUrl });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.cooperative_ids', $1, true)`, [coop]);
      const rows = (await client.query<T>(sql, params)).rows;
      await client.query('COMMIT');
      return rows;
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    operator = await operatorSession(t);
    coop = await createCooperative(t, operator, 'Rollups');
    other = await createCooperative(t, operator, 'Rollups Other');
    admin = await member(t, operator, coop, 'admin', 'rollups');
    officer = await member(t, operator, coop, 'officer', 'rollups');
    today = localDateIn('Africa/Lubumbashi');
    month = today.slice(0, 7);
    siteId = ((await t.http().post(url('sites')).set(bearer(admin))
      .send({ name: 'Site R', code: 'r-1', minerals: ['HETEROGENITE'], location: { latitudeE6: -10700000, longitudeE6: 25400000 } }).expect(201)).body as { id: string }).id;
    zoneId = ((await t.http().post(url(`sites/${siteId}/zones`)).set(bearer(admin)).send({ name: 'Puits' }).expect(201)).body as { id: string }).id;
    const seller = await registerMiner(t, officer, coop, { sex: 'F', dateOfBirth: '1991-06-01', ...activeCardHolder(addDays(today, -3)), cardExpiresOn: addDays(today, 360) });
    for (const [index, kg] of ['10', '12.5'].entries()) {
      await t.http().post(url('purchases')).set(bearer(officer)).send({
        sellerId: seller.id, siteId, mineral: 'HETEROGENITE', grossMass: { value: kg, unit: 'kg' }, netMass: { value: kg, unit: 'kg' }, gradePercent: '10', moisturePercent: '8',
        unitPriceMinor: 1000, priceBasis: 'per_unit_contained_metal', currency: 'USD', paymentMethod: 'cash', tagId: `TAG-ROLL-${index}`,
      }).expect(201);
    }
    await t.http().post(url(`sites/${siteId}/gate`)).set(bearer(officer))
      .send({ capturedAt: new Date().toISOString(), zoneId, direction: 'in', memberNumber: seller.memberNumber }).expect(201);
    await t.http().post(url(`sites/${siteId}/gate`)).set(bearer(officer))
      .send({ capturedAt: new Date().toISOString(), zoneId, direction: 'in', unknownPerson: { description: 'inconnu', apparentMinor: true } }).expect(201);
  });

  afterAll(async () => {
    await t.close();
  });

  it('keeps the rollups equal to the rows written through the API', async () => {
    expect(await checkRollupsFromCli(t.target.ownerUrl, coop)).toEqual({ cooperatives: 1, differences: [] });
    const content = await report();
    expect(content.purchases.totals).toEqual([expect.objectContaining({ currency: 'USD', count: 2, netMassMg: 22_500_000 })]);
    expect(content.access).toMatchObject({ entries: 1, denials: 1, minorsTurnedAway: 1 });
  });

  it('follows rows inserted by any statement, many at once', async () => {
    // A bulk copy of the gate's events, bypassing the application: the trigger still counts them.
    await asOwner(`INSERT INTO gate_events (cooperative_id, id, site_id, zone_id, miner_id, identified_by, member_number_entered, direction, captured_at, recorded_at,
                                            allowed, reasons, warnings, flags, declarations, unknown_person, recorded_by)
                   SELECT cooperative_id, gen_random_uuid(), site_id, zone_id, miner_id, identified_by, member_number_entered, direction, captured_at, recorded_at,
                          allowed, reasons, warnings, flags, declarations, unknown_person, recorded_by
                     FROM gate_events, generate_series(1, 3) WHERE cooperative_id = $1`, [coop]);
    expect(await checkRollupsFromCli(t.target.ownerUrl, coop)).toEqual({ cooperatives: 1, differences: [] });
    const content = await report();
    expect(content.access).toMatchObject({ entries: 4, denials: 4, minorsTurnedAway: 4 });
  });

  it('counts corrective actions from their rows, with the same figures in the PDF', async () => {
    const flag = ((await t.http().post(url('risk-flags')).set(bearer(officer)).send({ category: 'mercury_explosives', description: 'Mercure au lavage' }).expect(201)).body as { id: string }).id;
    const action = async (dueOn: string): Promise<string> => ((await t.http().post(url(`risk-flags/${flag}/actions`)).set(bearer(officer))
      .send({ description: 'Retirer le mercure', ownerUserId: officer.userId, dueOn }).expect(201)).body as { id: string }).id;
    await action(addDays(today, -1));
    await action(addDays(today, 400));
    const done = await action(addDays(today, 10));
    const cancelled = await action(addDays(today, 10));
    await t.http().patch(url(`risk-flags/${flag}/actions/${done}`)).set(bearer(admin)).send({ status: 'done', note: 'Fait' }).expect(200);
    await t.http().patch(url(`risk-flags/${flag}/actions/${cancelled}`)).set(bearer(admin)).send({ status: 'cancelled' }).expect(200);

    const stored = (await t.http().post(url('reports')).set(bearer(admin)).send({ period: month }).expect(201)).body as { id: string; content: RegulatorReport };
    expect(stored.content.risks.correctiveActions).toEqual({ createdInPeriod: 4, completedInPeriod: 1, cancelledInPeriod: 1, openAtEnd: 2, overdueAtEnd: 1 });
    const pdf = await t.http().get(url(`reports/${stored.id}.pdf?lang=en`)).set(bearer(admin)).buffer(true).expect(200);
    const text = (await pdfText(pdf.body as Buffer)).replace(/\s+/g, ' ');
    expect(text).toContain('Corrective actions');
    const figures = stored.content.risks.correctiveActions;
    for (const [label, value] of [['Created in the period', figures.createdInPeriod], ['Completed in the period', figures.completedInPeriod], ['Cancelled in the period', figures.cancelledInPeriod],
      ['Open at period end', figures.openAtEnd], ['Overdue at period end', figures.overdueAtEnd]] as const) {
      expect(text).toContain(`${label} ${value}`);
    }
    const fr = (await pdfText((await t.http().get(url(`reports/${stored.id}.pdf`)).set(bearer(admin)).buffer(true).expect(200)).body as Buffer)).replace(/\s+/g, ' ');
    expect(fr).toContain(`En retard en fin de période ${figures.overdueAtEnd}`);
  });

  it('names a rollup that no longer matches its rows, and refuses the report until it does', async () => {
    const [{ day }] = await asOwner<{ day: string }>('UPDATE report_gate_days SET denials = denials + 2 WHERE cooperative_id = $1 RETURNING day::text', [coop]);
    const check = await checkRollupsFromCli(t.target.ownerUrl, coop);
    expect(check.differences).toEqual([`${coop} report_gate_days day=${day} site_id=${siteId}: denials stored 6, from the rows 4`]);

    const refused = await t.http().post(url('reports')).set(bearer(admin)).send({ period: month }).expect(409);
    expect(refused.body).toMatchObject({ code: 'REPORT_ROLLUPS_DIFFER' });
    expect(String(refused.body.detail)).toContain('denials stored 6, from the rows 4');

    // The command fails too, and checks every cooperative when none is named.
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => written.push(chunk) > 0);
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = t.target.ownerUrl;
    try {
      expect(await runCli(['reports:check-rollups'])).toBe(1);
    } finally {
      process.stderr.write = write;
      process.env.DATABASE_URL = previous;
    }
    expect(written.join('')).toContain(`${coop} report_gate_days day=${day} site_id=${siteId}: denials stored 6, from the rows 4`);
    expect(written.join('')).not.toContain(other);
  });

  it('rebuilds the rollups from the rows when the time zone moves the local days', async () => {
    // One event late in a UTC evening: the next day in Lubumbashi (UTC+2), the same day in Los Angeles.
    await asOwner(`INSERT INTO gate_events (cooperative_id, site_id, zone_id, identified_by, direction, captured_at, allowed, reasons, warnings, flags, declarations, recorded_by)
                   SELECT cooperative_id, site_id, zone_id, 'none', 'in', timestamptz '2026-01-15 23:30:00+00', false, '[{"code":"NO_CARD"}]', '[]', '[]', '[]', recorded_by
                     FROM gate_events WHERE cooperative_id = $1 LIMIT 1`, [coop]);
    const days = async (): Promise<string[]> => (await asOwner<{ day: string }>(`SELECT day::text FROM report_gate_denial_days WHERE cooperative_id = $1 AND code = 'NO_CARD'`, [coop])).map((row) => row.day);
    expect(await days()).toEqual(['2026-01-16']);

    await t.http().patch(`/api/v1/cooperatives/${coop}`).set(bearer(operator)).send({ timezone: 'America/Los_Angeles' }).expect(200);
    expect(await days()).toEqual(['2026-01-15']);
    // The rebuild also replaced the altered row of the previous test with the rows' own figures.
    expect(await checkRollupsFromCli(t.target.ownerUrl, coop)).toEqual({ cooperatives: 1, differences: [] });
  });
});
