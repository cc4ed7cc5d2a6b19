import pg from 'pg';
import { ReportsRepository, type RowQuery } from './reports.repository.js';
import { describeDifference, REPORT_ROLLUPS, type RollupDifference, rollupDifferences } from './rules/rollup-check.js';

/** Every difference between one cooperative's rollups and the same figures recomputed from its rows. */
export async function rollupDifferencesOf(query: RowQuery, cooperativeId: string): Promise<RollupDifference[]> {
  const differences: RollupDifference[] = [];
  for (const rollup of REPORT_ROLLUPS) {
    const { stored, recomputed } = await ReportsRepository.rollupMismatches(query, cooperativeId, rollup);
    differences.push(...rollupDifferences(rollup, stored, recomputed));
  }
  return differences;
}

export interface RollupCheck {
  readonly cooperatives: number;
  /** One line per difference, prefixed by the cooperative's id. */
  readonly differences: readonly string[];
}

/**
 * `reports:check-rollups [--cooperative ID]` without the HTTP server: each cooperative in a
 * read-only transaction of its own, scoped to it (row-level security applies to non-superuser
 * owners too). Without --cooperative, every cooperative is checked.
 */
export async function checkRollupsFromCli(ownerUrl: string, cooperativeId?: string): Promise<RollupCheck> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const query: RowQuery = async (sql, parameters) => (await client.query<Record<string, unknown>>(sql, [...parameters])).rows;
  try {
    let ids = cooperativeId === undefined ? [] : [cooperativeId];
    if (cooperativeId === undefined) {
      await client.query('BEGIN READ ONLY');
      await client.query(`SELECT set_config('app.operator', 'on', true)`);
      ids = (await client.query<{ id: string }>('SELECT id FROM cooperatives ORDER BY id')).rows.map((row) => row.id);
      await client.query('COMMIT');
    }
    const differences: string[] = [];
    for (const id of ids) {
      await client.query('BEGIN READ ONLY');
      await client.query(`SELECT set_config('app.cooperative_ids', $1, true)`, [id]);
      differences.push(...(await rollupDifferencesOf(query, id)).map((difference) => `${id} ${describeDifference(difference)}`));
      await client.query('COMMIT');
    }
    return { cooperatives: ids.length, differences };
  } finally {
    await client.end();
  }
}
