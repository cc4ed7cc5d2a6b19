import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/**
 * The miner registry: members with their SAEMAPE identification, the history of their
 * artisanal miner's cards and of their membership status (both append-only), photos kept
 * apart from the rows, refused registration attempts (minors) and the per-cooperative
 * sequence behind member numbers.
 */
export class MinerRegistry1763900300000 implements MigrationInterface {
  name = 'MinerRegistry1763900300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE member_number_sequences (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        last_value integer NOT NULL DEFAULT 0 CHECK (last_value >= 0),
        PRIMARY KEY (cooperative_id)
      )`);

    await db.query(`
      CREATE TABLE miners (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        member_number text NOT NULL,
        first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
        middle_name text CHECK (length(middle_name) BETWEEN 1 AND 100),
        last_name text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
        sex char(1) NOT NULL CHECK (sex IN ('F', 'M')),
        date_of_birth date,
        birth_year integer CHECK (birth_year BETWEEN 1900 AND 9999),
        birth_date_estimated boolean NOT NULL DEFAULT false,
        place_of_birth text,
        nationality char(2) NOT NULL,
        id_document_type text NOT NULL CHECK (id_document_type IN ('voter_card', 'national_id', 'passport', 'other')),
        id_document_number text NOT NULL CHECK (length(id_document_number) BETWEEN 1 AND 60),
        phone text,
        address text,
        home_site_id uuid,
        membership_date date NOT NULL,
        next_of_kin_name text,
        next_of_kin_phone text,
        status text NOT NULL CHECK (status IN ('applicant', 'active', 'suspended', 'exited')),
        search_text text NOT NULL,
        duplicate_key text NOT NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        UNIQUE (cooperative_id, member_number),
        UNIQUE (cooperative_id, id_document_number),
        CHECK ((birth_date_estimated AND birth_year IS NOT NULL AND date_of_birth IS NULL)
            OR (NOT birth_date_estimated AND date_of_birth IS NOT NULL AND birth_year IS NULL))
      )`);
    await db.query(`CREATE INDEX miners_order ON miners (cooperative_id, last_name, first_name, id)`);
    await db.query(`CREATE INDEX miners_duplicate_key ON miners (cooperative_id, duplicate_key)`);
    await db.query(`CREATE INDEX miners_home_site ON miners (cooperative_id, home_site_id)`);

    await db.query(`
      CREATE TABLE miner_cards (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        miner_id uuid NOT NULL,
        card_number text NOT NULL CHECK (length(card_number) BETWEEN 1 AND 60),
        issued_on date NOT NULL,
        expires_on date NOT NULL,
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (cooperative_id, id),
        UNIQUE (cooperative_id, card_number),
        FOREIGN KEY (cooperative_id, miner_id) REFERENCES miners (cooperative_id, id),
        CHECK (expires_on >= issued_on)
      )`);
    await db.query(`CREATE INDEX miner_cards_miner ON miner_cards (cooperative_id, miner_id, issued_on)`);

    await db.query(`
      CREATE TABLE miner_status_changes (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        miner_id uuid NOT NULL,
        from_status text CHECK (from_status IN ('applicant', 'active', 'suspended', 'exited')),
        to_status text NOT NULL CHECK (to_status IN ('applicant', 'active', 'suspended', 'exited')),
        reason text NOT NULL CHECK (length(trim(reason)) > 0),
        effective_on date NOT NULL,
        decided_by uuid NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (cooperative_id, id),
        FOREIGN KEY (cooperative_id, miner_id) REFERENCES miners (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX miner_status_changes_miner ON miner_status_changes (cooperative_id, miner_id, decided_at)`);

    await db.query(`
      CREATE TABLE miner_photos (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        miner_id uuid NOT NULL,
        content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
        content bytea NOT NULL,
        uploaded_by uuid NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, miner_id),
        FOREIGN KEY (cooperative_id, miner_id) REFERENCES miners (cooperative_id, id)
      )`);

    await db.query(`
      CREATE TABLE miner_registration_attempts (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        outcome text NOT NULL CHECK (outcome IN ('refused_minor')),
        first_name text NOT NULL,
        middle_name text,
        last_name text NOT NULL,
        sex char(1) NOT NULL,
        date_of_birth date,
        birth_year integer,
        birth_date_estimated boolean NOT NULL,
        age_years integer NOT NULL,
        home_site_id uuid,
        attempted_by uuid NOT NULL,
        attempted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX miner_registration_attempts_at ON miner_registration_attempts (cooperative_id, attempted_at)`);

    for (const table of ['miner_cards', 'miner_status_changes', 'miner_registration_attempts']) {
      await db.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION forbid_update_delete()`);
    }

    await enableTenantRowSecurity(db, ['member_number_sequences', 'miners', 'miner_cards', 'miner_status_changes', 'miner_photos', 'miner_registration_attempts']);

    await db.query(`GRANT SELECT, INSERT, UPDATE ON member_number_sequences TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON miners TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT ON miner_cards TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT ON miner_status_changes TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON miner_photos TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT ON miner_registration_attempts TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['miner_registration_attempts', 'miner_photos', 'miner_status_changes', 'miner_cards', 'miners', 'member_number_sequences']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
