import { localDateIn } from '../src/common/time-zone.js';
import QRCode from 'qrcode';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';
import { bearer, twoCooperatives, type Session } from './support/identity-fixture.js';
import { binaryBody, pdfText } from './support/pdf-text.js';
import { qrCodesIn } from './support/card-qr.js';
import { deriveCardKey, signCardToken, verifyCardToken } from '../src/miners/card-token.js';
import { addDays } from '../src/common/calendar-date.js';
import { isValidMemberNumber } from '../src/miners/rules/member-number.js';
import type { CooperativeRole } from '../src/auth/roles.js';
import { seedSite } from './support/site-fixture.js';

interface MinerBody {
  id: string;
  memberNumber: string;
  firstName: string;
  lastName: string;
  status: string;
  cardStatus: string;
  cardNumber: string | null;
  idDocumentNumber: string;
  cards: { cardNumber: string; cardIssuedOn: string; cardExpiresOn: string }[];
  statusHistory: { fromStatus: string | null; toStatus: string; reason: string; decidedBy: string; effectiveOn: string }[];
}

const TIMEZONE = 'Africa/Lubumbashi';
let sequence = 0;

function minerBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    firstName: `Prénom${sequence}`,
    lastName: `Nom${String.fromCharCode(65 + (sequence % 26))}${sequence}`,
    sex: 'M',
    dateOfBirth: '1990-04-12',
    placeOfBirth: 'Kolwezi',
    nationality: 'CD',
    idDocumentType: 'voter_card',
    idDocumentNumber: `VC-${1000 + sequence}`,
    phone: '+243990000000',
    address: 'Kasulo',
    nextOfKinName: 'Marie Ilunga',
    nextOfKinPhone: '+243991111111',
    ...overrides,
  };
}

describe('miner registry', () => {
  let t: TestApp;
  let coopA: string;
  let coopB: string;
  let inA: Record<CooperativeRole, Session>;
  let adminB: Session;
  let lualabaSupervisor: Session;
  let today: string;
  let base: string;

  const register = (body: Record<string, unknown>, session: Session = inA.officer) => t.http().post(base).set(bearer(session)).send(body);
  const audits = (action: string, entityId: string) =>
    adminQuery<{ actor_user_id: string; after: Record<string, unknown> | null; before: Record<string, unknown> | null }>(
      t.target.ownerUrl,
      'SELECT actor_user_id, before, after FROM audit_log WHERE action = $1 AND entity_id = $2 ORDER BY id',
      [action, entityId],
    );

  beforeAll(async () => {
    t = await startTestApp();
    ({ coopA, coopB, inA, adminB, lualabaSupervisor } = await twoCooperatives(t, { supervisor: true }));
    today = localDateIn(TIMEZONE);
    base = `/api/v1/cooperatives/${coopA}/miners`;
  });
  afterAll(async () => {
    await t.close();
  });

  describe('registration', () => {
    it('registers a miner with a readable member number, a first history entry, the card and an audit record', async () => {
      const response = await register(
        minerBody({ firstName: 'Jean', middleName: 'Pierre', lastName: 'Mukendi', cardNumber: 'CEA-LUA-0001', cardIssuedOn: addDays(today, -10), status: 'active' }),
      ).expect(201);
      const miner = response.body as MinerBody;
      expect(miner.memberNumber).toMatch(new RegExp(`^TUJ-${today.slice(0, 4)}-\\d{5}-[0-9A-Z]$`));
      expect(isValidMemberNumber(miner.memberNumber)).toBe(true);
      expect(miner.status).toBe('active');
      expect(miner.statusHistory).toEqual([expect.objectContaining({ fromStatus: null, toStatus: 'active', decidedBy: inA.officer.userId })]);
      expect(miner.cards).toEqual([expect.objectContaining({ cardNumber: 'CEA-LUA-0001', cardIssuedOn: addDays(today, -10) })]);
      expect(miner.cardStatus).toBe('valid');
      const [audit] = await audits('miner.registered', miner.id);
      expect(audit.actor_user_id).toBe(inA.officer.userId);
      expect(audit.after).toMatchObject({ memberNumber: miner.memberNumber, status: 'active', fields: expect.arrayContaining(['lastName', 'idDocumentNumber', 'phone', 'address', 'nextOfKinName', 'nextOfKinPhone']) });
      // The row names the fields, never their values: no ID number, phone, address or next of kin.
      const text = JSON.stringify([audit.before, audit.after]);
      for (const value of ['Mukendi', 'Jean', miner.idDocumentNumber, '+243990000000', 'Kasulo', 'Marie Ilunga', '+243991111111', '1990-04-12', 'Kolwezi']) expect(text).not.toContain(value);
    });

    it('numbers members one after another in the cooperative, whatever the order of concurrent requests', async () => {
      const responses = await Promise.all([1, 2, 3].map(() => register(minerBody())));
      const numbers = responses.map((response) => {
        expect(response.status).toBe(201);
        return (response.body as MinerBody).memberNumber;
      });
      expect(new Set(numbers).size).toBe(3);
      const [row] = await adminQuery<{ last_value: number }>(t.target.ownerUrl, 'SELECT last_value FROM member_number_sequences WHERE cooperative_id = $1', [coopA]);
      const sequences = numbers.map((number) => Number(number.split('-')[2])).sort((a, b) => a - b);
      expect(sequences.at(-1)).toBe(row.last_value);
      expect(sequences[2] - sequences[0]).toBe(2);
    });

    it('accepts an estimated year of birth and refuses a birth given both ways or not at all', async () => {
      const estimated = await register(minerBody({ dateOfBirth: undefined, birthYear: 1985, birthDateEstimated: true })).expect(201);
      expect(estimated.body).toMatchObject({ birthYear: 1985, birthDateEstimated: true, dateOfBirth: null });
      const both = await register(minerBody({ birthYear: 1985, birthDateEstimated: true })).expect(422);
      expect(both.body.code).toBe('BIRTH_INVALID');
      const none = await register(minerBody({ dateOfBirth: undefined })).expect(422);
      expect(none.body.code).toBe('BIRTH_INVALID');
      const unknownField = await register(minerBody({ favouriteColour: 'blue' })).expect(400);
      expect(unknownField.body.code).toBe('VALIDATION_FAILED');
    });

    it('refuses a person under 18, keeps the attempt and raises a child-labour flag naming who tried', async () => {
      const dateOfBirth = addDays(`${String(Number(today.slice(0, 4)) - 18)}${today.slice(4)}`, 1);
      const homeSiteId = await seedSite(t, coopA, '0b8f6a4e-7a2d-4f43-9a53-2f1d3c4b5a69');
      const refused = await register(minerBody({ firstName: 'Petit', lastName: 'Kalala', dateOfBirth, homeSiteId })).expect(422);
      expect(refused.body.code).toBe('MINER_UNDER_18');
      expect(refused.body.detail).toContain('18');

      const attempts = await adminQuery<{ id: string; attempted_by: string; attempted_at: Date; age_years: number; outcome: string }>(
        t.target.ownerUrl,
        `SELECT id, attempted_by, attempted_at, age_years, outcome FROM miner_registration_attempts WHERE cooperative_id = $1 AND last_name = 'Kalala'`,
        [coopA],
      );
      expect(attempts).toHaveLength(1);
      expect(attempts[0]).toMatchObject({ attempted_by: inA.officer.userId, age_years: 17, outcome: 'refused_minor' });
      const flags = await adminQuery<{ category: string; source_type: string; site_id: string | null; occurred_at: Date }>(
        t.target.ownerUrl,
        'SELECT category, source_type, site_id, occurred_at FROM risk_flags WHERE cooperative_id = $1 AND source_id = $2',
        [coopA, attempts[0].id],
      );
      expect(flags).toHaveLength(1);
      expect(flags[0]).toMatchObject({ category: 'worst_forms_child_labour', source_type: 'registration_attempt', site_id: homeSiteId });
      expect(flags[0].occurred_at.getTime()).toBe(attempts[0].attempted_at.getTime());
      const [refusal] = await audits('miner.registration_refused', attempts[0].id);
      expect(refusal.actor_user_id).toBe(inA.officer.userId);

      const miners = await adminQuery(t.target.ownerUrl, `SELECT 1 FROM miners WHERE cooperative_id = $1 AND last_name = 'Kalala'`, [coopA]);
      expect(miners).toHaveLength(0);
    });

    it('refuses an estimated birth year that may still be a minor, counting from 31 December', async () => {
      const birthYear = Number(today.slice(0, 4)) - 18;
      const refused = await register(minerBody({ dateOfBirth: undefined, birthYear: birthYear + 1, birthDateEstimated: true })).expect(422);
      expect(refused.body.code).toBe('MINER_UNDER_18');
      const adult = await register(minerBody({ dateOfBirth: undefined, birthYear: birthYear - 1, birthDateEstimated: true }));
      expect(adult.status).toBe(201);
    });
  });

  describe('duplicates', () => {
    it('refuses an ID document number already registered, naming the holder', async () => {
      const first = (await register(minerBody({ idDocumentNumber: 'CE 123 456' })).expect(201)).body as MinerBody;
      const again = await register(minerBody({ idDocumentNumber: 'ce123456' })).expect(409);
      expect(again.body.code).toBe('ID_DOCUMENT_ALREADY_REGISTERED');
      expect(again.body.detail).toContain(first.memberNumber);
    });

    it('warns of a likely duplicate until the officer confirms it is another person', async () => {
      const first = (await register(minerBody({ firstName: 'Élodie', lastName: 'Kabongo-Mwamba', sex: 'F', dateOfBirth: '1994-07-21' })).expect(201)).body as MinerBody;
      const lookalike = minerBody({ firstName: 'KABONGO', middleName: 'Mwamba', lastName: 'Elodie', sex: 'F', dateOfBirth: '1994-07-21' });
      const warned = await register(lookalike).expect(409);
      expect(warned.body.code).toBe('LIKELY_DUPLICATE');
      expect(warned.body.detail).toContain(first.memberNumber);
      const confirmed = await register({ ...lookalike, confirmNotDuplicate: true }).expect(201);
      expect((confirmed.body as MinerBody).memberNumber).not.toBe(first.memberNumber);
      await register(minerBody({ firstName: 'Élodie', lastName: 'Kabongo-Mwamba', sex: 'F', dateOfBirth: '1994-07-22' })).expect(201);
    });
  });

  describe('membership lifecycle', () => {
    it('moves applicant → active → suspended → active → exited, keeping every decision with its reason and officer', async () => {
      const miner = (await register(minerBody()).expect(201)).body as MinerBody;
      expect(miner.status).toBe('applicant');
      const steps: [string, string, Session][] = [
        ['active', 'Dossier complet', inA.officer],
        ['suspended', 'Vente hors coopérative', inA.admin],
        ['active', 'Sanction levée', inA.officer],
        ['exited', 'Départ volontaire', inA.officer],
      ];
      for (const [to, reason, session] of steps) {
        await t.http().post(`${base}/${miner.id}/status`).set(bearer(session)).send({ to, reason, effectiveOn: today }).expect(200);
      }
      const detail = (await t.http().get(`${base}/${miner.id}`).set(bearer(inA.auditor)).expect(200)).body as MinerBody;
      expect(detail.status).toBe('exited');
      expect(detail.statusHistory.map((change) => [change.fromStatus, change.toStatus, change.reason, change.decidedBy])).toEqual([
        [null, 'applicant', 'registration', inA.officer.userId],
        ['applicant', 'active', 'Dossier complet', inA.officer.userId],
        ['active', 'suspended', 'Vente hors coopérative', inA.admin.userId],
        ['suspended', 'active', 'Sanction levée', inA.officer.userId],
        ['active', 'exited', 'Départ volontaire', inA.officer.userId],
      ]);
      const changes = await audits('miner.status_changed', miner.id);
      expect(changes).toHaveLength(4);
      expect(changes[1]).toMatchObject({ before: { status: 'active' }, after: { status: 'suspended', reason: 'Vente hors coopérative' } });

      const back = await t.http().post(`${base}/${miner.id}/status`).set(bearer(inA.officer)).send({ to: 'active', reason: 'Retour' }).expect(409);
      expect(back.body.code).toBe('MEMBERSHIP_TRANSITION_INVALID');
      const renewal = await t.http().post(`${base}/${miner.id}/cards`).set(bearer(inA.officer)).send({ cardNumber: 'CEA-EXITED', cardIssuedOn: today }).expect(409);
      expect(renewal.body.code).toBe('MINER_EXITED');
      await expect(adminQuery(t.target.ownerUrl, 'DELETE FROM miner_status_changes')).rejects.toThrow(/append-only/);
    });

    it('refuses a change without a reason and an applicant suspension', async () => {
      const miner = (await register(minerBody()).expect(201)).body as MinerBody;
      const blank = await t.http().post(`${base}/${miner.id}/status`).set(bearer(inA.officer)).send({ to: 'active', reason: '   ' }).expect(422);
      expect(blank.body.code).toBe('REASON_REQUIRED');
      const suspend = await t.http().post(`${base}/${miner.id}/status`).set(bearer(inA.officer)).send({ to: 'suspended', reason: 'x' }).expect(409);
      expect(suspend.body.code).toBe('MEMBERSHIP_TRANSITION_INVALID');
    });
  });

  describe('cards', () => {
    it('reports valid, expiring, expired and none, and keeps the old card on renewal', async () => {
      const expiring = (await register(minerBody({ cardNumber: 'CEA-EXP-1', cardIssuedOn: addDays(today, -350) })).expect(201)).body as MinerBody & { cardExpiresOn: string };
      expect(expiring.cardStatus).toBe('expiring');
      const expired = (await register(minerBody({ cardNumber: 'CEA-OLD-1', cardIssuedOn: addDays(today, -400), cardExpiresOn: addDays(today, -1) })).expect(201)).body as MinerBody;
      expect(expired.cardStatus).toBe('expired');
      const none = (await register(minerBody()).expect(201)).body as MinerBody;
      expect(none.cardStatus).toBe('none');

      const onEarlierDate = await t.http().get(`${base}/${expired.id}`).query({ on: addDays(today, -30) }).set(bearer(inA.officer)).expect(200);
      expect(onEarlierDate.body).toMatchObject({ cardStatus: 'expiring', cardStatusOn: addDays(today, -30), cardDaysUntilExpiry: 29 });

      const renewed = await t.http().post(`${base}/${expired.id}/cards`).set(bearer(inA.officer)).send({ cardNumber: 'CEA-NEW-1', cardIssuedOn: today }).expect(201);
      expect(renewed.body).toMatchObject({ cardStatus: 'valid', cardNumber: 'CEA-NEW-1', cardIssuedOn: today });
      expect((renewed.body as MinerBody).cards.map((card) => card.cardNumber)).toEqual(['CEA-OLD-1', 'CEA-NEW-1']);
      expect((renewed.body as MinerBody).cards[1].cardExpiresOn).toBe(addDays(`${String(Number(today.slice(0, 4)) + 1)}${today.slice(4)}`, -1));
      const [audit] = await audits('miner.card_recorded', expired.id);
      expect(audit.after).toMatchObject({ card: { cardNumber: 'CEA-NEW-1' } });

      const taken = await t.http().post(`${base}/${none.id}/cards`).set(bearer(inA.officer)).send({ cardNumber: 'CEA-NEW-1', cardIssuedOn: today }).expect(409);
      expect(taken.body.code).toBe('CARD_NUMBER_TAKEN');
      const backwards = await t.http().post(`${base}/${none.id}/cards`).set(bearer(inA.officer)).send({ cardNumber: 'CEA-BAD', cardIssuedOn: today, cardExpiresOn: addDays(today, -1) }).expect(422);
      expect(backwards.body.code).toBe('CARD_EXPIRES_BEFORE_ISSUE');

      const expiringList = await t.http().get(base).query({ cardStatus: 'expiring', limit: 200 }).set(bearer(inA.officer)).expect(200);
      const expiringIds = (expiringList.body.items as MinerBody[]).map((miner) => miner.id);
      expect(expiringIds).toContain(expiring.id);
      expect(expiringIds).not.toContain(expired.id);
      expect((expiringList.body.items as MinerBody[]).every((miner) => miner.cardStatus === 'expiring')).toBe(true);
      const noneList = await t.http().get(base).query({ cardStatus: 'none', limit: 200 }).set(bearer(inA.officer)).expect(200);
      expect((noneList.body.items as MinerBody[]).map((miner) => miner.id)).toContain(none.id);
      expect((noneList.body.items as MinerBody[]).every((miner) => miner.cardStatus === 'none')).toBe(true);
    });
  });

  describe('search, pagination and export', () => {
    let siteId: string;
    let found: MinerBody;

    beforeAll(async () => {
      siteId = await seedSite(t, coopA, 'c7a1d0b2-3e4f-4a5b-8c6d-7e8f9a0b1c2d');
      found = (
        await register(
          minerBody({ firstName: 'Bénédicte', lastName: 'Ngoy-Tshibangu', sex: 'F', dateOfBirth: '2000-01-01', homeSiteId: siteId, idDocumentNumber: 'PASS-778899', idDocumentType: 'passport', cardNumber: 'CEA-SRCH-42', cardIssuedOn: today }),
        ).expect(201)
      ).body as MinerBody;
    });

    it('finds a miner by any word of the name, accents and case ignored, and by member, card and ID numbers', async () => {
      for (const q of ['benedicte', 'NGOY tshib', 'Tshibangu Bénédicte', found.memberNumber, found.memberNumber.toLowerCase(), 'CEA-SRCH-42', 'pass 778899']) {
        const response = await t.http().get(base).query({ q }).set(bearer(inA.treasurer)).expect(200);
        expect({ q, ids: (response.body.items as MinerBody[]).map((miner) => miner.id) }).toEqual({ q, ids: [found.id] });
      }
      const nothing = await t.http().get(base).query({ q: 'benedictine' }).set(bearer(inA.officer)).expect(200);
      expect(nothing.body.items).toEqual([]);
    });

    it('filters by status, site, sex and age band', async () => {
      const bySite = await t.http().get(base).query({ homeSiteId: siteId, sex: 'F', status: 'applicant' }).set(bearer(inA.officer)).expect(200);
      expect((bySite.body.items as MinerBody[]).map((miner) => miner.id)).toEqual([found.id]);
      const men = await t.http().get(base).query({ homeSiteId: siteId, sex: 'M' }).set(bearer(inA.officer)).expect(200);
      expect(men.body.items).toEqual([]);
      const band = await t.http().get(base).query({ ageBand: '25-34', homeSiteId: siteId }).set(bearer(inA.officer)).expect(200);
      const expectedBand = Number(today.slice(0, 4)) - 2000 - (today.slice(5) >= '01-01' ? 0 : 1) <= 34 ? [found.id] : [];
      expect((band.body.items as MinerBody[]).map((miner) => miner.id)).toEqual(expectedBand);
      const older = await t.http().get(base).query({ ageBand: '55+', homeSiteId: siteId }).set(bearer(inA.officer)).expect(200);
      expect(older.body.items).toEqual([]);
      const bad = await t.http().get(base).query({ ageBand: '17-20' }).set(bearer(inA.officer)).expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    });

    it('pages through everyone in a stable order by last name, first name and id with an opaque cursor', async () => {
      const everyone = (await t.http().get(base).query({ limit: 200 }).set(bearer(inA.officer)).expect(200)).body.items as MinerBody[];
      expect(everyone.length).toBeGreaterThan(10);
      const seen: MinerBody[] = [];
      let cursor: string | undefined;
      do {
        const page = await t.http().get(base).query({ limit: 3, ...(cursor ? { cursor } : {}) }).set(bearer(inA.officer)).expect(200);
        expect((page.body.items as MinerBody[]).length).toBeLessThanOrEqual(3);
        seen.push(...(page.body.items as MinerBody[]));
        cursor = (page.body.nextCursor as string | null) ?? undefined;
      } while (cursor);
      expect(seen.map((miner) => miner.id)).toEqual(everyone.map((miner) => miner.id));
      expect(new Set(seen.map((miner) => miner.id)).size).toBe(seen.length);
      const bad = await t.http().get(base).query({ cursor: 'not-a-cursor' }).set(bearer(inA.officer)).expect(400);
      expect(bad.body.code).toBe('CURSOR_INVALID');
      expect(everyone[0]).not.toHaveProperty('idDocumentNumber');
    });

    it('exports the filtered list as CSV', async () => {
      const response = await t.http().get(`${base}/export.csv`).query({ q: 'benedicte' }).set(bearer(inA.auditor)).expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      const lines = response.text.trim().split('\n');
      expect(lines[0]).toBe('memberNumber,lastName,middleName,firstName,sex,dateOfBirth,birthYear,birthDateEstimated,ageBand,status,membershipDate,homeSiteId,phone,cardNumber,cardIssuedOn,cardExpiresOn,cardStatus');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(`${found.memberNumber},Ngoy-Tshibangu,,Bénédicte,F,2000-01-01`);
      expect(lines[1]).toContain('CEA-SRCH-42');
      const all = await t.http().get(`${base}/export.csv`).set(bearer(inA.officer)).expect(200);
      const listed = (await t.http().get(base).query({ limit: 200 }).set(bearer(inA.officer)).expect(200)).body.items as MinerBody[];
      expect(all.text.trim().split('\n')).toHaveLength(listed.length + 1);
    });
  });

  describe('editing and personal data', () => {
    it('edits identity fields, audits the changed fields only and re-checks the ID number', async () => {
      const miner = (await register(minerBody({ phone: '+243970000001' })).expect(201)).body as MinerBody;
      const other = (await register(minerBody()).expect(201)).body as MinerBody;
      const updated = await t.http().patch(`${base}/${miner.id}`).set(bearer(inA.admin)).send({ phone: '+243970000002', middleName: 'Kasongo' }).expect(200);
      expect(updated.body).toMatchObject({ phone: '+243970000002', middleName: 'Kasongo' });
      const [audit] = await audits('miner.updated', miner.id);
      expect(audit.before).toBeNull();
      expect(audit.after).toEqual({ changed: ['middleName', 'phone'] });
      const clash = await t.http().patch(`${base}/${miner.id}`).set(bearer(inA.officer)).send({ idDocumentNumber: other.idDocumentNumber }).expect(409);
      expect(clash.body.code).toBe('ID_DOCUMENT_ALREADY_REGISTERED');
      const notEditable = await t.http().patch(`${base}/${miner.id}`).set(bearer(inA.officer)).send({ memberNumber: 'TUJ-2026-00099-X' }).expect(400);
      expect(notEditable.body.code).toBe('VALIDATION_FAILED');
      const found = await t.http().get(base).query({ q: 'kasongo' }).set(bearer(inA.officer)).expect(200);
      expect((found.body.items as MinerBody[]).map((m) => m.id)).toEqual([miner.id]);
    });

    it('records every read of the full record, even by read-only roles', async () => {
      const miner = (await register(minerBody()).expect(201)).body as MinerBody;
      for (const session of [inA.officer, inA.auditor, lualabaSupervisor]) {
        const response = await t.http().get(`${base}/${miner.id}`).set(bearer(session)).expect(200);
        expect(response.body.idDocumentNumber).toBe(miner.idDocumentNumber);
      }
      const reads = await audits('read_personal_data', miner.id);
      expect(reads.map((read) => read.actor_user_id)).toEqual([inA.officer.userId, inA.auditor.userId, lualabaSupervisor.userId]);
      expect(reads[0].after).toEqual({ fields: ['idDocumentNumber'] });
    });

    it('audits finding a person by their ID number, by any role, without keeping the number searched; a name search is not audited', async () => {
      const miner = (await register(minerBody({ idDocumentNumber: 'OP-48217' })).expect(201)).body as MinerBody;
      for (const session of [inA.officer, inA.auditor, lualabaSupervisor]) {
        const found = await t.http().get(base).query({ q: '48217' }).set(bearer(session)).expect(200);
        expect((found.body.items as MinerBody[]).map((m) => m.id)).toEqual([miner.id]);
      }
      const reads = await audits('read_personal_data', miner.id);
      expect(reads.map((read) => read.actor_user_id)).toEqual([inA.officer.userId, inA.auditor.userId, lualabaSupervisor.userId]);
      expect(reads[0].after).toEqual({ fields: ['idDocumentNumber'], via: 'search' });
      expect(JSON.stringify(reads)).not.toContain('48217');
      await t.http().get(base).query({ q: miner.lastName }).set(bearer(inA.officer)).expect(200);
      expect(await audits('read_personal_data', miner.id)).toHaveLength(3);
    });

    it('exports everything held about one person to an admin only, and audits the export', async () => {
      const miner = (await register(minerBody()).expect(201)).body as MinerBody;
      await t.http().patch(`${base}/${miner.id}`).set(bearer(inA.officer)).send({ phone: '+243990001122' }).expect(200);
      const exported = await t.http().get(`${base}/${miner.id}/personal-data`).set(bearer(inA.admin)).expect(200);
      expect(exported.body.person).toMatchObject({ id: miner.id, idDocumentNumber: miner.idDocumentNumber, phone: '+243990001122' });
      expect(exported.body.cooperative).toEqual({ id: coopA, name: 'Tujenge' });
      expect(exported.body.auditTrail.map((entry: { action: string }) => entry.action)).toEqual(expect.arrayContaining(['miner.registered', 'miner.updated']));
      expect(await audits('export_personal_data', miner.id)).toEqual([expect.objectContaining({ actor_user_id: inA.admin.userId })]);
      for (const session of [inA.officer, inA.auditor, lualabaSupervisor]) {
        await t.http().get(`${base}/${miner.id}/personal-data`).set(bearer(session)).expect(403);
      }
      await t.http().get(`/api/v1/cooperatives/${coopB}/miners/${miner.id}/personal-data`).set(bearer(adminB)).expect(404);
    });

    it('stores a photo, serves it to permitted roles and records every read', async () => {
      const miner = (await register(minerBody()).expect(201)).body as MinerBody;
      const png = await QRCode.toBuffer('photo', { type: 'png' });
      await t.http().put(`${base}/${miner.id}/photo`).set(bearer(inA.officer)).set('Content-Type', 'image/png').send(png).expect(204);
      const served = await t.http().get(`${base}/${miner.id}/photo`).set(bearer(inA.auditor)).buffer(true).parse(binaryBody).expect(200);
      expect(served.headers['content-type']).toBe('image/png');
      expect(Buffer.compare(served.body as Buffer, png)).toBe(0);
      const reads = await audits('read_personal_data', miner.id);
      expect(reads).toEqual([expect.objectContaining({ actor_user_id: inA.auditor.userId, after: { fields: ['photo'] } })]);
      await t.http().get(`${base}/${miner.id}/photo`).set(bearer(inA.treasurer)).expect(403);
      const detail = await t.http().get(base).query({ q: miner.memberNumber }).set(bearer(inA.officer)).expect(200);
      expect(detail.body.items[0].hasPhoto).toBe(true);

      const mislabelled = await t.http().put(`${base}/${miner.id}/photo`).set(bearer(inA.officer)).set('Content-Type', 'image/jpeg').send(png).expect(422);
      expect(mislabelled.body.code).toBe('PHOTO_FORMAT_INVALID');
      const tooLarge = Buffer.concat([png, Buffer.alloc(1024 * 1024)]);
      await t.http().put(`${base}/${miner.id}/photo`).set(bearer(inA.officer)).set('Content-Type', 'image/png').send(tooLarge).expect(413);
      await t.http().put(`${base}/${miner.id}/photo`).set(bearer(inA.officer)).set('Content-Type', 'image/gif').send(Buffer.from('GIF89a')).expect(415);
      const noPhoto = (await register(minerBody()).expect(201)).body as MinerBody;
      const missing = await t.http().get(`${base}/${noPhoto.id}/photo`).set(bearer(inA.officer)).expect(404);
      expect(missing.body.code).toBe('PHOTO_NOT_FOUND');
    });
  });

  describe('member card PDF', () => {
    let elodie: MinerBody;

    beforeAll(async () => {
      elodie = (await register(minerBody({ firstName: 'Élodie', lastName: 'Kabongo-Mwamba', sex: 'F', dateOfBirth: '1991-03-08', cardNumber: 'CEA-PDF-1', cardIssuedOn: today })).expect(201)).body as MinerBody;
      const png = await QRCode.toBuffer('portrait', { type: 'png', width: 120 });
      await t.http().put(`${base}/${elodie.id}/photo`).set(bearer(inA.officer)).set('Content-Type', 'image/png').send(png).expect(204);
    });

    const fetchPdf = async (query: Record<string, string>, headers: Record<string, string> = {}): Promise<Buffer> => {
      const response = await t.http().get(`${base}/${elodie.id}/card.pdf`).query(query).set(bearer(inA.officer)).set(headers).buffer(true).parse(binaryBody).expect(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      return response.body as Buffer;
    };

    it('prints the name with its accents, the member number and the cooperative, in French by default', async () => {
      const pdf = await fetchPdf({});
      const text = await pdfText(pdf);
      expect(text).toContain('Élodie Kabongo-Mwamba');
      expect(text).toContain(elodie.memberNumber);
      expect(text).toContain('Tujenge');
      expect(text).toContain('Carte de membre');
      expect(text).toContain('CEA-PDF-1');
      const reads = await audits('read_personal_data', elodie.id);
      expect(reads.at(-1)?.after).toEqual({ fields: ['card.pdf'] });
    });

    it('prints in English with lang=en or Accept-Language', async () => {
      expect(await pdfText(await fetchPdf({ lang: 'en' }))).toContain('Member card');
      expect(await pdfText(await fetchPdf({}, { 'Accept-Language': 'en-GB,en;q=0.9' }))).toContain('Member card');
    });

    it('is the size of a bank card', async () => {
      const pdf = (await fetchPdf({})).toString('latin1');
      const [, width, height] = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf) ?? [];
      expect(Number(width)).toBeCloseTo((85.6 * 72) / 25.4, 1);
      expect(Number(height)).toBeCloseTo((54 * 72) / 25.4, 1);
    });

    it('carries a QR code whose token verifies for this member, and a tampered token fails', async () => {
      const codes = (await qrCodesIn(await fetchPdf({}))).filter((code) => code !== 'portrait');
      expect(codes).toHaveLength(1);
      const key = deriveCardKey(TEST_JWT_SECRET);
      const claims = verifyCardToken(codes[0], key);
      expect(claims).toEqual({ cooperativeId: coopA, minerId: elodie.id, memberNumber: elodie.memberNumber, issued: today, keyId: 'k1', tokenId: expect.any(String), serial: expect.any(Number) });
      const [payload, signature] = codes[0].split('.');
      const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), m: '00000000-0000-4000-8000-000000000000' })).toString('base64url');
      expect(verifyCardToken(`${forged}.${signature}`, key)).toBeNull();
      expect(verifyCardToken(codes[0], deriveCardKey('another-secret'))).toBeNull();
      expect(codes[0]).not.toBe(signCardToken({ cooperativeId: coopA, minerId: elodie.id, memberNumber: elodie.memberNumber, issued: today }, deriveCardKey('x')));
    });
  });

  describe('permissions', () => {
    let minerId: string;

    beforeAll(async () => {
      minerId = ((await register(minerBody()).expect(201)).body as MinerBody).id;
    });

    it('lets auditors and supervisors read but not write', async () => {
      for (const session of [inA.auditor, lualabaSupervisor]) {
        await t.http().get(base).set(bearer(session)).expect(200);
        await t.http().get(`${base}/${minerId}`).set(bearer(session)).expect(200);
        await t.http().get(`${base}/export.csv`).set(bearer(session)).expect(200);
        await register(minerBody(), session).expect(403);
        await t.http().patch(`${base}/${minerId}`).set(bearer(session)).send({ phone: '+243' }).expect(403);
        await t.http().post(`${base}/${minerId}/status`).set(bearer(session)).send({ to: 'active', reason: 'x' }).expect(403);
        await t.http().post(`${base}/${minerId}/cards`).set(bearer(session)).send({ cardNumber: 'X', cardIssuedOn: today }).expect(403);
        await t.http().post(`${base}/${minerId}/cards/lost`).set(bearer(session)).send({}).expect(403);
        const card = await t.http().get(`${base}/${minerId}/card.pdf`).set(bearer(session)).expect(403);
        expect(card.headers['content-type']).toContain('application/problem+json');
        await t.http().put(`${base}/${minerId}/photo`).set(bearer(session)).set('Content-Type', 'image/png').send(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])).expect(403);
      }
    });

    it('lets treasurers list but not register', async () => {
      await t.http().get(base).set(bearer(inA.treasurer)).expect(200);
      await register(minerBody(), inA.treasurer).expect(403);
    });

    it('hides a cooperative and its miners from another cooperative', async () => {
      await t.http().get(base).set(bearer(adminB)).expect(404);
      await t.http().get(`${base}/${minerId}`).set(bearer(adminB)).expect(404);
      await register(minerBody(), adminB).expect(404);
      const ownPath = `/api/v1/cooperatives/${coopB}/miners/${minerId}`;
      const crossed = await t.http().get(ownPath).set(bearer(adminB)).expect(404);
      expect(crossed.body.code).toBe('MINER_NOT_FOUND');
      await t.http().post(`${ownPath}/status`).set(bearer(adminB)).send({ to: 'active', reason: 'x' }).expect(404);
      const bList = await t.http().get(`/api/v1/cooperatives/${coopB}/miners`).set(bearer(adminB)).expect(200);
      expect(bList.body.items).toEqual([]);
    });
  });
});
