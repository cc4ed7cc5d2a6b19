import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../database/tx.js';

export interface FlagCountRow {
  readonly category: string;
  readonly severity: string;
  readonly state: string;
  readonly count: number;
}

/** Counts of incidents, never their words, people or places: what the cooperative shows the organisations observing it. */
@Injectable()
export class IncidentStatisticsRepository {
  /** Flags raised in the period (local days of the cooperative), per category, severity and state now. */
  async flagCounts(tx: TenantTx, from: string, to: string): Promise<FlagCountRow[]> {
    const rows = await tx.query<{ category: string; severity: string; state: string; count: string }[]>(
      `SELECT f.category, f.severity, f.state, count(*)::text AS count
         FROM risk_flags f JOIN cooperatives c ON c.id = f.cooperative_id
        WHERE f.cooperative_id = $1 AND (f.raised_at AT TIME ZONE c.timezone)::date BETWEEN $2 AND $3
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [tx.cooperativeId, from, to],
    );
    return rows.map((row) => ({ category: row.category, severity: row.severity, state: row.state, count: Number(row.count) }));
  }

  /** Child-labour cases identified in the period, per state now. */
  async caseCounts(tx: TenantTx, from: string, to: string): Promise<{ state: string; count: number }[]> {
    const rows = await tx.query<{ state: string; count: string }[]>(
      `SELECT state, count(*)::text AS count FROM child_labour_cases WHERE cooperative_id = $1 AND identified_on BETWEEN $2 AND $3 GROUP BY 1 ORDER BY 1`,
      [tx.cooperativeId, from, to],
    );
    return rows.map((row) => ({ state: row.state, count: Number(row.count) }));
  }
}
