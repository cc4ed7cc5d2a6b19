import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import type { TenantAuthContext } from '../../auth/auth-context.js';
import { DomainError } from '../../common/domain-error.js';
import { localDateIn } from '../../common/time-zone.js';
import { Db } from '../../database/db.js';
import type { TenantTx } from '../../database/tx.js';
import { RiskFlagsService } from '../../risk/risk-flags.service.js';
import { buyerDiscrepancy } from '../../risk/rules/auto-rules.js';
import { PurchasesRepository } from '../purchases.repository.js';
import { findMineral } from '../rules/minerals.js';
import { DEFAULT_RECONCILIATION_TOLERANCE, type MeasuredLot, reconcileWithBuyer, type ReconciliationTolerance } from '../rules/reconciliation.js';
import { parseMassToMg, parsePercentToBp } from '../rules/units.js';
import { insertOrConflict } from '../unique-conflicts.js';
import type { RecordBuyerMeasurementDto } from './dto/sale.dto.js';
import type { BuyerMeasurementView } from './dto/sale.view.js';
import { assertCorrectionReason, type BuyerFigures, newMeasurementOf } from './rules/buyer-measurement.js';
import { dayNotAfterToday } from './rules/sale-days.js';
import { measurementViewOf } from './sale-views.js';
import { SalesRepository } from './sales.repository.js';

/** What a buyer weighed and assayed on delivery, against our figures for the sale. */
@Injectable()
export class BuyerMeasurementsService {
  constructor(
    private readonly db: Db,
    private readonly repository: SalesRepository,
    private readonly purchases: PurchasesRepository,
    private readonly audit: AuditService,
    private readonly riskFlags: RiskFlagsService,
  ) {}

  /**
   * Records what the buyer measured and compares it with our totals under the cooperative's
   * tolerance; beyond it, a weight/grade discrepancy flag is raised in the same transaction.
   * A sale that already has a measurement gets a correction (with a reason), never an edit.
   */
  async recordMeasurement(auth: TenantAuthContext, saleId: string, dto: RecordBuyerMeasurementDto): Promise<BuyerMeasurementView> {
    const netMg = parseMassToMg(dto.netMass.value, dto.netMass.unit);
    const gradeBp = dto.gradePercent === undefined ? null : parsePercentToBp(dto.gradePercent);
    const moistureBp = dto.moisturePercent === undefined ? null : parsePercentToBp(dto.moisturePercent);
    const reason = dto.reason?.trim() ? dto.reason.trim() : null;
    return this.db.tenant(auth, async (tx) => {
      const sale = await this.repository.findSale(tx, saleId);
      if (sale === null) throw new DomainError('SALE_NOT_FOUND', { id: saleId }, 'not_found');
      if (findMineral(sale.mineral).gradeOf === null && gradeBp !== null) throw new DomainError('GRADE_NOT_APPLICABLE', { mineral: sale.mineral });
      const measuredOn = dayNotAfterToday(dto.measuredOn, localDateIn((await this.purchases.cooperative(tx)).timezone), 'BUYER_MEASUREMENT_IN_FUTURE');
      if (measuredOn < sale.sold_on) throw new DomainError('BUYER_MEASUREMENT_BEFORE_SALE', { measuredOn, soldOn: sale.sold_on });
      const id = dto.id ?? randomUUID();
      if (await this.repository.measurementIdTaken(tx, id)) throw new DomainError('BUYER_MEASUREMENT_ID_TAKEN', { id }, 'conflict');

      await this.repository.lockSaleMeasurements(tx, saleId);
      const correctsId = await this.repository.currentMeasurementId(tx, saleId);
      assertCorrectionReason(correctsId, reason, saleId);
      const tolerance = (await this.repository.tolerance(tx)) ?? DEFAULT_RECONCILIATION_TOLERANCE;
      const ours = { massMg: Number(sale.net_mg), gradeBp: sale.grade_bp };
      const reconciliation = reconcileWithBuyer(ours, { massMg: netMg, gradeBp }, tolerance);
      const riskFlagId = await this.flagDiscrepancy(tx, auth, { id, saleId, ours, buyer: { massMg: netMg, gradeBp }, tolerance });
      const buyer: BuyerFigures = { measuredOn, netMg, gradeBp, moistureBp, reference: dto.reference ?? null };
      await this.insert(tx, newMeasurementOf({ id, saleId, correctsId, reason, recordedBy: auth.userId }, buyer, ours, { reconciliation, tolerance, riskFlagId }));
      const view = (await this.repository.measurementsOf(tx, [saleId])).map(measurementViewOf).find((m) => m.id === id);
      if (view === undefined) throw new Error('The measurement just inserted is not readable');
      await this.audit.record(tx, auth, { action: 'sale.buyer_measurement.recorded', entity: 'sale', entityId: saleId, after: { ...view } });
      return view;
    });
  }

  /** Raises the discrepancy flag when the buyer's figures are beyond the tolerance; answers its id. */
  private async flagDiscrepancy(
    tx: TenantTx,
    auth: TenantAuthContext,
    facts: { id: string; saleId: string; ours: MeasuredLot; buyer: MeasuredLot; tolerance: ReconciliationTolerance },
  ): Promise<string | null> {
    const sites = new Set((await this.repository.lotsOfSale(tx, facts.saleId)).map((lot) => lot.site_id));
    const proposed = buyerDiscrepancy({
      id: facts.id,
      saleId: facts.saleId,
      siteId: sites.size === 1 ? ([...sites][0] ?? null) : null,
      reconciledAt: new Date(),
      ourNetMassMg: facts.ours.massMg,
      buyerNetMassMg: facts.buyer.massMg,
      massToleranceBp: facts.tolerance.massBp,
      ourGradeBp: facts.ours.gradeBp,
      buyerGradeBp: facts.buyer.gradeBp,
      gradeToleranceBp: facts.tolerance.gradeBp,
    });
    return proposed === null ? null : (await this.riskFlags.raiseAutomatic(tx, auth, proposed)).id;
  }

  private async insert(tx: TenantTx, measurement: Parameters<SalesRepository['insertMeasurement']>[1]): Promise<void> {
    const conflict = () => new DomainError('BUYER_MEASUREMENT_CONFLICT', { saleId: measurement.saleId }, 'conflict');
    await insertOrConflict(() => this.repository.insertMeasurement(tx, measurement), {
      sale_buyer_measurements_first: conflict,
      sale_buyer_measurements_cooperative_id_corrects_id_key: conflict,
    });
  }
}
