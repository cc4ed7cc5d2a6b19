import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { LoginThrottleRepository } from '../auth/login-throttle.repository.js';
import { exceedsLimit, secondsUntilRetry, type ThrottleLimit } from '../auth/login-throttle.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import { Scopes } from '../database/scopes.js';
import { resolvePeriod } from '../reports/rules/period.js';
import type { BenefitStatementView } from './dto/benefit-statement.view.js';
import type { BenefitStatementSettingView } from './dto/observer-grant.view.js';
import { PublicStatementRepository } from './public-statement.repository.js';
import { benefitFunds } from './rules/benefit-statement.js';

/**
 * Requests per address on the public statement: a notice board's phone reloading it, or a
 * journalist's script, passes; a crawler walking every cooperative id does not. A choice of ours.
 */
export const PUBLIC_STATEMENT_LIMIT: ThrottleLimit = { maxFailures: 30, windowMs: 60_000 };

/**
 * The benefit-sharing statement a cooperative publishes for its community: opt-in by the
 * admin; read without a login, through one database function that answers figures only.
 */
@Injectable()
export class PublicStatementService {
  constructor(
    private readonly db: Db,
    private readonly repository: PublicStatementRepository,
    private readonly throttle: LoginThrottleRepository,
    private readonly audit: AuditService,
  ) {}

  async setting(auth: TenantAuthContext): Promise<BenefitStatementSettingView> {
    return this.db.tenant(auth, async (tx) => {
      const row = await this.repository.setting(tx);
      return { published: row?.published ?? false, changedAt: row?.changed_at.toISOString() ?? null };
    });
  }

  async publish(auth: TenantAuthContext, published: boolean): Promise<BenefitStatementSettingView> {
    return this.db.tenant(auth, async (tx) => {
      const before = (await this.repository.setting(tx))?.published ?? false;
      await this.repository.saveSetting(tx, published, auth.userId);
      await this.audit.record(tx, auth, { action: 'benefit_statement.publish', entity: 'cooperative', entityId: tx.cooperativeId, before: { published: before }, after: { published } });
      const row = await this.repository.setting(tx);
      return { published, changedAt: row?.changed_at.toISOString() ?? null };
    });
  }

  /**
   * 404 alike for a cooperative that does not publish and one that does not exist; 429 past the
   * address's allowance. The request is counted in a transaction of its own, so that a refusal
   * (a 404 rolls its transaction back) still counts: a crawler walking ids meets the limit too.
   */
  async statement(cooperativeId: string, period: string, address: string): Promise<BenefitStatementView> {
    const span = resolvePeriod({ period });
    const now = new Date();
    const counted = await this.db.run(Scopes.anonymous(), (tx) => this.throttle.countAttempt(tx, `public-statement:${address}`, PUBLIC_STATEMENT_LIMIT, now));
    if (exceedsLimit(counted, PUBLIC_STATEMENT_LIMIT, now)) {
      throw new DomainError('PUBLIC_RATE_LIMITED', { retryAfterSeconds: secondsUntilRetry(counted, PUBLIC_STATEMENT_LIMIT, now) }, 'too_many_requests');
    }
    return this.db.run(Scopes.readOnly(Scopes.anonymous()), async (tx) => {
      const raw = await this.repository.statement(tx, cooperativeId, span.from, span.to);
      if (raw === null) throw new DomainError('BENEFIT_STATEMENT_NOT_FOUND', {}, 'not_found');
      const { id, name, country, province } = raw.cooperative;
      return {
        cooperative: { id, name, country, province },
        period: { key: span.key, from: span.from, to: span.to },
        funds: benefitFunds(raw).map((fund) => ({ ...fund, spending: [...fund.spending] })),
        generatedAt: now.toISOString(),
      };
    });
  }
}
