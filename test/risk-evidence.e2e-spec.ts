import { createHash } from 'node:crypto';
import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery } from './support/test-database.js';
import { bearer, twoCooperatives, type Session } from './support/identity-fixture.js';
import { binaryBody } from './support/pdf-text.js';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF evidence photo'), Buffer.from([0xff, 0xd9])]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

describe('risk flag evidence and risk settings', () => {
  let t: TestApp;
  let coopA: string;
  let admin: Session;
  let officer: Session;
  let treasurer: Session;
  let auditor: Session;
  let adminB: Session;
  let lualabaSupervisor: Session;
  let base: string;
  let flagId: string;
  let childFlagId: string;
  let anonymousFlagId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ coopA, inA: { admin, officer, treasurer, auditor }, adminB, lualabaSupervisor } = await twoCooperatives(t, { supervisor: true }));
    base = `/api/v1/cooperatives/${coopA}`;
    flagId = await fileFlag({ category: 'environmental_damage', description: 'Rejet de boue dans la rivière' });
    childFlagId = await fileFlag({ category: 'worst_forms_child_labour', description: 'Un enfant au lavage' });
    anonymousFlagId = await fileFlag({ category: 'illegal_taxation', description: 'Taxe au barrage', anonymous: true });
  });
  afterAll(async () => {
    await t.close();
  });

  async function fileFlag(body: Record<string, unknown>): Promise<string> {
    const response = await t.http().post(`${base}/risk-flags`).set(bearer(officer)).send(body).expect(201);
    return (response.body as { id: string }).id;
  }

  function upload(session: Session, flag: string, contentType: string, content: Buffer, fileName?: string) {
    const call = t.http().post(`${base}/risk-flags/${flag}/evidence`).set(bearer(session)).set('Content-Type', contentType);
    return (fileName === undefined ? call : call.set('X-File-Name', fileName)).send(content);
  }

  function download(session: Session, flag: string, evidenceId: string, prefix = base) {
    return t
      .http()
      .get(`${prefix}/risk-flags/${flag}/evidence/${evidenceId}`)
      .set(bearer(session))
      .buffer(true)
      .parse(binaryBody);
  }

  /** The problem code of an error answered to download(), whose parser keeps raw bytes. */
  function codeOf(body: unknown): unknown {
    return (JSON.parse(String(body)) as { code?: unknown }).code;
  }

  async function audits(action: string, entityId: string): Promise<{ actor_user_id: string | null; after: Record<string, unknown> }[]> {
    return adminQuery(t.target.ownerUrl, 'SELECT actor_user_id, after FROM audit_log WHERE action = $1 AND entity_id = $2 ORDER BY id', [action, entityId]);
  }

  describe('upload', () => {
    it('stores a JPEG and a PDF with their digest, size and name, and audits the upload', async () => {
      const photo = await upload(officer, flagId, 'image/jpeg', JPEG, 'boue%20rivi%C3%A8re.jpg').expect(201);
      expect(photo.body).toEqual({
        id: expect.any(String),
        flagId,
        contentType: 'image/jpeg',
        byteSize: JPEG.length,
        sha256: sha256(JPEG),
        originalName: 'boue rivière.jpg',
        uploadedBy: officer.userId,
        uploadedAt: expect.any(String),
      });
      const document = await upload(admin, flagId, 'application/pdf', PDF).expect(201);
      expect(document.body).toEqual(expect.objectContaining({ contentType: 'application/pdf', byteSize: PDF.length, sha256: sha256(PDF), originalName: null, uploadedBy: admin.userId }));
      const id = (photo.body as { id: string }).id;
      expect(await audits('risk_flag_evidence.uploaded', id)).toEqual([
        { actor_user_id: officer.userId, after: { flagId, contentType: 'image/jpeg', byteSize: JPEG.length, sha256: sha256(JPEG), originalName: 'boue rivière.jpg' } },
      ]);
    });

    it('accepts a file up to 2 MiB and answers 413 above', async () => {
      const big = Buffer.concat([JPEG, Buffer.alloc(2 * 1024 * 1024 - JPEG.length)]);
      const accepted = await upload(officer, flagId, 'image/jpeg', big).expect(201);
      expect(accepted.body.byteSize).toBe(2 * 1024 * 1024);
      await upload(officer, flagId, 'image/jpeg', Buffer.concat([big, Buffer.from([0])])).expect(413);
      await upload(officer, flagId, 'application/pdf', Buffer.concat([PDF, Buffer.alloc(2 * 1024 * 1024)])).expect(413);
    });

    it('answers 415 for any other type and 422 when the bytes do not match the declared type', async () => {
      await upload(officer, flagId, 'image/gif', Buffer.from('GIF89a....')).expect(415);
      await upload(officer, flagId, 'text/plain', Buffer.from('%PDF-1.4 not really')).expect(415);
      await t.http().post(`${base}/risk-flags/${flagId}/evidence`).set(bearer(officer)).send({ pdf: true }).expect(415);
      const wrong = await upload(officer, flagId, 'application/pdf', JPEG).expect(422);
      expect(wrong.body.code).toBe('EVIDENCE_FORMAT_INVALID');
      const wrongImage = await upload(officer, flagId, 'image/png', JPEG).expect(422);
      expect(wrongImage.body.code).toBe('EVIDENCE_FORMAT_INVALID');
    });

    it('keeps the uploader unknown on an anonymous flag', async () => {
      const response = await upload(officer, anonymousFlagId, 'image/jpeg', JPEG).expect(201);
      expect(response.body.uploadedBy).toBeNull();
      const id = (response.body as { id: string }).id;
      const rows = await adminQuery(t.target.ownerUrl, 'SELECT uploaded_by FROM risk_flag_evidence WHERE id = $1', [id]);
      expect(rows).toEqual([{ uploaded_by: null }]);
      expect(await audits('risk_flag_evidence.uploaded', id)).toEqual([expect.objectContaining({ actor_user_id: null })]);
    });

    it('allows only officers and admins, on a flag of the cooperative', async () => {
      for (const session of [treasurer, auditor, lualabaSupervisor]) await upload(session, flagId, 'image/jpeg', JPEG).expect(403);
      await upload(adminB, flagId, 'image/jpeg', JPEG).expect(404);
      const missing = await upload(officer, '00000000-0000-4000-8000-000000000000', 'image/jpeg', JPEG).expect(404);
      expect(missing.body.code).toBe('FLAG_NOT_FOUND');
    });

    it('is append-only in the database', async () => {
      await expect(adminQuery(t.target.ownerUrl, 'UPDATE risk_flag_evidence SET original_name = $1', ['x'])).rejects.toThrow();
      await expect(adminQuery(t.target.ownerUrl, 'DELETE FROM risk_flag_evidence')).rejects.toThrow();
    });
  });

  describe('list and download', () => {
    it('lists metadata without content for every member role and audits the read', async () => {
      for (const session of [admin, officer, treasurer, auditor, lualabaSupervisor]) {
        const list = await t.http().get(`${base}/risk-flags/${flagId}/evidence`).set(bearer(session)).expect(200);
        const items = list.body as Record<string, unknown>[];
        expect(items.length).toBeGreaterThanOrEqual(2);
        expect(items[0]).not.toHaveProperty('content');
        expect(items[0]).toEqual(expect.objectContaining({ contentType: 'image/jpeg', sha256: sha256(JPEG) }));
      }
      expect((await audits('risk_flag_evidence.listed', flagId)).length).toBeGreaterThanOrEqual(5);
      await t.http().get(`${base}/risk-flags/${flagId}/evidence`).set(bearer(adminB)).expect(404);
    });

    it('serves the bytes that were uploaded and audits every read', async () => {
      const pdf = await upload(officer, flagId, 'application/pdf', PDF, 'rapport.pdf').expect(201);
      const id = (pdf.body as { id: string }).id;
      for (const session of [auditor, treasurer, lualabaSupervisor]) {
        const served = await download(session, flagId, id).expect(200);
        expect(served.headers['content-type']).toBe('application/pdf');
        expect(served.headers['content-disposition']).toContain('rapport.pdf');
        expect(sha256(served.body as Buffer)).toBe(sha256(PDF));
      }
      const reads = await audits('risk_flag_evidence.read', id);
      expect(reads.map((read) => read.actor_user_id)).toEqual([auditor.userId, treasurer.userId, lualabaSupervisor.userId]);
      expect(reads[0]?.after).toEqual({ flagId, sha256: sha256(PDF) });
    });

    it("restricts a child-labour flag's evidence to admins and officers", async () => {
      const photo = await upload(officer, childFlagId, 'image/jpeg', JPEG).expect(201);
      const id = (photo.body as { id: string }).id;
      for (const session of [admin, officer]) {
        const served = await download(session, childFlagId, id).expect(200);
        expect(Buffer.compare(served.body as Buffer, JPEG)).toBe(0);
      }
      for (const session of [lualabaSupervisor, auditor, treasurer]) {
        const denied = await download(session, childFlagId, id).expect(403);
        expect(codeOf(denied.body)).toBe('EVIDENCE_RESTRICTED');
      }
      expect((await audits('risk_flag_evidence.read', id)).map((read) => read.actor_user_id)).toEqual([admin.userId, officer.userId]);
      // The metadata stays visible: it shows no child.
      await t.http().get(`${base}/risk-flags/${childFlagId}/evidence`).set(bearer(lualabaSupervisor)).expect(200);
    });

    it('answers 404 across cooperatives, flags and unknown ids', async () => {
      const photo = await upload(officer, flagId, 'image/jpeg', JPEG).expect(201);
      const id = (photo.body as { id: string }).id;
      await download(adminB, flagId, id).expect(404);
      await download(officer, childFlagId, id).expect(404);
      const unknown = await download(officer, flagId, '00000000-0000-4000-8000-000000000000').expect(404);
      expect(codeOf(unknown.body)).toBe('EVIDENCE_NOT_FOUND');
      await download(officer, flagId, 'not-a-uuid').expect(400);
    });
  });

  describe('critical acknowledgement delay', () => {
    it('defaults to 24 h, is read by every member and changed by admins only, audited', async () => {
      for (const session of [admin, officer, treasurer, auditor, lualabaSupervisor]) {
        const read = await t.http().get(`${base}/risk-settings`).set(bearer(session)).expect(200);
        expect(read.body).toEqual({ criticalAckHours: 24, updatedAt: null });
      }
      for (const session of [officer, treasurer, auditor, lualabaSupervisor]) {
        await t.http().put(`${base}/risk-settings`).set(bearer(session)).send({ criticalAckHours: 2 }).expect(403);
      }
      await t.http().put(`${base}/risk-settings`).set(bearer(adminB)).send({ criticalAckHours: 2 }).expect(404);
      for (const criticalAckHours of [0, 721, 1.5, '2']) {
        await t.http().put(`${base}/risk-settings`).set(bearer(admin)).send({ criticalAckHours }).expect(400);
      }
      await t.http().put(`${base}/risk-settings`).set(bearer(admin)).send({ criticalAckHours: 2, extra: 1 }).expect(400);
    });

    it('decides which critical flags are overdue', async () => {
      const critical = await fileFlag({ category: 'forced_labour', severity: 'critical', description: 'Travail forcé signalé' });
      await adminQuery(t.target.ownerUrl, "UPDATE risk_flags SET raised_at = now() - interval '3 hours' WHERE id = $1", [critical]);
      const overdueIds = async (): Promise<string[]> => {
        const response = await t.http().get(`${base}/risk-flags/overdue`).set(bearer(auditor)).expect(200);
        return (response.body as { flags: { id: string }[] }).flags.map((flag) => flag.id);
      };
      expect(await overdueIds()).not.toContain(critical);
      const detail = await t.http().get(`${base}/risk-flags/${critical}`).set(bearer(officer)).expect(200);
      expect(detail.body.overdue).toBe(false);

      const updated = await t.http().put(`${base}/risk-settings`).set(bearer(admin)).send({ criticalAckHours: 2 }).expect(200);
      expect(updated.body).toEqual({ criticalAckHours: 2, updatedAt: expect.any(String) });
      expect(await overdueIds()).toContain(critical);
      const late = await t.http().get(`${base}/risk-flags/${critical}`).set(bearer(officer)).expect(200);
      expect(late.body.overdue).toBe(true);
      const listed = await t.http().get(`${base}/risk-flags`).query({ overdue: 'true' }).set(bearer(officer)).expect(200);
      expect((listed.body as { items: { id: string }[] }).items.map((flag) => flag.id)).toContain(critical);

      await t.http().put(`${base}/risk-settings`).set(bearer(admin)).send({ criticalAckHours: 4 }).expect(200);
      expect(await overdueIds()).not.toContain(critical);
      expect(await audits('risk_settings.update', coopA)).toEqual([
        expect.objectContaining({ actor_user_id: admin.userId }),
        expect.objectContaining({ actor_user_id: admin.userId }),
      ]);
      const trail = await adminQuery(t.target.ownerUrl, "SELECT before, after FROM audit_log WHERE action = 'risk_settings.update' ORDER BY id");
      expect(trail).toEqual([
        { before: { criticalAckHours: 24 }, after: { criticalAckHours: 2 } },
        { before: { criticalAckHours: 2 }, after: { criticalAckHours: 4 } },
      ]);
    });
  });
});
