import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { Db } from '../database/db.service.js';
import type { UpdateRiskSettingsDto } from './dto/risk-settings.dto.js';
import { DEFAULT_CRITICAL_ACKNOWLEDGEMENT_HOURS } from './rules/overdue.js';

export interface RiskSettingsView {
  readonly criticalAckHours: number;
  /** Null while the cooperative keeps the defaults. */
  readonly updatedAt: Date | null;
}

/** The cooperative's delay to acknowledge a critical flag, or the default when none is set. */
export async function criticalAckHoursOf(tx: EntityManager, cooperativeId: string): Promise<number> {
  const rows = await tx.query<{ critical_ack_hours: number }[]>('SELECT critical_ack_hours FROM risk_settings WHERE cooperative_id = $1', [cooperativeId]);
  return rows[0]?.critical_ack_hours ?? DEFAULT_CRITICAL_ACKNOWLEDGEMENT_HOURS;
}

@Injectable()
export class RiskSettingsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async get(auth: TenantAuthContext): Promise<RiskSettingsView> {
    return this.db.inScope(auth.scope, (tx) => this.view(tx, auth.cooperativeId));
  }

  async update(auth: TenantAuthContext, dto: UpdateRiskSettingsDto): Promise<RiskSettingsView> {
    return this.db.inScope(auth.scope, async (tx) => {
      const before = await this.view(tx, auth.cooperativeId, true);
      await tx.query(
        `INSERT INTO risk_settings (cooperative_id, critical_ack_hours, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (cooperative_id) DO UPDATE SET critical_ack_hours = EXCLUDED.critical_ack_hours, updated_at = now()`,
        [auth.cooperativeId, dto.criticalAckHours],
      );
      await this.audit.record(tx, auth, {
        action: 'risk_settings.update',
        entity: 'risk_settings',
        entityId: auth.cooperativeId,
        before: { criticalAckHours: before.criticalAckHours },
        after: { criticalAckHours: dto.criticalAckHours },
      });
      return this.view(tx, auth.cooperativeId);
    });
  }

  private async view(tx: EntityManager, cooperativeId: string, lock = false): Promise<RiskSettingsView> {
    const rows = await tx.query<{ critical_ack_hours: number; updated_at: Date }[]>(
      `SELECT critical_ack_hours, updated_at FROM risk_settings WHERE cooperative_id = $1${lock ? ' FOR UPDATE' : ''}`,
      [cooperativeId],
    );
    const row = rows[0];
    return row ? { criticalAckHours: row.critical_ack_hours, updatedAt: row.updated_at } : { criticalAckHours: DEFAULT_CRITICAL_ACKNOWLEDGEMENT_HOURS, updatedAt: null };
  }
}
