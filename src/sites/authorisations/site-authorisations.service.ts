import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import type { TenantAuthContext } from '../../auth/auth-context.js';
import { assertIsoDate, compareIsoDates } from '../../common/calendar-date.js';
import { DomainError } from '../../common/domain-error.js';
import { localDateIn } from '../../common/time-zone.js';
import { Db } from '../../database/db.js';
import type { TenantTx } from '../../database/tx.js';
import { type EvidenceContentType, matchesSignature, MAX_EVIDENCE_BYTES } from '../../risk/evidence-file.js';
import { requireSite } from '../site-lookups.js';
import { SitesRepository } from '../sites.repository.js';
import type { CreateSiteAuthorisationDto, RenewSiteAuthorisationDto, UpdateSiteAuthorisationDto } from './dto/site-authorisation.dto.js';
import type { AuthorisationRemindersView, SiteAuthorisationView } from './dto/site-authorisation.view.js';
import { authorisationStandingOn } from './rules/authorisation-reminders.js';
import { type AuthorisationRow, type AuthorisationValues, type ScanFile, SiteAuthorisationsRepository } from './site-authorisations.repository.js';

function viewOf(row: AuthorisationRow, today: string): SiteAuthorisationView {
  return {
    id: row.id,
    siteId: row.site_id,
    kind: row.kind,
    number: row.number,
    issuer: row.issuer,
    issuedOn: row.issued_on,
    expiresOn: row.expires_on,
    notes: row.notes,
    renewsId: row.renews_id,
    renewedById: row.renewed_by_id,
    current: row.renewed_by_id === null,
    scan: row.scan === null ? null : { ...row.scan, uploadedAt: new Date(row.scan.uploadedAt).toISOString() },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...authorisationStandingOn(row.expires_on, today),
  };
}

/** What the audit trail keeps of an authorisation: what was recorded, not how it stands today. */
function audited(values: AuthorisationValues): Record<string, unknown> {
  return { ...values };
}

function checkedValues(values: AuthorisationValues): AuthorisationValues {
  assertIsoDate(values.issuedOn);
  if (values.expiresOn !== null) {
    assertIsoDate(values.expiresOn);
    if (compareIsoDates(values.expiresOn, values.issuedOn) < 0) {
      throw new DomainError('SITE_AUTHORISATION_EXPIRY_BEFORE_ISSUE', { issuedOn: values.issuedOn, expiresOn: values.expiresOn });
    }
  }
  return { ...values, number: values.number.trim(), issuer: values.issuer.trim() };
}

/**
 * A site's permits: recorded, corrected and renewed by an admin or officer, read by every
 * member role, auditors and supervisors included; the reminders due at 90, 30 and 7 days
 * before expiry, on the cooperative's date. The gate and the regulator's report read the
 * site's standing that the database keeps with every write (sites.authorisations_expire_on).
 */
@Injectable()
export class SiteAuthorisationsService {
  constructor(
    private readonly db: Db,
    private readonly repository: SiteAuthorisationsRepository,
    private readonly sites: SitesRepository,
    private readonly audit: AuditService,
  ) {}

  async create(auth: TenantAuthContext, siteId: string, dto: CreateSiteAuthorisationDto): Promise<SiteAuthorisationView> {
    const values = checkedValues({ kind: dto.kind, number: dto.number, issuer: dto.issuer, issuedOn: dto.issuedOn, expiresOn: dto.expiresOn ?? null, notes: dto.notes ?? null });
    return this.db.tenant(auth, async (tx) => {
      await requireSite(this.sites, tx, siteId);
      const id = await this.repository.insert(tx, { id: dto.id ?? null, siteId, renewsId: null, values, createdBy: auth.userId });
      if (id === null) throw new DomainError('SITE_AUTHORISATION_EXISTS', { id: dto.id }, 'conflict');
      await this.audit.record(tx, auth, { action: 'site_authorisation.created', entity: 'site_authorisation', entityId: id, after: { siteId, ...audited(values) } });
      return this.view(tx, siteId, id);
    });
  }

  async list(auth: TenantAuthContext, siteId: string): Promise<SiteAuthorisationView[]> {
    return this.db.tenant(auth, async (tx) => {
      await requireSite(this.sites, tx, siteId);
      const today = await this.today(tx);
      return (await this.repository.ofSite(tx, siteId)).map((row) => viewOf(row, today));
    });
  }

  async get(auth: TenantAuthContext, siteId: string, authorisationId: string): Promise<SiteAuthorisationView> {
    return this.db.tenant(auth, (tx) => this.view(tx, siteId, authorisationId));
  }

  async update(auth: TenantAuthContext, siteId: string, authorisationId: string, dto: UpdateSiteAuthorisationDto): Promise<SiteAuthorisationView> {
    return this.db.tenant(auth, async (tx) => {
      const before = await this.require(tx, siteId, authorisationId, true);
      const was: AuthorisationValues = { kind: before.kind, number: before.number, issuer: before.issuer, issuedOn: before.issued_on, expiresOn: before.expires_on, notes: before.notes };
      const values = checkedValues({
        kind: before.kind,
        number: dto.number ?? before.number,
        issuer: dto.issuer ?? before.issuer,
        issuedOn: dto.issuedOn ?? before.issued_on,
        expiresOn: dto.expiresOn === undefined ? before.expires_on : dto.expiresOn,
        notes: dto.notes === undefined ? before.notes : dto.notes,
      });
      await this.repository.update(tx, authorisationId, values);
      await this.audit.record(tx, auth, { action: 'site_authorisation.updated', entity: 'site_authorisation', entityId: authorisationId, before: audited(was), after: audited(values) });
      return this.view(tx, siteId, authorisationId);
    });
  }

  /** The renewed paper replaces the current one; an authorisation is renewed once, its renewal after it. */
  async renew(auth: TenantAuthContext, siteId: string, authorisationId: string, dto: RenewSiteAuthorisationDto): Promise<SiteAuthorisationView> {
    return this.db.tenant(auth, async (tx) => {
      const renewed = await this.require(tx, siteId, authorisationId, true);
      if (renewed.renewed_by_id !== null) throw new DomainError('SITE_AUTHORISATION_ALREADY_RENEWED', { renewedById: renewed.renewed_by_id }, 'conflict');
      const values = checkedValues({
        kind: renewed.kind, number: dto.number ?? renewed.number, issuer: dto.issuer ?? renewed.issuer, issuedOn: dto.issuedOn, expiresOn: dto.expiresOn ?? null, notes: dto.notes ?? null,
      });
      const id = await this.repository.insert(tx, { id: dto.id ?? null, siteId, renewsId: authorisationId, values, createdBy: auth.userId });
      if (id === null) throw new DomainError('SITE_AUTHORISATION_EXISTS', { id: dto.id }, 'conflict');
      await this.audit.record(tx, auth, { action: 'site_authorisation.renewed', entity: 'site_authorisation', entityId: id, after: { siteId, renewsId: authorisationId, ...audited(values) } });
      return this.view(tx, siteId, id);
    });
  }

  /** Current authorisations with a reminder due or already expired on the date (the cooperative's today by default). */
  async reminders(auth: TenantAuthContext, on: string | undefined): Promise<AuthorisationRemindersView> {
    if (on !== undefined) assertIsoDate(on);
    return this.db.tenant(auth, async (tx) => {
      const date = on ?? (await this.today(tx));
      const reminders = (await this.repository.currentExpiring(tx))
        .map((row) => ({ row, standing: authorisationStandingOn(row.expires_on, date) }))
        .filter(({ standing }) => standing.status === 'expiring' || standing.status === 'expired')
        .map(({ row, standing }) => ({
          authorisationId: row.id, siteId: row.site_id, siteName: row.site_name, kind: row.kind, number: row.number, issuer: row.issuer,
          expiresOn: row.expires_on as string, ...standing,
        }));
      return { on: date, reminders };
    });
  }

  /** A scan (JPEG, PNG or PDF, like risk evidence); append-only, the latest one shown. */
  async uploadScan(auth: TenantAuthContext, siteId: string, authorisationId: string, contentType: EvidenceContentType, body: unknown): Promise<SiteAuthorisationView> {
    if (!Buffer.isBuffer(body) || body.length === 0) throw new DomainError('EVIDENCE_REQUIRED', {}, 'bad_request');
    if (body.length > MAX_EVIDENCE_BYTES) throw new DomainError('EVIDENCE_TOO_LARGE', { maxBytes: MAX_EVIDENCE_BYTES });
    if (!matchesSignature(contentType, body)) throw new DomainError('EVIDENCE_FORMAT_INVALID', { contentType });
    const sha256 = createHash('sha256').update(body).digest('hex');
    return this.db.tenant(auth, async (tx) => {
      await this.require(tx, siteId, authorisationId);
      const scanId = await this.repository.insertScan(tx, authorisationId, { contentType, content: body, sha256 }, auth.userId);
      await this.audit.record(tx, auth, { action: 'site_authorisation.scan_uploaded', entity: 'site_authorisation', entityId: authorisationId, after: { scanId, contentType, byteSize: body.length, sha256 } });
      return this.view(tx, siteId, authorisationId);
    });
  }

  async scan(auth: TenantAuthContext, siteId: string, authorisationId: string): Promise<ScanFile> {
    return this.db.tenant(auth, async (tx) => {
      await this.require(tx, siteId, authorisationId);
      const scan = await this.repository.latestScan(tx, authorisationId);
      if (scan === null) throw new DomainError('SITE_AUTHORISATION_SCAN_NOT_FOUND', {}, 'not_found');
      return scan;
    });
  }

  private async today(tx: TenantTx): Promise<string> {
    return localDateIn(await this.repository.timezone(tx));
  }

  private async require(tx: TenantTx, siteId: string, authorisationId: string, lock = false): Promise<AuthorisationRow> {
    const row = await this.repository.authorisation(tx, siteId, authorisationId, lock);
    if (row === null) throw new DomainError('SITE_AUTHORISATION_NOT_FOUND', {}, 'not_found');
    return row;
  }

  private async view(tx: TenantTx, siteId: string, authorisationId: string): Promise<SiteAuthorisationView> {
    return viewOf(await this.require(tx, siteId, authorisationId), await this.today(tx));
  }
}
