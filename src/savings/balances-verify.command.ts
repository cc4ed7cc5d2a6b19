import pg from 'pg';
import { balanceDifferences, describeDifference, recomputedBalances } from './rules/cached-balances.js';
import { ledgerLoanOf, ledgerMovementOf } from './rules/ledger.js';
import { SavingsBalancesRepository } from './savings-balances.repository.js';

export interface BalancesVerification {
  readonly cooperatives: number;
  readonly cycles: number;
  /** One line per figure the cache holds otherwise than the movements say. */
  readonly differences: readonly string[];
}

/**
 * `savings:verify-balances [--cooperative ID]` without the HTTP server: every cycle's cached
 * balances against those the ledger's fold recomputes from its movements, in one read-only
 * transaction scoped to each cooperative in turn (all of them when none is named).
 */
export async function verifyBalancesFromCli(ownerUrl: string, cooperativeId?: string): Promise<BalancesVerification> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('BEGIN READ ONLY');
    let cooperativeIds = cooperativeId === undefined ? [] : [cooperativeId];
    if (cooperativeId === undefined) {
      await client.query(`SELECT set_config('app.operator', 'on', true)`);
      cooperativeIds = (await client.query<{ id: string }>('SELECT id FROM cooperatives ORDER BY id')).rows.map((row) => row.id);
      await client.query(`SELECT set_config('app.operator', '', true)`);
    }
    let cycles = 0;
    const differences: string[] = [];
    for (const id of cooperativeIds) {
      await client.query(`SELECT set_config('app.cooperative_ids', $1, true)`, [id]);
      for await (const { cycle, movements, loans, cached } of SavingsBalancesRepository.cyclesOnClient(client, id)) {
        cycles += 1;
        const recomputed = recomputedBalances(movements.map(ledgerMovementOf), loans.map(ledgerLoanOf));
        differences.push(...balanceDifferences(cached, recomputed).map((difference) => describeDifference(cycle.id, difference)));
      }
    }
    await client.query('COMMIT');
    return { cooperatives: cooperativeIds.length, cycles, differences };
  } finally {
    await client.end();
  }
}
