import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registry at 100,000 members (issues 20 and 21).
 *
 * - member_number_of(prefix, year, sequence): the printed member number ('KOL-2026-00042-X',
 *   Luhn mod 36 check character) computed the way src/miners/rules/member-number.ts computes it,
 *   so that a registration allocates its sequence and inserts the miner in one statement; the
 *   counter's row lock is then taken by the last statement before COMMIT. A test compares the
 *   two for thousands of numbers.
 * - A trigram index led by the cooperative (btree_gin) on the text a search matches word by
 *   word, and miners_matching(cooperative, words, page key, limit): the miners matching every
 *   word in list order, after the page key if given, at most `limit` (null: all). The planner cannot use that index for a LIKE
 *   under row-level security (LIKE is not leakproof, so it may not run before the policy), so
 *   the function, SECURITY DEFINER and owned by the schema owner, filters by the cooperative
 *   itself, as the policy would: the one it is given, and nothing unless that one is among the
 *   transaction's app.cooperative_ids. When the owner is a superuser row-level security does not
 *   apply inside it and the index serves the LIKE; when it is not, the policy still applies (the
 *   answer is the same, only slower).
 */
export class H7MinerRegistrySpeed1764000700000 implements MigrationInterface {
  name = 'H7MinerRegistrySpeed1764000700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION member_number_of(prefix text, year integer, sequence integer) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        WITH parts AS (
          SELECT year::text AS y, lpad(sequence::text, greatest(5, length(sequence::text)), '0') AS s
        ), payload AS (
          SELECT prefix || y || s AS p FROM parts
        ), luhn AS (
          SELECT coalesce(sum(addend / 36 + addend % 36), 0) AS total
            FROM payload, generate_series(1, length(p)) AS i,
                 LATERAL (SELECT (strpos('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', substr(p, i, 1)) - 1)
                                 * CASE WHEN (length(p) - i) % 2 = 0 THEN 2 ELSE 1 END AS addend) a
        )
        SELECT prefix || '-' || y || '-' || s || '-' || substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', ((36 - total % 36) % 36)::integer + 1, 1)
          FROM parts, luhn
      $$`);

    await db.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await db.query(`CREATE INDEX miners_search_words ON miners USING gin (cooperative_id, (' ' || search_text) gin_trgm_ops)`);
    await db.query(`
      CREATE FUNCTION miners_matching(p_cooperative uuid, p_words text[], p_after_last_name text, p_after_first_name text, p_after_id uuid, p_limit integer)
        RETURNS SETOF miners
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 100 AS $$
      DECLARE
        matching text := 'SELECT m.* FROM miners m WHERE m.cooperative_id = $1';
        word text;
      BEGIN
        IF NOT (p_cooperative = ANY (app_cooperative_ids())) THEN
          RETURN;
        END IF;
        FOREACH word IN ARRAY coalesce(p_words, '{}'::text[]) LOOP
          matching := matching || format(' AND ('' '' || m.search_text) LIKE %L',
            '% ' || replace(replace(replace(word, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%');
        END LOOP;
        IF p_after_id IS NOT NULL THEN
          matching := matching || ' AND (m.last_name, m.first_name, m.id) > ($2, $3, $4)';
        END IF;
        matching := matching || ' ORDER BY m.last_name, m.first_name, m.id LIMIT $5';
        -- Planned with the words and the page known, as the same query would be without row-level
        -- security: a rare word takes the index, a common one can walk the list order and stop.
        RETURN QUERY EXECUTE matching USING p_cooperative, p_after_last_name, p_after_first_name, p_after_id, p_limit;
      END $$`);
    await db.query(`REVOKE ALL ON FUNCTION miners_matching(uuid, text[], text, text, uuid, integer) FROM PUBLIC`);
    await db.query(`GRANT EXECUTE ON FUNCTION miners_matching(uuid, text[], text, text, uuid, integer) TO ushirika_api`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION miners_matching(uuid, text[], text, text, uuid, integer)`);
    await db.query(`DROP INDEX miners_search_words`);
    await db.query(`DROP FUNCTION member_number_of(text, integer, integer)`);
  }
}
