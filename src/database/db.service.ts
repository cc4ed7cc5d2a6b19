import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { TenantScope } from './tenant-scope.js';

/**
 * Narrows (or widens) the cooperatives row-level security lets through for the rest of the
 * transaction: for callers whose reach is only known after a first query (their own roles,
 * a supervisor's provinces).
 */
export async function scopeToCooperatives(tx: EntityManager, cooperativeIds: readonly string[]): Promise<void> {
  await tx.query(`SELECT set_config('app.cooperative_ids', $1, true)`, [cooperativeIds.join(',')]);
}

/**
 * Every request's data work runs in one transaction that first tells PostgreSQL whose data
 * it may touch, so that row-level security holds even if a query forgets its tenant filter.
 */
@Injectable()
export class Db {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  async inScope<T>(scope: TenantScope, work: (tx: EntityManager) => Promise<T>): Promise<T> {
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
