import { Injectable } from '@nestjs/common';
import { localDateIn } from '../../common/time-zone.js';
import type { TenantTx } from '../../database/tx.js';
import { PurchasesRepository } from '../purchases.repository.js';
import type { StatementPeriod } from '../statement/rules/statement-period.js';
import { StatementRepository } from '../statement/statement.repository.js';
import { FundsRepository } from './funds.repository.js';
import { buildFundStatement, type FundBalance, fundBalances, type FundStatementSection } from './rules/funds.js';

/** An approved spending as anyone outside the cooperative may read it: what, how much, when; never who. */
export interface SpendingFigure {
  readonly fundCode: string;
  readonly purpose: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly spentOn: string;
  /** The cooperative's local date of the approval. */
  readonly approvedOn: string;
}

/**
 * The funds' figures inside a transaction the caller opened: for the cooperative's own
 * statement (FundsService) and for the organisations it grants observation to.
 */
@Injectable()
export class FundFigures {
  constructor(
    private readonly repository: FundsRepository,
    private readonly purchases: PurchasesRepository,
    private readonly statements: StatementRepository,
  ) {}

  async balances(tx: TenantTx): Promise<{ fundCode: string; balances: FundBalance[] }[]> {
    return fundBalances(await this.repository.namedFunds(tx), await this.repository.totals(tx));
  }

  /** One fund's statement sections (opening, credits by rule, reversals, spending by purpose, closing) per currency. */
  async sections(tx: TenantTx, fundCode: string, period: StatementPeriod, ledgerSequence?: number): Promise<FundStatementSection[]> {
    const upTo = ledgerSequence ?? (await this.statements.ledgerHead(tx)).sequence;
    return buildFundStatement({
      fundCode,
      schedule: await this.purchases.feeSchedule(tx),
      opening: await this.repository.openingBalances(tx, fundCode, upTo, period.from),
      feeLines: await this.repository.feeLineGroups(tx, fundCode, upTo, period),
      spending: await this.repository.spendingGroups(tx, fundCode, period),
    });
  }

  /** The approved spending of the period of one fund, newest first, without the people who asked and decided. */
  async approvedSpending(tx: TenantTx, fundCode: string, period: StatementPeriod): Promise<SpendingFigure[]> {
    const { timezone } = await this.statements.cooperative(tx);
    return (await this.repository.spending(tx, fundCode, period)).map((row) => ({
      fundCode: row.fund_code,
      purpose: row.purpose,
      amountMinor: Number(row.amount_minor),
      currency: row.currency,
      spentOn: row.spent_on,
      approvedOn: row.decided_at === null ? row.spent_on : localDateIn(timezone, row.decided_at),
    }));
  }
}
