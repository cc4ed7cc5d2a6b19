import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import { DataSource, QueryFailedError, type EntityManager, type QueryRunner } from 'typeorm';
import type { TenantScope } from './tenant-scope.js';
import { type Actor, type TenantCaller, TenantTx, Tx } from './tx.js';

/**
 * Narrows (or widens) the cooperatives row-level security lets through for the rest of the
 * transaction: for callers whose reach is only known after a first query (their own roles,
 * a supervisor's provinces).
 */
export async function scopeToCooperatives(tx: EntityManager | Tx, cooperativeIds: readonly string[]): Promise<void> {
  await tx.query(`SELECT set_config('app.cooperative_ids', $1, true)`, [cooperativeIds.join(',')]);
}

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
 * How long one statement of the API may run. Set in each transaction (SET LOCAL), never as a
 * connection parameter: behind a pooler in transaction mode (PgBouncer) a session setting would
 * stay on a server connection other clients share, and PgBouncer refuses the startup parameter.
 */
export const STATEMENT_TIMEOUT_MS = 30_000;

/** BEGIN with the transaction's own statement timeout, the head of a one-round-trip statement list. */
function startTransaction(readOnly: boolean): string {
  return `START TRANSACTION${readOnly ? ' READ ONLY' : ''}; SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`;
}

/** The row-level security settings of `scope`, as select-list items (`set_config(..., true)`: for this transaction only). */
function scopeSettings(scope: TenantScope): string[] {
  return [
    `set_config('app.cooperative_ids', ${sqlLiteral(scope.cooperativeIds.join(','))}, true)`,
    `set_config('app.user_id', ${sqlLiteral(scope.userId ?? '')}, true)`,
    `set_config('app.operator', '${scope.operator ? 'on' : 'off'}', true)`,
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

  /** Runs `work` in the transaction, then COMMIT (ROLLBACK if it throws); the connection goes back to the pool either way. */
  async complete<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await work(this.runner.manager);
    } catch (error) {
      await this.rollback();
      throw error;
    }
    try {
      await this.runner.commitTransaction();
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

/**
 * The transaction the access guard opened for a request (it resolved the caller's access and
 * set their scope in its first statement), waiting for the request's first `Db.tenant` or
 * `Db.run`, which continues it instead of opening a second one. Unclaimed, it is rolled back
 * when the handler is done or the client goes away, whichever comes first.
 */
export class RequestTransaction {
  private state: 'waiting' | 'claimed' | 'ended' = 'waiting';

  constructor(readonly transaction: OpenTransaction) {}

  /** The transaction, once: the first caller gets it, any later one opens its own. */
  claim(): OpenTransaction | undefined {
    if (this.state !== 'waiting') return undefined;
    this.state = 'claimed';
    return this.transaction;
  }

  /** Rolls the transaction back unless a Db call took it; safe to call any number of times. */
  end(): void {
    if (this.state !== 'waiting') return;
    this.state = 'ended';
    void this.transaction.rollback();
  }
}

const requestTransactions = new AsyncLocalStorage<RequestTransaction>();

/** Runs `handler` (and everything it awaits) so that its first Db call continues `pending`. */
export function withRequestTransaction<T>(pending: RequestTransaction, handler: () => T): T {
  return requestTransactions.run(pending, handler);
}

/**
 * Every request's data work runs in one transaction that first tells PostgreSQL whose data
 * it may touch, so that row-level security holds even if a query forgets its tenant filter.
 * On an authenticated request the first one is the transaction in which the guard resolved
 * the caller's access (RequestTransaction): one transaction per request, not two.
 */
@Injectable()
export class Db {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  /**
   * One tenant transaction for a request inside a cooperative: the caller's scope (read-only
   * for auditors and supervisors) unless a named scope from `Scopes` widens it.
   */
  async tenant<T>(caller: TenantCaller, work: (tx: TenantTx) => Promise<T>, scope: TenantScope = caller.scope): Promise<T> {
    const actor = { userId: caller.userId, requestId: caller.requestId };
    return this.transaction(scope, (manager) => work(new TenantTx(manager, scope, actor, caller.cooperativeId)));
  }

  /**
   * A tenant transaction whose last statement takes a row lock every writer of the cooperative
   * queues on until commit (the gapless member-number counter). Waiting for the disk with that lock
   * held would let one writer through per disk flush, so this transaction commits without waiting
   * (synchronous_commit off for it alone) and the lock goes as soon as the commit is recorded; the
   * answer then waits for the disk with a durable write of its own, in a statement after the
   * commit, whose flush covers this commit (the log is flushed in order). A crash in between loses
   * this transaction and every one after it, never one in the middle, and nobody has been told of
   * what the disk does not hold.
   */
  async tenantReleasingLocksAtCommit<T>(caller: TenantCaller, work: (tx: TenantTx) => Promise<T>): Promise<T> {
    const actor = { userId: caller.userId, requestId: caller.requestId };
    const result = await this.transaction(caller.scope, (manager) => work(new TenantTx(manager, caller.scope, actor, caller.cooperativeId)), false);
    // A transactional WAL message: the smallest write that makes its commit wait for the flush.
    await this.dataSource.query(`SELECT pg_logical_emit_message(true, 'ushirika.durable', '')`);
    return result;
  }

  /** One transaction outside a cooperative (login, accounts, operator, jobs): name its scope from `Scopes`. */
  async run<T>(scope: TenantScope, work: (tx: Tx) => Promise<T>, actor: Actor = { userId: scope.userId, requestId: null }): Promise<T> {
    return this.transaction(scope, (manager) => work(new Tx(manager, scope, actor)));
  }

  /**
   * Opens a transaction whose first statement, sent with BEGIN in the same round trip, is
   * `first` (values as `sqlLiteral`s) and sets `scope`: the access guard's. The caller commits
   * it through a RequestTransaction or rolls it back.
   */
  async begin<R>(scope: TenantScope, first: string): Promise<{ transaction: OpenTransaction; rows: R[] }> {
    return OpenTransaction.begin<R>(this.dataSource, scope, first);
  }

  private async transaction<T>(scope: TenantScope, work: (manager: EntityManager) => Promise<T>, waitForDisk = true): Promise<T> {
    const continued = requestTransactions.getStore()?.claim();
    let transaction: OpenTransaction;
    if (continued) {
      transaction = continued;
      try {
        await transaction.rescope(scope);
      } catch (error) {
        await transaction.rollback();
        throw error;
      }
    } else {
      transaction = await OpenTransaction.fresh(this.dataSource, scope);
    }
    // A Db call made inside `work` opens a transaction of its own, as it always did: the request's is claimed.
    return transaction.complete(async (manager) => {
      if (!waitForDisk) await manager.query(`SELECT set_config('synchronous_commit', 'off', true)`);
      return work(manager);
    });
  }
}
