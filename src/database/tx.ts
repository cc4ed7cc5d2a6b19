import type { EntityManager } from 'typeorm';
import type { TenantScope } from './tenant-scope.js';

/** Who acts in a transaction, as the audit trail and `app.user_id` record it. */
export interface Actor {
  readonly userId: string | null;
  readonly requestId: string | null;
}

/**
 * One database transaction with the row-level security scope already set: the only handle
 * repositories take. Built by `Db.run` / `Db.tenant`, never by hand.
 */
export class Tx {
  constructor(
    /** The TypeORM transaction, for the rare repository that needs the query builder. */
    readonly manager: EntityManager,
    readonly scope: TenantScope,
    readonly actor: Actor,
  ) {}

  // Same shape as EntityManager.query: T is the whole result (usually a row array).
  query<T = unknown[]>(sql: string, parameters?: readonly unknown[]): Promise<T> {
    return this.manager.query<T>(sql, parameters as unknown[] | undefined);
  }
}

/**
 * A transaction inside one cooperative: repositories read the cooperative from here instead
 * of taking it as an argument, so no call can pass the wrong one.
 */
export class TenantTx extends Tx {
  constructor(
    manager: EntityManager,
    scope: TenantScope,
    actor: Actor,
    readonly cooperativeId: string,
  ) {
    super(manager, scope, actor);
  }
}

/** What `Db.tenant` needs of a caller; the guard's TenantAuthContext has this shape. */
export interface TenantCaller {
  readonly cooperativeId: string;
  readonly userId: string;
  readonly requestId: string;
  readonly scope: TenantScope;
}
