import { Injectable } from '@nestjs/common';
import type { CooperativeRole } from '../auth/roles.js';
import type { TenantTx, Tx } from '../database/tx.js';

export interface UserRow {
  id: string;
  login: string;
  name: string;
  is_operator: boolean;
  disabled_at: Date | null;
}

export interface NewUser {
  readonly id: string;
  readonly login: string;
  readonly kind: 'email' | 'phone';
  readonly name: string;
  readonly passwordHash: string;
}

export interface MemberRow {
  id: string;
  login: string;
  name: string;
  roles: CooperativeRole[];
}

export interface Jurisdiction {
  country: string;
  province: string;
}

const USER_COLUMNS = 'id, login, name, is_operator, disabled_at';

/** The SQL of people, the roles they hold in cooperatives and supervisors' jurisdictions. */
@Injectable()
export class UsersRepository {
  async userById(tx: Tx, id: string): Promise<UserRow | undefined> {
    const [row] = await tx.query<UserRow[]>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
    return row;
  }

  async userByLogin(tx: Tx, login: string): Promise<UserRow | undefined> {
    const [row] = await tx.query<UserRow[]>(`SELECT ${USER_COLUMNS} FROM users WHERE login = $1`, [login]);
    return row;
  }

  async insertUser(tx: Tx, user: NewUser): Promise<void> {
    await tx.query('INSERT INTO users (id, login, login_kind, name, password_hash, is_operator) VALUES ($1, $2, $3, $4, $5, false)', [
      user.id,
      user.login,
      user.kind,
      user.name,
      user.passwordHash,
    ]);
  }

  async renameUser(tx: Tx, id: string, name: string): Promise<void> {
    await tx.query('UPDATE users SET name = $2, updated_at = now() WHERE id = $1', [id, name]);
  }

  /** Every role the user holds, in every cooperative row-level security lets through. */
  async rolesOfUser(tx: Tx, userId: string): Promise<{ cooperative_id: string; role: CooperativeRole }[]> {
    return tx.query('SELECT cooperative_id, role FROM user_roles WHERE user_id = $1 ORDER BY cooperative_id, role', [userId]);
  }

  async cooperativeIdsOfUser(tx: Tx, userId: string): Promise<string[]> {
    const rows = await tx.query<{ cooperative_id: string }[]>('SELECT DISTINCT cooperative_id FROM user_roles WHERE user_id = $1', [userId]);
    return rows.map((row) => row.cooperative_id);
  }

  /** The user's roles in this cooperative, alphabetically. */
  async rolesHere(tx: TenantTx, userId: string): Promise<CooperativeRole[]> {
    const rows = await tx.query<{ role: CooperativeRole }[]>('SELECT role FROM user_roles WHERE cooperative_id = $1 AND user_id = $2 ORDER BY role', [
      tx.cooperativeId,
      userId,
    ]);
    return rows.map((row) => row.role);
  }

  /** Everyone holding a role in this cooperative, by name. */
  async membersHere(tx: TenantTx): Promise<MemberRow[]> {
    return tx.query<MemberRow[]>(
      `SELECT u.id, u.login, u.name, array_agg(r.role ORDER BY r.role) AS roles
         FROM user_roles r JOIN users u ON u.id = r.user_id
        WHERE r.cooperative_id = $1 GROUP BY u.id ORDER BY u.name, u.id`,
      [tx.cooperativeId],
    );
  }

  /** Grants the role; false when the person already held it. */
  async grantRole(tx: Tx, cooperativeId: string, userId: string, role: CooperativeRole): Promise<boolean> {
    const inserted = await tx.query<unknown[]>(
      'INSERT INTO user_roles (cooperative_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1',
      [cooperativeId, userId, role],
    );
    return inserted.length > 0;
  }

  /** The user holds exactly these roles in this cooperative afterwards. */
  async replaceRolesHere(tx: TenantTx, userId: string, roles: readonly CooperativeRole[]): Promise<void> {
    await tx.query('DELETE FROM user_roles WHERE cooperative_id = $1 AND user_id = $2 AND role <> ALL($3::text[])', [tx.cooperativeId, userId, roles]);
    for (const role of roles) await this.grantRole(tx, tx.cooperativeId, userId, role);
  }

  /** Whether the account is also someone else's business: roles elsewhere, a jurisdiction, the operator's rights. */
  async reachesBeyond(tx: TenantTx, userId: string): Promise<boolean> {
    const [row] = await tx.query<{ beyond: boolean }[]>('SELECT app_user_reaches_beyond($1, $2) AS beyond', [userId, tx.cooperativeId]);
    return row?.beyond ?? true;
  }

  async jurisdictionsOf(tx: Tx, userId: string): Promise<Jurisdiction[]> {
    return tx.query<Jurisdiction[]>('SELECT country, province FROM supervisor_jurisdictions WHERE user_id = $1 ORDER BY country, province', [userId]);
  }

  async replaceJurisdictions(tx: Tx, userId: string, jurisdictions: readonly Jurisdiction[]): Promise<void> {
    await tx.query('DELETE FROM supervisor_jurisdictions WHERE user_id = $1', [userId]);
    for (const { country, province } of jurisdictions) {
      await tx.query('INSERT INTO supervisor_jurisdictions (user_id, country, province) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [userId, country, province]);
    }
  }

  async supervisorIds(tx: Tx): Promise<string[]> {
    const rows = await tx.query<{ user_id: string }[]>('SELECT DISTINCT user_id FROM supervisor_jurisdictions ORDER BY user_id');
    return rows.map((row) => row.user_id);
  }
}
