import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';
import { bearer, createCooperative, member, operatorSession, supervisor, type Session } from './support/identity-fixture.js';
import { registerActiveMember } from './support/member-fixture.js';

/**
 * What places a cooperative under the law and under its supervisor (legal form, registration
 * number, country, province) changes only through the platform operator; a change of legal
 * form is recorded with its effective date, and quorum follows the form in force that day.
 */
describe('a cooperative\'s legal standing', () => {
  let t: TestApp;
  let operator: Session;
  let admin: Session;
  let officer: Session;
  let lualaba: Session;
  let coop: string;
  let other: string;

  const patch = (body: Record<string, unknown>, session: Session) => t.http().patch(`/api/v1/cooperatives/${coop}`).set(bearer(session)).send(body);
  const stored = async () =>
    (await adminQuery<Record<string, string>>(t.target.ownerUrl, 'SELECT legal_form, registration_number, country, province FROM cooperatives WHERE id = $1', [coop]))[0];

  beforeAll(async () => {
    t = await startTestApp();
    operator = await operatorSession(t);
    coop = await createCooperative(t, operator, 'Imara');
    other = await createCooperative(t, operator, 'Tumaini');
    admin = await member(t, operator, coop, 'admin', 'i');
    officer = await member(t, operator, coop, 'officer', 'i');
    lualaba = await supervisor(t, operator, 'Lualaba', 'lualaba');
    for (let i = 0; i < 3; i++) await registerActiveMember(t, officer, coop, '2024-01-10');
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  it('refuses an admin who tries to move the cooperative out of its supervisor\'s reach', async () => {
    const before = await stored();
    for (const body of [{ province: 'Haut-Katanga' }, { country: 'ZM' }, { legalForm: 'SCOOPS' }, { registrationNumber: 'RCCM-AUTRE' }, { name: 'Imara', province: 'Kinshasa' }]) {
      const response = await patch(body, admin).expect(403);
      expect(response.body.code).toBe('COOPERATIVE_FIELDS_OPERATOR_ONLY');
    }
    expect(await stored()).toEqual(before);
    await t.http().get(`/api/v1/cooperatives/${coop}`).set(bearer(lualaba)).expect(200);
  });

  it('still lets the admin change the rest, and resend the reserved fields unchanged', async () => {
    const response = await patch({ name: 'Imara Coop', approvalNumber: 'AGR-9', province: 'Lualaba', legalForm: 'COOP_CA' }, admin).expect(200);
    expect(response.body).toMatchObject({ name: 'Imara Coop', approvalNumber: 'AGR-9', province: 'Lualaba' });
  });

  it('lets the operator change them, refusing a registration number another cooperative holds', async () => {
    const clash = await patch({ registrationNumber: 'RCCM-Tumaini' }, operator).expect(409);
    expect(clash.body.code).toBe('COOPERATIVE_EXISTS');
    expect(other).toBeDefined();
    await patch({ registrationNumber: 'RCCM-IMARA-2' }, operator).expect(200);
    expect((await stored()).registration_number).toBe('RCCM-IMARA-2');
    const stray = await patch({ name: 'Imara', legalFormEffectiveOn: '2026-07-01' }, operator).expect(422);
    expect(stray.body.code).toBe('LEGAL_FORM_EFFECTIVE_DATE_UNEXPECTED');
  });

  it('records a change of legal form as an event with its date, and quorum follows the form in force on the assembly date', async () => {
    await patch({ legalForm: 'SCOOPS', legalFormEffectiveOn: '2026-07-01' }, operator).expect(200);
    const changes = await adminQuery<{ from_form: string; to_form: string; effective_on: string }>(
      t.target.ownerUrl,
      `SELECT from_form, to_form, to_char(effective_on, 'YYYY-MM-DD') AS effective_on FROM cooperative_legal_form_changes WHERE cooperative_id = $1`,
      [coop],
    );
    expect(changes).toEqual([{ from_form: 'COOP_CA', to_form: 'SCOOPS', effective_on: '2026-07-01' }]);
    const audited = await adminQuery<{ before: unknown; after: Record<string, unknown> }>(
      t.target.ownerUrl,
      `SELECT before, after FROM audit_log WHERE action = 'cooperative.legal_form_changed' AND entity_id = $1`,
      [coop],
    );
    expect(audited).toHaveLength(1);
    expect(audited[0].before).toMatchObject({ legalForm: 'COOP_CA' });
    expect(audited[0].after).toMatchObject({ legalForm: 'SCOOPS', effectiveOn: '2026-07-01' });

    const quorumRule = async (heldOn: string): Promise<string> => {
      const convened = await t.http().post(`/api/v1/cooperatives/${coop}/assemblies`).set(bearer(admin)).send({
        kind: 'ordinary', heldOn, place: 'Fungurume', callNumber: 1, noticeOn: '2026-05-01', agenda: [{ title: 'Comptes', decisionKind: 'ordinary' }],
      }).expect(201);
      const detail = await t.http().get(`/api/v1/cooperatives/${coop}/assemblies/${convened.body.id as string}`).set(bearer(officer)).expect(200);
      return detail.body.quorum.rule as string;
    };
    expect(await quorumRule('2026-06-20')).toContain('COOP_CA');
    expect(await quorumRule('2026-07-20')).toContain('SCOOPS');
  });
});
