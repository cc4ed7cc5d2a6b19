import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import type { TenantAuthContext } from '../../auth/auth-context.js';
import { assertIsoDate } from '../../common/calendar-date.js';
import { DomainError } from '../../common/domain-error.js';
import { localDateIn } from '../../common/time-zone.js';
import { Db } from '../../database/db.js';
import type { TenantTx } from '../../database/tx.js';
import { assertSupportedCurrency } from '../rules/amount.js';
import { statementPeriod } from '../statement/rules/statement-period.js';
import { StatementRepository } from '../statement/statement.repository.js';
import type { RecordFundSpendingDto, RejectFundSpendingDto } from './dto/fund.dto.js';
import { FUND_CODE } from './dto/fund.dto.js';
import type { FundListView, FundSpendingListView, FundSpendingView, FundStatementView } from './dto/fund.view.js';
import { FundsRepository, type SpendingRow } from './funds.repository.js';
import { FundFigures } from './fund-figures.js';
import { assertMayDecide, assertSpendable, fundBalances, type FundTotals } from './rules/funds.js';

function spendingView(row: SpendingRow): FundSpendingView {
  const decider = row.decided_by === null ? null : { id: row.decided_by, name: row.decider_name ?? '' };
  return {
    id: row.id,
    fundCode: row.fund_code,
    purpose: row.purpose,
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    spentOn: row.spent_on,
    status: row.decision ?? 'pending',
    approvedBy: row.decision === 'approved' ? decider : null,
    decision: decider === null || row.decided_at === null ? null : { by: decider, at: row.decided_at.toISOString(), reason: row.reason },
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at.toISOString(),
  };
}

@Injectable()
export class FundsService {
  constructor(
    private readonly db: Db,
    private readonly repository: FundsRepository,
    private readonly figures: FundFigures,
    private readonly statements: StatementRepository,
    private readonly audit: AuditService,
  ) {}

  async balances(auth: TenantAuthContext): Promise<FundListView> {
    return this.db.tenant(auth, async (tx) => ({ funds: await this.figures.balances(tx) }));
  }

  async statement(auth: TenantAuthContext, fundCode: string, from: string, to: string): Promise<FundStatementView> {
    const period = statementPeriod(from, to);
    return this.db.tenant(auth, async (tx) => {
      await this.requireFund(tx, fundCode);
      const cooperative = await this.statements.cooperative(tx);
      const ledgerHead = await this.statements.ledgerHead(tx);
      const sections = await this.figures.sections(tx, fundCode, period, ledgerHead.sequence);
      const spending = (await this.repository.spending(tx, fundCode, period)).map(spendingView);
      return { cooperative, fundCode, period, generatedAt: new Date().toISOString(), ledgerHead, sections, spending };
    });
  }

  async listSpending(auth: TenantAuthContext, fundCode: string): Promise<FundSpendingListView> {
    return this.db.tenant(auth, async (tx) => {
      await this.requireFund(tx, fundCode);
      return { items: (await this.repository.spending(tx, fundCode, null)).map(spendingView) };
    });
  }

  /**
   * Requests a payment out of a fund. Nothing leaves the fund yet: the request waits for
   * another admin's decision, and the balance is checked then.
   */
  async requestSpending(auth: TenantAuthContext, fundCode: string, dto: RecordFundSpendingDto): Promise<FundSpendingView> {
    const purpose = dto.purpose.trim();
    if (purpose === '') throw new DomainError('FUND_SPENDING_PURPOSE_REQUIRED', {});
    assertIsoDate(dto.spentOn);
    assertSupportedCurrency(dto.currency);
    return this.db.tenant(auth, async (tx) => {
      await this.requireFund(tx, fundCode);
      const { timezone } = await this.statements.cooperative(tx);
      const today = localDateIn(timezone);
      if (dto.spentOn > today) throw new DomainError('FUND_SPENT_IN_FUTURE', { spentOn: dto.spentOn, today });
      const id = dto.id ?? randomUUID();
      if ((await this.repository.spendingById(tx, id)) !== null) throw new DomainError('FUND_SPENDING_ID_TAKEN', { id }, 'conflict');
      await this.repository.insertSpending(tx, {
        id, fundCode, purpose, amountMinor: dto.amountMinor, currency: dto.currency, spentOn: dto.spentOn, recordedBy: auth.userId,
      });
      const requested = spendingView(await this.requireSpending(tx, fundCode, id));
      await this.audit.record(tx, auth, { action: 'fund.spending.requested', entity: 'fund_spending', entityId: id, after: { ...requested } });
      return requested;
    });
  }

  /**
   * Approves a pending spending: another admin than the requester, and never more than the
   * fund's balance in that currency now. Decisions on one fund take turns on a lock, so two
   * approvals racing for the same money are checked one after the other.
   */
  async approveSpending(auth: TenantAuthContext, fundCode: string, spendingId: string): Promise<FundSpendingView> {
    return this.db.tenant(auth, async (tx) => {
      const pending = await this.lockPending(tx, auth, fundCode, spendingId);
      const balance = fundBalances([], await this.repository.totals(tx, fundCode))
        .flatMap((fund) => fund.balances)
        .find((line) => line.currency === pending.currency);
      const balanceBeforeMinor = balance?.balanceMinor ?? 0;
      assertSpendable(fundCode, { currency: pending.currency, amountMinor: balanceBeforeMinor }, { currency: pending.currency, amountMinor: Number(pending.amount_minor) });
      await this.repository.insertDecision(tx, { spendingId, decision: 'approved', decidedBy: auth.userId, reason: null });
      const approved = spendingView(await this.requireSpending(tx, fundCode, spendingId));
      await this.audit.record(tx, auth, {
        action: 'fund.spending.approved', entity: 'fund_spending', entityId: spendingId,
        before: { status: 'pending' }, after: { status: approved.status, amountMinor: approved.amountMinor, currency: approved.currency, balanceBeforeMinor },
      });
      return approved;
    });
  }

  /** Rejects a pending spending, with the reason; another admin than the requester. Nothing leaves the fund. */
  async rejectSpending(auth: TenantAuthContext, fundCode: string, spendingId: string, dto: RejectFundSpendingDto): Promise<FundSpendingView> {
    const reason = dto.reason.trim();
    if (reason === '') throw new DomainError('FUND_SPENDING_REASON_REQUIRED', {});
    return this.db.tenant(auth, async (tx) => {
      await this.lockPending(tx, auth, fundCode, spendingId);
      await this.repository.insertDecision(tx, { spendingId, decision: 'rejected', decidedBy: auth.userId, reason });
      const rejected = spendingView(await this.requireSpending(tx, fundCode, spendingId));
      await this.audit.record(tx, auth, {
        action: 'fund.spending.rejected', entity: 'fund_spending', entityId: spendingId, before: { status: 'pending' }, after: { status: rejected.status, reason },
      });
      return rejected;
    });
  }

  /** The spending about to be decided, read after taking the fund's lock so that a decision taken meanwhile is seen. */
  private async lockPending(tx: TenantTx, auth: TenantAuthContext, fundCode: string, spendingId: string): Promise<SpendingRow> {
    await this.requireFund(tx, fundCode);
    await this.repository.lockFund(tx, fundCode);
    const row = await this.requireSpending(tx, fundCode, spendingId);
    assertMayDecide({ spendingId, status: row.decision ?? 'pending', requesterId: row.recorded_by, deciderId: auth.userId });
    return row;
  }

  private async requireSpending(tx: TenantTx, fundCode: string, spendingId: string): Promise<SpendingRow> {
    const row = await this.repository.spendingById(tx, spendingId);
    if (row === null || row.fund_code !== fundCode) throw new DomainError('FUND_SPENDING_NOT_FOUND', { id: spendingId }, 'not_found');
    return row;
  }

  /** A fund exists once the fee schedule names it or something moved in it; anything else is not found. Answers its totals. */
  private async requireFund(tx: TenantTx, fundCode: string): Promise<FundTotals[]> {
    if (!FUND_CODE.test(fundCode)) throw new DomainError('FUND_NOT_FOUND', { fundCode }, 'not_found');
    const totals = await this.repository.totals(tx, fundCode);
    if (totals.length === 0 && !(await this.repository.namedFunds(tx)).includes(fundCode)) {
      throw new DomainError('FUND_NOT_FOUND', { fundCode }, 'not_found');
    }
    return totals;
  }
}
