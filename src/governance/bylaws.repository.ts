import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../database/tx.js';
import type { GovernanceBylaws } from './rules/index.js';

export interface BylawVersionRow {
  id: string;
  version: number;
  body: string;
  settings: GovernanceBylaws;
  resolution_id: string | null;
  adopted_on: string;
  declared_on: string | null;
  recorded_at: Date;
}

const BYLAW_SELECT = `
  SELECT id, version, body, settings, resolution_id, to_char(adopted_on, 'YYYY-MM-DD') AS adopted_on,
         to_char(declared_on, 'YYYY-MM-DD') AS declared_on, recorded_at
    FROM bylaw_versions`;

/** The versions of the bylaws, each adopted once and declared once. */
@Injectable()
export class BylawsRepository {
  /** Serialises adoptions in one cooperative, so two cannot take the same version number. */
  async lockVersions(tx: TenantTx): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`bylaws:${tx.cooperativeId}`]);
  }

  async currentBylaws(tx: TenantTx): Promise<BylawVersionRow | undefined> {
    const [row] = await tx.query<BylawVersionRow[]>(`${BYLAW_SELECT} WHERE cooperative_id = $1 ORDER BY version DESC LIMIT 1`, [tx.cooperativeId]);
    return row;
  }

  async bylawVersions(tx: TenantTx): Promise<BylawVersionRow[]> {
    return tx.query<BylawVersionRow[]>(`${BYLAW_SELECT} WHERE cooperative_id = $1 ORDER BY version`, [tx.cooperativeId]);
  }

  async bylawVersion(tx: TenantTx, id: string): Promise<BylawVersionRow | undefined> {
    const [row] = await tx.query<BylawVersionRow[]>(`${BYLAW_SELECT} WHERE cooperative_id = $1 AND id = $2`, [tx.cooperativeId, id]);
    return row;
  }

  /** False when the version number or the resolution is already taken. */
  async insertBylawVersion(
    tx: TenantTx,
    b: { id: string; version: number; body: string; settings: GovernanceBylaws; resolutionId: string | null; adoptedOn: string; recordedBy: string },
  ): Promise<boolean> {
    const inserted = await tx.query<unknown[]>(
      `INSERT INTO bylaw_versions (cooperative_id, id, version, body, settings, resolution_id, adopted_on, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id`,
      [tx.cooperativeId, b.id, b.version, b.body, JSON.stringify(b.settings), b.resolutionId, b.adoptedOn, b.recordedBy],
    );
    return inserted.length > 0;
  }

  async markDeclared(tx: TenantTx, versionId: string, declaredOn: string): Promise<void> {
    await tx.query('UPDATE bylaw_versions SET declared_on = $3 WHERE cooperative_id = $1 AND id = $2', [tx.cooperativeId, versionId, declaredOn]);
  }
}
