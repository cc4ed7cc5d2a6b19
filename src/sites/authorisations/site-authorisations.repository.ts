import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../../database/tx.js';
import type { EvidenceContentType } from '../../risk/evidence-file.js';
import type { AuthorisationKind } from './rules/authorisation-kinds.js';

export interface AuthorisationRow {
  id: string;
  site_id: string;
  kind: AuthorisationKind;
  number: string;
  issuer: string;
  issued_on: string;
  expires_on: string | null;
  notes: string | null;
  renews_id: string | null;
  /** The authorisation that renewed this one, null while it is current. */
  renewed_by_id: string | null;
  created_at: Date;
  updated_at: Date;
  scan: { contentType: EvidenceContentType; byteSize: number; sha256: string; uploadedAt: string } | null;
}

/** A current authorisation of the cooperative with its site's name, for the reminders. */
export interface CurrentAuthorisationRow {
  id: string;
  site_id: string;
  site_name: string;
  kind: AuthorisationKind;
  number: string;
  issuer: string;
  expires_on: string | null;
}

export interface AuthorisationValues {
  readonly kind: AuthorisationKind;
  readonly number: string;
  readonly issuer: string;
  readonly issuedOn: string;
  readonly expiresOn: string | null;
  readonly notes: string | null;
}

export interface ScanFile {
  readonly contentType: EvidenceContentType;
  readonly content: Buffer;
  readonly sha256: string;
}

const COLUMNS = `a.id, a.site_id, a.kind, a.number, a.issuer, a.issued_on::text AS issued_on, a.expires_on::text AS expires_on, a.notes, a.renews_id,
  (SELECT r.id FROM site_authorisations r WHERE r.cooperative_id = a.cooperative_id AND r.renews_id = a.id) AS renewed_by_id,
  a.created_at, a.updated_at,
  (SELECT json_build_object('contentType', s.content_type, 'byteSize', s.byte_size, 'sha256', s.sha256, 'uploadedAt', s.uploaded_at)
     FROM site_authorisation_scans s WHERE s.cooperative_id = a.cooperative_id AND s.authorisation_id = a.id
    ORDER BY s.uploaded_at DESC, s.id DESC LIMIT 1) AS scan`;

/**
 * A site's permits, their renewals and scans. Writing one keeps sites.authorisations_expire_on
 * (a trigger of the migration): the gate reads the site's standing from its own row.
 */
@Injectable()
export class SiteAuthorisationsRepository {
  /** The new row's id, or null when the client's id is already taken. */
  async insert(tx: TenantTx, input: { id: string | null; siteId: string; renewsId: string | null; values: AuthorisationValues; createdBy: string }): Promise<string | null> {
    const { values } = input;
    const rows = await tx.query<{ id: string }[]>(
      `INSERT INTO site_authorisations (cooperative_id, id, site_id, kind, number, issuer, issued_on, expires_on, notes, renews_id, created_by)
       VALUES ($1, COALESCE($2::uuid, gen_random_uuid()), $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (cooperative_id, id) DO NOTHING RETURNING id`,
      [tx.cooperativeId, input.id, input.siteId, values.kind, values.number, values.issuer, values.issuedOn, values.expiresOn, values.notes, input.renewsId, input.createdBy],
    );
    return rows[0]?.id ?? null;
  }

  async update(tx: TenantTx, authorisationId: string, values: AuthorisationValues): Promise<void> {
    await tx.query(
      `UPDATE site_authorisations SET number = $3, issuer = $4, issued_on = $5, expires_on = $6, notes = $7, updated_at = now()
        WHERE cooperative_id = $1 AND id = $2`,
      [tx.cooperativeId, authorisationId, values.number, values.issuer, values.issuedOn, values.expiresOn, values.notes],
    );
  }

  /** One authorisation of the site; with lock, held until commit (a renewal or an update waits on it). */
  async authorisation(tx: TenantTx, siteId: string, authorisationId: string, lock = false): Promise<AuthorisationRow | null> {
    const rows = await tx.query<AuthorisationRow[]>(
      `SELECT ${COLUMNS} FROM site_authorisations a WHERE a.cooperative_id = $1 AND a.site_id = $2 AND a.id = $3${lock ? ' FOR UPDATE OF a' : ''}`,
      [tx.cooperativeId, siteId, authorisationId],
    );
    return rows[0] ?? null;
  }

  /** The site's authorisations, current and renewed, by kind then newest issue first. */
  async ofSite(tx: TenantTx, siteId: string): Promise<AuthorisationRow[]> {
    return tx.query<AuthorisationRow[]>(
      `SELECT ${COLUMNS} FROM site_authorisations a WHERE a.cooperative_id = $1 AND a.site_id = $2 ORDER BY a.kind, a.issued_on DESC, a.created_at DESC, a.id`,
      [tx.cooperativeId, siteId],
    );
  }

  /** Every current (not renewed) authorisation of the cooperative that expires, soonest expiry first. */
  async currentExpiring(tx: TenantTx): Promise<CurrentAuthorisationRow[]> {
    return tx.query<CurrentAuthorisationRow[]>(
      `SELECT a.id, a.site_id, s.name AS site_name, a.kind, a.number, a.issuer, a.expires_on::text AS expires_on
         FROM site_authorisations a JOIN sites s ON s.cooperative_id = a.cooperative_id AND s.id = a.site_id
        WHERE a.cooperative_id = $1 AND a.expires_on IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM site_authorisations r WHERE r.cooperative_id = a.cooperative_id AND r.renews_id = a.id)
        ORDER BY a.expires_on, s.name, a.id`,
      [tx.cooperativeId],
    );
  }

  /**
   * The authorisations in force at the end of `date` (issued by then and not renewed by a paper
   * issued by then), with their site's name, by site then kind: the regulator's report.
   */
  async inForceAtEndOf(tx: TenantTx, date: string): Promise<CurrentAuthorisationRow[]> {
    return tx.query<CurrentAuthorisationRow[]>(
      `SELECT a.id, a.site_id, s.name AS site_name, a.kind, a.number, a.issuer, a.expires_on::text AS expires_on
         FROM site_authorisations a JOIN sites s ON s.cooperative_id = a.cooperative_id AND s.id = a.site_id
        WHERE a.cooperative_id = $1 AND a.issued_on <= $2::date
          AND NOT EXISTS (SELECT 1 FROM site_authorisations r WHERE r.cooperative_id = a.cooperative_id AND r.renews_id = a.id AND r.issued_on <= $2::date)
        ORDER BY s.name, a.site_id, a.kind, a.number, a.id`,
      [tx.cooperativeId, date],
    );
  }

  async timezone(tx: TenantTx): Promise<string> {
    const rows = await tx.query<{ timezone: string }[]>('SELECT timezone FROM cooperatives WHERE id = $1', [tx.cooperativeId]);
    return rows[0]?.timezone ?? 'UTC';
  }

  async insertScan(tx: TenantTx, authorisationId: string, file: ScanFile, uploadedBy: string): Promise<string> {
    const [row] = await tx.query<{ id: string }[]>(
      `INSERT INTO site_authorisation_scans (cooperative_id, authorisation_id, content_type, byte_size, sha256, content, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [tx.cooperativeId, authorisationId, file.contentType, file.content.length, file.sha256, file.content, uploadedBy],
    );
    return row.id;
  }

  /** The latest scan of the authorisation, or null. */
  async latestScan(tx: TenantTx, authorisationId: string): Promise<ScanFile | null> {
    const rows = await tx.query<{ content_type: EvidenceContentType; content: Buffer; sha256: string }[]>(
      `SELECT content_type, content, sha256 FROM site_authorisation_scans WHERE cooperative_id = $1 AND authorisation_id = $2
        ORDER BY uploaded_at DESC, id DESC LIMIT 1`,
      [tx.cooperativeId, authorisationId],
    );
    const row = rows[0];
    return row === undefined ? null : { contentType: row.content_type, content: row.content, sha256: row.sha256 };
  }
}
