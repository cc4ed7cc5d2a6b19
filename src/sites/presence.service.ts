import { Injectable } from '@nestjs/common';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { Db } from '../database/db.js';
import type { TenantTx } from '../database/tx.js';
import { GateMembersReader } from '../miners/gate-members.reader.js';
import type { HeadcountView } from './dto/headcount.view.js';
import { headcountOf } from './rules/headcount.js';
import { requireSite } from './site-lookups.js';
import { SitesRepository } from './sites.repository.js';

/** What the muster list prints: the headcount and whose it is. */
export type MusterData = HeadcountView & { cooperativeName: string };

/** Who is inside a site now, per zone, and the emergency roll call printed from it. */
@Injectable()
export class PresenceService {
  constructor(
    private readonly db: Db,
    private readonly sites: SitesRepository,
    private readonly members: GateMembersReader,
  ) {}

  async presence(auth: TenantAuthContext, siteId: string, now = new Date()): Promise<HeadcountView> {
    return this.db.tenant(auth, (tx) => this.headcount(tx, siteId, now));
  }

  async muster(auth: TenantAuthContext, siteId: string, now = new Date()): Promise<MusterData> {
    return this.db.tenant(auth, async (tx) => ({ ...(await this.headcount(tx, siteId, now)), cooperativeName: await this.sites.cooperativeName(tx) }));
  }

  private async headcount(tx: TenantTx, siteId: string, now: Date): Promise<HeadcountView> {
    const site = await requireSite(this.sites, tx, siteId);
    const zones = await this.sites.zones(tx, siteId);
    const timezone = await this.sites.timezone(tx);
    return headcountOf(site, zones, timezone, await this.members.membersInsideSite(tx, siteId), now);
  }
}
