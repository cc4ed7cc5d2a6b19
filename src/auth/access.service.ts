import { Injectable } from '@nestjs/common';
import { CooperativesRepository } from '../cooperatives/cooperatives.repository.js';
import { Db, type OpenTransaction } from '../database/db.js';
import { DomainError } from '../common/domain-error.js';
import { Scopes } from '../database/scopes.js';
import { Tx } from '../database/tx.js';
import { AccessRepository, type AccessRow } from './access.repository.js';
import { READ_ONLY_ROLES, type Role } from './roles.js';
import type { AuthContext } from './auth-context.js';

interface Caller {
  readonly isOperator: boolean;
  readonly disabled: boolean;
  readonly hasJurisdiction: boolean;
}

/** What a route asks of the caller. */
interface Request {
  readonly userId: string;
  readonly requestId: string;
  readonly cooperativeId: string | null;
  readonly allowed: readonly Role[];
  readonly method: string;
  /** The token's; undefined for a background job acting for its requester. */
  readonly sessionEpoch?: number;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const READ_ONLY_ROLE_NAMES: readonly string[] = [...READ_ONLY_ROLES];

/**
 * Decides what the caller may do on one route. A cooperative the caller has no part in is
 * answered 404, exactly like one that does not exist, so ids reveal nothing.
 */
@Injectable()
export class AccessService {
  constructor(
    private readonly db: Db,
    private readonly repository: AccessRepository,
    private readonly cooperatives: CooperativesRepository,
  ) {}

  /**
   * For a request: opens the request's transaction, resolves the caller's access and sets
   * their scope in it with one round trip. The transaction is the request's first Db call's
   * (see RequestTransaction); on a refusal it is rolled back before the error is thrown.
   */
  async open(
    userId: string,
    requestId: string,
    cooperativeId: string | null,
    allowed: readonly Role[],
    method: string,
    sessionEpoch: number,
  ): Promise<{ auth: AuthContext; transaction: OpenTransaction }> {
    const { row, transaction } = await this.repository.open(userId, cooperativeId, allowed, READ_ONLY_ROLE_NAMES);
    try {
      const actor = { userId, requestId };
      const auth = await this.decide(row, { userId, requestId, cooperativeId, allowed, method, sessionEpoch }, (id) =>
        this.cooperatives.cooperativeExists(new Tx(transaction.manager, transaction.scope, actor), id),
      );
      // Nothing to do when the statement's scope is the decision's, as it is by construction.
      await transaction.rescope(auth.scope);
      return { auth, transaction };
    } catch (error) {
      await transaction.rollback();
      throw error;
    }
  }

  /** For a background job acting for its requester (no token, no epoch): access re-read, no transaction kept. */
  async resolve(userId: string, requestId: string, cooperativeId: string | null, allowed: readonly Role[], method: string, sessionEpoch?: number): Promise<AuthContext> {
    // The session epoch rides along, so a token from before "log out everywhere" costs no extra round trip.
    const row = await this.repository.accessOf(userId, cooperativeId);
    return this.decide(row, { userId, requestId, cooperativeId, allowed, method, sessionEpoch }, (id) =>
      this.db.run(Scopes.operator(null), (tx) => this.cooperatives.cooperativeExists(tx, id)),
    );
  }

  private async decide(row: AccessRow | undefined, request: Request, cooperativeExists: (id: string) => Promise<boolean>): Promise<AuthContext> {
    const { userId, requestId, cooperativeId, allowed, method, sessionEpoch } = request;
    // Background jobs (no token) pass no epoch: they act for a requester whose access is re-read.
    const caller: Caller | undefined = row && (sessionEpoch === undefined || row.session_epoch === sessionEpoch) ? { isOperator: row.is_operator, disabled: row.disabled, hasJurisdiction: row.has_jurisdiction } : undefined;
    const roles: Role[] = row ? [...(row.roles as Role[]), ...(row.supervised ? (['supervisor'] as const) : [])] : [];
    if (!caller || caller.disabled) throw new DomainError('UNAUTHENTICATED', {}, 'unauthenticated');
    const held: Role[] = ['authenticated', ...roles];
    if (caller.isOperator) held.push('operator');
    if (!cooperativeId && caller.hasJurisdiction) held.push('supervisor');

    if (cooperativeId) {
      const inCooperative = roles.length > 0 || (caller.isOperator && allowed.includes('operator') && (await cooperativeExists(cooperativeId)));
      if (!inCooperative) throw new DomainError('NOT_FOUND', {}, 'not_found');
    }
    const granted = allowed.filter((role) => held.includes(role));
    if (granted.length === 0) throw new DomainError('FORBIDDEN', {}, 'forbidden');
    const readOnly = granted.every((role) => READ_ONLY_ROLES.has(role));
    if (readOnly && WRITE_METHODS.has(method)) throw new DomainError('FORBIDDEN', {}, 'forbidden');
    return {
      userId,
      requestId,
      cooperativeId,
      roles: held,
      scope: Scopes.request(userId, cooperativeId, { readOnly, operator: caller.isOperator && granted.includes('operator') }),
    };
  }
}
