import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Catalogue } from '../common/i18n/catalogue.js';
import type { Locale } from '../common/i18n/locale.js';
import { localDateIn } from '../common/time-zone.js';
import { Db } from '../database/db.js';
import type { TenantTx } from '../database/tx.js';
import { CardCredentialsRepository } from '../miners/card-credentials.repository.js';
import { CARD_KEY_RING } from '../miners/card-key-ring.provider.js';
import { type CardKeyRing, verifyCardToken } from '../miners/card-token.js';
import { birthOfMember, type GateMemberRow, GateMembersReader } from '../miners/gate-members.reader.js';
import { TrainingsRepository } from '../miners/trainings/trainings.repository.js';
import { RiskFlagsService } from '../risk/risk-flags.service.js';
import { type GateAttemptFacts, proposeFlagsForGateAttempt } from '../risk/rules/auto-rules.js';
import type { GateDecisionView } from './dto/gate-event.view.js';
import type { GateScanDto } from './dto/gate.dto.js';
import { gateEventViewOf, type GateWording } from './gate-answer.js';
import type { GateDeclarationsRecord, GateEventFlag, UnknownPersonRecord } from './gate-event.entity.js';
import { type GateEventRow, GateRepository } from './gate.repository.js';
import { decideGateEntry, type GateDecision, type GateDirection, type GatePerson } from './rules/gate-decision.js';
import {
  boundedCaptureTime, declarationsOf, gateAttemptOf, gateAuditOf, gateSiteOf, gateZoneOf, type ScanIdentity, scanIdentityOf, tokenRevoked, type ZoneRules,
} from './rules/gate-scan.js';
import { foldPresence, insideZoneOf } from './rules/presence.js';
import { requireSite, requireZone } from './site-lookups.js';
import { SitesRepository } from './sites.repository.js';

/** Who a scan names, once the registry is read: the member (null when none) and the token's standing. */
interface ScannedMember {
  readonly miner: GateMemberRow | null;
  readonly tokenRevoked: boolean;
}

/** A scan once decided and its event written. */
interface DecidedScan {
  readonly eventId: string;
  readonly siteId: string;
  readonly zone: ZoneRules;
  readonly miner: GateMemberRow | null;
  readonly capturedAt: Date;
  readonly direction: GateDirection;
  readonly decision: GateDecision;
  readonly flags: readonly GateEventFlag[];
  readonly identity: ScanIdentity;
  readonly declarations: GateDeclarationsRecord;
  readonly unknownPerson: UnknownPersonRecord | null;
}

/** The gate: one scan decided by the pure rule, recorded, raising its risk flags and moving the headcount. */
@Injectable()
export class GateService {
  constructor(
    private readonly db: Db,
    private readonly sites: SitesRepository,
    private readonly gate: GateRepository,
    private readonly members: GateMembersReader,
    private readonly audit: AuditService,
    private readonly risk: RiskFlagsService,
    private readonly credentials: CardCredentialsRepository,
    private readonly trainings: TrainingsRepository,
    private readonly catalogue: Catalogue,
    @Inject(CARD_KEY_RING) private readonly cardKeys: CardKeyRing,
  ) {}

  /**
   * One scan. The zone row is locked for the whole transaction that reads presence and
   * records the event, so concurrent entries at a zone are decided one after another and
   * never exceed its capacity. The member's trainings come from the registry's attendance
   * records (src/miners/trainings); the rule values them on the scan's local date.
   */
  async scan(auth: TenantAuthContext, siteId: string, dto: GateScanDto, locale: Locale, now = new Date()): Promise<GateDecisionView> {
    const capturedAt = boundedCaptureTime(dto.capturedAt, now);
    const identity = scanIdentityOf(dto, auth.cooperativeId, (token) => verifyCardToken(token, this.cardKeys));
    const declarations = declarationsOf(dto);
    const wording = { catalogue: this.catalogue, locale };
    return this.db.tenant(auth, async (tx) => {
      const site = await requireSite(this.sites, tx, siteId);
      const zone = await requireZone(this.sites, tx, siteId, dto.zoneId, true);
      const recorded = dto.id === undefined ? null : await this.gate.event(tx, dto.id);
      if (recorded !== null) return this.replay(tx, recorded, siteId, wording);
      const { miner, tokenRevoked } = await this.scannedMember(tx, identity);
      const decision = decideGateEntry({
        person: miner === null ? null : await this.personAt(tx, siteId, miner, capturedAt),
        tokenInvalid: identity.tokenInvalid,
        tokenRevoked,
        unknownPersonApparentMinor: dto.unknownPerson?.apparentMinor,
        site: gateSiteOf(site),
        zone: gateZoneOf(zone, await this.gate.headcountInZone(tx, siteId, zone.id)),
        direction: dto.direction,
        at: capturedAt,
        date: localDateIn(await this.sites.timezone(tx), capturedAt),
        declarations: { ppeWorn: declarations.ppeWorn, ...(declarations.pregnant === null ? {} : { pregnant: declarations.pregnant }) },
      });
      const eventId = dto.id ?? randomUUID();
      const flags = await this.raiseFlags(tx, auth, gateAttemptOf(eventId, siteId, zone, capturedAt, decision));
      const unknownPerson = dto.unknownPerson === undefined ? null : { description: dto.unknownPerson.description, apparentMinor: dto.unknownPerson.apparentMinor };
      const scan = { eventId, siteId, zone, miner, capturedAt, direction: dto.direction, decision, flags, identity, declarations, unknownPerson };
      return this.record(tx, auth, scan, wording);
    });
  }

  /** Only the member's current token opens the gate; a typed member number is looked up as typed. */
  private async scannedMember(tx: TenantTx, identity: ScanIdentity): Promise<ScannedMember> {
    if (identity.memberNumber !== null) return { miner: await this.members.memberByNumber(tx, identity.memberNumber), tokenRevoked: false };
    if (identity.claims === null) return { miner: null, tokenRevoked: false };
    const credential = await this.credentials.credential(tx, identity.claims.minerId);
    if (tokenRevoked(identity.claims, credential)) return { miner: null, tokenRevoked: true };
    return { miner: await this.members.memberById(tx, identity.claims.minerId), tokenRevoked: false };
  }

  /** The member as the rule reads them on the scan's date: papers, trainings, and where they are inside the site. */
  private async personAt(tx: TenantTx, siteId: string, miner: GateMemberRow, capturedAt: Date): Promise<GatePerson> {
    return {
      memberId: miner.id,
      status: miner.status,
      birth: birthOfMember(miner),
      cards: await this.members.cardsOf(tx, miner.id),
      trainings: await this.trainings.attendancesOf(tx, miner.id),
      insideZoneId: insideZoneOf(foldPresence(await this.gate.memberPresenceEvents(tx, siteId, miner.id, capturedAt)), miner.id),
    };
  }

  private async raiseFlags(tx: TenantTx, auth: TenantAuthContext, attempt: GateAttemptFacts): Promise<GateEventFlag[]> {
    const flags: GateEventFlag[] = [];
    for (const proposal of proposeFlagsForGateAttempt(attempt)) {
      const raised = await this.risk.raiseAutomatic(tx, auth, proposal);
      flags.push({ id: raised.id, rule: proposal.sourceRule, category: proposal.category, severity: proposal.severity });
    }
    return flags;
  }

  /** The event written, the member's presence folded again, the audit row, and the recorded answer. */
  private async record(
    tx: TenantTx,
    auth: TenantAuthContext,
    scan: DecidedScan,
    wording: GateWording,
  ): Promise<GateDecisionView> {
    const { eventId, siteId, miner, decision } = scan;
    const inserted = await this.gate.insertEvent(tx, {
      id: eventId,
      siteId,
      zoneId: scan.zone.id,
      minerId: miner?.id ?? null,
      identifiedBy: scan.identity.identifiedBy,
      memberNumberEntered: scan.identity.memberNumber,
      direction: scan.direction,
      capturedAt: scan.capturedAt,
      allowed: decision.allowed,
      reasons: decision.reasons,
      warnings: decision.warnings,
      flags: scan.flags,
      declarations: scan.declarations,
      unknownPerson: scan.unknownPerson,
      recordedBy: auth.userId,
    });
    if (!inserted) throw new DomainError('GATE_EVENT_ID_TAKEN', { id: eventId }, 'conflict');
    if (decision.allowed && miner !== null) {
      const [present] = foldPresence(await this.gate.memberPresenceEvents(tx, siteId, miner.id));
      await this.gate.replaceMemberPresence(tx, siteId, miner.id, present ?? null);
    }
    const facts = { siteId, zoneId: scan.zone.id, minerId: miner?.id ?? null, direction: scan.direction, capturedAt: scan.capturedAt, flagIds: scan.flags.map((flag) => flag.id) };
    await this.audit.record(tx, auth, { action: 'gate_event.recorded', entity: 'gate_event', entityId: eventId, after: gateAuditOf(facts, decision) });
    const row = await this.gate.event(tx, eventId);
    if (row === null) throw new DomainError('NOT_FOUND', {}, 'not_found');
    return gateEventViewOf(row, miner?.member_number ?? null, false, wording);
  }

  private async replay(tx: TenantTx, recorded: GateEventRow, siteId: string, wording: GateWording): Promise<GateDecisionView> {
    if (recorded.site_id !== siteId) throw new DomainError('GATE_EVENT_ID_TAKEN', { id: recorded.id }, 'conflict');
    const miners = recorded.miner_id === null ? [] : await this.members.membersIn(tx, [recorded.miner_id]);
    return gateEventViewOf(recorded, miners[0]?.member_number ?? null, true, wording);
  }
}
