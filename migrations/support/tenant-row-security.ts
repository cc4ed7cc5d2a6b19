import type { QueryRunner } from 'typeorm';

/**
 * Row-level security for tables that hold one cooperative's data: enabled and forced (the
 * owner is bound too), with the one policy every tenant table shares. A migration's SQL is
 * what it runs: this helper must keep producing exactly these statements.
 */
export async function enableTenantRowSecurity(db: QueryRunner, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    await db.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`
      CREATE POLICY ${table}_tenant ON ${table}
        USING (cooperative_id = ANY (app_cooperative_ids()))
        WITH CHECK (cooperative_id = ANY (app_cooperative_ids()))`);
  }
}
