import { randomUUID } from 'node:crypto';
import { instantAt, localDateIn } from '../common/time-zone.js';
import { Inject, Injectable } from '@nestjs/common';
import type { TenantTx } from '../database/tx.js';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.service.js';
import { CardCredentialsRepository } from '../miners/card-credentials.repository.js';
import { CARD_KEY_RING } from '../miners/card-key-ring.provider.js';
import { type CardKeyRing, verifyCardToken } from '../miners/card-token.js';
import { parseMemberNumber } from '../miners/rules/member-number.js';
import { TrainingsRepository } from '../miners/trainings/trainings.repository.js';
import { RiskFlagsService } from '../risk/risk-flags.service.js';
import { proposeFlagsForGateAttempt } from '../risk/rules/auto-rules.js';
import type { CreateSiteDto, CreateZoneDto, UpdateSiteDto, UpdateZoneDto } from './dto/site.dto.js';
import type { GateScanDto, ListGateEventsDto } from './dto/gate.dto.js';
import type { GateEventFlag, IdentifiedBy } from './gate-event.entity.js';
import { assertPolygon } from './geo.js';
import { decideGateEntry, type GateDirection, type GatePerson, type GateReason, type GateWarning } from './rules/gate-decision.js';
import { foldPresence, insideZoneOf, overstay, type PresentMember, presenceByZone } from './rules/presence.js';
import { birthOfMiner, type EventPageKey, type GateEventRow, type GateMinerRow, type SiteRow, SitesRepository, type ZoneRow } from './sites.repository.js';

export interface SiteView {
  id: string;
  name: string;
  code: string;
  location: { latitudeE6: number; longitudeE6: number };
  boundary: SiteRow['boundary'];
  concessionRef: string | null;
  authorisationRef: string | null;
  minerals: string[];
  status: 'open' | 'closed';
  closedReason: string | null;
  closedOn: string | null;
  reopensOn: string | null;
  closingTime: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ZoneView {
  id: string;
  siteId: string;
  name: string;
  hazardous: boolean;
  ppeRequired: string[];
  forbidsPregnancy: boolean;
  capacity: number | null;
  trainingsRequired: string[];
}

/** What the gate answered, untranslated: the controller words the reasons in the caller's language. */
export interface GateAnswer {
  id: string;
  siteId: string;
  zoneId: string;
  minerId: string | null;
  memberNumber: string | null;
  direction: GateDirection;
  capturedAt: Date;
  recordedAt: Date | null;
  allowed: boolean;
  reasons: readonly GateReason[];
  warnings: readonly GateWarning[];
  flags: readonly GateEventFlag[];
  /** True when this scan had already been recorded (a phone re-sending it). */
  duplicate: boolean;
}

export interface GateEventPage {
  items: GateAnswer[];
  nextCursor: string | null;
}

export interface PresentPerson {
  minerId: string;
  memberNumber: string;
  firstName: string;
  middleName: string | null;
  lastName: string;
  zoneId: string;
  enteredAt: Date;
}

export interface Presence {
  siteId: string;
  siteName: string;
  siteCode: string;
  timezone: string;
  asOf: Date;
  headcount: number;
  zones: { zoneId: string; name: string; capacity: number | null; count: number; people: PresentPerson[] }[];
  overstay: (PresentPerson & { minutesOver: number; enteredAfterClosing: boolean })[];
  closingTime: string | null;
}

const MS_PER_MINUTE = 60_000;
const MAX_AHEAD_MINUTES = 5;
const MAX_AGE_DAYS = 7;
const DEFAULT_PAGE_SIZE = 50;

function siteView(row: SiteRow): SiteView {
  return {
    id: row.id,
    name: row.name,
    code: row.code,
    location: { latitudeE6: row.latitude_e6, longitudeE6: row.longitude_e6 },
    boundary: row.boundary,
    concessionRef: row.concession_ref,
    authorisationRef: row.authorisation_ref,
    minerals: row.minerals,
    status: row.status,
    closedReason: row.closed_reason,
    closedOn: row.closed_on,
    reopensOn: row.reopens_on,
    closingTime: row.closing_time,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function zoneView(row: ZoneRow): ZoneView {
  return {
    id: row.id,
    siteId: row.site_id,
    name: row.name,
    hazardous: row.hazardous,
    ppeRequired: row.ppe_required,
    forbidsPregnancy: row.forbids_pregnancy,
    capacity: row.capacity,
    trainingsRequired: row.trainings_required,
  };
}

function answerOf(row: GateEventRow, memberNumber: string | null, duplicate: boolean): GateAnswer {
  return {
    id: row.id,
    siteId: row.site_id,
    zoneId: row.zone_id,
    minerId: row.miner_id,
    memberNumber,
    direction: row.direction,
    capturedAt: row.captured_at,
    recordedAt: row.recorded_at,
    allowed: row.allowed,
    reasons: row.reasons,
    warnings: row.warnings,
    flags: row.flags,
    duplicate,
  };
}

function encodeCursor(key: EventPageKey): string {
  return Buffer.from(JSON.stringify([key.capturedAt, key.id])).toString('base64url');
}

function decodeCursor(cursor: string): EventPageKey {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((part) => typeof part === 'string')) {
      const [capturedAt, id] = parsed as [string, string];
      if (/^[0-9a-f-]{36}$/i.test(id) && !Number.isNaN(Date.parse(capturedAt))) return { capturedAt, id };
    }
  } catch {
    // falls through to the refusal below
  }
  throw new DomainError('CURSOR_INVALID', {}, 'bad_request');
}

function cleanList(items: readonly string[] | undefined): string[] {
  return [...new Set((items ?? []).map((item) => item.trim()).filter((item) => item.length > 0))];
}

@Injectable()
export class SitesService {
  constructor(
    private readonly db: Db,
    private readonly repository: SitesRepository,
    private readonly audit: AuditService,
    private readonly risk: RiskFlagsService,
    private readonly credentials: CardCredentialsRepository,
    private readonly trainings: TrainingsRepository,
    @Inject(CARD_KEY_RING) private readonly cardKeys: CardKeyRing,
  ) {}

  // ---------------------------------------------------------------- sites

  async createSite(auth: TenantAuthContext, dto: CreateSiteDto): Promise<SiteView> {
    const boundary = dto.boundary === undefined ? null : assertPolygon(dto.boundary);
    const code = dto.code.toUpperCase();
    return this.db.tenant(auth, async (tx) => {
      if (dto.id !== undefined) {
        const existing = await this.repository.site(tx, dto.id);
        if (existing !== null) {
          if (existing.code !== code) throw new DomainError('SITE_ID_TAKEN', { id: dto.id }, 'conflict');
          return siteView(existing);
        }
      }
      const holder = await this.repository.siteIdWithCode(tx, code);
      if (holder !== null) throw new DomainError('SITE_CODE_TAKEN', { code }, 'conflict');
      const values = {
        name: dto.name.trim(),
        code,
        latitude_e6: dto.location.latitudeE6,
        longitude_e6: dto.location.longitudeE6,
        boundary,
        concession_ref: dto.concessionRef ?? null,
        authorisation_ref: dto.authorisationRef ?? null,
        minerals: cleanList(dto.minerals),
        status: 'open' as const,
        closed_reason: null,
        closed_on: null,
        reopens_on: null,
        closing_time: dto.closingTime ?? null,
      };
      const id = await this.repository.insertSite(tx, dto.id ?? null, values, auth.userId);
      if (id === '') throw new DomainError('SITE_ID_TAKEN', { id: dto.id ?? null }, 'conflict');
      const created = await this.requireSite(tx, id);
      await this.audit.record(tx, auth, { action: 'site.created', entity: 'site', entityId: id, after: { ...siteView(created) } });
      return siteView(created);
    });
  }

  async listSites(auth: TenantAuthContext): Promise<SiteView[]> {
    return this.db.tenant(auth, async (tx) => (await this.repository.sites(tx)).map(siteView));
  }

  async getSite(auth: TenantAuthContext, siteId: string): Promise<SiteView & { zones: ZoneView[] }> {
    return this.db.tenant(auth, async (tx) => {
      const site = await this.requireSite(tx, siteId);
      const zones = await this.repository.zones(tx, siteId);
      return { ...siteView(site), zones: zones.map(zoneView) };
    });
  }

  async updateSite(auth: TenantAuthContext, siteId: string, dto: UpdateSiteDto): Promise<SiteView> {
    const boundary = dto.boundary === undefined || dto.boundary === null ? dto.boundary : assertPolygon(dto.boundary);
    return this.db.tenant(auth, async (tx) => {
      const before = await this.requireSite(tx, siteId, true);
      const code = dto.code === undefined ? before.code : dto.code.toUpperCase();
      if (code !== before.code) {
        const holder = await this.repository.siteIdWithCode(tx, code);
        if (holder !== null && holder !== siteId) throw new DomainError('SITE_CODE_TAKEN', { code }, 'conflict');
      }
      const status = dto.status ?? before.status;
      const closure = await this.closureOf(tx, before, status, dto);
      const values = {
        name: dto.name?.trim() ?? before.name,
        code,
        latitude_e6: dto.location?.latitudeE6 ?? before.latitude_e6,
        longitude_e6: dto.location?.longitudeE6 ?? before.longitude_e6,
        boundary: boundary === undefined ? before.boundary : boundary,
        concession_ref: dto.concessionRef === undefined ? before.concession_ref : dto.concessionRef,
        authorisation_ref: dto.authorisationRef === undefined ? before.authorisation_ref : dto.authorisationRef,
        minerals: dto.minerals === undefined ? before.minerals : cleanList(dto.minerals),
        status,
        ...closure,
        closing_time: dto.closingTime === undefined ? before.closing_time : dto.closingTime,
      };
      await this.repository.updateSite(tx, siteId, values);
      const after = await this.requireSite(tx, siteId);
      const action = before.status === after.status ? 'site.updated' : after.status === 'closed' ? 'site.closed' : 'site.opened';
      await this.audit.record(tx, auth, { action, entity: 'site', entityId: siteId, before: { ...siteView(before) }, after: { ...siteView(after) } });
      return siteView(after);
    });
  }

  /** Closing needs a reason (closedOn defaults to the cooperative's today); opening clears the closure. */
  private async closureOf(
    tx: TenantTx,
    before: SiteRow,
    status: 'open' | 'closed',
    dto: UpdateSiteDto,
  ): Promise<Pick<SiteRow, 'closed_reason' | 'closed_on' | 'reopens_on'>> {
    const touchesClosure = dto.closedReason !== undefined || dto.closedOn !== undefined || dto.reopensOn !== undefined;
    if (status === 'open') {
      if (touchesClosure) throw new DomainError('SITE_NOT_CLOSED', {});
      return { closed_reason: null, closed_on: null, reopens_on: null };
    }
    const reason = dto.closedReason?.trim() ?? (before.status === 'closed' ? before.closed_reason : null);
    if (reason === null || reason.length === 0) throw new DomainError('SITE_CLOSED_REASON_REQUIRED', {});
    const closedOn =
      dto.closedOn ?? (before.status === 'closed' ? before.closed_on : null) ?? localDateIn(await this.repository.timezone(tx), new Date());
    const reopensOn = dto.reopensOn ?? (before.status === 'closed' && dto.closedOn === undefined ? before.reopens_on : null);
    if (reopensOn !== null && closedOn !== null && reopensOn < closedOn) throw new DomainError('SITE_REOPENS_BEFORE_CLOSING', { closedOn, reopensOn });
    return { closed_reason: reason, closed_on: closedOn, reopens_on: reopensOn };
  }

  // ---------------------------------------------------------------- zones

  async createZone(auth: TenantAuthContext, siteId: string, dto: CreateZoneDto): Promise<ZoneView> {
    return this.db.tenant(auth, async (tx) => {
      await this.requireSite(tx, siteId);
      const name = dto.name.trim();
      if (dto.id !== undefined) {
        const existing = await this.repository.zone(tx, siteId, dto.id);
        if (existing !== null && existing.name === name) return zoneView(existing);
      }
      if ((await this.repository.zoneIdWithName(tx, siteId, name)) !== null) throw new DomainError('ZONE_NAME_TAKEN', { name }, 'conflict');
      const id = await this.repository.insertZone(tx, siteId, dto.id ?? null, {
        name,
        hazardous: dto.hazardous ?? false,
        ppe_required: cleanList(dto.ppeRequired),
        forbids_pregnancy: dto.forbidsPregnancy ?? false,
        capacity: dto.capacity ?? null,
        trainings_required: cleanList(dto.trainingsRequired),
      });
      if (id === '') throw new DomainError('ZONE_ID_TAKEN', { id: dto.id ?? null }, 'conflict');
      const created = zoneView(await this.requireZone(tx, siteId, id));
      await this.audit.record(tx, auth, { action: 'site_zone.created', entity: 'site_zone', entityId: id, after: { ...created } });
      return created;
    });
  }

  async listZones(auth: TenantAuthContext, siteId: string): Promise<ZoneView[]> {
    return this.db.tenant(auth, async (tx) => {
      await this.requireSite(tx, siteId);
      return (await this.repository.zones(tx, siteId)).map(zoneView);
    });
  }

  async updateZone(auth: TenantAuthContext, siteId: string, zoneId: string, dto: UpdateZoneDto): Promise<ZoneView> {
    return this.db.tenant(auth, async (tx) => {
      const before = await this.requireZone(tx, siteId, zoneId, true);
      const name = dto.name?.trim() ?? before.name;
      if (name !== before.name && (await this.repository.zoneIdWithName(tx, siteId, name)) !== null) {
        throw new DomainError('ZONE_NAME_TAKEN', { name }, 'conflict');
      }
      const ppe = dto.ppeRequired === undefined ? before.ppe_required : cleanList(dto.ppeRequired);
      const trainings = dto.trainingsRequired === undefined ? before.trainings_required : cleanList(dto.trainingsRequired);
      await this.repository.updateZone(tx, zoneId, {
        name,
        hazardous: dto.hazardous ?? before.hazardous,
        ppe_required: ppe,
        forbids_pregnancy: dto.forbidsPregnancy ?? before.forbids_pregnancy,
        capacity: dto.capacity === undefined ? before.capacity : dto.capacity,
        trainings_required: trainings,
      });
      const after = zoneView(await this.requireZone(tx, siteId, zoneId));
      await this.audit.record(tx, auth, { action: 'site_zone.updated', entity: 'site_zone', entityId: zoneId, before: { ...zoneView(before) }, after: { ...after } });
      return after;
    });
  }

  // ---------------------------------------------------------------- the gate

  /**
   * One scan. The zone row is locked for the whole transaction that reads presence and
   * records the event, so concurrent entries at a zone are decided one after another and
   * never exceed its capacity. The member's trainings come from the registry's attendance
   * records (src/miners/trainings); the rule values them on the scan's local date.
   */
  async scan(auth: TenantAuthContext, siteId: string, dto: GateScanDto, now = new Date()): Promise<GateAnswer> {
    const capturedAt = this.boundedCaptureTime(dto.capturedAt, now);
    const identities = [dto.qrToken, dto.memberNumber, dto.unknownPerson].filter((value) => value !== undefined).length;
    if (identities !== 1) throw new DomainError('GATE_IDENTITY_ONE_OF', {});
    const memberNumber = dto.memberNumber === undefined ? null : parseMemberNumber(dto.memberNumber).formatted;
    const claims = dto.qrToken === undefined ? null : verifyCardToken(dto.qrToken, this.cardKeys);
    const tokenInvalid = dto.qrToken !== undefined && (claims === null || claims.cooperativeId !== auth.cooperativeId);
    const identifiedBy: IdentifiedBy = dto.qrToken !== undefined ? 'qr' : memberNumber !== null ? 'member_number' : 'none';
    const declarations = { ppeWorn: cleanList(dto.declarations?.ppeWorn), pregnant: dto.declarations?.pregnant ?? null };

    return this.db.tenant(auth, async (tx) => {
      const site = await this.requireSite(tx, siteId);
      const zone = await this.requireZone(tx, siteId, dto.zoneId, true);
      if (dto.id !== undefined) {
        const recorded = await this.repository.event(tx, dto.id);
        if (recorded !== null) return this.replay(tx, recorded, siteId);
      }
      let miner: GateMinerRow | null = null;
      // Only the member's current token opens the gate; one printed before token ids, until the next print.
      const credential = claims !== null && !tokenInvalid ? await this.credentials.credential(tx.manager, tx.cooperativeId, claims.minerId) : null;
      const tokenRevoked = claims !== null && !tokenInvalid && (claims.tokenId === undefined ? credential !== null : credential?.currentTokenId !== claims.tokenId);
      if (claims !== null && !tokenInvalid && !tokenRevoked) miner = await this.repository.minerById(tx, claims.minerId);
      if (memberNumber !== null) miner = await this.repository.minerByNumber(tx, memberNumber);

      const timezone = await this.repository.timezone(tx);
      const person: GatePerson | null =
        miner === null
          ? null
          : {
              memberId: miner.id,
              status: miner.status,
              birth: birthOfMiner(miner),
              cards: await this.repository.cards(tx, miner.id),
              trainings: await this.trainings.attendancesOf(tx, miner.id),
              insideZoneId: insideZoneOf(foldPresence(await this.repository.memberPresenceEvents(tx, siteId, miner.id, capturedAt)), miner.id),
            };
      const decision = decideGateEntry({
        person,
        tokenInvalid,
        tokenRevoked,
        unknownPersonApparentMinor: dto.unknownPerson?.apparentMinor,
        site: site.status === 'closed' ? { status: 'closed', closedReason: site.closed_reason ?? undefined } : { status: 'open' },
        zone: {
          id: zone.id,
          hazardous: zone.hazardous,
          ppeRequired: zone.ppe_required,
          forbidsPregnancy: zone.forbids_pregnancy,
          capacity: zone.capacity,
          trainingsRequired: zone.trainings_required,
          currentCount: await this.repository.headcountInZone(tx, siteId, zone.id),
        },
        direction: dto.direction,
        at: capturedAt,
        date: localDateIn(timezone, capturedAt),
        declarations: { ppeWorn: declarations.ppeWorn, ...(declarations.pregnant === null ? {} : { pregnant: declarations.pregnant }) },
      });

      const eventId = dto.id ?? randomUUID();
      const childFlag = decision.flags.find((flag) => flag.kind === 'child_labour' && flag.basis === 'registered_birth');
      const proposals = proposeFlagsForGateAttempt({
        id: eventId,
        siteId,
        zoneId: zone.id,
        attemptedAt: capturedAt,
        ageYears: childFlag?.kind === 'child_labour' && childFlag.age !== null ? childFlag.age.years : null,
        apparentMinor: decision.flags.some((flag) => flag.kind === 'child_labour' && flag.basis === 'apparent_age'),
        pregnancyDeclared: decision.flags.some((flag) => flag.kind === 'pregnancy_forbidden_zone'),
        zoneBansPregnantWomen: zone.hazardous || zone.forbids_pregnancy,
      });
      const flags: GateEventFlag[] = [];
      for (const proposal of proposals) {
        const raised = await this.risk.raiseAutomatic(tx.manager, auth, proposal);
        flags.push({ id: raised.id, rule: proposal.sourceRule, category: proposal.category, severity: proposal.severity });
      }
      const inserted = await this.repository.insertEvent(tx, {
        id: eventId,
        siteId,
        zoneId: zone.id,
        minerId: miner?.id ?? null,
        identifiedBy,
        memberNumberEntered: memberNumber,
        direction: dto.direction,
        capturedAt,
        allowed: decision.allowed,
        reasons: decision.reasons,
        warnings: decision.warnings,
        flags,
        declarations,
        unknownPerson: dto.unknownPerson === undefined ? null : { description: dto.unknownPerson.description, apparentMinor: dto.unknownPerson.apparentMinor },
        recordedBy: auth.userId,
      });
      if (!inserted) throw new DomainError('GATE_EVENT_ID_TAKEN', { id: eventId }, 'conflict');
      if (decision.allowed && miner !== null) await this.refreshPresence(tx, siteId, miner.id);
      await this.audit.record(tx, auth, {
        action: 'gate_event.recorded',
        entity: 'gate_event',
        entityId: eventId,
        after: {
          siteId,
          zoneId: zone.id,
          minerId: miner?.id ?? null,
          direction: dto.direction,
          capturedAt: capturedAt.toISOString(),
          allowed: decision.allowed,
          reasons: decision.reasons.map((reason) => reason.code),
          flags: flags.map((flag) => flag.id),
        },
      });
      const row = await this.repository.event(tx, eventId);
      if (row === null) throw new DomainError('NOT_FOUND', {}, 'not_found');
      return answerOf(row, miner?.member_number ?? null, false);
    });
  }

  /** The member's row of gate_presence, folded again from their own events now that one more is recorded. */
  private async refreshPresence(tx: TenantTx, siteId: string, minerId: string): Promise<void> {
    const [present] = foldPresence(await this.repository.memberPresenceEvents(tx, siteId, minerId));
    await this.repository.replaceMemberPresence(tx, siteId, minerId, present ?? null);
  }

  private boundedCaptureTime(value: string, now: Date): Date {
    const capturedAt = new Date(value);
    const latest = new Date(now.getTime() + MAX_AHEAD_MINUTES * MS_PER_MINUTE);
    const earliest = new Date(now.getTime() - MAX_AGE_DAYS * 24 * 60 * MS_PER_MINUTE);
    if (Number.isNaN(capturedAt.getTime()) || capturedAt > latest || capturedAt < earliest) {
      throw new DomainError('CAPTURED_AT_OUT_OF_RANGE', { capturedAt: value, earliest: earliest.toISOString(), latest: latest.toISOString() });
    }
    return capturedAt;
  }

  private async replay(tx: TenantTx, recorded: GateEventRow, siteId: string): Promise<GateAnswer> {
    if (recorded.site_id !== siteId) throw new DomainError('GATE_EVENT_ID_TAKEN', { id: recorded.id }, 'conflict');
    const miners = recorded.miner_id === null ? [] : await this.repository.presentMiners(tx, [recorded.miner_id]);
    return answerOf(recorded, miners[0]?.member_number ?? null, true);
  }

  async listEvents(auth: TenantAuthContext, siteId: string, query: ListGateEventsDto): Promise<GateEventPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    return this.db.tenant(auth, async (tx) => {
      await this.requireSite(tx, siteId);
      const rows = await this.repository.events(tx, siteId, {
        zoneId: query.zoneId,
        allowed: query.allowed === undefined ? undefined : query.allowed === 'true',
        after,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const minerIds = [...new Set(page.map((row) => row.miner_id).filter((id): id is string => id !== null))];
      const numbers = new Map((await this.repository.presentMiners(tx, minerIds)).map((miner) => [miner.id, miner.member_number]));
      const last = page[page.length - 1];
      return {
        items: page.map((row) => answerOf(row, row.miner_id === null ? null : (numbers.get(row.miner_id) ?? null), false)),
        nextCursor: rows.length > limit && last !== undefined ? encodeCursor({ capturedAt: last.captured_at.toISOString(), id: last.id }) : null,
      };
    });
  }

  // ---------------------------------------------------------------- presence

  /** Who is inside now, per zone: the current state the gate keeps, one row per member inside. */
  async presence(auth: TenantAuthContext, siteId: string, now = new Date()): Promise<Presence> {
    return this.db.tenant(auth, (tx) => this.presenceIn(tx, siteId, now));
  }

  private async presenceIn(tx: TenantTx, siteId: string, now: Date): Promise<Presence> {
    {
      const site = await this.requireSite(tx, siteId);
      const zones = await this.repository.zones(tx, siteId);
      const timezone = await this.repository.timezone(tx);
      const rows = await this.repository.presentPeople(tx, siteId);
      const people = new Map(rows.map((row) => [row.miner_id, row]));
      const present: PresentMember[] = rows.map((row) => ({ memberId: row.miner_id, zoneId: row.zone_id, enteredAt: row.entered_at }));
      const personOf = (member: PresentMember): PresentPerson => {
        const miner = people.get(member.memberId);
        return {
          minerId: member.memberId,
          memberNumber: miner?.member_number ?? '',
          firstName: miner?.first_name ?? '',
          middleName: miner?.middle_name ?? null,
          lastName: miner?.last_name ?? '',
          zoneId: member.zoneId,
          enteredAt: member.enteredAt,
        };
      };
      const byZone = presenceByZone(present);
      return {
        siteId,
        siteName: site.name,
        siteCode: site.code,
        timezone,
        asOf: now,
        headcount: present.length,
        closingTime: site.closing_time,
        zones: zones.map((zone) => {
          const people = (byZone.get(zone.id) ?? []).map(personOf);
          return { zoneId: zone.id, name: zone.name, capacity: zone.capacity, count: people.length, people };
        }),
        overstay: this.overstayOf(present, site.closing_time, timezone, now).map((late) => ({
          ...personOf(late),
          minutesOver: late.minutesOver,
          enteredAfterClosing: late.enteredAfterClosing,
        })),
      };
    }
  }

  /**
   * Each person is measured against the closing hour of the day they entered (local date):
   * someone inside since yesterday still shows at 2 a.m., someone who came in this morning
   * does not until today's closing hour.
   */
  private overstayOf(present: readonly PresentMember[], closingTime: string | null, timezone: string, now: Date): ReturnType<typeof overstay> {
    if (closingTime === null) return [];
    const byEntryDate = new Map<string, PresentMember[]>();
    for (const member of present) {
      const date = localDateIn(timezone, member.enteredAt);
      const sameDay = byEntryDate.get(date);
      if (sameDay === undefined) byEntryDate.set(date, [member]);
      else sameDay.push(member);
    }
    return [...byEntryDate.entries()]
      .flatMap(([date, members]) => overstay(members, instantAt(timezone, date, closingTime), now))
      .sort((a, b) => a.enteredAt.getTime() - b.enteredAt.getTime() || (a.memberId < b.memberId ? -1 : 1));
  }

  async musterData(auth: TenantAuthContext, siteId: string, now = new Date()): Promise<Presence & { cooperativeName: string }> {
    return this.db.tenant(auth, async (tx) => ({ ...(await this.presenceIn(tx, siteId, now)), cooperativeName: await this.repository.cooperativeName(tx) }));
  }

  // ---------------------------------------------------------------- lookups

  private async requireSite(tx: TenantTx, siteId: string, lock = false): Promise<SiteRow> {
    const site = await this.repository.site(tx, siteId, lock);
    if (site === null) throw new DomainError('SITE_NOT_FOUND', {}, 'not_found');
    return site;
  }

  private async requireZone(tx: TenantTx, siteId: string, zoneId: string, lock = false): Promise<ZoneRow> {
    const zone = await this.repository.zone(tx, siteId, zoneId, lock);
    if (zone === null) throw new DomainError('ZONE_NOT_FOUND', {}, 'not_found');
    return zone;
  }
}
