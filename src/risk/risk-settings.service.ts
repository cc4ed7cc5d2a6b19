import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { Db } from '../database/db.js';
import type { RiskSettingsView } from './dto/risk-evidence.view.js';
import type { UpdateRiskSettingsDto } from './dto/risk-settings.dto.js';
import { RiskSettingsRepository } from './risk-settings.repository.js';

@Injectable()
export class RiskSettingsService {
  constructor(
    private readonly db: Db,
    private readonly repository: RiskSettingsRepository,
    private readonly audit: AuditService,
  ) {}

  async get(auth: TenantAuthContext): Promise<RiskSettingsView> {
    return this.db.tenant(auth, (tx) => this.repository.settings(tx));
  }

  async update(auth: TenantAuthContext, dto: UpdateRiskSettingsDto): Promise<RiskSettingsView> {
    return this.db.tenant(auth, async (tx) => {
      const before = await this.repository.settings(tx, true);
      await this.repository.upsertCriticalAckHours(tx, dto.criticalAckHours);
      await this.audit.record(tx, auth, {
        action: 'risk_settings.update',
        entity: 'risk_settings',
        entityId: auth.cooperativeId,
        before: { criticalAckHours: before.criticalAckHours },
        after: { criticalAckHours: dto.criticalAckHours },
      });
      return this.repository.settings(tx);
    });
  }
}
