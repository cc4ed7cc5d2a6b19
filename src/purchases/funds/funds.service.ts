import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import type { TenantAuthContext } from '../../auth/auth-context.js';
import { assertIsoDate } from '../../common/calendar-date.js';
import { DomainError } from '../../common/domain-error.js';
import { localDateIn } from '../../common/time-zone.js';
import { Db } from '../../database/db.service.js';
import { datedFeeRuleOf, PurchasesRepository } from '../purchases.repository.js';
import { assertSupportedCurrency } from '../rules/amount.js';
import { statementPeriod } from '../statement/rules/statement-period.js';
import { type CooperativeIdentity, type LedgerHeadWitness, StatementRepository } from '../statement/statement.repository.js';
import type { RecordFundSpendingDto } from './dto/fund.dto.js';
import { FUND_CODE } from './dto/fund.dto.js';
import { FundsRepository, type SpendingRow } from './funds.repository.js';
import { assertApprover, assertSpendable, buildFundStatement, type FundBalance, fundBalances, type FundStatementSection, type FundTotals } from './rules/funds.js';

export interface FundSpendingView {
  id: string;
  fundCode: string;
  purpose: string;
  amountMinor: number;
  currency: string;
  spentOn: string;
  approvedBy: { id: string; name: string };
  recordedBy: string;
  recordedAt: string;
}

export interface FundStatement {
  cooperative: CooperativeIdentity;
  fundCode: string;
  period: { from: string; to: string };
  generatedAt: string;
  ledgerHead: LedgerHeadWitness;
  sections: FundStatementSection[];
  spending: FundSpendingView[];
}

function spendingView(row: SpendingRow): FundSpendingView {
  return {
    id: row.id,
    fundCode: row.fund_code,
    purpose: row.purpose,
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    spentOn: row.spent_on,
    approvedBy: { id: row.approved_by, name: row.approver_name },
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at.toISOString(),
  };
}

@Injectable()
export class FundsService {
  constructor(
    private readonly db: Db,
    private readonly repository: FundsRepository,
    private readonly purchases: PurchasesRepository,
    private readonly statements: StatementRepository,
    private readonly audit: AuditService,
  ) {}

  async balances(auth: TenantAuthContext): Promise<{ funds: { fundCode: string; balances: FundBalance[] }[] }> {
    return this.db.inScope(auth.scope, async (tx) => {
      const funds = fundBalances(await this.repository.namedFunds(tx, auth.cooperativeId), await this.repository.totals(tx, auth.cooperativeId));
      return { funds };
    });
  }

  async statement(auth: TenantAuthContext, fundCode: string, from: string, to: string): Promise<FundStatement> {
    const period = statementPeriod(from, to);
    return this.db.inScope(auth.scope, async (tx) => {
      await this.requireFund(tx, auth.cooperativeId, fundCode);
      const cooperative = await this.statements.cooperative(tx, auth.cooperativeId);
      const ledgerHead = await this.statements.ledgerHead(tx, auth.cooperativeId);
      const schedule = (await this.purchases.feeRules(tx, auth.cooperativeId)).map(datedFeeRuleOf);
      const sections = buildFundStatement({
        fundCode,
        schedule,
        opening: await this.repository.openingBalances(tx, auth.cooperativeId, fundCode, ledgerHead.sequence, period.from),
        feeLines: await this.repository.feeLineGroups(tx, auth.cooperativeId, fundCode, ledgerHead.sequence, period),
        spending: await this.repository.spendingGroups(tx, auth.cooperativeId, fundCode, period),
      });
      const spending = (await this.repository.spending(tx, auth.cooperativeId, fundCode, period)).map(spendingView);
      return { cooperative, fundCode, period, generatedAt: new Date().toISOString(), ledgerHead, sections, spending };
    });
  }

  async listSpending(auth: TenantAuthContext, fundCode: string): Promise<{ items: FundSpendingView[] }> {
    return this.db.inScope(auth.scope, async (tx) => {
      await this.requireFund(tx, auth.cooperativeId, fundCode);
      return { items: (await this.repository.spending(tx, auth.cooperativeId, fundCode, null)).map(spendingView) };
    });
  }

  /**
   * Records a payment out of a fund: approved by another admin of the cooperative, never
   * more than the fund's balance in that currency. Payments from one fund take turns on a
   * lock, so two racing payments cannot both spend the same money.
   */
  async recordSpending(auth: TenantAuthContext, fundCode: string, dto: RecordFundSpendingDto): Promise<FundSpendingView> {
    const purpose = dto.purpose.trim();
    if (purpose === '') throw new DomainError('FUND_SPENDING_PURPOSE_REQUIRED', {});
    assertIsoDate(dto.spentOn, 'DATE_INVALID');
    assertSupportedCurrency(dto.currency);
    const view = await this.db.inScope(auth.scope, async (tx) => {
      const { timezone } = await this.statements.cooperative(tx, auth.cooperativeId);
      const today = localDateIn(timezone);
      if (dto.spentOn > today) throw new DomainError('FUND_SPENT_IN_FUTURE', { spentOn: dto.spentOn, today });
      assertApprover({ recorderId: auth.userId, approverId: dto.approvedBy, approverIsAdmin: await this.repository.isActiveAdmin(tx, auth.cooperativeId, dto.approvedBy) });
      const id = dto.id ?? randomUUID();
      if ((await this.repository.spendingById(tx, auth.cooperativeId, id)) !== null) throw new DomainError('FUND_SPENDING_ID_TAKEN', { id }, 'conflict');

      await this.repository.lockFund(tx, auth.cooperativeId, fundCode);
      const balance = fundBalances([], await this.requireFund(tx, auth.cooperativeId, fundCode))
        .flatMap((fund) => fund.balances)
        .find((line) => line.currency === dto.currency);
      assertSpendable(fundCode, { currency: dto.currency, amountMinor: balance?.balanceMinor ?? 0 }, { currency: dto.currency, amountMinor: dto.amountMinor });

      await this.repository.insertSpending(tx, auth.cooperativeId, {
        id,
        fundCode,
        purpose,
        amountMinor: dto.amountMinor,
        currency: dto.currency,
        spentOn: dto.spentOn,
        approvedBy: dto.approvedBy,
        recordedBy: auth.userId,
      });
      const row = await this.repository.spendingById(tx, auth.cooperativeId, id);
      if (row === null) throw new Error('The spending just recorded is not readable');
      const recorded = spendingView(row);
      await this.audit.record(tx, auth, {
        action: 'fund.spent',
        entity: 'fund_spending',
        entityId: id,
        after: { ...recorded, balanceBeforeMinor: balance?.balanceMinor ?? 0 },
      });
      return recorded;
    });
    return view;
  }

  /** A fund exists once the fee schedule names it or something moved in it; anything else is not found. Answers its totals. */
  private async requireFund(tx: EntityManager, cooperativeId: string, fundCode: string): Promise<FundTotals[]> {
    if (!FUND_CODE.test(fundCode)) throw new DomainError('FUND_NOT_FOUND', { fundCode }, 'not_found');
    const totals = await this.repository.totals(tx, cooperativeId, fundCode);
    if (totals.length === 0 && !(await this.repository.namedFunds(tx, cooperativeId)).includes(fundCode)) {
      throw new DomainError('FUND_NOT_FOUND', { fundCode }, 'not_found');
    }
    return totals;
  }
}
