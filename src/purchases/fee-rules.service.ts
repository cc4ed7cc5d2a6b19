import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { Db } from '../database/db.js';
import { CooperativeTermsCache } from './cooperative-terms.cache.js';
import type { CreateFeeRuleDto } from './dto/purchase.dto.js';
import type { FeeRuleView } from './dto/purchase.view.js';
import { type FeeRuleRow, PurchasesRepository } from './purchases.repository.js';
import { datedFeeRuleFrom } from './rules/fee-rule-request.js';
import { assertFeeScheduleConsistent } from './rules/fee-rules.js';

function feeRuleViewOf(row: FeeRuleRow): FeeRuleView {
  return {
    id: row.id,
    ruleCode: row.rule_code,
    fundCode: row.fund_code,
    kind: row.kind,
    rateBp: row.rate_bp,
    amountMinor: row.amount_minor === null ? null : Number(row.amount_minor),
    currency: row.currency,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
  };
}

/** The fee schedule: dated rules of what each purchase withholds for a fund, never overlapping. */
@Injectable()
export class FeeRulesService {
  constructor(
    private readonly db: Db,
    private readonly repository: PurchasesRepository,
    private readonly audit: AuditService,
    private readonly terms: CooperativeTermsCache,
  ) {}

  async createFeeRule(auth: TenantAuthContext, dto: CreateFeeRuleDto): Promise<FeeRuleView> {
    const dated = datedFeeRuleFrom(dto);
    const view = await this.db.tenant(auth, async (tx) => {
      await this.repository.lockFeeSchedule(tx);
      assertFeeScheduleConsistent([...(await this.repository.feeSchedule(tx)), dated]);
      const id = await this.repository.insertFeeRule(tx, auth.userId, dated);
      const row = (await this.repository.feeRules(tx)).find((candidate) => candidate.id === id);
      if (row === undefined) throw new Error('The fee rule just inserted is not readable');
      const view = feeRuleViewOf(row);
      await this.audit.record(tx, auth, { action: 'fee_rule.created', entity: 'fee_rule', entityId: id, after: { ...view } });
      return view;
    });
    // After the commit: purchases of this process price with the new rule at once (others learn it from purchase_append).
    this.terms.forget(auth.cooperativeId);
    return view;
  }

  async listFeeRules(auth: TenantAuthContext): Promise<FeeRuleView[]> {
    const rows = await this.db.tenant(auth, (tx) => this.repository.feeRules(tx));
    return rows.map(feeRuleViewOf);
  }
}
