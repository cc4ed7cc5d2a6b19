import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../database/tx.js';
import { DEFAULT_CRITICAL_ACKNOWLEDGEMENT_HOURS } from './rules/overdue.js';

export interface RiskSettingsRow {
  readonly criticalAckHours: number;
  /** Null while the cooperative keeps the defaults. */
  readonly updatedAt: Date | null;
}

/** The cooperative's risk settings; exported by RiskModule for the reports that apply them. */
@Injectable()
export class RiskSettingsRepository {
  /** The cooperative's delay to acknowledge a critical flag, or the default when none is set. */
  async criticalAckHours(tx: TenantTx): Promise<number> {
    return (await this.settings(tx)).criticalAckHours;
  }

  async settings(tx: TenantTx, lock = false): Promise<RiskSettingsRow> {
    const rows = await tx.query<{ critical_ack_hours: number; updated_at: Date }[]>(
      `SELECT critical_ack_hours, updated_at FROM risk_settings WHERE cooperative_id = $1${lock ? ' FOR UPDATE' : ''}`,
      [tx.cooperativeId],
    );
    const row = rows[0];
    return row ? { criticalAckHours: row.critical_ack_hours, updatedAt: row.updated_at } : { criticalAckHours: DEFAULT_CRITICAL_ACKNOWLEDGEMENT_HOURS, updatedAt: null };
  }

  async upsertCriticalAckHours(tx: TenantTx, hours: number): Promise<void> {
    await tx.query(
      `INSERT INTO risk_settings (cooperative_id, critical_ack_hours, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (cooperative_id) DO UPDATE SET critical_ack_hours = EXCLUDED.critical_ack_hours, updated_at = now()`,
      [tx.cooperativeId, hours],
    );
  }

  /** The cooperative's IANA time zone, which decides when its corrective actions fall due. */
  async cooperativeTimezone(tx: TenantTx): Promise<string> {
    const rows = await tx.query<{ timezone: string }[]>('SELECT timezone FROM cooperatives WHERE id = $1', [tx.cooperativeId]);
    return rows[0]?.timezone ?? 'UTC';
  }
}
