import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { AppModule } from '../../src/app.module.js';
import type { TenantAuthContext } from '../../src/auth/auth-context.js';
import { normaliseLogin } from '../../src/auth/login.js';
import { hashPassword } from '../../src/auth/password.js';
import { READ_ONLY_ROLES, type CooperativeRole, type Role } from '../../src/auth/roles.js';
import { loadConfig } from '../../src/config/config.js';
import type { DatabaseTarget } from '../../src/database/database-target.js';
import { Db } from '../../src/database/db.js';
import { Scopes } from '../../src/database/scopes.js';
import { formatMemberNumber } from '../../src/miners/rules/member-number.js';
import { likelyDuplicateKey } from '../../src/miners/rules/names.js';
import { memberPrefix } from '../../src/miners/rules/registry-keys.js';
import { searchTextOf } from '../../src/miners/rules/search-text.js';
import { PASSWORD } from './identity-fixture.js';
import { TEST_JWT_SECRET } from './test-app.js';
import { adminQuery, createTestDatabase } from './test-database.js';

/**
 * Data-level fixtures: rows written straight into the tables as the schema owner (row-level
 * security does not stop it), each returning the ids a test goes on with. No module's API is
 * called, so a spec of one module never breaks because another module's routes changed.
 * Usable from e2e files too: `ownerRows(t.target.ownerUrl)`.
 */
export interface OwnerRows {
  /** A cooperative of Lualaba (USD, fr), unique name and registration number unless given. */
  newCooperative(overrides?: CooperativeOverrides): Promise<string>;
  /**
   * A miners row, active since `membershipDate` (2025-01-15) unless told otherwise, with a
   * valid member number from the cooperative's own counter (the registry numbers on after it).
   */
  newMember(cooperativeId: string, overrides?: MemberOverrides): Promise<NewMember>;
  /** An open site of the cooperative. */
  newSite(cooperativeId: string, overrides?: SiteOverrides): Promise<string>;
  /** A user holding `role` in the cooperative; the password is identity-fixture's PASSWORD unless given. */
  newUser(cooperativeId: string, role: CooperativeRole, overrides?: UserOverrides): Promise<string>;
  /** A user supervising one province (SAEMAPE), in no cooperative. */
  newSupervisor(country: string, province: string, overrides?: UserOverrides): Promise<string>;
  /** A statement as the owner (to look behind row-level security in an assertion). */
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface CooperativeOverrides {
  readonly id?: string;
  readonly name?: string;
  readonly legalForm?: 'SCOOPS' | 'COOP_CA';
  readonly registrationNumber?: string;
  readonly country?: string;
  readonly province?: string;
  readonly timezone?: string;
  readonly defaultCurrency?: string;
  readonly language?: 'fr' | 'en';
}

export interface MemberOverrides {
  readonly id?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly sex?: 'F' | 'M';
  readonly dateOfBirth?: string;
  readonly nationality?: string;
  readonly idDocumentType?: 'voter_card' | 'national_id' | 'passport' | 'other';
  readonly idDocumentNumber?: string;
  readonly phone?: string | null;
  readonly homeSiteId?: string | null;
  readonly membershipDate?: string;
  readonly status?: 'applicant' | 'active' | 'suspended' | 'exited';
}

export interface NewMember {
  readonly id: string;
  readonly memberNumber: string;
  readonly firstName: string;
  readonly lastName: string;
}

export interface SiteOverrides {
  readonly id?: string;
  readonly name?: string;
  readonly code?: string;
  readonly latitudeE6?: number;
  readonly longitudeE6?: number;
}

export interface UserOverrides {
  readonly id?: string;
  readonly login?: string;
  readonly name?: string;
  readonly password?: string;
}

type OwnerQuery = <T extends pg.QueryResultRow>(sql: string, params?: unknown[]) => Promise<T[]>;

let sequence = 0;
const next = (): number => (sequence += 1);
/** A short tag unique within the test file's database (its rows are the file's only ones). */
const tag = (): string => `${next()}${randomUUID().slice(0, 4)}`;

let defaultPasswordHash: Promise<string> | undefined;
const passwordHash = (password: string | undefined): Promise<string> =>
  password === undefined ? (defaultPasswordHash ??= hashPassword(PASSWORD)) : hashPassword(password);

/** The fixtures over the owner's connection: a URL (one connection per statement) or a pool the caller closes. */
export function ownerRows(owner: string | pg.Pool): OwnerRows {
  const query: OwnerQuery = typeof owner === 'string'
    ? (sql, params = []) => adminQuery(owner, sql, params)
    : async (sql, params = []) => (await owner.query(sql, params)).rows;
  return {
    query,

    async newCooperative(overrides = {}) {
      const id = overrides.id ?? randomUUID();
      const name = overrides.name ?? `Cooperative ${tag()}`;
      await query(
        `INSERT INTO cooperatives (id, name, legal_form, registration_number, approval_number, country, province, territory, minerals, default_currency, timezone, language)
         VALUES ($1, $2, $3, $4, 'AGR-1', $5, $6, 'Mutshatsha', '{HETEROGENITE}', $7, $8, $9)`,
        [
          id, name, overrides.legalForm ?? 'COOP_CA', overrides.registrationNumber ?? `RCCM-${tag()}`, overrides.country ?? 'CD',
          overrides.province ?? 'Lualaba', overrides.defaultCurrency ?? 'USD', overrides.timezone ?? 'Africa/Lubumbashi', overrides.language ?? 'fr',
        ],
      );
      return id;
    },

    async newMember(cooperativeId, overrides = {}) {
      const id = overrides.id ?? randomUUID();
      const n = next();
      const firstName = overrides.firstName ?? `Mineur${n}`;
      const lastName = overrides.lastName ?? `Membre${n}`;
      const dateOfBirth = overrides.dateOfBirth ?? '1990-04-12';
      const membershipDate = overrides.membershipDate ?? '2025-01-15';
      const idDocumentNumber = overrides.idDocumentNumber ?? `FIX-${tag()}`;
      const [cooperative] = await query<{ name: string }>('SELECT name FROM cooperatives WHERE id = $1', [cooperativeId]);
      if (!cooperative) throw new Error(`newMember: no cooperative ${cooperativeId}`);
      const [counter] = await query<{ last_value: number }>(
        `INSERT INTO member_number_sequences AS s (cooperative_id, last_value) VALUES ($1, 1)
         ON CONFLICT (cooperative_id) DO UPDATE SET last_value = s.last_value + 1 RETURNING last_value`,
        [cooperativeId],
      );
      const memberNumber = formatMemberNumber(memberPrefix(cooperative.name), Number(membershipDate.slice(0, 4)), counter.last_value);
      await query(
        `INSERT INTO miners (cooperative_id, id, member_number, first_name, last_name, sex, date_of_birth, nationality, id_document_type,
                             id_document_number, phone, home_site_id, membership_date, status, search_text, duplicate_key, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, gen_random_uuid())`,
        [
          cooperativeId, id, memberNumber, firstName, lastName, overrides.sex ?? 'M', dateOfBirth, overrides.nationality ?? 'CD',
          overrides.idDocumentType ?? 'voter_card', idDocumentNumber, overrides.phone ?? null, overrides.homeSiteId ?? null, membershipDate,
          overrides.status ?? 'active', searchTextOf([firstName, null, lastName, memberNumber, idDocumentNumber, null]),
          likelyDuplicateKey(firstName, null, lastName, { estimated: false, date: dateOfBirth }),
        ],
      );
      return { id, memberNumber, firstName, lastName };
    },

    async newSite(cooperativeId, overrides = {}) {
      const id = overrides.id ?? randomUUID();
      const code = overrides.code ?? `S-${tag()}`;
      await query(
        `INSERT INTO sites (cooperative_id, id, name, code, latitude_e6, longitude_e6, created_by) VALUES ($1, $2, $3, $4, $5, $6, gen_random_uuid())`,
        [cooperativeId, id, overrides.name ?? `Site ${code}`, code, overrides.latitudeE6 ?? -10712345, overrides.longitudeE6 ?? 25468000],
      );
      return id;
    },

    async newUser(cooperativeId, role, overrides = {}) {
      const id = await insertUser(role, overrides);
      await query('INSERT INTO user_roles (cooperative_id, user_id, role) VALUES ($1, $2, $3)', [cooperativeId, id, role]);
      return id;
    },

    async newSupervisor(country, province, overrides = {}) {
      const id = await insertUser('supervisor', overrides);
      await query('INSERT INTO supervisor_jurisdictions (user_id, country, province) VALUES ($1, $2, $3)', [id, country, province]);
      return id;
    },
  };

  async function insertUser(role: string, overrides: UserOverrides): Promise<string> {
    const id = overrides.id ?? randomUUID();
    const { login, kind } = normaliseLogin(overrides.login ?? `${role}.${tag()}@test.ushirika.org`);
    await query('INSERT INTO users (id, login, login_kind, password_hash, name) VALUES ($1, $2, $3, $4, $5)', [
      id, login, kind, await passwordHash(overrides.password), overrides.name ?? `${role} ${login}`,
    ]);
    return id;
  }
}

/** The caller `Db.tenant` and the services take, as the access guard builds it for a request in the cooperative. */
export function callerIn(cooperativeId: string, userId: string, roles: readonly Role[]): TenantAuthContext {
  const readOnly = roles.length > 0 && roles.every((role) => READ_ONLY_ROLES.has(role));
  return {
    userId,
    requestId: randomUUID(),
    cooperativeId,
    roles: [...roles],
    scope: Scopes.request(userId, cooperativeId, { readOnly, operator: false }),
  };
}

/** One integration spec's world: its own database, the application's providers, the owner's fixtures. */
export interface Ctx extends OwnerRows {
  readonly app: INestApplicationContext;
  readonly target: DatabaseTarget;
  /** The transactions the services open, on the application's pool (the app role: row-level security applies). */
  readonly db: Db;
  /** A provider as the application wires it (`ctx.get(SiteDirectory)`). */
  get<T>(type: Type<T>): T;
  caller(cooperativeId: string, userId: string, roles: readonly Role[]): TenantAuthContext;
  close(): Promise<void>;
}

/**
 * A fresh database cloned from the template and the whole application context on it, without
 * HTTP and without the job runner's polling. Call in beforeAll, `await ctx.close()` in afterAll.
 */
export async function createCtx(env: Record<string, string> = {}): Promise<Ctx> {
  const { target, drop } = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'ushirika-int-data-'));
  const owner = new pg.Pool({ connectionString: target.ownerUrl, max: 2 });
  let app: INestApplicationContext | undefined;
  const release = async (): Promise<void> => {
    await app?.close();
    await owner.end();
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: dataDir, JOBS_POLL_MS: '0', ...env });
    app = await NestFactory.createApplicationContext(AppModule.forRoot(config, target), { logger: false, abortOnError: false });
  } catch (error) {
    await release();
    throw error;
  }
  const context = app;
  return {
    ...ownerRows(owner),
    app: context,
    target,
    db: context.get(Db),
    get: (type) => context.get(type, { strict: false }),
    caller: callerIn,
    close: release,
  };
}
