import { Injectable } from '@nestjs/common';
import type { TenantAuthContext } from '../../auth/auth-context.js';
import { DomainError } from '../../common/domain-error.js';
import { assertSafeMinor } from '../../common/money.js';
import { Db } from '../../database/db.service.js';
import { PurchasesRepository } from '../purchases.repository.js';
import { feesTotalOf, type MinerStatementTotals, minerStatementTotals } from './rules/miner-statement.js';
import { statementPeriod } from './rules/statement-period.js';
import { type CooperativeIdentity, type LedgerHeadWitness, StatementRepository } from './statement.repository.js';

export interface MinerStatementLine {
  id: string;
  sequence: number;
  kind: 'purchase' | 'reversal';
  reversesId: string | null;
  /** When it happened: the capture of a purchase, the recording of a reversal. */
  at: string;
  lotNumber: string | null;
  tagId: string | null;
  mineral: string | null;
  netMg: number;
  currency: string;
  amountMinor: number;
  fees: { fundCode: string; amountMinor: number }[];
  feesMinor: number;
  netPaidMinor: number;
  reason: string | null;
  hash: string;
}

export interface MinerStatement {
  cooperative: CooperativeIdentity;
  miner: { id: string; memberNumber: string; name: string };
  period: { from: string; to: string };
  generatedAt: string;
  ledgerHead: LedgerHeadWitness;
  entries: MinerStatementLine[];
  totals: MinerStatementTotals[];
}

const minor = (value: string | null): number => assertSafeMinor(Number(value ?? '0'));

/** The miner's purchases and reversals in a period, with totals per currency and the ledger head as a witness. */
@Injectable()
export class MinerStatementService {
  constructor(
    private readonly db: Db,
    private readonly purchases: PurchasesRepository,
    private readonly statements: StatementRepository,
  ) {}

  async statement(auth: TenantAuthContext, minerId: string, from: string, to: string): Promise<MinerStatement> {
    const period = statementPeriod(from, to);
    return this.db.inScope(auth.scope, async (tx) => {
      const seller = await this.purchases.sellerOn(tx, auth.cooperativeId, minerId, period.to);
      if (seller === null) throw new DomainError('MINER_NOT_FOUND', { minerId }, 'not_found');
      const cooperative = await this.statements.cooperative(tx, auth.cooperativeId);
      // The head first: the statement lists entries up to it, so the witness covers exactly them.
      const ledgerHead = await this.statements.ledgerHead(tx, auth.cooperativeId);
      const rows = await this.statements.minerEntries(tx, auth.cooperativeId, minerId, ledgerHead.sequence, period);
      const entries = rows.map((row): MinerStatementLine => ({
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
      }));
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
