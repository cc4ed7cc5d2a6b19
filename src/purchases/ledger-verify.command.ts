import pg from 'pg';
import { PurchasesRepository } from './purchases.repository.js';
import { verifyChain, type ChainVerification } from './rules/verify-chain.js';

/**
 * `ledger:verify --cooperative ID` without the HTTP server: one read-only transaction scoped
 * to the cooperative (row-level security applies to non-superuser owners too), streamed.
 */
export async function verifyLedgerFromCli(ownerUrl: string, cooperativeId: string): Promise<ChainVerification> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('BEGIN READ ONLY');
    await client.query(`SELECT set_config('app.cooperative_ids', $1, true)`, [cooperativeId]);
    const result = await verifyChain(PurchasesRepository.ledgerOnClient(client, cooperativeId));
    await client.query('COMMIT');
    return result;
  } finally {
    await client.end();
  }
}
