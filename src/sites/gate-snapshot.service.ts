import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { AUTH_SECRETS, type AuthSecrets } from '../auth/auth-secrets.js';
import { Db } from '../database/db.js';
import { CardCredentialsRepository } from '../miners/card-credentials.repository.js';
import { CARD_KEY_RING } from '../miners/card-key-ring.provider.js';
import type { CardKeyRing } from '../miners/card-token.js';
import { GateMembersReader } from '../miners/gate-members.reader.js';
import type { GateSnapshotKeyView, GateSnapshotView } from './dto/gate-snapshot.view.js';
import { GateSnapshotSigner } from './gate-snapshot-signer.js';
import { gateSnapshotOf } from './gate-snapshot-payload.js';
import { siteStatusOf, zoneSettingsOf } from './rules/site-values.js';
import { requireSite } from './site-lookups.js';
import { SitesRepository } from './sites.repository.js';

/** The signed snapshot a gate phone decides from while offline (shape: gate-snapshot.ts). */
@Injectable()
export class GateSnapshotService {
  private readonly signer: GateSnapshotSigner;

  constructor(
    private readonly db: Db,
    private readonly sites: SitesRepository,
    private readonly members: GateMembersReader,
    private readonly credentials: CardCredentialsRepository,
    private readonly audit: AuditService,
    @Inject(AUTH_SECRETS) secrets: AuthSecrets,
    @Inject(CARD_KEY_RING) private readonly cardKeys: CardKeyRing,
  ) {
    this.signer = new GateSnapshotSigner(secrets.jwtSecret);
  }

  get publicKey(): GateSnapshotKeyView {
    return this.signer.publicKey;
  }

  /** Names and birth dates of every member leave the server in it: the read is audited. */
  async snapshot(auth: TenantAuthContext, siteId: string, now = new Date()): Promise<GateSnapshotView> {
    const snapshot = await this.db.tenant(auth, async (tx) => {
      const site = await requireSite(this.sites, tx, siteId);
      const sources = {
        cooperativeId: tx.cooperativeId,
        timezone: await this.sites.timezone(tx),
        site: { id: site.id, name: site.name, code: site.code, ...siteStatusOf(site) },
        zones: (await this.sites.zones(tx, siteId)).map((zone) => ({ id: zone.id, name: zone.name, ...zoneSettingsOf(zone) })),
        members: await this.members.snapshotMembers(tx),
        cards: await this.members.cardsOfCooperative(tx),
        trainings: await this.members.attendancesOfCooperative(tx),
        prints: await this.members.cardPrints(tx),
        credentials: await this.credentials.credentials(tx),
        legacyKey: this.cardKeys.legacy,
        inside: await this.members.membersInsideSite(tx, siteId),
      };
      await this.audit.record(tx, auth, {
        action: 'read_personal_data',
        entity: 'site',
        entityId: siteId,
        after: { fields: ['gate-snapshot'], members: sources.members.length },
      });
      return gateSnapshotOf(sources, now);
    });
    return this.signer.sign(snapshot);
  }
}
