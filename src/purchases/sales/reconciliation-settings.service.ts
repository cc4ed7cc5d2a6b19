import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import type { TenantAuthContext } from '../../auth/auth-context.js';
import { Db } from '../../database/db.js';
import type { TenantTx } from '../../database/tx.js';
import { DEFAULT_RECONCILIATION_TOLERANCE } from '../rules/reconciliation.js';
import type { UpdateReconciliationSettingsDto } from './dto/sale.dto.js';
import type { ReconciliationSettingsView } from './dto/sale.view.js';
import { SalesRepository } from './sales.repository.js';

/** How far a buyer's measurement may differ from ours before a discrepancy flag is raised. */
@Injectable()
export class ReconciliationSettingsService {
  constructor(
    private readonly db: Db,
    private readonly repository: SalesRepository,
    private readonly audit: AuditService,
  ) {}

  async settings(auth: TenantAuthContext): Promise<ReconciliationSettingsView> {
    return this.db.tenant(auth, (tx) => this.settingsView(tx));
  }

  async updateSettings(auth: TenantAuthContext, dto: UpdateReconciliationSettingsDto): Promise<ReconciliationSettingsView> {
    return this.db.tenant(auth, async (tx) => {
      const before = await this.settingsView(tx, true);
      const after = { massBp: dto.massToleranceBp, gradeBp: dto.gradeToleranceBp };
      await this.repository.saveTolerance(tx, after);
      await this.audit.record(tx, auth, {
        action: 'sale_reconciliation_settings.update',
        entity: 'sale_reconciliation_settings',
        entityId: auth.cooperativeId,
        before: { massBp: before.massBp, gradeBp: before.gradeBp },
        after,
      });
      return this.settingsView(tx);
    });
  }

  private async settingsView(tx: TenantTx, lock = false): Promise<ReconciliationSettingsView> {
    const saved = await this.repository.tolerance(tx, lock);
    return saved === null
      ? { ...DEFAULT_RECONCILIATION_TOLERANCE, updatedAt: null }
      : { massBp: saved.massBp, gradeBp: saved.gradeBp, updatedAt: saved.updatedAt.toISOString() };
  }
}
