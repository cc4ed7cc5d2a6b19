import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { OpenTransaction } from './open-transaction.js';
import { ReadReplica } from './read-replica.js';
import type { TenantScope } from './tenant-scope.js';
import { type Actor, type TenantCaller, TenantTx, Tx } from './tx.js';

export { OpenTransaction, sqlLiteral, STATEMENT_TIMEOUT_MS, STATEMENT_TIMEOUT_SETTING } from './open-transaction.js';

/**
 * Narrows (or widens) the cooperatives row-level security lets through for the rest of the
 * transaction: for callers whose reach is only known after a first query (their own roles,
 * a supervisor's provinces).
 */
export async function scopeToCooperatives(tx: EntityManager | Tx, cooperativeIds: readonly string[]): Promise<void> {
  await tx.query(`SELECT set_config('app.cooperative_ids', $1, true)`, [cooperativeIds.join(',')]);
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
  constructor(
    @InjectDataSource() readonly dataSource: DataSource,
    private readonly replica: ReadReplica,
  ) {}

  /**
   * One tenant transaction for a request inside a cooperative: the caller's scope (read-only
   * for auditors and supervisors) unless a named scope from `Scopes` widens it.
   */
  async tenant<T>(caller: TenantCaller, work: (tx: TenantTx) => Promise<T>, scope: TenantScope = caller.scope): Promise<T> {
    const actor = { userId: caller.userId, requestId: caller.requestId };
    return this.transaction(scope, actor, (manager) => work(new TenantTx(manager, scope, actor, caller.cooperativeId)));
  }

  /**
   * Like `tenant`, for a read that tolerates a little lag (supervision, reports, exports): on
   * the read replica when one is configured and serves this caller now (see ReadReplica), in a
   * read-only transaction with the same scope; on the primary otherwise. `work` must only read.
   */
  async tenantRead<T>(caller: TenantCaller, work: (tx: TenantTx) => Promise<T>, scope: TenantScope = caller.scope): Promise<T> {
    const actor = { userId: caller.userId, requestId: caller.requestId };
    return this.onReplica(
      scope,
      (manager, readScope) => work(new TenantTx(manager, readScope, actor, caller.cooperativeId)),
      () => this.tenant(caller, work, scope),
    );
  }

  /** Like `run`, for a read outside a cooperative that tolerates a little lag: see `tenantRead`. */
  async runRead<T>(scope: TenantScope, work: (tx: Tx) => Promise<T>, actor: Actor = { userId: scope.userId, requestId: null }): Promise<T> {
    return this.onReplica(
      scope,
      (manager, readScope) => work(new Tx(manager, readScope, actor)),
      () => this.run(scope, work, actor),
    );
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
    const result = await this.transaction(caller.scope, actor, (manager) => work(new TenantTx(manager, caller.scope, actor, caller.cooperativeId)), false);
    // A transactional WAL message: the smallest write that makes its commit wait for the flush.
    await this.dataSource.query(`SELECT pg_logical_emit_message(true, 'ushirika.durable', '')`);
    return result;
  }

  /** One transaction outside a cooperative (login, accounts, operator, jobs): name its scope from `Scopes`. */
  async run<T>(scope: TenantScope, work: (tx: Tx) => Promise<T>, actor: Actor = { userId: scope.userId, requestId: null }): Promise<T> {
    return this.transaction(scope, actor, (manager) => work(new Tx(manager, scope, actor)));
  }

  /**
   * Opens a transaction whose first statement, sent with BEGIN in the same round trip, is
   * `first` (values as `sqlLiteral`s) and sets `scope`: the access guard's. The caller commits
   * it through a RequestTransaction or rolls it back.
   */
  async begin<R>(scope: TenantScope, first: string): Promise<{ transaction: OpenTransaction; rows: R[] }> {
    return OpenTransaction.begin<R>(this.dataSource, scope, first);
  }

  /**
   * The read on the standby, the primary's transaction of the request (the access guard's)
   * given back first; the whole read again on the primary if the standby fails it (see
   * ReadReplica.retryOnPrimary), so that a replica's trouble never reaches the caller.
   */
  private async onReplica<T>(scope: TenantScope, work: (manager: EntityManager, readScope: TenantScope) => Promise<T>, onPrimary: () => Promise<T>): Promise<T> {
    const transaction = this.replica.configured ? await this.replica.begin(scope) : undefined;
    if (!transaction) return onPrimary();
    requestTransactions.getStore()?.end();
    try {
      return await transaction.complete((manager) => work(manager, transaction.scope));
    } catch (error) {
      if (!this.replica.retryOnPrimary(error)) throw error;
      return onPrimary();
    }
  }

  private async transaction<T>(scope: TenantScope, actor: Actor, work: (manager: EntityManager) => Promise<T>, waitForDisk = true): Promise<T> {
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
    // With a read replica, a transaction that may write tells it where the log was at commit: the writer's reads wait for the replica to get there.
    const writer = scope.readOnly ? null : actor.userId;
    const committedAt = this.replica.configured && writer !== null ? (lsn: string) => this.replica.noteWrite(writer, lsn) : undefined;
    // A Db call made inside `work` opens a transaction of its own, as it always did: the request's is claimed.
    return transaction.complete(async (manager) => {
      if (!waitForDisk) await manager.query(`SELECT set_config('synchronous_commit', 'off', true)`);
      return work(manager);
    }, committedAt);
  }
}
