import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
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
 * Every request's data work runs in one transaction that first tells PostgreSQL whose data
 * it may touch, so that row-level security holds even if a query forgets its tenant filter.
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

  private async transaction<T>(scope: TenantScope, work: (tx: EntityManager) => Promise<T>, waitForDisk = true): Promise<T> {
    return this.dataSource.transaction(async (tx) => {
      if (scope.readOnly) await tx.query('SET TRANSACTION READ ONLY');
      await tx.query(
        `SELECT set_config('app.cooperative_ids', $1, true),
                set_config('app.user_id', $2, true),
                set_config('app.operator', $3, true)${waitForDisk ? '' : `,
                set_config('synchronous_commit', 'off', true)`}`,
        [scope.cooperativeIds.join(','), scope.userId ?? '', scope.operator ? 'on' : 'off'],
      );
      return work(tx);
    });
  }
}
