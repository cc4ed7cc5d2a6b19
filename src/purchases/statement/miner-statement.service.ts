import { Injectable } from '@nestjs/common';
import type { TenantAuthContext } from '../../auth/auth-context.js';
import { DomainError } from '../../common/domain-error.js';
import { assertSafeMinor } from '../../common/money.js';
import { Db } from '../../database/db.js';
import { PurchasesRepository } from '../purchases.repository.js';
import type { MinerStatementLineView, MinerStatementView } from './dto/statement.view.js';
import { feesTotalOf, minerStatementTotals } from './rules/miner-statement.js';
import { statementPeriod } from './rules/statement-period.js';
import { StatementRepository, type MinerEntryRow } from './statement.repository.js';

const minor = (value: string | null): number => assertSafeMinor(Number(value ?? '0'));

function lineOf(row: MinerEntryRow): MinerStatementLineView {
  return {
    id: row.id,
    sequence: row.sequence,
    kind: row.kind,
    reversesId: row.reverses_id,
    at: row.at.toISOString(),
    lotNumber: row.lot_number,
    tagId: row.tag_id,
    mineral: row.mineral,
    netMg: minor(row.net_mg),
    currency: row.currency,
    amountMinor: minor(row.amount_minor),
    fees: row.fees,
    feesMinor: feesTotalOf(row),
    netPaidMinor: minor(row.net_paid_minor),
    reason: row.reason,
    hash: row.hash,
  };
}

/** The miner's purchases and reversals in a period, with totals per currency and the ledger head as a witness. */
@Injectable()
export class MinerStatementService {
  constructor(
    private readonly db: Db,
    private readonly purchases: PurchasesRepository,
    private readonly statements: StatementRepository,
  ) {}

  async statement(auth: TenantAuthContext, minerId: string, from: string, to: string): Promise<MinerStatementView> {
    const period = statementPeriod(from, to);
    return this.db.tenant(auth, async (tx) => {
      const seller = await this.purchases.sellerOn(tx, minerId, period.to);
      if (seller === null) throw new DomainError('MINER_NOT_FOUND', { minerId }, 'not_found');
      const cooperative = await this.statements.cooperative(tx);
      // The head first: the statement lists entries up to it, so the witness covers exactly them.
      const ledgerHead = await this.statements.ledgerHead(tx);
      const rows = await this.statements.minerEntries(tx, minerId, ledgerHead.sequence, period);
      const entries = rows.map(lineOf);
      return {
        cooperative,
        miner: { id: seller.id, memberNumber: seller.member_number, name: `${seller.first_name} ${seller.last_name}` },
        period,
        generatedAt: new Date().toISOString(),
        ledgerHead,
        entries,
        totals: minerStatementTotals(entries),
      };
    });
  }
}
