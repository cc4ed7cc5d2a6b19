import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { normaliseLogin } from '../auth/login.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/password.js';
import type { CooperativeRole } from '../auth/roles.js';
import { ownerTransaction } from '../database/owner-transaction.js';

/** Work as the schema owner in one transaction, acting as the platform operator for RLS. */
function asOperator<T>(ownerUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  return ownerTransaction(ownerUrl, { applicationName: 'ushirika-admin', setup: [`SELECT set_config('app.operator', 'on', true)`] }, work);
}

async function upsertUser(client: pg.Client, rawLogin: string, password: string, name: string, isOperator = false): Promise<{ id: string; created: boolean }> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`The password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  const { login, kind } = normaliseLogin(rawLogin);
  const existing = await client.query<{ id: string }>('SELECT id FROM users WHERE login = $1', [login]);
  if (existing.rows[0]) {
    if (isOperator) await client.query('UPDATE users SET is_operator = true, updated_at = now() WHERE id = $1', [existing.rows[0].id]);
    return { id: existing.rows[0].id, created: false };
  }
  const id = randomUUID();
  await client.query(
    'INSERT INTO users (id, login, login_kind, password_hash, name, is_operator) VALUES ($1, $2, $3, $4, $5, $6)',
    [id, login, kind, await hashPassword(password), name, isOperator],
  );
  await client.query(
    `INSERT INTO platform_audit_log (actor_user_id, action, entity, entity_id, after) VALUES (NULL, 'create', 'user', $1, $2)`,
    [id, JSON.stringify({ login, name, operator: isOperator, via: 'cli' })],
  );
  return { id, created: true };
}

export async function createOperator(ownerUrl: string, login: string, password: string, name: string): Promise<{ id: string; created: boolean }> {
  return asOperator(ownerUrl, (client) => upsertUser(client, login, password, name, true));
}

export const DEMO_COOPERATIVE_ID = '0b5e3a6e-5c1f-4f7e-9a59-2f0d6c1de001';
/**
 * One login per cooperative role and a supervisor of Lualaba, said so at start. No platform
 * operator: that one is created on purpose, with `npm run cli -- operator:create`.
 */
const DEMO_USERS: { login: string; name: string; role: CooperativeRole | 'supervisor' }[] = [
  { login: 'admin@demo.ushirika.org', name: 'Aline Mbuyi', role: 'admin' },
  { login: 'officer@demo.ushirika.org', name: 'Patrick Kasongo', role: 'officer' },
  { login: 'treasurer@demo.ushirika.org', name: 'Esther Ilunga', role: 'treasurer' },
  { login: 'auditor@demo.ushirika.org', name: 'Jean Mutombo', role: 'auditor' },
  { login: 'supervisor@demo.ushirika.org', name: 'Agent SAEMAPE Lualaba', role: 'supervisor' },
];

export interface DemoLogin {
  readonly login: string;
  readonly role: string;
  /** Generated for this database, shown once: null when the login already existed (its password is unchanged). */
  readonly password: string | null;
}

/** A strong password of 100 random bits, readable: `xxxx-xxxx-xxxx-xxxx-xxxx` in base32. */
export function newDemoPassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((byte) => alphabet[byte % alphabet.length]);
  return [0, 4, 8, 12, 16].map((at) => chars.slice(at, at + 4).join('')).join('-');
}

/**
 * A demo cooperative in Lualaba with one user per role; running it again changes nothing.
 * Each new login gets its own random password, stored hashed only and answered once here.
 */
export async function seedDemo(ownerUrl: string): Promise<DemoLogin[]> {
  return asOperator(ownerUrl, async (client) => {
    await client.query(`SELECT set_config('app.cooperative_ids', $1, true)`, [DEMO_COOPERATIVE_ID]);
    await client.query(
      `INSERT INTO cooperatives (id, name, legal_form, registration_number, approval_number, country, province, territory, minerals, default_currency, timezone, language)
       VALUES ($1, 'Coopérative Minière Tujenge (démo)', 'COOP_CA', 'CD/KZI/RCCM/26-B-0001', 'AGR-2026-014', 'CD', 'Lualaba', 'Mutshatsha',
               ARRAY['HETEROGENITE', 'COPPER_ORE'], 'USD', 'Africa/Lubumbashi', 'fr')
       ON CONFLICT (id) DO NOTHING`,
      [DEMO_COOPERATIVE_ID],
    );
    const logins: DemoLogin[] = [];
    for (const user of DEMO_USERS) {
      const password = newDemoPassword();
      const { id, created } = await upsertUser(client, user.login, password, user.name);
      if (user.role === 'supervisor') {
        await client.query(`INSERT INTO supervisor_jurisdictions (user_id, country, province) VALUES ($1, 'CD', 'Lualaba') ON CONFLICT DO NOTHING`, [id]);
      } else {
        await client.query('INSERT INTO user_roles (cooperative_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [DEMO_COOPERATIVE_ID, id, user.role]);
      }
      logins.push({ login: user.login, role: user.role, password: created ? password : null });
    }
    return logins;
  });
}

/** The block printed once at the start that created the demo: every login, its password, who reads what. */
export function demoLoginsBlock(logins: readonly DemoLogin[]): string {
  const rule = '='.repeat(78);
  return [
    rule,
    'DEMO COOPERATIVE CREATED on this embedded database (DEMO_DATA=false to skip; never in production).',
    'Passwords were generated for this database and are shown ONLY NOW: note them. Stored hashed only.',
    ...logins.map(({ login, role, password }) => `  ${role.padEnd(10)} ${login.padEnd(32)} ${password ?? '(already existed: password unchanged)'}`),
    'NOTE: supervisor@demo.ushirika.org is a SUPERVISOR: it reads every cooperative of Lualaba on this server.',
    'No platform operator is created: `npm run cli -- operator:create --login …` makes one.',
    rule,
    '',
  ].join('\n');
}
