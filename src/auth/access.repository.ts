import { Injectable } from '@nestjs/common';
import { Db, sqlLiteral, STATEMENT_TIMEOUT_SETTING, type OpenTransaction } from '../database/db.js';
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
   * user, the operator flag when the route grants it, read-only unless the route grants a role
   * that writes: transaction_read_only may be turned on after a first query). Which of the
   * route's roles write is known before the statement, so the statement only asks whether the
   * caller holds one (plain array tests, cheap to plan on every request): the same answer as
   * AccessService.decide's from the row; AccessService checks the scope against its decision
   * and corrects it on a mismatch (one more statement, never a wrong scope).
   * `userId` and `cooperativeId` must be UUIDs (the guard checks them).
   */
  async open(userId: string, cooperativeId: string | null, allowed: readonly string[], readOnlyRoles: readonly string[]): Promise<OpenedAccess> {
    const user = `${sqlLiteral(userId)}::uuid`;
    const cooperative = `${sqlLiteral(cooperativeId)}::uuid`;
    // A granted role that is not read-only makes the scope writable: 'authenticated' (anyone), 'operator' (an operator), or a role held here.
    const writers = allowed.filter((role) => !readOnlyRoles.includes(role));
    const heldWriters = writers.filter((role) => role !== 'authenticated' && role !== 'operator');
    const operatorAllowed = allowed.includes('operator');
    const writes = `(${sqlLiteral(writers.includes('authenticated'))} OR (${sqlLiteral(writers.includes('operator'))} AND a.is_operator) OR a.roles && ${sqlLiteral(heldWriters)})`;
    const operates = `(${sqlLiteral(operatorAllowed)} AND a.is_operator)`;
    const sql = `
      SELECT a.*, (SELECT u.session_epoch FROM users u WHERE u.id = ${user}) AS session_epoch, NOT ${writes} AS read_only, ${operates} AS operator,
             set_config('app.cooperative_ids', ${sqlLiteral(cooperativeId ?? '')}, true),
             set_config('app.user_id', ${sqlLiteral(userId)}, true),
             set_config('app.operator', CASE WHEN ${operates} THEN 'on' ELSE 'off' END, true),
             CASE WHEN NOT ${writes} THEN set_config('transaction_read_only', 'on', true) END,
             ${STATEMENT_TIMEOUT_SETTING}
        FROM app_resolve_access(${user}, ${cooperative}) a`;
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
