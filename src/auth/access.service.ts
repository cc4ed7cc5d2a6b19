import { Injectable } from '@nestjs/common';
import { CooperativesRepository } from '../cooperatives/cooperatives.repository.js';
import { Db } from '../database/db.js';
import { DomainError } from '../common/domain-error.js';
import { Scopes } from '../database/scopes.js';
import { AccessRepository } from './access.repository.js';
import { READ_ONLY_ROLES, type Role } from './roles.js';
import type { AuthContext } from './auth-context.js';

interface Caller {
  readonly isOperator: boolean;
  readonly disabled: boolean;
  readonly hasJurisdiction: boolean;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

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

  async resolve(userId: string, requestId: string, cooperativeId: string | null, allowed: readonly Role[], method: string, sessionEpoch?: number): Promise<AuthContext> {
    // The session epoch rides along, so a token from before "log out everywhere" costs no extra round trip.
    const row = await this.repository.accessOf(userId, cooperativeId);
    // Background jobs (no token) pass no epoch: they act for a requester whose access is re-read.
    const caller: Caller | undefined = row && (sessionEpoch === undefined || row.session_epoch === sessionEpoch) ? { isOperator: row.is_operator, disabled: row.disabled, hasJurisdiction: row.has_jurisdiction } : undefined;
    const roles: Role[] = row ? [...(row.roles as Role[]), ...(row.supervised ? (['supervisor'] as const) : [])] : [];
    if (!caller || caller.disabled) throw new DomainError('UNAUTHENTICATED', {}, 'unauthenticated');
    const held: Role[] = ['authenticated', ...roles];
    if (caller.isOperator) held.push('operator');
    if (!cooperativeId && caller.hasJurisdiction) held.push('supervisor');

    if (cooperativeId) {
      const inCooperative = roles.length > 0 || (caller.isOperator && allowed.includes('operator') && (await this.cooperativeExists(cooperativeId)));
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

  private async cooperativeExists(cooperativeId: string): Promise<boolean> {
    return this.db.run(Scopes.operator(null), (tx) => this.cooperatives.cooperativeExists(tx, cooperativeId));
  }
}
