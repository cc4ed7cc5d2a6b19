import type { MigrationInterface, QueryRunner } from 'typeorm';
import { H1PurchaseInOneCall1764000100000 } from './1764000100000-h1-purchase-in-one-call.js';
import { enableTenantRowSecurity } from './support/tenant-row-security.js';

/**
 * Diamonds and the Kimberley Process (issue 24).
 *
 * - purchase_ledger gains what a diamond buyer records: the number of stones, the quality or
 *   size class, and the parcel the stones go into; all three or none (no row written before
 *   this migration has them, so every existing hash stays what it was: the canonical form
 *   writes a `diamond` member only for an entry that has them, see rules/canonical.ts).
 *   Carats are the entry's net mass (1 ct = 200 mg exactly), never a second figure.
 * - diamond_parcels: a cooperative's parcels, one mineral each, numbered uniquely.
 * - sale_parcels: keyed by the parcel, so a parcel is sold once (the sale's lots are also in
 *   sale_lots, keyed by the lot).
 * - kimberley_certificates with kimberley_certificate_parcels keyed by the parcel, which must
 *   be a sold parcel (its foreign key is sale_parcels): a parcel is certified once, after its
 *   sale. The certificate row keeps the figures it was judged on (our carats, the tolerance,
 *   the verdict and the flag), so that a later change of settings never rewrites the past.
 * - kimberley_certificate_scans: one scan per certificate, stored like risk evidence.
 * - diamond_reconciliation_settings: at most one row per cooperative; none means 0.5 %.
 * - risk_flags accepts the automatic rule `kimberley_certificate_discrepancy`.
 * - purchase_append (same signature, same single round trip) also checks and writes the
 *   diamond details: the parcel exists, holds the purchase's mineral and is not sold.
 */
const TENANT_TABLES = [
  'diamond_parcels', 'sale_parcels', 'kimberley_certificates', 'kimberley_certificate_parcels', 'kimberley_certificate_scans',
  'diamond_reconciliation_settings',
];
const APPEND_ONLY = ['diamond_parcels', 'sale_parcels', 'kimberley_certificates', 'kimberley_certificate_parcels', 'kimberley_certificate_scans'];
const DIAMONDS = `'ROUGH_DIAMOND_UNSORTED', 'ROUGH_DIAMOND_INDUSTRIAL', 'ROUGH_DIAMOND_NON_INDUSTRIAL'`;
// The values after H5SiteAssessments (1764001400000), which runs before: this migration widens them, never drops one.
const RULES_BEFORE = `'manual', 'minor_at_gate', 'minor_registration_attempt', 'pregnancy_at_forbidden_zone', 'unknown_apparent_minor_at_gate', 'buyer_discrepancy', 'standard_assessment'`;
const SOURCES_BEFORE = `'gate_attempt', 'registration_attempt', 'sale_reconciliation', 'sale', 'site_assessment'`;

export class H6KimberleyProcess1764001500000 implements MigrationInterface {
  name = 'H6KimberleyProcess1764001500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE diamond_parcels (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL,
        parcel_number text NOT NULL CHECK (length(trim(parcel_number)) BETWEEN 1 AND 80),
        mineral text NOT NULL CHECK (mineral IN (${DIAMONDS})),
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        UNIQUE (cooperative_id, parcel_number)
      )`);
    await db.query(`
      ALTER TABLE purchase_ledger
        ADD COLUMN stones integer CHECK (stones BETWEEN 1 AND 1000000),
        ADD COLUMN quality_class text CHECK (length(trim(quality_class)) BETWEEN 1 AND 40),
        ADD COLUMN parcel_id uuid,
        ADD CONSTRAINT purchase_ledger_diamond_details CHECK ((stones IS NULL) = (quality_class IS NULL) AND (stones IS NULL) = (parcel_id IS NULL)),
        ADD CONSTRAINT purchase_ledger_parcel_fk FOREIGN KEY (cooperative_id, parcel_id) REFERENCES diamond_parcels (cooperative_id, id)`);
    await db.query(`CREATE INDEX purchase_ledger_parcel ON purchase_ledger (cooperative_id, parcel_id) WHERE parcel_id IS NOT NULL`);

    await db.query(`
      CREATE TABLE sale_parcels (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        parcel_id uuid NOT NULL,
        sale_id uuid NOT NULL,
        PRIMARY KEY (cooperative_id, parcel_id),
        FOREIGN KEY (cooperative_id, parcel_id) REFERENCES diamond_parcels (cooperative_id, id),
        FOREIGN KEY (cooperative_id, sale_id) REFERENCES sales (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX sale_parcels_sale ON sale_parcels (cooperative_id, sale_id)`);

    await db.query(`
      CREATE TABLE kimberley_certificates (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        id uuid NOT NULL,
        certificate_number text NOT NULL CHECK (certificate_number ~ '^[A-Z]{2}[A-Z0-9/ -]{1,38}$'),
        issuing_authority text NOT NULL CHECK (length(trim(issuing_authority)) BETWEEN 1 AND 200),
        country_of_origin char(2) NOT NULL CHECK (country_of_origin ~ '^[A-Z]{2}$'),
        carats_mg bigint NOT NULL CHECK (carats_mg > 0),
        value_usd_minor bigint NOT NULL CHECK (value_usd_minor >= 0),
        parcel_count integer NOT NULL CHECK (parcel_count >= 1),
        issued_on date NOT NULL,
        expires_on date NOT NULL,
        exporter text CHECK (length(trim(exporter)) BETWEEN 1 AND 200),
        importer text CHECK (length(trim(importer)) BETWEEN 1 AND 200),
        our_carats_mg bigint NOT NULL CHECK (our_carats_mg > 0),
        carat_tolerance_bp integer NOT NULL CHECK (carat_tolerance_bp BETWEEN 0 AND 10000),
        exceeds boolean NOT NULL,
        risk_flag_id uuid,
        recorded_by uuid NOT NULL REFERENCES users (id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, id),
        UNIQUE (cooperative_id, certificate_number),
        FOREIGN KEY (cooperative_id, risk_flag_id) REFERENCES risk_flags (cooperative_id, id),
        CHECK (expires_on > issued_on),
        CHECK (NOT exceeds OR risk_flag_id IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX kimberley_certificates_issued ON kimberley_certificates (cooperative_id, issued_on, recorded_at)`);
    await db.query(`
      CREATE TABLE kimberley_certificate_parcels (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        parcel_id uuid NOT NULL,
        certificate_id uuid NOT NULL,
        PRIMARY KEY (cooperative_id, parcel_id),
        FOREIGN KEY (cooperative_id, parcel_id) REFERENCES sale_parcels (cooperative_id, parcel_id),
        FOREIGN KEY (cooperative_id, certificate_id) REFERENCES kimberley_certificates (cooperative_id, id)
      )`);
    await db.query(`CREATE INDEX kimberley_certificate_parcels_certificate ON kimberley_certificate_parcels (cooperative_id, certificate_id)`);
    await db.query(`
      CREATE TABLE kimberley_certificate_scans (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        certificate_id uuid NOT NULL,
        content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
        byte_size integer NOT NULL CHECK (byte_size BETWEEN 1 AND 2097152),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        content bytea NOT NULL,
        original_name text CHECK (length(original_name) BETWEEN 1 AND 255),
        uploaded_by uuid NOT NULL REFERENCES users (id),
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id, certificate_id),
        FOREIGN KEY (cooperative_id, certificate_id) REFERENCES kimberley_certificates (cooperative_id, id),
        CHECK (octet_length(content) = byte_size)
      )`);
    await db.query(`
      CREATE TABLE diamond_reconciliation_settings (
        cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
        carat_tolerance_bp integer NOT NULL DEFAULT 50 CHECK (carat_tolerance_bp BETWEEN 0 AND 10000),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cooperative_id)
      )`);
    for (const table of APPEND_ONLY) {
      await db.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION forbid_update_delete()`);
    }
    await enableTenantRowSecurity(db, TENANT_TABLES);
    for (const table of APPEND_ONLY) await db.query(`GRANT SELECT, INSERT ON ${table} TO ushirika_api`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON diamond_reconciliation_settings TO ushirika_api`);

    await db.query(`ALTER TABLE risk_flags DROP CONSTRAINT risk_flags_source_check, DROP CONSTRAINT risk_flags_source_type_check`);
    await db.query(`
      ALTER TABLE risk_flags
        ADD CONSTRAINT risk_flags_source_check CHECK (source IN (${RULES_BEFORE}, 'kimberley_certificate_discrepancy')),
        ADD CONSTRAINT risk_flags_source_type_check CHECK (source_type IN (${SOURCES_BEFORE}, 'kimberley_certificate'))`);

    await db.query(`
      CREATE OR REPLACE FUNCTION purchase_append(
        p_cooperative uuid, p_actor uuid, p_request_id text, p_day date, p_timezone text, p_currency text,
        p_fee_rule_ids uuid[], p_entry jsonb, p_canonical_head bytea, p_canonical_middle bytea, p_canonical_tail bytea,
        p_audit_after jsonb)
      RETURNS jsonb LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public, pg_temp AS $$
      DECLARE
        v_entry purchase_ledger;
        v_seller jsonb;
        v_last_sequence integer;
        v_previous text;
        v_sequence integer;
        v_lot text;
        v_hash text;
        v_parcel_mineral text;
      BEGIN
        v_entry := jsonb_populate_record(NULL::purchase_ledger, p_entry);

        SELECT jsonb_build_object(
                 'memberNumber', m.member_number,
                 'status', (SELECT s.to_status FROM miner_status_changes s
                             WHERE s.cooperative_id = m.cooperative_id AND s.miner_id = m.id AND s.effective_on <= p_day
                             ORDER BY s.effective_on DESC, s.decided_at DESC LIMIT 1),
                 'cards', coalesce((SELECT jsonb_agg(jsonb_build_object('cardNumber', c.card_number, 'issuedOn', c.issued_on::text,
                                                                        'expiresOn', c.expires_on::text) ORDER BY c.recorded_at)
                                      FROM miner_cards c WHERE c.cooperative_id = m.cooperative_id AND c.miner_id = m.id), '[]'::jsonb))
          INTO v_seller
          FROM miners m WHERE m.cooperative_id = p_cooperative AND m.id = v_entry.seller_id;
        IF v_seller IS NULL OR v_seller->>'status' IS DISTINCT FROM 'active' THEN
          RETURN jsonb_build_object('seller', v_seller);
        END IF;

        IF NOT EXISTS (SELECT 1 FROM sites WHERE cooperative_id = p_cooperative AND id = v_entry.site_id) THEN
          RETURN jsonb_build_object('seller', v_seller, 'problem', 'SITE_REFERENCE_UNKNOWN');
        END IF;

        -- A diamond purchase goes into an open parcel of its mineral; a sale of the parcel takes the
        -- same key exclusively (SalesRepository.lockParcels), so the two take turns.
        IF v_entry.parcel_id IS NOT NULL THEN
          PERFORM pg_advisory_xact_lock_shared(hashtext('diamond_parcel:' || p_cooperative::text || ':' || v_entry.parcel_id::text));
          SELECT mineral INTO v_parcel_mineral FROM diamond_parcels WHERE cooperative_id = p_cooperative AND id = v_entry.parcel_id;
          IF NOT FOUND THEN
            RETURN jsonb_build_object('seller', v_seller, 'problem', 'PARCEL_NOT_FOUND');
          END IF;
          IF v_parcel_mineral IS DISTINCT FROM v_entry.mineral THEN
            RETURN jsonb_build_object('seller', v_seller, 'problem', 'PARCEL_MINERAL_MISMATCH');
          END IF;
          IF EXISTS (SELECT 1 FROM sale_parcels WHERE cooperative_id = p_cooperative AND parcel_id = v_entry.parcel_id) THEN
            RETURN jsonb_build_object('seller', v_seller, 'problem', 'PARCEL_SOLD');
          END IF;
        END IF;

        IF NOT EXISTS (SELECT 1 FROM cooperatives WHERE id = p_cooperative AND timezone = p_timezone AND default_currency::text = p_currency)
           OR p_fee_rule_ids IS DISTINCT FROM ARRAY(
                SELECT id FROM fee_rules
                 WHERE cooperative_id = p_cooperative AND valid_from <= p_day AND (valid_to IS NULL OR p_day <= valid_to)
                 ORDER BY valid_from, rule_code, created_at) THEN
          RETURN jsonb_build_object('seller', v_seller, 'stale', true);
        END IF;

        -- The head: appends of one cooperative queue here, until the caller's transaction ends.
        SELECT last_sequence, last_hash INTO v_last_sequence, v_previous FROM ledger_heads WHERE cooperative_id = p_cooperative FOR UPDATE;
        IF NOT FOUND THEN
          INSERT INTO ledger_heads (cooperative_id, last_sequence, last_hash) VALUES (p_cooperative, 0, repeat('0', 64))
            ON CONFLICT (cooperative_id) DO NOTHING;
          SELECT last_sequence, last_hash INTO v_last_sequence, v_previous FROM ledger_heads WHERE cooperative_id = p_cooperative FOR UPDATE;
        END IF;

        -- Under the head lock every earlier append of the cooperative is committed and visible.
        IF EXISTS (SELECT 1 FROM purchase_ledger WHERE cooperative_id = p_cooperative AND id = v_entry.id) THEN
          RETURN jsonb_build_object('seller', v_seller, 'problem', 'PURCHASE_ID_TAKEN');
        END IF;
        IF EXISTS (SELECT 1 FROM purchase_ledger WHERE cooperative_id = p_cooperative AND tag_id = v_entry.tag_id AND kind = 'purchase') THEN
          RETURN jsonb_build_object('seller', v_seller, 'problem', 'PURCHASE_TAG_TAKEN');
        END IF;

        v_sequence := v_last_sequence + 1;
        -- lotNumberOf (ledger-entries.ts): at least six digits, never cut.
        v_lot := 'LOT-' || CASE WHEN v_sequence < 1000000 THEN lpad(v_sequence::text, 6, '0') ELSE v_sequence::text END;
        v_hash := encode(sha256(convert_to(v_previous || E'\\n', 'UTF8') || p_canonical_head || convert_to('"' || v_lot || '"', 'UTF8')
                                || p_canonical_middle || convert_to(v_sequence::text, 'UTF8') || p_canonical_tail), 'hex');

        INSERT INTO purchase_ledger (cooperative_id, id, sequence, kind, reverses_id, lot_number, tag_id, seller_id, site_id, mineral,
            gross_mg, net_mg, grade_bp, moisture_bp, unit_price_minor, price_unit, price_basis, currency, exchange_rate,
            exchange_rate_base, reporting_currency, amount_minor, amount_reporting_minor, fees, net_paid_minor, payment_method,
            payment_reference, captured_at, recorded_at, officer_id, reason, previous_hash, hash,
            stones, quality_class, parcel_id)
          VALUES (p_cooperative, v_entry.id, v_sequence, 'purchase', NULL, v_lot, v_entry.tag_id, v_entry.seller_id, v_entry.site_id,
            v_entry.mineral, v_entry.gross_mg, v_entry.net_mg, v_entry.grade_bp, v_entry.moisture_bp, v_entry.unit_price_minor,
            v_entry.price_unit, v_entry.price_basis, v_entry.currency, v_entry.exchange_rate, v_entry.exchange_rate_base,
            v_entry.reporting_currency, v_entry.amount_minor, v_entry.amount_reporting_minor, v_entry.fees, v_entry.net_paid_minor,
            v_entry.payment_method, v_entry.payment_reference, v_entry.captured_at, v_entry.recorded_at, v_entry.officer_id, NULL,
            v_previous, v_hash, v_entry.stones, v_entry.quality_class, v_entry.parcel_id);
        UPDATE ledger_heads SET last_sequence = v_sequence, last_hash = v_hash WHERE cooperative_id = p_cooperative;

        INSERT INTO audit_log (cooperative_id, actor_user_id, action, entity, entity_id, before, after, request_id)
          VALUES (p_cooperative, p_actor, 'purchase.recorded', 'purchase', v_entry.id::text, NULL,
                  p_audit_after || jsonb_build_object('sequence', v_sequence, 'lotNumber', v_lot, 'previousHash', v_previous, 'hash', v_hash),
                  p_request_id);

        RETURN jsonb_build_object('seller', v_seller, 'sequence', v_sequence, 'lotNumber', v_lot, 'previousHash', v_previous, 'hash', v_hash);
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION purchase_append(uuid, uuid, text, date, text, text, uuid[], jsonb, bytea, bytea, bytea, jsonb)`);
    await new H1PurchaseInOneCall1764000100000().up(db);
    await db.query(`ALTER TABLE risk_flags DROP CONSTRAINT risk_flags_source_check, DROP CONSTRAINT risk_flags_source_type_check`);
    await db.query(`
      ALTER TABLE risk_flags
        ADD CONSTRAINT risk_flags_source_check CHECK (source IN (${RULES_BEFORE})),
        ADD CONSTRAINT risk_flags_source_type_check CHECK (source_type IN (${SOURCES_BEFORE}))`);
    for (const table of [...TENANT_TABLES].reverse()) {
      if (table === 'diamond_parcels') {
        await db.query(`ALTER TABLE purchase_ledger DROP COLUMN stones, DROP COLUMN quality_class, DROP COLUMN parcel_id`);
      }
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
