import { Injectable } from '@nestjs/common';
import type { TenantTx, Tx } from '../database/tx.js';
import type { OrganisationKind } from '../organisations/organisation-kinds.js';

export interface GrantRow {
  id: string;
  organisation_id: string;
  organisation_name: string;
  organisation_kind: OrganisationKind;
  views: string[];
  valid_from: string;
  valid_until: string | null;
  granted_by: string;
  granted_at: Date;
  revoked_at: Date | null;
  revoke_reason: string | null;
  /** The cooperative's local date now. */
  today: string;
}

export interface ObservedGrantRow {
  cooperative_id: string;
  cooperative_name: string;
  country: string;
  province: string;
  views: string[];
  valid_from: string;
  valid_until: string | null;
  revoked: boolean;
  today: string;
}

export interface NewGrant {
  readonly id: string;
  readonly organisationId: string;
  readonly views: readonly string[];
  readonly validFrom: string;
  readonly validUntil: string | null;
  readonly grantedBy: string;
}

const GRANT_SELECT = `
  SELECT g.id, g.organisation_id, o.name AS organisation_name, o.kind AS organisation_kind, g.views, g.valid_from::text AS valid_from,
         g.valid_until::text AS valid_until, g.granted_by, g.granted_at, g.revoked_at, g.revoke_reason,
         (now() AT TIME ZONE c.timezone)::date::text AS today
    FROM observer_grants g JOIN organisations o ON o.id = g.organisation_id JOIN cooperatives c ON c.id = g.cooperative_id`;

/** Grants of observation: a cooperative's own list, and what one organisation holds. */
@Injectable()
export class ObserverGrantsRepository {
  async localToday(tx: TenantTx): Promise<string> {
    return this.localTodayIn(tx, tx.cooperativeId);
  }

  /** For the operator's grants across a province: the cooperative named, not the transaction's. */
  async localTodayIn(tx: Tx, cooperativeId: string): Promise<string> {
    const [row] = await tx.query<{ today: string }[]>(`SELECT (now() AT TIME ZONE timezone)::date::text AS today FROM cooperatives WHERE id = $1`, [cooperativeId]);
    return row.today;
  }

  async insertGrant(tx: TenantTx, grant: NewGrant): Promise<void> {
    await this.insertGrantIn(tx, tx.cooperativeId, grant);
  }

  async insertGrantIn(tx: Tx, cooperativeId: string, grant: NewGrant): Promise<void> {
    await tx.query(
      `INSERT INTO observer_grants (cooperative_id, id, organisation_id, views, valid_from, valid_until, granted_by) VALUES ($1, $2, $3, $4::text[], $5, $6, $7)`,
      [cooperativeId, grant.id, grant.organisationId, [...grant.views], grant.validFrom, grant.validUntil, grant.grantedBy],
    );
  }

  /** The cooperatives of a province, by name (the operator's transaction sees them all). */
  async cooperativesOfProvince(tx: Tx, country: string, province: string): Promise<string[]> {
    const rows = await tx.query<{ id: string }[]>(`SELECT id FROM cooperatives WHERE country = $1 AND province = $2 ORDER BY name, id`, [country, province]);
    return rows.map((row) => row.id);
  }

  /** The cooperative's grants, newest first. */
  async grants(tx: TenantTx): Promise<GrantRow[]> {
    return tx.query<GrantRow[]>(`${GRANT_SELECT} WHERE g.cooperative_id = $1 ORDER BY g.granted_at DESC, g.id`, [tx.cooperativeId]);
  }

  async grantById(tx: TenantTx, id: string, forUpdate = false): Promise<GrantRow | null> {
    return this.grantIn(tx, tx.cooperativeId, id, forUpdate);
  }

  async grantIn(tx: Tx, cooperativeId: string, id: string, forUpdate = false): Promise<GrantRow | null> {
    const [row] = await tx.query<GrantRow[]>(`${GRANT_SELECT} WHERE g.cooperative_id = $1 AND g.id = $2${forUpdate ? ' FOR UPDATE OF g' : ''}`, [cooperativeId, id]);
    return row ?? null;
  }

  async revoke(tx: TenantTx, id: string, revokedBy: string, reason: string): Promise<void> {
    await tx.query(`UPDATE observer_grants SET revoked_at = now(), revoked_by = $3, revoke_reason = $4 WHERE cooperative_id = $1 AND id = $2`, [tx.cooperativeId, id, revokedBy, reason]);
  }

  /**
   * The grants one organisation holds, in every cooperative or only in the transaction's:
   * row-level security shows an organisation's people the grants of their own organisation.
   */
  async grantsOfOrganisation(tx: Tx, organisationId: string, cooperativeId: string | null = null): Promise<ObservedGrantRow[]> {
    return tx.query<ObservedGrantRow[]>(
      `SELECT g.cooperative_id, c.name AS cooperative_name, c.country, c.province, g.views, g.valid_from::text AS valid_from,
              g.valid_until::text AS valid_until, g.revoked_at IS NOT NULL AS revoked, (now() AT TIME ZONE c.timezone)::date::text AS today
         FROM observer_grants g JOIN cooperatives c ON c.id = g.cooperative_id
        WHERE g.organisation_id = $1 AND ($2::uuid IS NULL OR g.cooperative_id = $2)
        ORDER BY c.name, c.id, g.valid_from`,
      [organisationId, cooperativeId],
    );
  }
}
