import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from './support/test-app.js';
import { adminQuery, createTestDatabase } from './support/test-database.js';
import { bearer, twoCooperatives, type TwoCooperatives } from './support/identity-fixture.js';
import { heterogenitePurchase, registerSeller } from './support/purchase-fixture.js';
import { seedSite } from './support/site-fixture.js';
import { addDays } from '../src/common/calendar-date.js';
import { localDateIn } from '../src/common/time-zone.js';
import { readSealedLines, writeSealedLines } from '../src/database/table-dump.js';
import { cliWithPassphrase } from './support/cli.js';

const PASSPHRASE = randomBytes(24).toString('base64url');
const SITE_A = randomUUID();
const SITE_B = randomUUID();

const cli = (url: string, args: string[], passphrase: string = PASSPHRASE): Promise<number> => cliWithPassphrase(url, args, passphrase);

/**
 * Every row of one cooperative, table by table, in a stable order: identity columns (which a
 * move renumbers) left out, and the import's own audit row too.
 */
async function cooperativeRows(url: string, cooperativeId: string): Promise<Record<string, string[]>> {
  const tables = await adminQuery<{ table: string; identity: string[] | null }>(
    url,
    `SELECT c.table_name AS table, (SELECT array_agg(column_name::text) FROM information_schema.columns i
        WHERE i.table_schema = 'public' AND i.table_name = c.table_name AND i.is_identity = 'YES') AS identity
       FROM information_schema.columns c WHERE c.table_schema = 'public' AND c.column_name = 'cooperative_id' ORDER BY 1`,
  );
  const result: Record<string, string[]> = {};
  for (const { table, identity } of tables) {
    const rows = await adminQuery<{ row: string }>(
      url,
      `SELECT (to_jsonb(t) - $2::text[])::text AS row FROM "${table}" t WHERE cooperative_id = $1 ${table === 'audit_log' ? `AND action <> 'cooperative.imported'` : ''}`,
      [cooperativeId, identity ?? []],
    );
    result[table] = rows.map((r) => r.row).sort();
  }
  const coop = await adminQuery<{ row: string }>(url, 'SELECT to_jsonb(c)::text AS row FROM cooperatives c WHERE id = $1', [cooperativeId]);
  result.cooperatives = coop.map((r) => r.row);
  return result;
}

async function usersOf(url: string, cooperativeId: string): Promise<string[]> {
  const rows = await adminQuery<{ login: string; role: string }>(
    url,
    'SELECT u.login, r.role FROM user_roles r JOIN users u ON u.id = r.user_id WHERE r.cooperative_id = $1 ORDER BY 1, 2',
    [cooperativeId],
  );
  return rows.map((row) => `${row.login}:${row.role}`);
}

describe('one cooperative in one file: export and import', () => {
  let t: TestApp;
  let w: TwoCooperatives;
  const folder = mkdtempSync(join(tmpdir(), 'ushirika-export-'));
  const fileA = join(folder, 'tujenge.ushirika');
  const fileB = join(folder, 'umoja.ushirika');
  let sourceA: Record<string, string[]>;
  let sourceB: Record<string, string[]>;
  let headA: { last_sequence: number; last_hash: string }[];

  beforeAll(async () => {
    t = await startTestApp();
    w = await twoCooperatives(t);
    const today = localDateIn('Africa/Lubumbashi');
    await seedSite(t, w.coopA, SITE_A);
    await seedSite(t, w.coopB, SITE_B);
    await t.http().post(`/api/v1/cooperatives/${w.coopA}/fee-rules`).set(bearer(w.inA.admin))
      .send({ ruleCode: 'COMMUNITY_LEVY', fundCode: 'COMMUNITY_DEVELOPMENT', kind: 'percent', rateBp: 150, validFrom: addDays(today, -30) }).expect(201);
    const seller = await registerSeller(t, w.inA.officer, w.coopA, addDays(today, -100));
    const ids: string[] = [];
    for (const price of [950, 1200, 1300]) {
      const res = await t.http().post(`/api/v1/cooperatives/${w.coopA}/purchases`).set(bearer(w.inA.officer)).send(heterogenitePurchase(seller, SITE_A, { unitPriceMinor: price })).expect(201);
      ids.push((res.body as { id: string }).id);
    }
    await t.http().post(`/api/v1/cooperatives/${w.coopA}/purchases/${ids[1]}/reversal`).set(bearer(w.inA.officer)).send({ reason: 'Balance non étalonnée' }).expect(201);
    const officerB = await import('./support/identity-fixture.js').then((m) => m.member(t, w.operator, w.coopB, 'officer', 'b'));
    const sellerB = await registerSeller(t, officerB, w.coopB, addDays(today, -100));
    await t.http().post(`/api/v1/cooperatives/${w.coopB}/purchases`).set(bearer(officerB)).send(heterogenitePurchase(sellerB, SITE_B)).expect(201);
    sourceA = await cooperativeRows(t.target.ownerUrl, w.coopA);
    sourceB = await cooperativeRows(t.target.ownerUrl, w.coopB);
    headA = await adminQuery(t.target.ownerUrl, 'SELECT last_sequence, last_hash FROM ledger_heads WHERE cooperative_id = $1', [w.coopA]);
    expect(sourceA.purchase_ledger).toHaveLength(4);
    expect(sourceA.miners).toHaveLength(1);
    expect(await cli(t.target.ownerUrl, ['cooperative:export', '--cooperative', w.coopA, '--out', fileA])).toBe(0);
    expect(await cli(t.target.ownerUrl, ['cooperative:export', '--cooperative', w.coopB, '--out', fileB])).toBe(0);
  });
  afterAll(async () => {
    await t.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('holds every row of the cooperative and nothing of the other, encrypted', async () => {
    const text: string[] = [];
    for await (const line of readSealedLines(fileA, PASSPHRASE)) text.push(line);
    const all = text.join('\n');
    expect(all).not.toContain(w.coopB);
    expect(all).not.toContain('Umoja');
    const header = JSON.parse(text[0]) as { format: string; cooperativeId: string; tables: string[] };
    expect(header).toMatchObject({ format: 'ushirika-cooperative', cooperativeId: w.coopA });
    expect(header.tables.slice(0, 2)).toEqual(['cooperatives', 'users']);
    // The operator never travels with a cooperative.
    const users = text.filter((line) => line.startsWith('{"row":')).map((line) => (JSON.parse(line) as { row: Record<string, unknown> }).row).filter((row) => 'login_kind' in row);
    expect(users.length).toBeGreaterThanOrEqual(4);
    expect(users.every((row) => row.is_operator === false)).toBe(true);
    expect(readFileSync(fileA).includes(Buffer.from('Tujenge'))).toBe(false);
    expect(await cli(t.target.ownerUrl, ['backup:verify', '--in', fileA])).toBe(0);
  });

  it('imports into an empty deployment with the same rows, users and roles, and the same ledger head', async () => {
    const empty = await createTestDatabase();
    try {
      await (await import('../src/database/cooperative-export.js')).importCooperative(empty.target.ownerUrl, fileA, PASSPHRASE);
      expect(await cooperativeRows(empty.target.ownerUrl, w.coopA)).toEqual(sourceA);
      expect(await usersOf(empty.target.ownerUrl, w.coopA)).toEqual(await usersOf(t.target.ownerUrl, w.coopA));
      expect(await adminQuery(empty.target.ownerUrl, 'SELECT last_sequence, last_hash FROM ledger_heads WHERE cooperative_id = $1', [w.coopA])).toEqual(headA);
      expect(await cli(empty.target.ownerUrl, ['ledger:verify', '--cooperative', w.coopA])).toBe(0);
      expect(await adminQuery(empty.target.ownerUrl, 'SELECT 1 FROM cooperatives WHERE id = $1', [w.coopB])).toEqual([]);
      expect(await adminQuery(empty.target.ownerUrl, 'SELECT login FROM users WHERE is_operator')).toEqual([]);
      const audit = await adminQuery<{ after: { replaced: boolean } }>(empty.target.ownerUrl, `SELECT after FROM audit_log WHERE cooperative_id = $1 AND action = 'cooperative.imported'`, [w.coopA]);
      expect(audit).toEqual([{ after: expect.objectContaining({ replaced: false }) }]);
    } finally {
      await empty.drop();
    }
  });

  it('imports into a deployment holding another cooperative, leaving it as it was; again only with --replace', async () => {
    const other = await createTestDatabase();
    try {
      expect(await cli(other.target.ownerUrl, ['cooperative:import', '--in', fileB])).toBe(0);
      const before = await cooperativeRows(other.target.ownerUrl, w.coopB);
      expect(before).toEqual(sourceB);
      expect(await cli(other.target.ownerUrl, ['cooperative:import', '--in', fileA])).toBe(0);
      expect(await cooperativeRows(other.target.ownerUrl, w.coopA)).toEqual(sourceA);
      expect(await cooperativeRows(other.target.ownerUrl, w.coopB)).toEqual(before);
      // A second import of the same cooperative is refused, then replaces it (and it alone) when told to.
      expect(await cli(other.target.ownerUrl, ['cooperative:import', '--in', fileA])).toBe(1);
      expect(await cli(other.target.ownerUrl, ['cooperative:import', '--in', fileA, '--replace'])).toBe(0);
      expect(await cooperativeRows(other.target.ownerUrl, w.coopA)).toEqual(sourceA);
      expect(await cooperativeRows(other.target.ownerUrl, w.coopB)).toEqual(before);
      expect(await cli(other.target.ownerUrl, ['ledger:verify', '--cooperative', w.coopA])).toBe(0);
    } finally {
      await other.drop();
    }
  });

  it('replaces one cooperative in the deployment it came from without touching the other', async () => {
    // Something recorded after the export is rolled back by the replace; the other cooperative keeps its own.
    await adminQuery(t.target.ownerUrl, `INSERT INTO audit_log (cooperative_id, action, entity, entity_id) VALUES ($1, 'after_export', 'test', 'x'), ($2, 'after_export', 'test', 'y')`, [w.coopA, w.coopB]);
    expect(await cli(t.target.ownerUrl, ['cooperative:import', '--in', fileA, '--replace'])).toBe(0);
    expect(await cooperativeRows(t.target.ownerUrl, w.coopA)).toEqual(sourceA);
    const b = await cooperativeRows(t.target.ownerUrl, w.coopB);
    expect(b.audit_log).toHaveLength(sourceB.audit_log.length + 1);
    expect({ ...b, audit_log: [] }).toEqual({ ...sourceB, audit_log: [] });
    // The API still serves the replaced cooperative to its users.
    const res = await t.http().get(`/api/v1/cooperatives/${w.coopA}/miners`).set(bearer(w.inA.officer)).expect(200);
    expect((res.body as { items: unknown[] }).items).toHaveLength(1);
  });

  it('refuses a changed byte, a wrong passphrase, a whole-database backup and another schema version, loading nothing', async () => {
    const empty = await createTestDatabase();
    try {
      const bytes = readFileSync(fileA);
      const altered = Buffer.from(bytes);
      altered[Math.floor(bytes.length / 2)] ^= 0x04;
      const tampered = join(folder, 'tampered.ushirika');
      writeFileSync(tampered, altered);
      expect(await cli(empty.target.ownerUrl, ['cooperative:import', '--in', tampered])).toBe(1);
      expect(await cli(empty.target.ownerUrl, ['cooperative:import', '--in', fileA], 'not the passphrase used')).toBe(1);
      const old = join(folder, 'old.ushirika');
      const lines: string[] = [];
      for await (const line of readSealedLines(fileA, PASSPHRASE)) lines.push(line);
      const header = JSON.parse(lines[0]) as Record<string, unknown>;
      await writeSealedLines(old, PASSPHRASE, [JSON.stringify({ ...header, migrations: ['Foundation1763900000000'] }), ...lines.slice(1)].map((l) => `${l}\n`));
      const { importCooperative } = await import('../src/database/cooperative-export.js');
      await expect(importCooperative(empty.target.ownerUrl, old, PASSPHRASE)).rejects.toThrow(/schema version Foundation1763900000000/);
      await expect(importCooperative(empty.target.ownerUrl, tampered, PASSPHRASE)).rejects.toThrow(/altered/);
      await expect(importCooperative(empty.target.ownerUrl, fileA, 'not the passphrase used')).rejects.toThrow(/Wrong passphrase/);
      const backup = join(folder, 'whole.backup');
      expect(await cli(t.target.ownerUrl, ['backup', '--out', backup])).toBe(0);
      await expect(importCooperative(empty.target.ownerUrl, backup, PASSPHRASE)).rejects.toThrow(/whole-database backup/);
      expect(await adminQuery(empty.target.ownerUrl, 'SELECT id FROM cooperatives')).toEqual([]);
      expect(await adminQuery(empty.target.ownerUrl, 'SELECT id FROM users')).toEqual([]);
    } finally {
      await empty.drop();
    }
  });

  it('lets an admin download the same file from the API, refused to others and to a short passphrase', async () => {
    const path = `/api/v1/cooperatives/${w.coopA}/export`;
    await t.http().post(path).set(bearer(w.inA.officer)).send({ passphrase: PASSPHRASE }).expect(403);
    await t.http().post(path).set(bearer(w.adminB)).send({ passphrase: PASSPHRASE }).expect(404);
    const short = await t.http().post(path).set(bearer(w.inA.admin)).set('Accept-Language', 'fr').send({ passphrase: 'court' }).expect(400);
    expect(short.headers['content-type']).toMatch(/problem\+json/);
    const res = await t.http().post(path).set(bearer(w.inA.admin)).send({ passphrase: PASSPHRASE })
      .buffer(true).parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="cooperative-.+\.ushirika"/);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const downloaded = join(folder, 'downloaded.ushirika');
    writeFileSync(downloaded, res.body as Buffer);
    const empty = await createTestDatabase();
    try {
      expect(await cli(empty.target.ownerUrl, ['cooperative:import', '--in', downloaded])).toBe(0);
      const imported = await cooperativeRows(empty.target.ownerUrl, w.coopA);
      const here = await cooperativeRows(t.target.ownerUrl, w.coopA);
      // The export itself is in the audit trail (written after the file, so not in it).
      expect(here.audit_log.filter((row) => row.includes('cooperative.exported'))).toHaveLength(1);
      expect(imported).toEqual({ ...here, audit_log: here.audit_log.filter((row) => !row.includes('cooperative.exported')) });
    } finally {
      await empty.drop();
    }
  });
});
