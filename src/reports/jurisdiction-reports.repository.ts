import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/tx.js';
import type { ReportPeriod } from './rules/period.js';

export interface JurisdictionReportRow {
  id: string; country: string; province: string; period_key: string; period_from: string; period_to: string; version: number;
  content_hash: string; generated_by: string; generated_at: Date; content?: unknown;
}

const META = 'id, country, province, period_key, period_from::text, period_to::text, version, content_hash, generated_by, generated_at';

/** Province-wide reports; row-level security shows them to the supervisors of that province only. */
@Injectable()
export class JurisdictionReportsRepository {
  async jurisdictions(tx: Tx, userId: string): Promise<{ country: string; province: string }[]> {
    return tx.query('SELECT country, province FROM supervisor_jurisdictions WHERE user_id = $1 ORDER BY country, province', [userId]);
  }

  /** The cooperatives of one province that the caller's jurisdiction lets them see. */
  async cooperatives(tx: Tx, country: string, province: string): Promise<{ id: string }[]> {
    return tx.query('SELECT id FROM cooperatives WHERE country = $1 AND province = $2 ORDER BY name, id', [country, province]);
  }

  async latestVersion(tx: Tx, country: string, province: string, period: ReportPeriod): Promise<number> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`jurisdiction-report:${country}:${province}:${period.from}:${period.to}`]);
    const [row] = await tx.query<{ version: number | null }[]>(
      'SELECT max(version) AS version FROM jurisdiction_reports WHERE country = $1 AND province = $2 AND period_from = $3 AND period_to = $4',
      [country, province, period.from, period.to],
    );
    return row?.version ?? 0;
  }

  async insert(
    tx: Tx,
    report: { id: string; country: string; province: string; period: ReportPeriod; version: number; content: unknown; contentHash: string; generatedBy: string; generatedAt: Date },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO jurisdiction_reports (id, country, province, period_key, period_from, period_to, version, content, content_hash, generated_by, generated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [report.id, report.country, report.province, report.period.key, report.period.from, report.period.to, report.version,
        JSON.stringify(report.content), report.contentHash, report.generatedBy, report.generatedAt],
    );
  }

  async list(tx: Tx): Promise<JurisdictionReportRow[]> {
    return tx.query(`SELECT ${META} FROM jurisdiction_reports ORDER BY generated_at DESC, id`);
  }

  async get(tx: Tx, id: string): Promise<JurisdictionReportRow | null> {
    const rows = await tx.query<JurisdictionReportRow[]>(`SELECT ${META}, content FROM jurisdiction_reports WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }
}
