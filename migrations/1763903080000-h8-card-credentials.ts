import type { MigrationInterface, QueryRunner } from 'typeorm';
import { seeAllCooperatives } from './support/all-cooperatives.js';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/**
 * The one member-card QR token of each member that the gate accepts. Printing a card
 * (admins and officers only) replaces the current token; renewing the miner's card or
 * declaring the printed card lost leaves none until the next print. A member without a row
 * was never printed since tokens had ids: their older token (without key id) is accepted until
 * the row appears. Only the token's id, serial, key id and SHA-256 are kept, never the token.
 * No foreign key to miners: erasing a person deletes this row with the rest (miners.service).
 *
 * Cards printed before this by someone who holds no writer role (admin, officer) in the
 * cooperative today, an auditor for instance, are revoked here: those members are left
 * without an accepted token until a writer prints their card again.
 */
export class H8CardCredentials1763903080000 implements MigrationInterface {
  name = 'H8CardCredentials1763903080000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE miner_card_credentials (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        miner_id uuid NOT NULL,
        serial integer NOT NULL CHECK (serial >= 0),
        current_token_id uuid,
        current_key_id text,
        current_token_digest text CHECK (current_token_digest ~ '^[0-9a-f]{64}$'),
        current_issued_on date,
        revoked_reason text CHECK (revoked_reason IN ('reprinted', 'renewed', 'lost')),
        revoked_at timestamptz,
        updated_by uuid NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, miner_id),
        CHECK ((current_token_id IS NULL) = (current_token_digest IS NULL)
           AND (current_token_id IS NULL) = (current_key_id IS NULL)
           AND (current_token_id IS NULL) = (current_issued_on IS NULL))
      )`);
    await enableTenantRowSecurity(db, ['miner_card_credentials']);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON miner_card_credentials TO ushirika_api`);

    const done = await seeAllCooperatives(db);
    await db.query(`
      INSERT INTO miner_card_credentials (cooperative_id, miner_id, serial, revoked_reason, revoked_at, updated_by)
      SELECT DISTINCT a.cooperative_id, m.id, 0, 'reprinted'::text, now(), '00000000-0000-0000-0000-000000000000'::uuid
        FROM audit_log a
        JOIN miners m ON m.cooperative_id = a.cooperative_id AND m.id::text = a.entity_id
       WHERE a.entity = 'miner' AND a.action = 'read_personal_data' AND a.after -> 'fields' @> '["card.pdf"]'
         AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.cooperative_id = a.cooperative_id AND r.user_id = a.actor_user_id AND r.role IN ('admin', 'officer'))`);
    await done();
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE miner_card_credentials`);
  }
}
