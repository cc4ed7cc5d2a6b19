import { Injectable } from '@nestjs/common';
import type { OrganisationRole } from '../auth/roles.js';
import type { Tx } from '../database/tx.js';
import type { OrganisationKind } from './organisation-kinds.js';

export interface OrganisationRow {
  id: string;
  name: string;
  kind: OrganisationKind;
  country: string;
  created_at: Date;
}

export interface OrganisationPersonRow {
  organisation_id: string;
  user_id: string;
  login: string;
  name: string;
  role: OrganisationRole;
}

/** The caller's organisation and the role they hold for it. */
export interface Affiliation {
  readonly organisationId: string;
  readonly organisationName: string;
  readonly role: OrganisationRole;
}

const ORGANISATION_COLUMNS = 'id, name, kind, country, created_at';

/** Organisations outside the cooperatives and their people (a login belongs to one organisation at most). */
@Injectable()
export class OrganisationsRepository {
  /** False when the client's id is already taken. */
  async insertOrganisation(tx: Tx, organisation: { id: string; name: string; kind: OrganisationKind; country: string }): Promise<boolean> {
    const rows = await tx.query<{ id: string }[]>(
      `INSERT INTO organisations (id, name, kind, country) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [organisation.id, organisation.name, organisation.kind, organisation.country],
    );
    return rows.length === 1;
  }

  async organisationById(tx: Tx, id: string): Promise<OrganisationRow | null> {
    const [row] = await tx.query<OrganisationRow[]>(`SELECT ${ORGANISATION_COLUMNS} FROM organisations WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** Every organisation by name. */
  async organisations(tx: Tx): Promise<OrganisationRow[]> {
    return tx.query<OrganisationRow[]>(`SELECT ${ORGANISATION_COLUMNS} FROM organisations ORDER BY name, id`);
  }

  async addPerson(tx: Tx, organisationId: string, userId: string, role: OrganisationRole): Promise<void> {
    await tx.query(`INSERT INTO organisation_people (organisation_id, user_id, role) VALUES ($1, $2, $3)`, [organisationId, userId, role]);
  }

  async peopleOf(tx: Tx, organisationId: string): Promise<OrganisationPersonRow[]> {
    return tx.query<OrganisationPersonRow[]>(
      `SELECT p.organisation_id, p.user_id, u.login, u.name, p.role FROM organisation_people p JOIN users u ON u.id = p.user_id
        WHERE p.organisation_id = $1 ORDER BY u.name, u.id`,
      [organisationId],
    );
  }

  /** The organisation the user speaks for, with their role; null for anyone else (row-level security shows one's own row). */
  async affiliationOf(tx: Tx, userId: string): Promise<Affiliation | null> {
    const [row] = await tx.query<{ organisation_id: string; name: string; role: OrganisationRole }[]>(
      `SELECT p.organisation_id, o.name, p.role FROM organisation_people p JOIN organisations o ON o.id = p.organisation_id WHERE p.user_id = $1`,
      [userId],
    );
    return row ? { organisationId: row.organisation_id, organisationName: row.name, role: row.role } : null;
  }
}
