import type { TestApp } from '../../support/test-app.js';
import { bearer, type Session } from '../../support/identity-fixture.js';

/** A site of the cooperative with one zone, created through the API as its admin; the site's id. */
export async function siteWithZone(
  t: TestApp,
  cooperativeId: string,
  admin: Session,
  site: { name: string; code: string; latitudeE6: number; longitudeE6: number },
  zone: Record<string, unknown>,
): Promise<string> {
  const base = `/api/v1/cooperatives/${cooperativeId}`;
  const created = await t.http().post(`${base}/sites`).set(bearer(admin))
    .send({ name: site.name, code: site.code, location: { latitudeE6: site.latitudeE6, longitudeE6: site.longitudeE6 } }).expect(201);
  const siteId = (created.body as { id: string }).id;
  await t.http().post(`${base}/sites/${siteId}/zones`).set(bearer(admin)).send(zone).expect(201);
  return siteId;
}
