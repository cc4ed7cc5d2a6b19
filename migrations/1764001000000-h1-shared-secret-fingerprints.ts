import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fingerprints of the secrets every instance must share (issue 23): the JWT secret (`jwt`) and
 * each member-card key by its id (`card-key:<id>`). The first instance to start records its own;
 * an instance holding a different secret under a recorded name refuses to start, so that a
 * second server that generated its own JWT secret into its DATA_DIR never signs tokens the
 * others reject, nor cards the others refuse at the gate.
 *
 * A fingerprint is an HMAC keyed by the secret itself: it proves equality, not the secret. The
 * table is the deployment's, like `migrations`: owned by the schema owner, read and written at
 * start-up on the owner connection only (the API role is granted nothing), and kept out of
 * backups and cooperative exports (table-dump.ts), which move data, not a server's keys.
 */
export class H1SharedSecretFingerprints1764001000000 implements MigrationInterface {
  name = 'H1SharedSecretFingerprints1764001000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE shared_secret_fingerprints (
        name text PRIMARY KEY CHECK (name ~ '^(jwt|card-key:[A-Za-z0-9_-]{1,16})$'),
        fingerprint text NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
        source text NOT NULL CHECK (source IN ('environment', 'generated')),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('REVOKE ALL ON shared_secret_fingerprints FROM PUBLIC');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE shared_secret_fingerprints');
  }
}
