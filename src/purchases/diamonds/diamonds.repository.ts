import { Injectable } from '@nestjs/common';
import type { IsoDate } from '../../common/calendar-date.js';
import type { TenantTx } from '../../database/tx.js';
import { DEFAULT_MINERALS } from '../rules/minerals.js';
import type { CertifiableParcel, CheckedCertificate } from './rules/kimberley-certificate.js';
import type { CertificateCaratFigures, SiteCaratFigures } from './rules/diamond-reconciliation.js';

export const DIAMOND_MINERALS: readonly string[] = DEFAULT_MINERALS.filter((mineral) => mineral.kimberleyProcess).map((mineral) => mineral.code);

/** A parcel with what its unreversed purchases put into it. */
export interface ParcelRow {
  id: string;
  parcel_number: string;
  mineral: string;
  created_by: string;
  created_at: Date;
  lots: number;
  stones: number;
  carats_mg: number;
  sale_id: string | null;
  certificate_id: string | null;
}

export interface ParcelLotRow {
  id: string;
  lot_number: string;
  tag_id: string;
  site_id: string;
  net_mg: number;
  stones: number;
  quality_class: string;
  reversed: boolean;
}

export interface CertificateRow {
  id: string;
  certificate_number: string;
  issuing_authority: string;
  country_of_origin: string;
  carats_mg: number;
  value_usd_minor: number;
  parcel_count: number;
  issued_on: string;
  expires_on: string;
  exporter: string | null;
  importer: string | null;
  our_carats_mg: number;
  carat_tolerance_bp: number;
  exceeds: boolean;
  risk_flag_id: string | null;
  recorded_by: string;
  recorded_at: Date;
  parcel_ids: string[];
  scan: { contentType: string; byteSize: number; sha256: string; originalName: string | null; uploadedAt: string } | null;
}

export interface NewCertificate extends CheckedCertificate {
  readonly id: string;
  readonly oursMg: number;
  readonly toleranceBp: number;
  readonly exceeds: boolean;
  readonly riskFlagId: string | null;
  readonly recordedBy: string;
}

export interface CertificateScan {
  readonly certificateId: string;
  readonly contentType: string;
  readonly content: Buffer;
  readonly sha256: string;
  readonly originalName: string | null;
  readonly uploadedBy: string;
}

const PARCEL_SELECT = `SELECT p.id, p.parcel_number, p.mineral, p.created_by, p.created_at,
    count(e.id)::int AS lots, coalesce(sum(e.stones), 0)::int AS stones, coalesce(sum(e.net_mg), 0)::bigint::float8 AS carats_mg,
    sp.sale_id, kp.certificate_id
  FROM diamond_parcels p
  LEFT JOIN purchase_ledger e ON e.cooperative_id = p.cooperative_id AND e.parcel_id = p.id AND e.kind = 'purchase'
    AND NOT EXISTS (SELECT 1 FROM purchase_ledger r WHERE r.cooperative_id = e.cooperative_id AND r.reverses_id = e.id)
  LEFT JOIN sale_parcels sp ON sp.cooperative_id = p.cooperative_id AND sp.parcel_id = p.id
  LEFT JOIN kimberley_certificate_parcels kp ON kp.cooperative_id = p.cooperative_id AND kp.parcel_id = p.id`;
const PARCEL_GROUP = `GROUP BY p.cooperative_id, p.id, sp.sale_id, kp.certificate_id`;

const CERTIFICATE_SELECT = `SELECT k.id, k.certificate_number, k.issuing_authority, k.country_of_origin::text AS country_of_origin,
    k.carats_mg::float8 AS carats_mg, k.value_usd_minor::float8 AS value_usd_minor, k.parcel_count, k.issued_on::text AS issued_on,
    k.expires_on::text AS expires_on, k.exporter, k.importer, k.our_carats_mg::float8 AS our_carats_mg, k.carat_tolerance_bp, k.exceeds,
    k.risk_flag_id, k.recorded_by, k.recorded_at,
    ARRAY(SELECT kp.parcel_id FROM kimberley_certificate_parcels kp WHERE kp.cooperative_id = k.cooperative_id AND kp.certificate_id = k.id ORDER BY kp.parcel_id) AS parcel_ids,
    (SELECT json_build_object('contentType', s.content_type, 'byteSize', s.byte_size, 'sha256', s.sha256, 'originalName', s.original_name, 'uploadedAt', s.uploaded_at)
       FROM kimberley_certificate_scans s WHERE s.cooperative_id = k.cooperative_id AND s.certificate_id = k.id) AS scan
  FROM kimberley_certificates k`;

/** Local day of a ledger entry: its capture (a purchase) or its recording (a reversal). */
const ENTRY_DAY = `(COALESCE(e.captured_at, e.recorded_at) AT TIME ZONE c.timezone)::date`;

/** Parcels, their sales and certificates, and the month's carats: every statement of the diamond records. */
@Injectable()
export class DiamondsRepository {
  async insertParcel(tx: TenantTx, parcel: { id: string; parcelNumber: string; mineral: string; createdBy: string }): Promise<void> {
    await tx.query(`INSERT INTO diamond_parcels (cooperative_id, id, parcel_number, mineral, created_by) VALUES ($1, $2, $3, $4, $5)`, [
      tx.cooperativeId, parcel.id, parcel.parcelNumber, parcel.mineral, parcel.createdBy,
    ]);
  }

  async parcel(tx: TenantTx, id: string): Promise<ParcelRow | null> {
    const [row] = await tx.query<ParcelRow[]>(`${PARCEL_SELECT} WHERE p.cooperative_id = $1 AND p.id = $2 ${PARCEL_GROUP}`, [tx.cooperativeId, id]);
    return row ?? null;
  }

  async parcels(tx: TenantTx, ids: readonly string[]): Promise<ParcelRow[]> {
    return tx.query<ParcelRow[]>(`${PARCEL_SELECT} WHERE p.cooperative_id = $1 AND p.id = ANY ($2::uuid[]) ${PARCEL_GROUP}`, [tx.cooperativeId, ids]);
  }

  /** Newest first after the key (created_at to the microsecond, id) of the previous page. */
  async parcelsPage(tx: TenantTx, after: readonly [string, string] | null, limit: number): Promise<(ParcelRow & { created_key: string })[]> {
    const key = `to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;
    return tx.query(
      `${PARCEL_SELECT.replace('SELECT ', `SELECT ${key} AS created_key, `)}
        WHERE p.cooperative_id = $1 AND ($2::text IS NULL OR (${key}, p.id) < ($2::text, $3::uuid))
        ${PARCEL_GROUP} ORDER BY p.created_at DESC, p.id DESC LIMIT $4`,
      [tx.cooperativeId, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }

  async lotsOfParcel(tx: TenantTx, parcelId: string): Promise<ParcelLotRow[]> {
    return tx.query<ParcelLotRow[]>(
      `SELECT e.id, e.lot_number, e.tag_id, e.site_id, e.net_mg::float8 AS net_mg, e.stones, e.quality_class,
              EXISTS (SELECT 1 FROM purchase_ledger r WHERE r.cooperative_id = e.cooperative_id AND r.reverses_id = e.id) AS reversed
         FROM purchase_ledger e WHERE e.cooperative_id = $1 AND e.parcel_id = $2 AND e.kind = 'purchase' ORDER BY e.sequence`,
      [tx.cooperativeId, parcelId],
    );
  }

  /**
   * A sale of parcels and the purchases that add stones to them take turns (purchase_append
   * takes the same keys shared): one lock per parcel, in sorted order, so that two sales never deadlock.
   */
  async lockParcels(tx: TenantTx, parcelIds: readonly string[]): Promise<void> {
    await tx.query(
      `SELECT pg_advisory_xact_lock(hashtext('diamond_parcel:' || $1::text || ':' || parcel.id::text))
         FROM unnest($2::uuid[]) WITH ORDINALITY AS parcel (id, position) ORDER BY parcel.position`,
      [tx.cooperativeId, [...new Set(parcelIds)].sort()],
    );
  }

  async insertSaleParcels(tx: TenantTx, saleId: string, parcelIds: readonly string[]): Promise<void> {
    await tx.query(`INSERT INTO sale_parcels (cooperative_id, parcel_id, sale_id) SELECT $1, parcel, $2 FROM unnest($3::uuid[]) AS parcel`, [
      tx.cooperativeId, saleId, parcelIds,
    ]);
  }

  async parcelsOfSale(tx: TenantTx, saleId: string): Promise<string[]> {
    const rows = await tx.query<{ parcel_id: string }[]>(`SELECT parcel_id FROM sale_parcels WHERE cooperative_id = $1 AND sale_id = $2 ORDER BY parcel_id`, [tx.cooperativeId, saleId]);
    return rows.map((row) => row.parcel_id);
  }

  async certifiableParcels(tx: TenantTx, parcelIds: readonly string[]): Promise<(CertifiableParcel & { siteIds: string[] })[]> {
    const rows = await tx.query<{ id: string; parcel_number: string; carats_mg: number; sale_id: string | null; certificate_id: string | null; site_ids: string[] }[]>(
      `SELECT p.id, p.parcel_number, sp.sale_id, kp.certificate_id,
              coalesce((SELECT sum(e.net_mg) FROM sale_lots l JOIN purchase_ledger e ON e.cooperative_id = l.cooperative_id AND e.id = l.purchase_id
                         WHERE l.cooperative_id = p.cooperative_id AND l.sale_id = sp.sale_id AND e.parcel_id = p.id), 0)::float8 AS carats_mg,
              ARRAY(SELECT DISTINCT e.site_id FROM purchase_ledger e WHERE e.cooperative_id = p.cooperative_id AND e.parcel_id = p.id AND e.kind = 'purchase') AS site_ids
         FROM diamond_parcels p
         LEFT JOIN sale_parcels sp ON sp.cooperative_id = p.cooperative_id AND sp.parcel_id = p.id
         LEFT JOIN kimberley_certificate_parcels kp ON kp.cooperative_id = p.cooperative_id AND kp.parcel_id = p.id
        WHERE p.cooperative_id = $1 AND p.id = ANY ($2::uuid[])`,
      [tx.cooperativeId, parcelIds],
    );
    return rows.map((row) => ({
      parcelId: row.id, parcelNumber: row.parcel_number, caratsMg: row.carats_mg, saleId: row.sale_id, certificateId: row.certificate_id, siteIds: row.site_ids,
    }));
  }

  /** The cooperative's country (the exporting state of its parcels) and time zone. */
  async cooperative(tx: TenantTx): Promise<{ country: string; timezone: string }> {
    const [row] = await tx.query<{ country: string; timezone: string }[]>(`SELECT country::text AS country, timezone FROM cooperatives WHERE id = $1`, [tx.cooperativeId]);
    if (row === undefined) throw new Error('The tenant transaction cannot read its own cooperative');
    return row;
  }

  async siteNames(tx: TenantTx, siteIds: readonly string[]): Promise<Map<string, string>> {
    const rows = await tx.query<{ id: string; name: string }[]>(`SELECT id, name FROM sites WHERE cooperative_id = $1 AND id = ANY ($2::uuid[])`, [tx.cooperativeId, siteIds]);
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  async certificateIdTaken(tx: TenantTx, id: string): Promise<boolean> {
    return (await tx.query<unknown[]>(`SELECT 1 FROM kimberley_certificates WHERE cooperative_id = $1 AND id = $2`, [tx.cooperativeId, id])).length > 0;
  }

  async insertCertificate(tx: TenantTx, c: NewCertificate): Promise<void> {
    await tx.query(
      `INSERT INTO kimberley_certificates (cooperative_id, id, certificate_number, issuing_authority, country_of_origin, carats_mg, value_usd_minor,
          parcel_count, issued_on, expires_on, exporter, importer, our_carats_mg, carat_tolerance_bp, exceeds, risk_flag_id, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [
        tx.cooperativeId, c.id, c.certificateNumber, c.issuingAuthority, c.countryOfOrigin, c.caratsMg, c.valueUsdMinor, c.parcelCount, c.issuedOn,
        c.expiresOn, c.exporter, c.importer, c.oursMg, c.toleranceBp, c.exceeds, c.riskFlagId, c.recordedBy,
      ],
    );
    await tx.query(
      `INSERT INTO kimberley_certificate_parcels (cooperative_id, parcel_id, certificate_id) SELECT $1, parcel, $2 FROM unnest($3::uuid[]) AS parcel`,
      [tx.cooperativeId, c.id, c.parcelIds],
    );
  }

  async certificate(tx: TenantTx, id: string): Promise<CertificateRow | null> {
    const [row] = await tx.query<CertificateRow[]>(`${CERTIFICATE_SELECT} WHERE k.cooperative_id = $1 AND k.id = $2`, [tx.cooperativeId, id]);
    return row ?? null;
  }

  /** Certificates issued in the period, by issue day and number (the regulator's report). */
  async certificatesIssuedBetween(tx: TenantTx, from: IsoDate, to: IsoDate): Promise<CertificateRow[]> {
    return tx.query<CertificateRow[]>(
      `${CERTIFICATE_SELECT} WHERE k.cooperative_id = $1 AND k.issued_on BETWEEN $2::date AND $3::date ORDER BY k.issued_on, k.certificate_number`,
      [tx.cooperativeId, from, to],
    );
  }

  /** Newest issue first after the key (issued_on, id) of the previous page. */
  async certificatesPage(tx: TenantTx, after: readonly [string, string] | null, limit: number): Promise<CertificateRow[]> {
    return tx.query<CertificateRow[]>(
      `${CERTIFICATE_SELECT} WHERE k.cooperative_id = $1 AND ($2::date IS NULL OR (k.issued_on, k.id) < ($2::date, $3::uuid))
        ORDER BY k.issued_on DESC, k.id DESC LIMIT $4`,
      [tx.cooperativeId, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }

  async insertScan(tx: TenantTx, scan: CertificateScan): Promise<void> {
    await tx.query(
      `INSERT INTO kimberley_certificate_scans (cooperative_id, certificate_id, content_type, byte_size, sha256, content, original_name, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [tx.cooperativeId, scan.certificateId, scan.contentType, scan.content.length, scan.sha256, scan.content, scan.originalName, scan.uploadedBy],
    );
  }

  async scan(tx: TenantTx, certificateId: string): Promise<{ contentType: string; content: Buffer; originalName: string | null; sha256: string } | null> {
    const [row] = await tx.query<{ content_type: string; content: Buffer; original_name: string | null; sha256: string }[]>(
      `SELECT content_type, content, original_name, sha256 FROM kimberley_certificate_scans WHERE cooperative_id = $1 AND certificate_id = $2`,
      [tx.cooperativeId, certificateId],
    );
    return row === undefined ? null : { contentType: row.content_type, content: row.content, originalName: row.original_name, sha256: row.sha256 };
  }

  async tolerance(tx: TenantTx): Promise<{ caratToleranceBp: number; updatedAt: Date } | null> {
    const [row] = await tx.query<{ carat_tolerance_bp: number; updated_at: Date }[]>(
      `SELECT carat_tolerance_bp, updated_at FROM diamond_reconciliation_settings WHERE cooperative_id = $1`, [tx.cooperativeId],
    );
    return row === undefined ? null : { caratToleranceBp: row.carat_tolerance_bp, updatedAt: row.updated_at };
  }

  async saveTolerance(tx: TenantTx, caratToleranceBp: number): Promise<void> {
    await tx.query(
      `INSERT INTO diamond_reconciliation_settings (cooperative_id, carat_tolerance_bp) VALUES ($1, $2)
       ON CONFLICT (cooperative_id) DO UPDATE SET carat_tolerance_bp = EXCLUDED.carat_tolerance_bp, updated_at = now()`,
      [tx.cooperativeId, caratToleranceBp],
    );
  }

  /**
   * Per site: carats purchased (captured in the period, less reversals recorded in it), sold
   * (diamond lots of sales dated in it) and certified (lots of parcels of certificates issued in it).
   */
  async siteCarats(tx: TenantTx, from: IsoDate, to: IsoDate): Promise<SiteCaratFigures[]> {
    const rows = await tx.query<{ site_id: string; purchased_mg: number; purchased_stones: number; sold_mg: number; certified_mg: number }[]>(
      `WITH purchased AS (
         SELECT e.cooperative_id, e.site_id, sum(CASE WHEN e.kind = 'purchase' THEN e.net_mg ELSE -e.net_mg END) AS mg,
                sum(CASE WHEN e.kind = 'purchase' THEN coalesce(e.stones, 0) ELSE -coalesce(e.stones, 0) END) AS stones
           FROM purchase_ledger e JOIN cooperatives c ON c.id = e.cooperative_id
          WHERE e.cooperative_id = $1 AND e.mineral = ANY ($4::text[]) AND ${ENTRY_DAY} BETWEEN $2::date AND $3::date GROUP BY e.cooperative_id, e.site_id),
       sold AS (
         SELECT e.cooperative_id, e.site_id, sum(e.net_mg) AS mg FROM sales s
           JOIN sale_lots l ON l.cooperative_id = s.cooperative_id AND l.sale_id = s.id
           JOIN purchase_ledger e ON e.cooperative_id = l.cooperative_id AND e.id = l.purchase_id
          WHERE s.cooperative_id = $1 AND s.mineral = ANY ($4::text[]) AND s.sold_on BETWEEN $2::date AND $3::date GROUP BY e.cooperative_id, e.site_id),
       certified AS (
         SELECT e.cooperative_id, e.site_id, sum(e.net_mg) AS mg FROM kimberley_certificates k
           JOIN kimberley_certificate_parcels kp ON kp.cooperative_id = k.cooperative_id AND kp.certificate_id = k.id
           JOIN sale_parcels sp ON sp.cooperative_id = kp.cooperative_id AND sp.parcel_id = kp.parcel_id
           JOIN sale_lots l ON l.cooperative_id = sp.cooperative_id AND l.sale_id = sp.sale_id
           JOIN purchase_ledger e ON e.cooperative_id = l.cooperative_id AND e.id = l.purchase_id AND e.parcel_id = kp.parcel_id
          WHERE k.cooperative_id = $1 AND k.issued_on BETWEEN $2::date AND $3::date GROUP BY e.cooperative_id, e.site_id)
       SELECT site_id, coalesce(p.mg, 0)::float8 AS purchased_mg, coalesce(p.stones, 0)::float8 AS purchased_stones,
              coalesce(s.mg, 0)::float8 AS sold_mg, coalesce(k.mg, 0)::float8 AS certified_mg
         FROM purchased p FULL JOIN sold s USING (cooperative_id, site_id) FULL JOIN certified k USING (cooperative_id, site_id)
        ORDER BY site_id`,
      [tx.cooperativeId, from, to, DIAMOND_MINERALS],
    );
    return rows.map((row) => ({
      siteId: row.site_id, purchasedMg: row.purchased_mg, purchasedStones: row.purchased_stones, soldMg: row.sold_mg, certifiedMg: row.certified_mg,
    }));
  }

  async certificateCarats(tx: TenantTx, from: IsoDate, to: IsoDate): Promise<CertificateCaratFigures[]> {
    const rows = await tx.query<{ id: string; certificate_number: string; issued_on: string; carats_mg: number; our_carats_mg: number; risk_flag_id: string | null }[]>(
      `SELECT id, certificate_number, issued_on::text AS issued_on, carats_mg::float8 AS carats_mg, our_carats_mg::float8 AS our_carats_mg, risk_flag_id
         FROM kimberley_certificates WHERE cooperative_id = $1 AND issued_on BETWEEN $2::date AND $3::date`,
      [tx.cooperativeId, from, to],
    );
    return rows.map((row) => ({
      certificateId: row.id, certificateNumber: row.certificate_number, issuedOn: row.issued_on, declaredMg: row.carats_mg, oursMg: row.our_carats_mg, riskFlagId: row.risk_flag_id,
    }));
  }
}
