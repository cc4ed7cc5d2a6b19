import pg from 'pg';
import { QueryFailedError, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import type { TenantScope } from './tenant-scope.js';

/**
 * A value written into SQL text, for the few statements sent with the simple query protocol
 * (several statements in one round trip, which takes no parameters): quoted by the driver's
 * own escaping, typed by the caller (`${sqlLiteral(id)}::uuid`).
 */
export function sqlLiteral(value: string | number | boolean | null | readonly string[]): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'string') return pg.escapeLiteral(value);
  return `ARRAY[${value.map((item) => pg.escapeLiteral(item)).join(', ')}]::text[]`;
}

/**
 * How long one statement of the API may run. Set in each transaction, never as a connection
 * parameter: behind a pooler in transaction mode (PgBouncer) a session setting would stay on a
 * server connection other clients share, and PgBouncer refuses the startup parameter. It rides
 * as `set_config(…, true)` in the select list that sets the transaction's scope, not as a
 * statement of its own: a separate `SET LOCAL` in the BEGIN round trip cost the guarded read a
 * fifth of its throughput (bench/purchases.mjs, GET fee-rules).
 */
export const STATEMENT_TIMEOUT_MS = 30_000;
export const STATEMENT_TIMEOUT_SETTING = `set_config('statement_timeout', '${STATEMENT_TIMEOUT_MS}', true)`;

/** BEGIN, the head of a one-round-trip statement list whose next statement sets the scope (and the timeout). */
function startTransaction(readOnly: boolean): string {
  return `START TRANSACTION${readOnly ? ' READ ONLY' : ''}`;
}

/** The row-level security settings of `scope`, as select-list items (`set_config(..., true)`: for this transaction only). */
export function scopeSettings(scope: TenantScope): string[] {
  return [
    `set_config('app.cooperative_ids', ${sqlLiteral(scope.cooperativeIds.join(','))}, true)`,
    `set_config('app.user_id', ${sqlLiteral(scope.userId ?? '')}, true)`,
    `set_config('app.operator', '${scope.operator ? 'on' : 'off'}', true)`,
    STATEMENT_TIMEOUT_SETTING,
  ];
}

function sameScope(a: TenantScope, b: TenantScope): boolean {
  return (
    a.readOnly === b.readOnly &&
    a.userId === b.userId &&
    Boolean(a.operator) === Boolean(b.operator) &&
    a.cooperativeIds.length === b.cooperativeIds.length &&
    a.cooperativeIds.every((id, index) => id === b.cooperativeIds[index])
  );
}

/**
 * One open database transaction on a connection of the pool, with the row-level security
 * scope it was last given. Opened by `Db.begin` (the access guard: the request's own
 * transaction, see RequestTransaction) or by `Db.run`/`Db.tenant` themselves.
 */
export class OpenTransaction {
  private ended = false;

  private constructor(
    private readonly runner: QueryRunner,
    private current: TenantScope,
  ) {}

  /**
   * A connection of the pool, BEGIN and `first` (statements that set `scope`) in ONE round
   * trip; `first`'s last result set is returned. The connection goes back to the pool if that fails.
   */
  static async begin<R>(dataSource: DataSource, scope: TenantScope, first: string): Promise<{ transaction: OpenTransaction; rows: R[] }> {
    const runner = dataSource.createQueryRunner();
    const transaction = new OpenTransaction(runner, scope);
    try {
      const results = await transaction.simpleQuery(`${startTransaction(scope.readOnly)}; ${first}`);
      return { transaction, rows: results.at(-1)?.rows as R[] };
    } catch (error) {
      await transaction.rollback();
      throw error;
    }
  }

  /** BEGIN and the scope's settings, one round trip. */
  static async fresh(dataSource: DataSource, scope: TenantScope): Promise<OpenTransaction> {
    return (await OpenTransaction.begin(dataSource, scope, `SELECT ${scopeSettings(scope).join(', ')}`)).transaction;
  }

  get manager(): EntityManager {
    return this.runner.manager;
  }

  get scope(): TenantScope {
    return this.current;
  }

  /**
   * Gives the transaction `scope` for the work to come: nothing when it has it already, one
   * statement when the settings change or it becomes read-only (allowed at any point), a new
   * transaction on the same connection in the same round trip when a read-only one must write.
   */
  async rescope(scope: TenantScope): Promise<void> {
    if (sameScope(this.current, scope)) return;
    if (this.current.readOnly && !scope.readOnly) {
      await this.simpleQuery(`COMMIT; ${startTransaction(false)}; SELECT ${scopeSettings(scope).join(', ')}`);
    } else {
      const settings = scopeSettings(scope);
      if (scope.readOnly && !this.current.readOnly) settings.push(`set_config('transaction_read_only', 'on', true)`);
      await this.simpleQuery(`SELECT ${settings.join(', ')}`);
    }
    this.current = scope;
  }

  /** Says which scope `begin`'s first statement set, once its rows tell (the access guard's statement computes it). */
  scopeSetBy(scope: TenantScope): void {
    this.current = scope;
  }

  /**
   * Runs `work` in the transaction, then COMMIT (ROLLBACK if it throws); the connection goes
   * back to the pool either way. `committedAt`, when given, receives the primary's WAL insert
   * position right after the commit, read in the commit's own round trip (read-your-writes on
   * a standby: what the caller wrote is there once the standby has replayed up to it).
   */
  async complete<T>(work: (manager: EntityManager) => Promise<T>, committedAt?: (lsn: string) => void): Promise<T> {
    let result: T;
    try {
      result = await work(this.runner.manager);
    } catch (error) {
      await this.rollback();
      throw error;
    }
    try {
      if (committedAt === undefined) {
        await this.runner.commitTransaction();
      } else {
        const results = await this.simpleQuery('COMMIT; SELECT pg_current_wal_insert_lsn()::text AS lsn');
        markTransactionClosed(this.runner);
        committedAt((results.at(-1)?.rows[0] as { lsn: string }).lsn);
      }
    } catch (error) {
      await this.rollback();
      throw error;
    }
    this.finish();
    return result;
  }

  /** ROLLBACK and the connection back to the pool; never throws (a broken connection is dropped by the pool). */
  async rollback(): Promise<void> {
    if (this.ended) return;
    try {
      if (this.runner.isTransactionActive) await this.runner.rollbackTransaction();
    } catch {
      // The connection is gone or broken: the pool discards it, PostgreSQL ends the transaction.
    }
    this.finish();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    void this.runner.release();
  }

  /**
   * Several statements in one round trip (simple query protocol, no parameters: values are
   * `sqlLiteral`s). TypeORM is told the transaction is open, so that its own methods nest in
   * it instead of starting one, and errors come out as its QueryFailedError like any other query.
   */
  private async simpleQuery(sql: string): Promise<pg.QueryResult[]> {
    const client = (await this.runner.connect()) as pg.PoolClient;
    markTransactionOpen(this.runner);
    try {
      const results = (await client.query(sql)) as pg.QueryResult | pg.QueryResult[];
      return Array.isArray(results) ? results : [results];
    } catch (error) {
      throw new QueryFailedError(sql, undefined, error as Error);
    }
  }
}

/** TypeORM's bookkeeping of a transaction we began ourselves (BEGIN travels with the first statement). */
function markTransactionOpen(runner: QueryRunner): void {
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = true;
  state.transactionDepth = 1;
}

/** TypeORM's bookkeeping once our own COMMIT has ended the transaction. */
function markTransactionClosed(runner: QueryRunner): void {
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = false;
  state.transactionDepth = 0;
}
