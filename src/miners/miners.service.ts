import { randomUUID } from 'node:crypto';
import { localDateIn } from '../common/time-zone.js';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.service.js';
import type { TenantScope } from '../database/tenant-scope.js';
import { RiskFlagsService } from '../risk/risk-flags.service.js';
import { minorRegistrationAttempt } from '../risk/rules/auto-rules.js';
import { CardCredentialsRepository } from './card-credentials.repository.js';
import type { ListMinersDto, MinerFiltersDto } from './dto/list-miners.dto.js';
import type { ChangeMinerStatusDto, RenewCardDto } from './dto/miner-actions.dto.js';
import type { RegisterMinerDto, UpdateMinerDto } from './dto/register-miner.dto.js';
import { type CardRow, type MinerIdentityRow, type MinerRow, MinersRepository, type PageKey, type StatusChangeRow } from './miners.repository.js';
import { ADULT_AGE, ageBandOn, ageOn, type AgeBand, type Birth } from './rules/age.js';
import { assertIsoDate } from './rules/calendar.js';
import { assertCardDates, type CardStatus, cardStatusOn, DEFAULT_EXPIRING_WITHIN_DAYS, defaultCardExpiry, type MinerCard } from './rules/card-status.js';
import type { Certification } from './rules/certifications.js';
import { wasEverMember } from './rules/erasure.js';
import { assertTransition, type MembershipStatus } from './rules/lifecycle.js';
import { formatMemberNumber } from './rules/member-number.js';
import { likelyDuplicateKey, nameTokens, normaliseName } from './rules/names.js';
import { memberPrefix, normaliseIdDocumentNumber } from './registry-keys.js';
import { changedFieldNames, registrationAudit } from './personal-audit.js';
import type { SaemapeForm, SaemapeHeader } from './saemape-form.pdf.js';
import { certificationsOfMember } from './trainings/trainings.service.js';
import { assertSiteReference } from '../sites/site-reference.js';

export interface MinerSummary {
  id: string;
  memberNumber: string;
  firstName: string;
  middleName: string | null;
  lastName: string;
  sex: 'F' | 'M';
  dateOfBirth: string | null;
  birthYear: number | null;
  birthDateEstimated: boolean;
  ageBand: AgeBand | null;
  status: MembershipStatus;
  homeSiteId: string | null;
  membershipDate: string;
  phone: string | null;
  hasPhoto: boolean;
  cardNumber: string | null;
  cardIssuedOn: string | null;
  cardExpiresOn: string | null;
  cardStatus: CardStatus;
}

export interface PersonalDataExport {
  readonly exportedAt: string;
  readonly cooperative: { readonly id: string; readonly name: string };
  readonly person: MinerDetail;
  readonly photo: { readonly contentType: string; readonly bytes: number } | null;
  readonly auditTrail: readonly { id: string; action: string; actorUserId: string | null; at: Date; before: unknown; after: unknown }[];
}

export interface MinerDetail extends MinerSummary {
  placeOfBirth: string | null;
  nationality: string;
  idDocumentType: string;
  idDocumentNumber: string;
  address: string | null;
  nextOfKinName: string | null;
  nextOfKinPhone: string | null;
  cardStatusOn: string;
  cardDaysUntilExpiry: number | null;
  cards: { id: string; cardNumber: string; cardIssuedOn: string; cardExpiresOn: string; recordedBy: string; recordedAt: Date }[];
  statusHistory: StatusChangeRow[];
  /** One per topic attended, valued on `cardStatusOn`. */
  certifications: Certification[];
  createdAt: Date;
  updatedAt: Date;
}

export interface MinerPage {
  items: MinerSummary[];
  nextCursor: string | null;
}

export interface CardPrint {
  miner: MinerDetail;
  cooperativeName: string;
  photo: { contentType: string; content: Buffer } | null;
  token: string;
  printedOn: string;
}

const DEFAULT_PAGE_SIZE = 50;
const SAEMAPE_PAGE_SIZE = 100;
const REQUIRED_IDENTITY_FIELDS = ['firstName', 'lastName', 'sex', 'idDocumentType', 'idDocumentNumber', 'nationality'] as const;

function birthOf(input: { dateOfBirth?: string | null; birthYear?: number | null; birthDateEstimated?: boolean | null }): Birth {
  if (input.birthDateEstimated === true) {
    if (input.birthYear === undefined || input.birthYear === null || input.dateOfBirth) throw new DomainError('BIRTH_INVALID', {});
    return { estimated: true, year: input.birthYear };
  }
  if (!input.dateOfBirth || (input.birthYear !== undefined && input.birthYear !== null)) throw new DomainError('BIRTH_INVALID', {});
  return { estimated: false, date: assertIsoDate(input.dateOfBirth) };
}

function birthColumns(birth: Birth): { dateOfBirth: string | null; birthYear: number | null; birthDateEstimated: boolean } {
  return birth.estimated
    ? { dateOfBirth: null, birthYear: birth.year, birthDateEstimated: true }
    : { dateOfBirth: birth.date, birthYear: null, birthDateEstimated: false };
}

function birthOfRow(row: MinerRow): Birth {
  return row.birth_date_estimated && row.birth_year !== null ? { estimated: true, year: row.birth_year } : { estimated: false, date: row.date_of_birth ?? '' };
}

function searchTextOf(parts: ReadonlyArray<string | null>): string {
  return normaliseName(parts.filter((part): part is string => part !== null).join(' '));
}

function cardDates(cardNumber: string, issuedOn: string, expiresOn: string | undefined): MinerCard {
  assertIsoDate(issuedOn);
  return assertCardDates({ cardNumber: cardNumber.trim(), issuedOn, expiresOn: expiresOn === undefined ? defaultCardExpiry(issuedOn) : assertIsoDate(expiresOn) });
}

/** The words of a search that could match an ID number: those with a digit (names have none). */
function idNumberWords(q: string | undefined): string[] {
  return nameTokens(q ?? '').filter((word) => /\d/.test(word));
}

function foundByIdNumber(idDocumentNumber: string, words: readonly string[]): boolean {
  const tokens = nameTokens(idDocumentNumber);
  return words.some((word) => tokens.some((token) => token.startsWith(word)));
}

function encodeCursor(key: PageKey): string {
  return Buffer.from(JSON.stringify([key.lastName, key.firstName, key.id])).toString('base64url');
}

function decodeCursor(cursor: string): PageKey {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 3 && parsed.every((part) => typeof part === 'string')) {
      const [lastName, firstName, id] = parsed;
      if (/^[0-9a-f-]{36}$/i.test(id)) return { lastName, firstName, id };
    }
  } catch {
    // falls through to the refusal below
  }
  throw new DomainError('CURSOR_INVALID', {}, 'bad_request');
}

const PHOTO_SIGNATURES: ReadonlyArray<{ contentType: 'image/jpeg' | 'image/png'; magic: Buffer }> = [
  { contentType: 'image/jpeg', magic: Buffer.from([0xff, 0xd8, 0xff]) },
  { contentType: 'image/png', magic: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
];
export const MAX_PHOTO_BYTES = 1024 * 1024;

@Injectable()
export class MinersService {
  constructor(
    private readonly db: Db,
    private readonly repository: MinersRepository,
    private readonly audit: AuditService,
    private readonly risk: RiskFlagsService,
    private readonly credentials: CardCredentialsRepository,
  ) {}

  async register(auth: TenantAuthContext, dto: RegisterMinerDto): Promise<MinerDetail> {
    const birth = birthOf(dto);
    const cooperative = await this.db.inScope(auth.scope, async (tx) => {
      await assertSiteReference(tx, auth.cooperativeId, dto.homeSiteId, 'homeSiteId');
      return this.repository.cooperative(tx, auth.cooperativeId);
    });
    const today = localDateIn(cooperative.timezone);
    const age = ageOn(birth, today);
    if (age.years < ADULT_AGE) await this.refuseMinor(auth, dto, birth, age.years);

    const minerId = await this.db.inScope(auth.scope, async (tx) => {
      const id = dto.id ?? randomUUID();
      if (await this.repository.minerExists(tx, auth.cooperativeId, id)) throw new DomainError('MINER_ID_TAKEN', { id }, 'conflict');
      const idDocumentNumber = normaliseIdDocumentNumber(dto.idDocumentNumber);
      await this.assertIdDocumentFree(tx, auth.cooperativeId, idDocumentNumber, null);
      const duplicateKey = likelyDuplicateKey(dto.firstName, dto.middleName, dto.lastName, birth);
      if (dto.confirmNotDuplicate !== true) {
        const candidates = await this.repository.memberNumbersWithDuplicateKey(tx, auth.cooperativeId, duplicateKey);
        if (candidates.length > 0) throw new DomainError('LIKELY_DUPLICATE', { memberNumbers: candidates }, 'conflict');
      }
      const card = this.cardOfRegistration(dto);
      if (card) await this.assertCardNumberFree(tx, auth.cooperativeId, card.cardNumber);
      const membershipDate = dto.membershipDate === undefined ? today : assertIsoDate(dto.membershipDate);
      const sequence = await this.repository.nextMemberSequence(tx, auth.cooperativeId);
      const memberNumber = formatMemberNumber(memberPrefix(cooperative.name), Number(membershipDate.slice(0, 4)), sequence);
      const status: MembershipStatus = dto.status ?? 'applicant';
      const row = {
        id,
        cooperativeId: auth.cooperativeId,
        memberNumber,
        firstName: dto.firstName.trim(),
        middleName: dto.middleName?.trim() ?? null,
        lastName: dto.lastName.trim(),
        sex: dto.sex,
        ...birthColumns(birth),
        placeOfBirth: dto.placeOfBirth ?? null,
        nationality: (dto.nationality ?? 'CD').toUpperCase(),
        idDocumentType: dto.idDocumentType,
        idDocumentNumber,
        phone: dto.phone ?? null,
        address: dto.address ?? null,
        homeSiteId: dto.homeSiteId ?? null,
        membershipDate,
        nextOfKinName: dto.nextOfKinName ?? null,
        nextOfKinPhone: dto.nextOfKinPhone ?? null,
        status,
        searchText: searchTextOf([dto.firstName, dto.middleName ?? null, dto.lastName, memberNumber, idDocumentNumber, card?.cardNumber ?? null]),
        duplicateKey,
        createdBy: auth.userId,
      };
      await this.repository.insertMiner(tx, row);
      await this.repository.insertStatusChange(tx, auth.cooperativeId, { minerId: id, from: null, to: status, reason: 'registration', effectiveOn: membershipDate, decidedBy: auth.userId });
      if (card) await this.repository.insertCard(tx, auth.cooperativeId, id, card, auth.userId);
      const { searchText: _searchText, duplicateKey: _duplicateKey, id: _id, cooperativeId: _cooperativeId, createdBy: _createdBy, ...audited } = row;
      await this.audit.record(tx, auth, { action: 'miner.registered', entity: 'miner', entityId: id, after: registrationAudit(audited, card) });
      return id;
    });
    return this.db.inScope(auth.scope, (tx) => this.detail(tx, auth.cooperativeId, minerId, today));
  }

  /**
   * The refusal is kept even though the request fails: the attempt row and the child-labour
   * flag commit in their own transaction before the error is thrown.
   */
  private async refuseMinor(auth: TenantAuthContext, dto: RegisterMinerDto, birth: Birth, ageYears: number): Promise<never> {
    const flagId = await this.db.inScope(auth.scope, async (tx) => {
      const attempt = await this.repository.insertRegistrationAttempt(tx, auth.cooperativeId, {
        firstName: dto.firstName,
        middleName: dto.middleName ?? null,
        lastName: dto.lastName,
        sex: dto.sex,
        ...birthColumns(birth),
        ageYears,
        homeSiteId: dto.homeSiteId ?? null,
        attemptedBy: auth.userId,
      });
      const proposed = minorRegistrationAttempt({ id: attempt.id, siteId: dto.homeSiteId ?? null, attemptedAt: attempt.attemptedAt, ageYears });
      const flag = proposed ? await this.risk.raiseAutomatic(tx, auth, proposed) : null;
      await this.audit.record(tx, auth, {
        action: 'miner.registration_refused',
        entity: 'miner_registration_attempt',
        entityId: attempt.id,
        after: { reason: 'MINER_UNDER_18', ageYears, riskFlagId: flag?.id ?? null },
      });
      return flag?.id ?? null;
    });
    throw new DomainError('MINER_UNDER_18', { ageYears, minimumAge: ADULT_AGE, riskFlagId: flagId });
  }

  private cardOfRegistration(dto: RegisterMinerDto): MinerCard | null {
    if (dto.cardNumber === undefined) {
      if (dto.cardIssuedOn !== undefined || dto.cardExpiresOn !== undefined) throw new DomainError('CARD_NUMBER_REQUIRED', {});
      return null;
    }
    if (dto.cardIssuedOn === undefined) throw new DomainError('CARD_ISSUE_DATE_REQUIRED', { cardNumber: dto.cardNumber });
    return cardDates(dto.cardNumber, dto.cardIssuedOn, dto.cardExpiresOn);
  }

  private async assertIdDocumentFree(tx: EntityManager, cooperativeId: string, idDocumentNumber: string, exceptMinerId: string | null): Promise<void> {
    const holder = await this.repository.memberNumberWithIdDocument(tx, cooperativeId, idDocumentNumber, exceptMinerId);
    if (holder !== null) throw new DomainError('ID_DOCUMENT_ALREADY_REGISTERED', { memberNumber: holder }, 'conflict');
  }

  private async assertCardNumberFree(tx: EntityManager, cooperativeId: string, cardNumber: string): Promise<void> {
    const holder = await this.repository.memberNumberWithCard(tx, cooperativeId, cardNumber);
    if (holder !== null) throw new DomainError('CARD_NUMBER_TAKEN', { cardNumber, memberNumber: holder }, 'conflict');
  }

  private async requireMiner(tx: EntityManager, cooperativeId: string, minerId: string, lock = false): Promise<MinerRow> {
    const row = await this.repository.findMiner(tx, cooperativeId, minerId, lock);
    if (!row) throw new DomainError('MINER_NOT_FOUND', { minerId }, 'not_found');
    return row;
  }

  /**
   * The full record holds the ID document number, personal data whose every read is kept in
   * the audit trail. Auditors and supervisors only read, so their transaction is read-only;
   * this one writes the audit row and nothing else.
   */
  private personalDataScope(auth: TenantAuthContext): TenantScope {
    return { ...auth.scope, readOnly: false };
  }

  async get(auth: TenantAuthContext, minerId: string, on: string | undefined): Promise<MinerDetail> {
    return this.db.inScope(this.personalDataScope(auth), async (tx) => {
      const cooperative = await this.repository.cooperative(tx, auth.cooperativeId);
      const detail = await this.detail(tx, auth.cooperativeId, minerId, on === undefined ? localDateIn(cooperative.timezone) : assertIsoDate(on));
      await this.audit.record(tx, auth, { action: 'read_personal_data', entity: 'miner', entityId: minerId, after: { fields: ['idDocumentNumber'] } });
      return detail;
    });
  }

  /** The full record inside the caller's transaction; the caller audits the read. */
  detailIn(tx: EntityManager, cooperativeId: string, minerId: string, date: string): Promise<MinerDetail> {
    return this.detail(tx, cooperativeId, minerId, date);
  }

  private async detail(tx: EntityManager, cooperativeId: string, minerId: string, date: string): Promise<MinerDetail> {
    const row = await this.requireMiner(tx, cooperativeId, minerId);
    const cards = await this.repository.cards(tx, cooperativeId, [minerId]);
    const history = await this.repository.statusHistory(tx, cooperativeId, minerId);
    const standing = cardStatusOn(cards, date);
    return {
      ...this.summary(row, cards, date),
      placeOfBirth: row.place_of_birth,
      nationality: row.nationality,
      idDocumentType: row.id_document_type,
      idDocumentNumber: row.id_document_number,
      address: row.address,
      nextOfKinName: row.next_of_kin_name,
      nextOfKinPhone: row.next_of_kin_phone,
      cardStatusOn: date,
      cardDaysUntilExpiry: standing.daysUntilExpiry,
      cards: cards.map((card) => ({
        id: card.id,
        cardNumber: card.cardNumber,
        cardIssuedOn: card.issuedOn,
        cardExpiresOn: card.expiresOn,
        recordedBy: card.recordedBy,
        recordedAt: card.recordedAt,
      })),
      statusHistory: history,
      certifications: (await certificationsOfMember(tx, cooperativeId, minerId, date)).certifications,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  private summary(row: MinerRow, cards: readonly CardRow[], date: string): MinerSummary {
    const standing = cardStatusOn(cards, date);
    let ageBand: AgeBand | null = null;
    try {
      ageBand = ageBandOn(birthOfRow(row), date);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
    return {
      id: row.id,
      memberNumber: row.member_number,
      firstName: row.first_name,
      middleName: row.middle_name,
      lastName: row.last_name,
      sex: row.sex,
      dateOfBirth: row.date_of_birth,
      birthYear: row.birth_year,
      birthDateEstimated: row.birth_date_estimated,
      ageBand,
      status: row.status,
      homeSiteId: row.home_site_id,
      membershipDate: row.membership_date,
      phone: row.phone,
      hasPhoto: row.has_photo,
      cardNumber: standing.card?.cardNumber ?? null,
      cardIssuedOn: standing.card?.issuedOn ?? null,
      cardExpiresOn: standing.card?.expiresOn ?? null,
      cardStatus: standing.status,
    };
  }

  async list(auth: TenantAuthContext, query: ListMinersDto): Promise<MinerPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
    const byIdNumber = idNumberWords(query.q);
    return this.db.inScope(byIdNumber.length > 0 ? this.personalDataScope(auth) : auth.scope, async (tx) => {
      const today = localDateIn((await this.repository.cooperative(tx, auth.cooperativeId)).timezone);
      const rows = await this.repository.search(tx, auth.cooperativeId, query, today, DEFAULT_EXPIRING_WITHIN_DAYS, after, limit + 1);
      const page = rows.slice(0, limit);
      // Finding someone by their ID number is a read of it: audited, without the number searched.
      for (const row of page.filter((candidate) => foundByIdNumber(candidate.id_document_number, byIdNumber))) {
        await this.audit.record(tx, auth, { action: 'read_personal_data', entity: 'miner', entityId: row.id, after: { fields: ['idDocumentNumber'], via: 'search' } });
      }
      const items = await this.summaries(tx, auth.cooperativeId, page, today);
      const last = page.at(-1);
      const nextCursor = rows.length > limit && last ? encodeCursor({ lastName: last.last_name, firstName: last.first_name, id: last.id }) : null;
      return { items, nextCursor };
    });
  }

  async exportRows(auth: TenantAuthContext, filters: MinerFiltersDto): Promise<MinerSummary[]> {
    return this.db.inScope(auth.scope, async (tx) => {
      const today = localDateIn((await this.repository.cooperative(tx, auth.cooperativeId)).timezone);
      const rows = await this.repository.search(tx, auth.cooperativeId, filters, today, DEFAULT_EXPIRING_WITHIN_DAYS, null, null);
      return this.summaries(tx, auth.cooperativeId, rows, today);
    });
  }

  private async summaries(tx: EntityManager, cooperativeId: string, rows: readonly MinerRow[], date: string): Promise<MinerSummary[]> {
    const cards = await this.repository.cards(tx, cooperativeId, rows.map((row) => row.id));
    return rows.map((row) => this.summary(row, cards.filter((card) => card.minerId === row.id), date));
  }

  async update(auth: TenantAuthContext, minerId: string, dto: UpdateMinerDto): Promise<MinerDetail> {
    for (const field of REQUIRED_IDENTITY_FIELDS) {
      if (Object.hasOwn(dto, field) && dto[field] === null) throw new DomainError('FIELD_REQUIRED', { field });
    }
    return this.db.inScope(auth.scope, async (tx) => {
      const cooperative = await this.repository.cooperative(tx, auth.cooperativeId);
      const row = await this.requireMiner(tx, auth.cooperativeId, minerId, true);
      await assertSiteReference(tx, auth.cooperativeId, dto.homeSiteId, 'homeSiteId');
      const touchesBirth = dto.dateOfBirth !== undefined || dto.birthYear !== undefined || dto.birthDateEstimated !== undefined;
      const birth = touchesBirth ? birthOf(dto) : birthOfRow(row);
      if (touchesBirth && ageOn(birth, row.registered_on).years < ADULT_AGE) {
        throw new DomainError('MINER_UNDER_18', { ageYears: ageOn(birth, row.registered_on).years, minimumAge: ADULT_AGE, riskFlagId: null });
      }
      const before = this.identityOf(row);
      const pick = <K extends keyof UpdateMinerDto>(key: K, current: string | null): string | null => {
        const value = dto[key];
        return value === undefined ? current : (value as string | null);
      };
      const idDocumentNumber = dto.idDocumentNumber ? normaliseIdDocumentNumber(dto.idDocumentNumber) : row.id_document_number;
      if (idDocumentNumber !== row.id_document_number) await this.assertIdDocumentFree(tx, auth.cooperativeId, idDocumentNumber, minerId);
      const firstName = pick('firstName', row.first_name) ?? row.first_name;
      const middleName = pick('middleName', row.middle_name);
      const lastName = pick('lastName', row.last_name) ?? row.last_name;
      const cards = await this.repository.cards(tx, auth.cooperativeId, [minerId]);
      const identity: MinerIdentityRow = {
        firstName,
        middleName,
        lastName,
        sex: dto.sex ?? row.sex,
        ...birthColumns(birth),
        placeOfBirth: pick('placeOfBirth', row.place_of_birth),
        nationality: (dto.nationality ?? row.nationality).toUpperCase(),
        idDocumentType: dto.idDocumentType ?? row.id_document_type,
        idDocumentNumber,
        phone: pick('phone', row.phone),
        address: pick('address', row.address),
        homeSiteId: pick('homeSiteId', row.home_site_id),
        nextOfKinName: pick('nextOfKinName', row.next_of_kin_name),
        nextOfKinPhone: pick('nextOfKinPhone', row.next_of_kin_phone),
        searchText: searchTextOf([firstName, middleName, lastName, row.member_number, idDocumentNumber, ...cards.map((card) => card.cardNumber)]),
        duplicateKey: likelyDuplicateKey(firstName, middleName, lastName, birth),
      };
      await this.repository.updateIdentity(tx, auth.cooperativeId, minerId, identity);
      const { searchText: _searchText, duplicateKey: _duplicateKey, ...after } = identity;
      await this.audit.record(tx, auth, { action: 'miner.updated', entity: 'miner', entityId: minerId, after: { changed: changedFieldNames(before, after) } });
      return this.detail(tx, auth.cooperativeId, minerId, localDateIn(cooperative.timezone));
    });
  }

  private identityOf(row: MinerRow): Record<string, unknown> {
    return {
      firstName: row.first_name,
      middleName: row.middle_name,
      lastName: row.last_name,
      sex: row.sex,
      dateOfBirth: row.date_of_birth,
      birthYear: row.birth_year,
      birthDateEstimated: row.birth_date_estimated,
      placeOfBirth: row.place_of_birth,
      nationality: row.nationality,
      idDocumentType: row.id_document_type,
      idDocumentNumber: row.id_document_number,
      phone: row.phone,
      address: row.address,
      homeSiteId: row.home_site_id,
      nextOfKinName: row.next_of_kin_name,
      nextOfKinPhone: row.next_of_kin_phone,
    };
  }

  async changeStatus(auth: TenantAuthContext, minerId: string, dto: ChangeMinerStatusDto): Promise<MinerDetail> {
    return this.db.inScope(auth.scope, async (tx) => {
      const today = localDateIn((await this.repository.cooperative(tx, auth.cooperativeId)).timezone);
      const row = await this.requireMiner(tx, auth.cooperativeId, minerId, true);
      assertTransition(row.status, dto.to, dto.reason);
      const effectiveOn = dto.effectiveOn === undefined ? today : assertIsoDate(dto.effectiveOn);
      const changeId = await this.repository.insertStatusChange(tx, auth.cooperativeId, {
        minerId,
        from: row.status,
        to: dto.to,
        reason: dto.reason.trim(),
        effectiveOn,
        decidedBy: auth.userId,
      });
      await this.repository.updateStatus(tx, auth.cooperativeId, minerId, dto.to);
      await this.audit.record(tx, auth, {
        action: 'miner.status_changed',
        entity: 'miner',
        entityId: minerId,
        before: { status: row.status },
        after: { status: dto.to, reason: dto.reason.trim(), effectiveOn, statusChangeId: changeId },
      });
      return this.detail(tx, auth.cooperativeId, minerId, today);
    });
  }

  async renewCard(auth: TenantAuthContext, minerId: string, dto: RenewCardDto): Promise<MinerDetail> {
    return this.db.inScope(auth.scope, async (tx) => {
      const today = localDateIn((await this.repository.cooperative(tx, auth.cooperativeId)).timezone);
      const row = await this.requireMiner(tx, auth.cooperativeId, minerId, true);
      if (row.status === 'exited') throw new DomainError('MINER_EXITED', { memberNumber: row.member_number }, 'conflict');
      const card = cardDates(dto.cardNumber, dto.cardIssuedOn, dto.cardExpiresOn);
      await this.assertCardNumberFree(tx, auth.cooperativeId, card.cardNumber);
      const previous = await this.repository.cards(tx, auth.cooperativeId, [minerId]);
      const cardId = await this.repository.insertCard(tx, auth.cooperativeId, minerId, card, auth.userId);
      await this.repository.updateSearchText(
        tx,
        auth.cooperativeId,
        minerId,
        searchTextOf([row.first_name, row.middle_name, row.last_name, row.member_number, row.id_document_number, ...previous.map((c) => c.cardNumber), card.cardNumber]),
      );
      const before = cardStatusOn(previous, today).card;
      // The printed member card showed the old card: its QR token is refused until a reprint.
      await this.credentials.revokeAll(tx, auth.cooperativeId, minerId, 'renewed', auth.userId);
      await this.audit.record(tx, auth, { action: 'miner.card_recorded', entity: 'miner', entityId: minerId, before: { card: before }, after: { card, cardId, memberCardTokensRevoked: true } });
      return this.detail(tx, auth.cooperativeId, minerId, today);
    });
  }

  async uploadPhoto(auth: TenantAuthContext, minerId: string, contentType: string | undefined, body: unknown): Promise<void> {
    if (!Buffer.isBuffer(body) || body.length === 0) throw new DomainError('PHOTO_REQUIRED', {}, 'bad_request');
    if (body.length > MAX_PHOTO_BYTES) throw new DomainError('PHOTO_TOO_LARGE', { maxBytes: MAX_PHOTO_BYTES });
    const declared = (contentType ?? '').split(';')[0].trim().toLowerCase();
    const signature = PHOTO_SIGNATURES.find((candidate) => candidate.contentType === declared);
    if (!signature || !body.subarray(0, signature.magic.length).equals(signature.magic)) {
      throw new DomainError('PHOTO_FORMAT_INVALID', { contentType: declared });
    }
    await this.db.inScope(auth.scope, async (tx) => {
      await this.requireMiner(tx, auth.cooperativeId, minerId, true);
      await this.repository.upsertPhoto(tx, auth.cooperativeId, minerId, signature.contentType, body, auth.userId);
      await this.audit.record(tx, auth, { action: 'miner.photo_uploaded', entity: 'miner', entityId: minerId, after: { contentType: signature.contentType, bytes: body.length } });
    });
  }

  async photo(auth: TenantAuthContext, minerId: string): Promise<{ contentType: string; content: Buffer }> {
    return this.db.inScope(this.personalDataScope(auth), async (tx) => {
      await this.requireMiner(tx, auth.cooperativeId, minerId);
      const photo = await this.repository.photo(tx, auth.cooperativeId, minerId);
      if (!photo) throw new DomainError('PHOTO_NOT_FOUND', { minerId }, 'not_found');
      await this.audit.record(tx, auth, { action: 'read_personal_data', entity: 'miner', entityId: minerId, after: { fields: ['photo'] } });
      return photo;
    });
  }

  /**
   * Everything held about one person, for an admin answering that person's request: the
   * record, cards, status history, photo metadata, registration attempts under the same
   * identity document, and the audit trail about them. The export itself is audited.
   */
  async personalData(auth: TenantAuthContext, minerId: string): Promise<PersonalDataExport> {
    return this.db.inScope(auth.scope, async (tx) => {
      const cooperative = await this.repository.cooperative(tx, auth.cooperativeId);
      const record = await this.detail(tx, auth.cooperativeId, minerId, localDateIn(cooperative.timezone));
      const photo = await this.repository.photo(tx, auth.cooperativeId, minerId);
      const trail = await this.audit.list(tx, auth.cooperativeId, { entity: 'miner', entityId: minerId, limit: 10_000 });
      await this.audit.record(tx, auth, { action: 'export_personal_data', entity: 'miner', entityId: minerId, after: { format: 'json' } });
      return {
        exportedAt: new Date().toISOString(),
        cooperative: { id: auth.cooperativeId, name: cooperative.name },
        person: record,
        photo: photo ? { contentType: photo.contentType, bytes: photo.content.length } : null,
        auditTrail: trail.map(({ id, action, actorUserId, at, before, after }) => ({ id, action, actorUserId, at, before, after })),
      };
    });
  }

  /**
   * Erases a person who never became a member, at their request: the record, photo, cards
   * and status history go, and the audit trail about them keeps only that they were erased.
   * Anyone a purchase, gate event, savings group, assembly or risk flag still points at is
   * kept. The rules are checked here for clear errors and again by the database function.
   */
  async erase(auth: TenantAuthContext, minerId: string): Promise<void> {
    await this.db.inScope(auth.scope, async (tx) => {
      const row = await this.requireMiner(tx, auth.cooperativeId, minerId, true);
      if (wasEverMember(row.status, await this.repository.statusHistory(tx, auth.cooperativeId, minerId))) {
        throw new DomainError('MINER_WAS_A_MEMBER', { minerId }, 'conflict');
      }
      const kinds = await this.repository.recordKindsReferencing(tx, auth.cooperativeId, minerId);
      if (kinds.length > 0) throw new DomainError('MINER_HAS_RECORDS', { kinds: kinds.join(',') }, 'conflict');
      await this.credentials.erase(tx, auth.cooperativeId, minerId);
      await this.repository.eraseNeverMember(tx, auth.cooperativeId, minerId);
      await this.repository.eraseCopies(tx, auth.cooperativeId, minerId);
      await this.audit.record(tx, auth, { action: 'erase_personal_data', entity: 'miner', entityId: minerId, after: { erased: true } });
    });
  }

  /** One miner's SAEMAPE identification form; it shows the ID document and photo, so the read is audited. */
  async saemapeForm(auth: TenantAuthContext, minerId: string): Promise<{ header: SaemapeHeader; form: SaemapeForm }> {
    return this.db.inScope(this.personalDataScope(auth), async (tx) => {
      const cooperative = await this.repository.cooperative(tx, auth.cooperativeId);
      const printedOn = localDateIn(cooperative.timezone);
      const [form] = await this.saemapeFormsOf(tx, auth, [await this.requireMiner(tx, auth.cooperativeId, minerId)], printedOn);
      return { header: { cooperativeName: cooperative.name, printedOn }, form };
    });
  }

  /**
   * The forms of every miner matching the filters, in list order, read page by page (each
   * page its own transaction) so that memory stays flat however many members there are.
   * The first page is read before this returns: a refusal comes before any byte is sent.
   */
  async saemapeForms(auth: TenantAuthContext, filters: MinerFiltersDto): Promise<{ header: SaemapeHeader; pages: AsyncIterable<SaemapeForm[]> }> {
    const readPage = (after: PageKey | null, printedOn: string | null) =>
      this.db.inScope(this.personalDataScope(auth), async (tx) => {
        const cooperative = await this.repository.cooperative(tx, auth.cooperativeId);
        const date = printedOn ?? localDateIn(cooperative.timezone);
        const rows = await this.repository.search(tx, auth.cooperativeId, filters, date, DEFAULT_EXPIRING_WITHIN_DAYS, after, SAEMAPE_PAGE_SIZE + 1);
        const page = rows.slice(0, SAEMAPE_PAGE_SIZE);
        const last = page.at(-1);
        const next = rows.length > SAEMAPE_PAGE_SIZE && last ? { lastName: last.last_name, firstName: last.first_name, id: last.id } : null;
        return { header: { cooperativeName: cooperative.name, printedOn: date }, forms: await this.saemapeFormsOf(tx, auth, page, date), next };
      });
    const first = await readPage(null, null);
    async function* pages(): AsyncGenerator<SaemapeForm[]> {
      let current = first;
      yield current.forms;
      while (current.next !== null) {
        current = await readPage(current.next, first.header.printedOn);
        yield current.forms;
      }
    }
    return { header: first.header, pages: pages() };
  }

  private async saemapeFormsOf(tx: EntityManager, auth: TenantAuthContext, rows: readonly MinerRow[], date: string): Promise<SaemapeForm[]> {
    const ids = rows.map((row) => row.id);
    const [cards, photos, sites] = [await this.repository.cards(tx, auth.cooperativeId, ids), await this.repository.photos(tx, auth.cooperativeId, ids), await this.repository.siteNames(tx, auth.cooperativeId)];
    const forms: SaemapeForm[] = [];
    for (const row of rows) {
      const summary = this.summary(row, cards.filter((card) => card.minerId === row.id), date);
      await this.audit.record(tx, auth, { action: 'read_personal_data', entity: 'miner', entityId: row.id, after: { fields: ['saemape.pdf'] } });
      forms.push({
        ...summary,
        placeOfBirth: row.place_of_birth,
        nationality: row.nationality,
        idDocumentType: row.id_document_type,
        idDocumentNumber: row.id_document_number,
        address: row.address,
        siteName: row.home_site_id === null ? null : (sites.get(row.home_site_id) ?? null),
        photo: photos.get(row.id)?.content ?? null,
      });
    }
    return forms;
  }
}
