import { Injectable } from '@nestjs/common';
import { Db, sqlLiteral, type OpenTransaction } from '../database/db.js';
import type { TenantScope } from '../database/tenant-scope.js';

export interface AccessRow {
  is_operator: boolean;
  disabled: boolean;
  has_jurisdiction: boolean;
  roles: string[];
  supervised: boolean;
  session_epoch: number;
}

/** The access row, and the request's transaction whose `scope` is what the statement set from it. */
export interface OpenedAccess {
  readonly row: AccessRow | undefined;
  readonly transaction: OpenTransaction;
}

interface OpenedRow extends AccessRow {
  read_only: boolean;
  operator: boolean;
}

const ACCESS_ROW = 'SELECT a.*, (SELECT u.session_epoch FROM users u WHERE u.id = $1) AS session_epoch FROM app_resolve_access($1, $2) a';

/** The one statement the guard runs on every request. */
@Injectable()
export class AccessRepository {
  constructor(private readonly db: Db) {}

  /**
   * What the user holds in the cooperative (or outside any, for null), with their session
   * epoch. One statement, no transaction of its own: see migration AccessInOneStatement.
   * For a job acting for its requester; a request opens its transaction with `open`.
   */
  async accessOf(userId: string, cooperativeId: string | null): Promise<AccessRow | undefined> {
    const [row] = await this.db.dataSource.query<AccessRow[]>(ACCESS_ROW, [userId, cooperativeId]);
    return row;
  }

  /**
   * Opens the request's transaction with ONE round trip: BEGIN, the caller's access row, and
   * the row-level security scope of the request set from it (the route's cooperative, the
   * user, the operator flag when the route grants it, read-only when every role the route
   * grants only reads: transaction_read_only may be turned on after a first query). The roles
   * granted are worked out here as AccessService.decide does from the same row, so that the
   * request's scope is set in the same statement; AccessService checks the scope against its
   * own decision and corrects it on a mismatch (one more statement, never a wrong scope).
   * `userId` and `cooperativeId` must be UUIDs (the guard checks them).
   */
  async open(userId: string, cooperativeId: string | null, allowed: readonly string[], readOnlyRoles: readonly string[]): Promise<OpenedAccess> {
    const user = `${sqlLiteral(userId)}::uuid`;
    const cooperative = `${sqlLiteral(cooperativeId)}::uuid`;
    const sql = `
      WITH a AS (
        SELECT a.*, (SELECT u.session_epoch FROM users u WHERE u.id = ${user}) AS session_epoch FROM app_resolve_access(${user}, ${cooperative}) a
      ), g AS (
        SELECT a.*, ARRAY(
          SELECT unnest(${sqlLiteral(allowed)})
          INTERSECT
          SELECT unnest(ARRAY['authenticated'] || a.roles
                 || CASE WHEN a.supervised OR (${cooperative} IS NULL AND a.has_jurisdiction) THEN ARRAY['supervisor'] ELSE '{}'::text[] END
                 || CASE WHEN a.is_operator THEN ARRAY['operator'] ELSE '{}'::text[] END)
        ) AS granted FROM a
      ), s AS (
        SELECT g.*, g.granted <@ ${sqlLiteral(readOnlyRoles)} AS read_only, g.is_operator AND 'operator' = ANY (g.granted) AS operator FROM g
      )
      SELECT s.is_operator, s.disabled, s.has_jurisdiction, s.roles, s.supervised, s.session_epoch, s.read_only, s.operator,
             set_config('app.cooperative_ids', coalesce(${cooperative}::text, ''), true),
             set_config('app.user_id', ${user}::text, true),
             set_config('app.operator', CASE WHEN s.operator THEN 'on' ELSE 'off' END, true),
             CASE WHEN s.read_only THEN set_config('transaction_read_only', 'on', true) END
        FROM s`;
    const provisional: TenantScope = { cooperativeIds: cooperativeId ? [cooperativeId] : [], userId, readOnly: false, operator: false };
    const { transaction, rows } = await this.db.begin<OpenedRow>(provisional, sql);
    const [opened] = rows;
    if (!opened) {
      // An unknown user: app_resolve_access set its own settings, the transaction is refused and rolled back anyway.
      return { row: undefined, transaction };
    }
    const { read_only: readOnly, operator, ...row } = opened;
    transaction.scopeSetBy({ ...provisional, readOnly, operator });
    return { row, transaction };
  }
}
