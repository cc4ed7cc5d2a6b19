import type { TenantTx } from '../../src/database/tx.js';
import { SiteDirectory } from '../../src/places/site-directory.js';
import { createCtx, type Ctx } from '../support/ctx.js';

describe('SiteDirectory.assertKnown', () => {
  let ctx: Ctx;
  let sites: SiteDirectory;
  let coopA: string;
  let officerA: string;
  let siteOfA: string;
  let siteOfB: string;

  beforeAll(async () => {
    ctx = await createCtx();
    sites = ctx.get(SiteDirectory);
    coopA = await ctx.newCooperative();
    const coopB = await ctx.newCooperative();
    officerA = await ctx.newUser(coopA, 'officer');
    siteOfA = await ctx.newSite(coopA);
    siteOfB = await ctx.newSite(coopB);
  });
  afterAll(async () => {
    await ctx.close();
  });

  const inA = <T>(work: (tx: TenantTx) => Promise<T>): Promise<T> => ctx.db.tenant(ctx.caller(coopA, officerA, ['officer']), work);

  it('accepts a site of the caller\'s cooperative, and no site at all', async () => {
    await expect(inA((tx) => sites.assertKnown(tx, siteOfA))).resolves.toBeUndefined();
    await expect(inA((tx) => sites.assertKnown(tx, null))).resolves.toBeUndefined();
  });

  it('refuses another cooperative\'s site with SITE_REFERENCE_UNKNOWN naming the field', async () => {
    await expect(inA((tx) => sites.assertKnown(tx, siteOfB, 'homeSiteId'))).rejects.toMatchObject({
      code: 'SITE_REFERENCE_UNKNOWN',
      kind: 'invalid',
      params: { field: 'homeSiteId', siteId: siteOfB },
    });
  });
});
