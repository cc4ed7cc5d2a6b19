import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A purchase in one call: `purchase_append` reads the seller's standing, checks the site, that
 * the cooperative's time zone, currency and fee rules the caller priced with are still the ones
 * in force, takes the cooperative's ledger head, refuses a taken id or tag, seals the entry,
 * inserts it, moves the head and writes the audit record, in one round trip. Before, the
 * service made about fourteen, the head locked across half of them.
 *
 * The hash stays the one of src/purchases/rules/hash-chain.ts: the caller sends the canonical
 * text of the entry (canonical.ts, built in Node) cut at the two values only the head knows,
 * the lot number and the sequence; the function fills them in under the lock and hashes
 *   sha256(previous hash || '\n' || text)
 * with PostgreSQL's own sha256(bytea). The caller recomputes the hash in Node and refuses the
 * write (rolling it back) if the two ever differ.
 *
 * The card rule (src/miners/rules/card-status.ts) is not repeated here: the function returns
 * the seller's cards and status and the caller decides, rolling back a refused purchase. A
 * seller who does not exist or is not active is answered before anything is written. Other
 * refusals come back as `problem` (the DomainError code; the caller words it) with nothing written;
 * `stale` means the caller's cached terms are out of date, nothing written.
 *
 * The function runs as the caller (SECURITY INVOKER): row-level security decides what each of
 * its statements reads and writes, as for the statements it replaces.
 */
export class H1PurchaseInOneCall1764000100000 implements MigrationInterface {
  name = 'H1PurchaseInOneCall1764000100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION purchase_append(
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
            payment_reference, captured_at, recorded_at, officer_id, reason, previous_hash, hash)
          VALUES (p_cooperative, v_entry.id, v_sequence, 'purchase', NULL, v_lot, v_entry.tag_id, v_entry.seller_id, v_entry.site_id,
            v_entry.mineral, v_entry.gross_mg, v_entry.net_mg, v_entry.grade_bp, v_entry.moisture_bp, v_entry.unit_price_minor,
            v_entry.price_unit, v_entry.price_basis, v_entry.currency, v_entry.exchange_rate, v_entry.exchange_rate_base,
            v_entry.reporting_currency, v_entry.amount_minor, v_entry.amount_reporting_minor, v_entry.fees, v_entry.net_paid_minor,
            v_entry.payment_method, v_entry.payment_reference, v_entry.captured_at, v_entry.recorded_at, v_entry.officer_id, NULL,
            v_previous, v_hash);
        UPDATE ledger_heads SET last_sequence = v_sequence, last_hash = v_hash WHERE cooperative_id = p_cooperative;

        INSERT INTO audit_log (cooperative_id, actor_user_id, action, entity, entity_id, before, after, request_id)
          VALUES (p_cooperative, p_actor, 'purchase.recorded', 'purchase', v_entry.id::text, NULL,
                  p_audit_after || jsonb_build_object('sequence', v_sequence, 'lotNumber', v_lot, 'previousHash', v_previous, 'hash', v_hash),
                  p_request_id);

        RETURN jsonb_build_object('seller', v_seller, 'sequence', v_sequence, 'lotNumber', v_lot, 'previousHash', v_previous, 'hash', v_hash);
      END $$`);
    const signature = 'purchase_append(uuid, uuid, text, date, text, text, uuid[], jsonb, bytea, bytea, bytea, jsonb)';
    await db.query(`REVOKE ALL ON FUNCTION ${signature} FROM PUBLIC`);
    await db.query(`GRANT EXECUTE ON FUNCTION ${signature} TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION purchase_append(uuid, uuid, text, date, text, text, uuid[], jsonb, bytea, bytea, bytea, jsonb)`);
  }
}
