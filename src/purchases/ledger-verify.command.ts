import pg from 'pg';
import type { ChainVerification } from './rules/verify-chain.js';
import { VerifyPool } from './verify/verify-pool.js';
import { verifyLedgerOnClient } from './verify/verify-copy.js';

/**
 * `ledger:verify --cooperative ID` without the application: plain pg and the pure rules. One
 * read-only transaction scoped to the cooperative (row-level security applies to non-superuser
 * owners too), the ledger streamed by COPY and checked on worker threads (verify/verify-copy.ts).
 */
export async function verifyLedgerFromCli(ownerUrl: string, cooperativeId: string): Promise<ChainVerification> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('BEGIN READ ONLY');
    await client.query(`SELECT set_config('app.cooperative_ids', $1, true), set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO', true)`, [
      cooperativeId,
    ]);
    const result = await verifyLedgerOnClient(client, cooperativeId);
    await client.query('COMMIT');
    return result;
  } finally {
    await client.end();
    await VerifyPool.closeShared();
  }
}
