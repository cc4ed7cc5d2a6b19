import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Catalogue } from '../common/i18n/catalogue.js';
import type { Locale } from '../common/i18n/locale.js';
import { localDateIn } from '../common/time-zone.js';
import { Db } from '../database/db.js';
import type { TenantTx } from '../database/tx.js';
import { CARD_KEY_RING } from '../miners/card-key-ring.provider.js';
import { type CardKeyRing, verifyCardToken } from '../miners/card-token.js';
import { birthOfMember, type GateMemberFacts, GateMembersReader } from '../miners/gate-members.reader.js';
import { RiskFlagsService } from '../risk/risk-flags.service.js';
import { type GateAttemptFacts, proposeFlagsForGateAttempt } from '../risk/rules/auto-rules.js';
import type { GateDecisionView } from './dto/gate-event.view.js';
import type { GateScanDto } from './dto/gate.dto.js';
import { gateEventViewOf, type GateWording } from './gate-answer.js';
import type { GateEventFlag } from './gate-event.entity.js';
import { GateRepository, type ScanFacts } from './gate.repository.js';
import { decideGateEntry, type GatePerson } from './rules/gate-decision.js';
import { boundedCaptureTime, declarationsOf, gateAttemptOf, gateAuditOf, gateSiteOf, gateZoneOf, scanIdentityOf, scannedMemberOf } from './rules/gate-scan.js';
import { foldPresence, insideZoneOf, presenceWriteOf } from './rules/presence.js';

/** Reads of a scan's facts before the gate gives up: each one after another transaction changed what the last one read. */
const MAX_SCAN_READS = 100;

/** The gate: one scan decided by the pure rule, recorded, raising its risk flags and moving the headcount. */
@Injectable()
export class GateService {
  constructor(
    private readonly db: Db,
    private readonly gate: GateRepository,
    private readonly members: GateMembersReader,
    private readonly risk: RiskFlagsService,
    private readonly catalogue: Catalogue,
    @Inject(CARD_KEY_RING) private readonly cardKeys: CardKeyRing,
  ) {}

  /**
   * One scan, in two statements after validation: one reads every fact the pure decision
   * needs (GateRepository.scanFacts, nothing locked), the decision is taken here, and one call
   * writes it (gate_record: headcounts, presence row, event, audit row) on condition that what
   * was read still holds: the member's allowed events are the same and an entry still finds a
   * place in the zone. When not, the facts are read again, in the same transaction (each
   * statement sees what others committed), and decided again: concurrent entries at a zone
   * never exceed its capacity and two scans of one member see each other. A scan that raises
   * risk flags stores them before the write, through the risk module. The member's trainings
   * come from the registry's attendance records; the rule values them on the scan's local date.
   */
  async scan(auth: TenantAuthContext, siteId: string, dto: GateScanDto, locale: Locale, now = new Date()): Promise<GateDecisionView> {
    const capturedAt = boundedCaptureTime(dto.capturedAt, now);
    const identity = scanIdentityOf(dto, auth.cooperativeId, (token) => verifyCardToken(token, this.cardKeys));
    const declarations = declarationsOf(dto);
    const unknownPerson = dto.unknownPerson === undefined ? null : { description: dto.unknownPerson.description, apparentMinor: dto.unknownPerson.apparentMinor };
    const eventId = dto.id ?? randomUUID();
    const wording = { catalogue: this.catalogue, locale };
    const keys = { siteId, zoneId: dto.zoneId, eventId: dto.id ?? null, minerId: identity.claims?.minerId ?? null, memberNumber: identity.memberNumber, capturedAt };
    return this.db.tenant(auth, async (tx) => {
      for (let read = 1; read <= MAX_SCAN_READS; read += 1) {
        const facts = await this.gate.scanFacts(tx, keys);
        if (facts.site === null) throw new DomainError('SITE_NOT_FOUND', {}, 'not_found');
        if (facts.zone === null) throw new DomainError('ZONE_NOT_FOUND', {}, 'not_found');
        if (facts.recorded && dto.id !== undefined) return this.replay(tx, dto.id, siteId, wording);
        const zone = facts.zone;
        const { miner, tokenRevoked } = scannedMemberOf(identity, facts.member);
        const decision = decideGateEntry({
          person: miner === null ? null : personOf(miner, facts, capturedAt),
          tokenInvalid: identity.tokenInvalid,
          tokenRevoked,
          unknownPersonApparentMinor: dto.unknownPerson?.apparentMinor,
          site: gateSiteOf(facts.site),
          zone: gateZoneOf(zone, zone.headcount),
          direction: dto.direction,
          at: capturedAt,
          date: localDateIn(facts.timezone, capturedAt),
          declarations: { ppeWorn: declarations.ppeWorn, ...(declarations.pregnant === null ? {} : { pregnant: declarations.pregnant }) },
        });
        const flags = await this.raiseFlags(tx, auth, gateAttemptOf(eventId, siteId, zone, capturedAt, decision));
        const minerId = miner?.id ?? null;
        const presence = presenceWriteOf(
          { memberId: minerId, zoneId: zone.id, direction: dto.direction, capturedAt, allowed: decision.allowed },
          { events: facts.presenceEvents, present: facts.present, allowedEvents: facts.allowedEvents },
        );
        const audited = { siteId, zoneId: zone.id, minerId, direction: dto.direction, capturedAt, flagIds: flags.map((flag) => flag.id) };
        const recorded = await this.gate.record(
          tx,
          {
            id: eventId, siteId, zoneId: zone.id, minerId, identifiedBy: identity.identifiedBy, memberNumberEntered: identity.memberNumber,
            direction: dto.direction, capturedAt, allowed: decision.allowed, reasons: decision.reasons, warnings: decision.warnings, flags,
            declarations, unknownPerson, recordedBy: auth.userId,
          },
          presence,
          { requestId: auth.requestId, after: gateAuditOf(audited, decision) },
        );
        if (recorded === 'taken') throw new DomainError('GATE_EVENT_ID_TAKEN', { id: eventId }, 'conflict');
        if (recorded !== null) return gateEventViewOf(recorded, miner?.member_number ?? null, false, wording);
      }
      throw new Error(`gate scan ${eventId}: what it read kept changing over ${MAX_SCAN_READS} reads`);
    });
  }

  private async raiseFlags(tx: TenantTx, auth: TenantAuthContext, attempt: GateAttemptFacts): Promise<GateEventFlag[]> {
    const flags: GateEventFlag[] = [];
    for (const proposal of proposeFlagsForGateAttempt(attempt)) {
      const raised = await this.risk.raiseAutomatic(tx, auth, proposal);
      flags.push({ id: raised.id, rule: proposal.sourceRule, category: proposal.category, severity: proposal.severity });
    }
    return flags;
  }

  private async replay(tx: TenantTx, eventId: string, siteId: string, wording: GateWording): Promise<GateDecisionView> {
    const recorded = await this.gate.event(tx, eventId);
    if (recorded === null) throw new DomainError('NOT_FOUND', {}, 'not_found');
    if (recorded.site_id !== siteId) throw new DomainError('GATE_EVENT_ID_TAKEN', { id: recorded.id }, 'conflict');
    const miners = recorded.miner_id === null ? [] : await this.members.membersIn(tx, [recorded.miner_id]);
    return gateEventViewOf(recorded, miners[0]?.member_number ?? null, true, wording);
  }
}

/** The member as the rule reads them on the scan's date: papers, trainings, and where they were inside the site then. */
function personOf(miner: GateMemberFacts, facts: ScanFacts, capturedAt: Date): GatePerson {
  return {
    memberId: miner.id,
    status: miner.status,
    birth: birthOfMember(miner),
    cards: miner.cards,
    trainings: miner.trainings,
    insideZoneId: insideZoneOf(foldPresence(facts.presenceEvents, capturedAt), miner.id),
  };
}
