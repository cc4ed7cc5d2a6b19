import { adminQuery } from './test-database.js';
import type { TestApp } from './test-app.js';

/**
 * A site with a fixed id, written straight into the database, for specs of other modules
 * that only need a real site to point at (site ids are foreign keys to sites).
 */
export async function seedSite(t: TestApp, cooperativeId: string, siteId: string, code = `S-${siteId.slice(0, 8)}`): Promise<string> {
  await adminQuery(
    t.target.ownerUrl,
    `INSERT INTO sites (cooperative_id, id, name, code, latitude_e6, longitude_e6, created_by)
     VALUES ($1, $2, $3, $3, -10712345, 25468000, gen_random_uuid()) ON CONFLICT DO NOTHING`,
    [cooperativeId, siteId, code],
  );
  return siteId;
}
