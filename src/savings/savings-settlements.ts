import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../database/tx.js';
import type { ShareOutLine } from './rules/share-out.js';
import { SavingsBooks } from './savings-books.js';
import { SavingsCyclesRepository } from './savings-cycles.repository.js';
import { SavingsMeetingsRepository } from './savings-meetings.repository.js';
import type { NewMovement } from './savings-rows.js';

/**
 * What a settlement writes, for the share-out of a whole cycle and for one member's exit alike:
 * its movements and the debts its payouts could not cover; then the check that the loan fund
 * holds what the settlement rule computed (the cache the movements just updated).
 */
@Injectable()
export class SavingsSettlements {
  constructor(
    private readonly books: SavingsBooks,
    private readonly cycles: SavingsCyclesRepository,
    private readonly meetings: SavingsMeetingsRepository,
  ) {}

  async recordPayouts(
    tx: TenantTx,
    cycleId: string,
    movements: readonly NewMovement[],
    lines: readonly Pick<ShareOutLine, 'memberId' | 'carriedDebtMinor'>[],
    userId: string,
  ): Promise<void> {
    await this.meetings.insertMovements(tx, cycleId, movements, userId);
    for (const line of lines) {
      if (line.carriedDebtMinor > 0) await this.cycles.insertCarriedDebt(tx, cycleId, line.memberId, line.carriedDebtMinor, userId);
    }
  }

  /** A settlement that leaves another amount in the loan fund than its rule computed is a bug: the transaction rolls back. */
  async assertLoanFundLeft(tx: TenantTx, cycleId: string, expectedMinor: number, settlement: string): Promise<void> {
    const { loanFundMinor } = await this.books.cash(tx, cycleId);
    if (loanFundMinor !== expectedMinor) throw new Error(`${settlement} left ${loanFundMinor} in the loan fund, expected ${expectedMinor}`);
  }
}
