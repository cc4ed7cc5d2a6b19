import type { QueryRunner } from 'typeorm';

/**
 * Lets the migration's own statements see and write every cooperative's rows until it
 * calls the returned function: the owner may be bound by the forced row-level security
 * when it is not a superuser. The settings are local to the migration transaction.
 */
export async function seeAllCooperatives(db: QueryRunner): Promise<() => Promise<void>> {
  await db.query(`SELECT set_config('app.operator', 'on', true)`);
  await db.query(`SELECT set_config('app.cooperative_ids', coalesce((SELECT string_agg(id::text, ',') FROM cooperatives), ''), true)`);
  return async () => {
    await db.query(`SELECT set_config('app.cooperative_ids', '', true), set_config('app.operator', '', true)`);
  };
}
