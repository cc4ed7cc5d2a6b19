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

  /** One transaction outside a cooperative (login, accounts, operator, jobs): name its scope from `Scopes`. */
  async run<T>(scope: TenantScope, work: (tx: Tx) => Promise<T>, actor: Actor = { userId: scope.userId, requestId: null }): Promise<T> {
    return this.transaction(scope, (manager) => work(new Tx(manager, scope, actor)));
  }

  private async transaction<T>(scope: TenantScope, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (tx) => {
      if (scope.readOnly) await tx.query('SET TRANSACTION READ ONLY');
      await tx.query(
        `SELECT set_config('app.cooperative_ids', $1, true),
                set_config('app.user_id', $2, true),
                set_config('app.operator', $3, true)`,
        [scope.cooperativeIds.join(','), scope.userId ?? '', scope.operator ? 'on' : 'off'],
      );
      return work(tx);
    });
  }
}
