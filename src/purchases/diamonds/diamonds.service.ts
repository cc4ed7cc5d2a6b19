import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import type { TenantAuthContext } from '../../auth/auth-context.js';
import { daysInMonth } from '../../common/calendar-date.js';
import { DomainError } from '../../common/domain-error.js';
import { decodeCursor, type Page, pageOf, pageSizeOf } from '../../common/pagination.js';
import { localDateIn } from '../../common/time-zone.js';
import { Db } from '../../database/db.js';
import type { TenantTx } from '../../database/tx.js';
import { cleanFileName, type EvidenceContentType, matchesSignature, MAX_EVIDENCE_BYTES } from '../../risk/evidence-file.js';
import { RiskFlagsService } from '../../risk/risk-flags.service.js';
import { kimberleyCertificateDiscrepancy } from '../../risk/rules/auto-rules.js';
import { certificateViewOf, parcelLotViewOf, parcelViewOf } from './diamond-views.js';
import { DiamondsRepository } from './diamonds.repository.js';
import type { CreateParcelDto, ListDiamondRecordsDto, RecordCertificateDto, UpdateDiamondSettingsDto } from './dto/diamond.dto.js';
import type { DiamondReconciliationView, DiamondSettingsView, KimberleyCertificateView, ParcelDetailView, ParcelView } from './dto/diamond.view.js';
import { caratVerdict, mgToCarats, sumMg } from './rules/carats.js';
import { DEFAULT_CARAT_TOLERANCE_BP, reconcileDiamondMonth } from './rules/diamond-reconciliation.js';
import { assertParcelsCertifiable, checkCertificate } from './rules/kimberley-certificate.js';

export interface CertificateScanFile {
  readonly contentType: EvidenceContentType;
  readonly content: Buffer;
  readonly originalName: string | null;
}

/**
 * Diamond parcels, their Kimberley Process certificates (with the scan) and the month's
 * production-versus-export reconciliation. Purchases fill parcels (purchase_append), sales
 * sell them (SalesService), certificates certify sold parcels once.
 */
@Injectable()
export class DiamondsService {
  constructor(
    private readonly db: Db,
    private readonly repository: DiamondsRepository,
    private readonly riskFlags: RiskFlagsService,
    private readonly audit: AuditService,
  ) {}

  async createParcel(auth: TenantAuthContext, dto: CreateParcelDto): Promise<ParcelView> {
    const id = dto.id ?? randomUUID();
    const parcelNumber = dto.parcelNumber.trim().normalize('NFC');
    if (parcelNumber === '') throw new DomainError('PARCEL_NUMBER_REQUIRED', {});
    return this.db.tenant(auth, async (tx) => {
      if ((await this.repository.parcel(tx, id)) !== null) throw new DomainError('PARCEL_ID_TAKEN', { id }, 'conflict');
      await this.repository.insertParcel(tx, { id, parcelNumber, mineral: dto.mineral, createdBy: auth.userId });
      await this.audit.record(tx, auth, { action: 'diamond_parcel.created', entity: 'diamond_parcel', entityId: id, after: { parcelNumber, mineral: dto.mineral } });
      return parcelViewOf(await this.requireParcel(tx, id));
    });
  }

  async parcels(auth: TenantAuthContext, query: ListDiamondRecordsDto): Promise<Page<ParcelView>> {
    const limit = pageSizeOf(query);
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor, ['string', 'uuid'] as const);
    const rows = await this.db.tenant(auth, (tx) => this.repository.parcelsPage(tx, after, limit + 1));
    return pageOf(rows, limit, (row) => [row.created_key, row.id], (shown) => shown.map(parcelViewOf));
  }

  async parcel(auth: TenantAuthContext, parcelId: string): Promise<ParcelDetailView> {
    return this.db.tenant(auth, async (tx) => ({
      ...parcelViewOf(await this.requireParcel(tx, parcelId)),
      purchases: (await this.repository.lotsOfParcel(tx, parcelId)).map(parcelLotViewOf),
    }));
  }

  /**
   * Records a certificate for sold parcels not yet certified, with the carats our purchases put
   * into them; beyond the tolerance, the discrepancy flag is raised in the same transaction.
   */
  async recordCertificate(auth: TenantAuthContext, dto: RecordCertificateDto): Promise<KimberleyCertificateView> {
    return this.db.tenant(auth, async (tx) => {
      const cooperative = await this.repository.cooperative(tx);
      const checked = checkCertificate(dto, { today: localDateIn(cooperative.timezone), country: cooperative.country });
      const id = dto.id ?? randomUUID();
      if (await this.repository.certificateIdTaken(tx, id)) throw new DomainError('CERTIFICATE_ID_TAKEN', { id }, 'conflict');
      // Sales and other certificates of these parcels have committed once the locks are ours.
      await this.repository.lockParcels(tx, checked.parcelIds);
      const parcels = assertParcelsCertifiable(checked.parcelIds, await this.repository.certifiableParcels(tx, checked.parcelIds));
      const oursMg = sumMg(parcels.map((parcel) => parcel.caratsMg));
      const toleranceBp = (await this.repository.tolerance(tx))?.caratToleranceBp ?? DEFAULT_CARAT_TOLERANCE_BP;
      const verdict = caratVerdict(oursMg, checked.caratsMg, toleranceBp);
      const sites = new Set(parcels.flatMap((parcel) => parcel.siteIds));
      const proposed = kimberleyCertificateDiscrepancy({
        certificateId: id, certificateNumber: checked.certificateNumber, siteId: sites.size === 1 ? [...sites][0] : null, recordedAt: new Date(),
        declaredMg: checked.caratsMg, oursMg, declaredCarats: mgToCarats(checked.caratsMg), ourCarats: mgToCarats(oursMg), toleranceBp, verdict,
      });
      const riskFlagId = proposed === null ? null : (await this.riskFlags.raiseAutomatic(tx, auth, proposed)).id;
      await this.repository.insertCertificate(tx, { ...checked, id, oursMg, toleranceBp, exceeds: verdict !== 'within', riskFlagId, recordedBy: auth.userId });
      await this.audit.record(tx, auth, {
        action: 'kimberley_certificate.recorded', entity: 'kimberley_certificate', entityId: id,
        after: { ...checked, carats: mgToCarats(checked.caratsMg), ourCarats: mgToCarats(oursMg), toleranceBp, verdict, riskFlagId },
      });
      return this.certificateView(tx, id, cooperative.timezone);
    });
  }

  async certificates(auth: TenantAuthContext, query: ListDiamondRecordsDto): Promise<Page<KimberleyCertificateView>> {
    const limit = pageSizeOf(query);
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor, ['string', 'uuid'] as const);
    return this.db.tenant(auth, async (tx) => {
      const { timezone } = await this.repository.cooperative(tx);
      const rows = await this.repository.certificatesPage(tx, after, limit + 1);
      return pageOf(rows, limit, (row) => [row.issued_on, row.id], (shown) => shown.map((row) => certificateViewOf(row, timezone)));
    });
  }

  async certificate(auth: TenantAuthContext, certificateId: string): Promise<KimberleyCertificateView> {
    return this.db.tenant(auth, async (tx) => this.certificateView(tx, certificateId, (await this.repository.cooperative(tx)).timezone));
  }

  /** The certificate's scan, checked like risk evidence (type by its first bytes, 2 MiB at most); one per certificate. */
  async uploadScan(auth: TenantAuthContext, certificateId: string, contentType: EvidenceContentType, body: unknown, fileName: string | undefined): Promise<KimberleyCertificateView> {
    if (!Buffer.isBuffer(body) || body.length === 0) throw new DomainError('EVIDENCE_REQUIRED', {}, 'bad_request');
    if (body.length > MAX_EVIDENCE_BYTES) throw new DomainError('EVIDENCE_TOO_LARGE', { maxBytes: MAX_EVIDENCE_BYTES });
    if (!matchesSignature(contentType, body)) throw new DomainError('EVIDENCE_FORMAT_INVALID', { contentType });
    const sha256 = createHash('sha256').update(body).digest('hex');
    const originalName = cleanFileName(fileName);
    return this.db.tenant(auth, async (tx) => {
      const { timezone } = await this.repository.cooperative(tx);
      const certificate = await this.certificateView(tx, certificateId, timezone);
      if (certificate.scan !== null) throw new DomainError('CERTIFICATE_SCAN_EXISTS', { certificateId }, 'conflict');
      await this.repository.insertScan(tx, { certificateId, contentType, content: body, sha256, originalName, uploadedBy: auth.userId });
      await this.audit.record(tx, auth, {
        action: 'kimberley_certificate.scan_uploaded', entity: 'kimberley_certificate', entityId: certificateId,
        after: { contentType, byteSize: body.length, sha256, originalName },
      });
      return this.certificateView(tx, certificateId, timezone);
    });
  }

  async scan(auth: TenantAuthContext, certificateId: string): Promise<CertificateScanFile> {
    return this.db.tenant(auth, async (tx) => {
      const scan = await this.repository.scan(tx, certificateId);
      if (scan === null) throw new DomainError('CERTIFICATE_SCAN_NOT_FOUND', { certificateId }, 'not_found');
      return { contentType: scan.contentType as EvidenceContentType, content: scan.content, originalName: scan.originalName };
    });
  }

  async reconciliation(auth: TenantAuthContext, month: string): Promise<DiamondReconciliationView> {
    const [year, monthNumber] = month.split('-').map(Number);
    const from = `${month}-01`;
    const to = `${month}-${String(daysInMonth(year, monthNumber)).padStart(2, '0')}`;
    return this.db.tenant(auth, async (tx) => {
      const toleranceBp = (await this.repository.tolerance(tx))?.caratToleranceBp ?? DEFAULT_CARAT_TOLERANCE_BP;
      const sites = await this.repository.siteCarats(tx, from, to);
      const names = await this.repository.siteNames(tx, sites.map((site) => site.siteId));
      const reconciled = reconcileDiamondMonth(sites, await this.repository.certificateCarats(tx, from, to), toleranceBp);
      return {
        month, from, to, ...reconciled,
        sites: reconciled.sites.map((site) => ({ ...site, siteName: names.get(site.siteId) ?? null })),
        certificates: [...reconciled.certificates],
      };
    });
  }

  async settings(auth: TenantAuthContext): Promise<DiamondSettingsView> {
    return this.db.tenant(auth, (tx) => this.settingsView(tx));
  }

  async updateSettings(auth: TenantAuthContext, dto: UpdateDiamondSettingsDto): Promise<DiamondSettingsView> {
    return this.db.tenant(auth, async (tx) => {
      const before = await this.settingsView(tx);
      await this.repository.saveTolerance(tx, dto.caratToleranceBp);
      await this.audit.record(tx, auth, {
        action: 'diamond_reconciliation_settings.update', entity: 'diamond_reconciliation_settings', entityId: auth.cooperativeId,
        before: { caratToleranceBp: before.caratToleranceBp }, after: { caratToleranceBp: dto.caratToleranceBp },
      });
      return this.settingsView(tx);
    });
  }

  private async settingsView(tx: TenantTx): Promise<DiamondSettingsView> {
    const saved = await this.repository.tolerance(tx);
    return saved === null ? { caratToleranceBp: DEFAULT_CARAT_TOLERANCE_BP, updatedAt: null } : { caratToleranceBp: saved.caratToleranceBp, updatedAt: saved.updatedAt.toISOString() };
  }

  private async requireParcel(tx: TenantTx, parcelId: string) {
    const row = await this.repository.parcel(tx, parcelId);
    if (row === null) throw new DomainError('PARCEL_NOT_FOUND', { parcelId }, 'not_found');
    return row;
  }

  private async certificateView(tx: TenantTx, certificateId: string, timezone: string): Promise<KimberleyCertificateView> {
    const row = await this.repository.certificate(tx, certificateId);
    if (row === null) throw new DomainError('CERTIFICATE_NOT_FOUND', { certificateId }, 'not_found');
    return certificateViewOf(row, timezone);
  }
}
