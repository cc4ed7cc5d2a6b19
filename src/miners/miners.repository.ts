import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import type { TenantTx } from '../database/tx.js';
import type { CardStatusFilter, MinerFiltersDto } from './dto/list-miners.dto.js';
import type { AgeBand } from './rules/age.js';
import type { MinerCard } from './rules/card-status.js';
import type { MinerIdentity } from './rules/identity.js';
import type { MembershipStatus } from './rules/lifecycle.js';
import { nameTokens } from './rules/names.js';

/** A miners row as the queries below return it: dates as 'YYYY-MM-DD' text. */
export interface MinerRow extends MinerIdentity {
  id: string;
  memberNumber: string;
  membershipDate: string;
  status: MembershipStatus;
  /** The day the record was created, where the cooperative works (ages at registration are judged on it). */
  registeredOn: string;
  hasPhoto: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface CardRow extends MinerCard {
  id: string;
  minerId: string;
  recordedBy: string;
  recordedAt: Date;
}

/** A registry row with its cards, as the list reads them. */
export interface MinerWithCardsRow extends MinerRow {
  cards: CardRow[];
  /** The date the search was made for ('YYYY-MM-DD'). */
  onDate: string;
}

export interface StatusChangeRow {
  id: string;
  fromStatus: MembershipStatus | null;
  toStatus: MembershipStatus;
  reason: string;
  effectiveOn: string;
  decidedBy: string;
  decidedByName: string | null;
  decidedAt: Date;
}

/** An identity correction as stored, with the search keys it changes. */
export interface MinerIdentityRow extends MinerIdentity {
  searchText: string;
  duplicateKey: string;
}

export interface MinerPhotoRow {
  readonly contentType: string;
  readonly content: Buffer;
}

/** A row as json_build_object returns it: timestamps as text. */
export type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };

/** Where a page of the registry list starts: after this last name, first name and id. */
export type MinerPageKey = readonly [lastName: string, firstName: string, id: string];

export const MINER_COLUMNS = `
  m.id, m.member_number AS "memberNumber", m.first_name AS "firstName", m.middle_name AS "middleName", m.last_name AS "lastName", m.sex,
  m.date_of_birth::text AS "dateOfBirth", m.birth_year AS "birthYear", m.birth_date_estimated AS "birthDateEstimated",
  m.place_of_birth AS "placeOfBirth", m.nationality, m.id_document_type AS "idDocumentType", m.id_document_number AS "idDocumentNumber",
  m.phone, m.address, m.home_site_id AS "homeSiteId", m.membership_date::text AS "membershipDate", m.next_of_kin_name AS "nextOfKinName",
  m.next_of_kin_phone AS "nextOfKinPhone", m.status, (m.created_at AT TIME ZONE c.timezone)::date::text AS "registeredOn",
  EXISTS (SELECT 1 FROM miner_photos p WHERE p.cooperative_id = m.cooperative_id AND p.miner_id = m.id) AS "hasPhoto",
  m.created_at AS "createdAt", m.updated_at AS "updatedAt"`;

/** The card that speaks for the miner on a date, as cardApplyingOn (rules/card-status.ts) picks it. */
const APPLYING_CARD = `
  LEFT JOIN LATERAL (
    SELECT k.issued_on, k.expires_on FROM miner_cards k
     WHERE k.cooperative_id = m.cooperative_id AND k.miner_id = m.id
     ORDER BY CASE WHEN k.issued_on <= $2::date AND k.expires_on >= $2::date THEN 0 WHEN k.issued_on <= $2::date THEN 1 ELSE 2 END,
              CASE WHEN k.issued_on <= $2::date THEN k.issued_on END DESC NULLS LAST,
              k.issued_on, k.expires_on DESC, k.recorded_at DESC
     LIMIT 1) card ON true`;

/** The miner's cards in the order they were recorded, as one JSON array (CardRow fields, timestamps as text). */
const CARDS_OF_MINER = `
  (SELECT coalesce(json_agg(json_build_object('id', k.id, 'minerId', k.miner_id, 'cardNumber', k.card_number, 'issuedOn', k.issued_on::text,
                                              'expiresOn', k.expires_on::text, 'recordedBy', k.recorded_by, 'recordedAt', k.recorded_at)
                            ORDER BY k.recorded_at, k.id), '[]'::json)
     FROM miner_cards k WHERE k.cooperative_id = m.cooperative_id AND k.miner_id = m.id)`;

const cardStatusSql = (expiringWithinDays: string): string => `
  CASE WHEN card.issued_on IS NULL THEN 'none'
       WHEN card.issued_on > $2::date THEN 'not_yet_valid'
       WHEN card.expires_on < $2::date THEN 'expired'
       WHEN card.expires_on - $2::date <= ${expiringWithinDays}::int THEN 'expiring'
       ELSE 'valid' END`;

const AGE_SQL = `extract(year FROM age($2::date, COALESCE(m.date_of_birth, make_date(m.birth_year, 12, 31))))::int`;

const AGE_BAND_RANGES: Readonly<Record<AgeBand, readonly [number, number]>> = {
  '<18': [-1000, 17],
  '18-24': [18, 24],
  '25-34': [25, 34],
  '35-44': [35, 44],
  '45-54': [45, 54],
  '55+': [55, 100_000],
};

/** The database's refusals of an erasure, as the domain errors the service already throws. */
function erasureRefusal(error: unknown, minerId: string): unknown {
  const cause = (error as { driverError?: { code?: string; detail?: string } }).driverError ?? (error as { code?: string; detail?: string });
  if (cause.code === 'UE409') return new DomainError('MINER_WAS_A_MEMBER', { minerId }, 'conflict');
  if (cause.code === 'UE410') return new DomainError('MINER_HAS_RECORDS', { kinds: cause.detail ?? '' }, 'conflict');
  // A table added later that points at miners without being listed in miner_record_kinds().
  if (cause.code === '23503') return new DomainError('MINER_HAS_RECORDS', { kinds: 'other' }, 'conflict');
  if (cause.code === 'P0002') return new DomainError('MINER_NOT_FOUND', { minerId }, 'not_found');
  return error;
}

/** Every SQL query of the registry, each named for what it returns. */
@Injectable()
export class MinersRepository {
  async cooperative(tx: TenantTx): Promise<{ name: string; timezone: string }> {
    const [row] = await tx.query<{ name: string; timezone: string }[]>('SELECT name, timezone FROM cooperatives WHERE id = $1', [tx.cooperativeId]);
    if (!row) throw new DomainError('NOT_FOUND', {}, 'not_found');
    return row;
  }

  async findMiner(tx: TenantTx, minerId: string, lock = false): Promise<MinerRow | null> {
    const [row] = await tx.query<MinerRow[]>(
      `SELECT ${MINER_COLUMNS} FROM miners m JOIN cooperatives c ON c.id = m.cooperative_id
        WHERE m.cooperative_id = $1 AND m.id = $2 ${lock ? 'FOR UPDATE OF m' : ''}`,
      [tx.cooperativeId, minerId],
    );
    return row ?? null;
  }

  async minerExists(tx: TenantTx, minerId: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>('SELECT 1 FROM miners WHERE cooperative_id = $1 AND id = $2', [tx.cooperativeId, minerId]);
    return rows.length > 0;
  }

  async memberNumberWithIdDocument(tx: TenantTx, idDocumentNumber: string, exceptMinerId: string | null): Promise<string | null> {
    const [row] = await tx.query<{ member_number: string }[]>(
      `SELECT member_number FROM miners WHERE cooperative_id = $1 AND id_document_number = $2 AND ($3::uuid IS NULL OR id <> $3::uuid)`,
      [tx.cooperativeId, idDocumentNumber, exceptMinerId],
    );
    return row?.member_number ?? null;
  }

  async memberNumberWithCard(tx: TenantTx, cardNumber: string): Promise<string | null> {
    const [row] = await tx.query<{ member_number: string }[]>(
      `SELECT m.member_number FROM miner_cards k JOIN miners m ON m.cooperative_id = k.cooperative_id AND m.id = k.miner_id
        WHERE k.cooperative_id = $1 AND k.card_number = $2`,
      [tx.cooperativeId, cardNumber],
    );
    return row?.member_number ?? null;
  }

  async updateIdentity(tx: TenantTx, minerId: string, identity: MinerIdentityRow): Promise<void> {
    await tx.query(
      `UPDATE miners SET first_name = $3, middle_name = $4, last_name = $5, sex = $6, date_of_birth = $7, birth_year = $8,
              birth_date_estimated = $9, place_of_birth = $10, nationality = $11, id_document_type = $12, id_document_number = $13,
              phone = $14, address = $15, home_site_id = $16, next_of_kin_name = $17, next_of_kin_phone = $18,
              search_text = $19, duplicate_key = $20, updated_at = now()
        WHERE cooperative_id = $1 AND id = $2`,
      [
        tx.cooperativeId, minerId, identity.firstName, identity.middleName, identity.lastName, identity.sex, identity.dateOfBirth,
        identity.birthYear, identity.birthDateEstimated, identity.placeOfBirth, identity.nationality, identity.idDocumentType,
        identity.idDocumentNumber, identity.phone, identity.address, identity.homeSiteId, identity.nextOfKinName,
        identity.nextOfKinPhone, identity.searchText, identity.duplicateKey,
      ],
    );
  }

  async updateStatus(tx: TenantTx, minerId: string, status: MembershipStatus): Promise<void> {
    await tx.query('UPDATE miners SET status = $3, updated_at = now() WHERE cooperative_id = $1 AND id = $2', [tx.cooperativeId, minerId, status]);
  }

  async updateSearchText(tx: TenantTx, minerId: string, searchText: string): Promise<void> {
    await tx.query('UPDATE miners SET search_text = $3, updated_at = now() WHERE cooperative_id = $1 AND id = $2', [tx.cooperativeId, minerId, searchText]);
  }

  async insertStatusChange(
    tx: TenantTx, change: { minerId: string; from: MembershipStatus | null; to: MembershipStatus; reason: string; effectiveOn: string; decidedBy: string },
  ): Promise<string> {
    const [row] = await tx.query<{ id: string }[]>(
      `INSERT INTO miner_status_changes (cooperative_id, miner_id, from_status, to_status, reason, effective_on, decided_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [tx.cooperativeId, change.minerId, change.from, change.to, change.reason, change.effectiveOn, change.decidedBy],
    );
    return row.id;
  }

  async statusHistory(tx: TenantTx, minerId: string): Promise<StatusChangeRow[]> {
    return tx.query<StatusChangeRow[]>(
      `SELECT s.id, s.from_status AS "fromStatus", s.to_status AS "toStatus", s.reason, s.effective_on::text AS "effectiveOn",
              s.decided_by AS "decidedBy", u.name AS "decidedByName", s.decided_at AS "decidedAt"
         FROM miner_status_changes s LEFT JOIN users u ON u.id = s.decided_by
        WHERE s.cooperative_id = $1 AND s.miner_id = $2
        ORDER BY s.decided_at, s.id`,
      [tx.cooperativeId, minerId],
    );
  }

  /** Kinds of records (purchases, gate events, ...) that still point at the miner. */
  async recordKindsReferencing(tx: TenantTx, minerId: string): Promise<string[]> {
    const [row] = await tx.query<{ kinds: string[] }[]>(`SELECT miner_record_kinds($1, $2) AS kinds`, [tx.cooperativeId, minerId]);
    return row.kinds;
  }

  /**
   * Deletes the person's rows and redacts the audit trail about them, through the one
   * database function allowed past the append-only triggers; it re-checks the rules itself.
   */
  async eraseNeverMember(tx: TenantTx, minerId: string): Promise<void> {
    try {
      await tx.query(`SELECT erase_never_member($1, $2)`, [tx.cooperativeId, minerId]);
    } catch (error) {
      throw erasureRefusal(error, minerId);
    }
  }

  /** Every other copy of an erased person: answers kept by the idempotency store (migration h8-personal-data-copies). */
  async eraseCopies(tx: TenantTx, minerId: string): Promise<number> {
    const [row] = await tx.query<{ removed: number }[]>(`SELECT erase_miner_copies($1, $2) AS removed`, [tx.cooperativeId, minerId]);
    return row.removed;
  }

  async insertCard(tx: TenantTx, minerId: string, card: MinerCard, recordedBy: string): Promise<string> {
    const [row] = await tx.query<{ id: string }[]>(
      `INSERT INTO miner_cards (cooperative_id, miner_id, card_number, issued_on, expires_on, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [tx.cooperativeId, minerId, card.cardNumber, card.issuedOn, card.expiresOn, recordedBy],
    );
    return row.id;
  }

  /** Cards of the given miners in the order they were recorded (the rules break ties by it). */
  async cards(tx: TenantTx, minerIds: readonly string[]): Promise<CardRow[]> {
    if (minerIds.length === 0) return [];
    return tx.query<CardRow[]>(
      `SELECT id, miner_id AS "minerId", card_number AS "cardNumber", issued_on::text AS "issuedOn", expires_on::text AS "expiresOn",
              recorded_by AS "recordedBy", recorded_at AS "recordedAt"
         FROM miner_cards WHERE cooperative_id = $1 AND miner_id = ANY ($2::uuid[])
        ORDER BY recorded_at, id`,
      [tx.cooperativeId, minerIds],
    );
  }

  async upsertPhoto(tx: TenantTx, minerId: string, contentType: string, content: Buffer, uploadedBy: string): Promise<void> {
    await tx.query(
      `INSERT INTO miner_photos (cooperative_id, miner_id, content_type, content, uploaded_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (cooperative_id, miner_id)
       DO UPDATE SET content_type = EXCLUDED.content_type, content = EXCLUDED.content, uploaded_by = EXCLUDED.uploaded_by, uploaded_at = now()`,
      [tx.cooperativeId, minerId, contentType, content, uploadedBy],
    );
  }

  async photo(tx: TenantTx, minerId: string): Promise<MinerPhotoRow | null> {
    const [row] = await tx.query<{ content_type: string; content: Buffer }[]>(
      'SELECT content_type, content FROM miner_photos WHERE cooperative_id = $1 AND miner_id = $2',
      [tx.cooperativeId, minerId],
    );
    return row ? { contentType: row.content_type, content: row.content } : null;
  }

  /** Photos of the given miners, by miner id. */
  async photos(tx: TenantTx, minerIds: readonly string[]): Promise<Map<string, MinerPhotoRow>> {
    if (minerIds.length === 0) return new Map();
    const rows = await tx.query<{ miner_id: string; content_type: string; content: Buffer }[]>(
      'SELECT miner_id, content_type, content FROM miner_photos WHERE cooperative_id = $1 AND miner_id = ANY ($2::uuid[])',
      [tx.cooperativeId, minerIds],
    );
    return new Map(rows.map((row) => [row.miner_id, { contentType: row.content_type, content: row.content }]));
  }

  /** Names of the cooperative's sites, by id. */
  async siteNames(tx: TenantTx): Promise<Map<string, string>> {
    const rows = await tx.query<{ id: string; name: string }[]>('SELECT id, name FROM sites WHERE cooperative_id = $1', [tx.cooperativeId]);
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /**
   * Miners matching the filters on `date` (null: today where the cooperative works, which each
   * row then gives as onDate), ordered by last name, first name, id, after the page key when
   * given; `limit` null returns every match (export). Each row carries its cards in the order
   * they were recorded. Without a card filter the page is cut before the cards are
   * looked at, so a search matching thousands reads the cards of one page only.
   */
  async search(
    tx: TenantTx, filters: MinerFiltersDto,
    date: string | null,
    expiringWithinDays: number,
    after: MinerPageKey | null,
    limit: number | null,
  ): Promise<MinerWithCardsRow[]> {
    const params: unknown[] = [tx.cooperativeId, date];
    const where = ['m.cooperative_id = $1'];
    const bind = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filters.status) where.push(`m.status = ${bind(filters.status)}`);
    if (filters.homeSiteId) where.push(`m.home_site_id = ${bind(filters.homeSiteId)}`);
    if (filters.sex) where.push(`m.sex = ${bind(filters.sex)}`);
    const cardFilter = filters.cardStatus ? `(${cardStatusSql(bind(expiringWithinDays))}) = ${bind(filters.cardStatus satisfies CardStatusFilter)}` : null;
    if (filters.ageBand) {
      const [from, to] = AGE_BAND_RANGES[filters.ageBand];
      where.push(`${AGE_SQL} BETWEEN ${bind(from)} AND ${bind(to)}`);
    }
    // The words through miners_matching (migration h7-miner-registry-speed): it can use the trigram
    // index that a LIKE under row-level security cannot, and filters by the cooperative itself. With
    // no other filter it also cuts the page, so that a common name need not be read in full.
    const words = nameTokens(filters.q ?? '');
    const onlyWords = where.length === 1 && cardFilter === null;
    const miners = words.length === 0
      ? 'miners m'
      : `miners_matching($1, ${bind(words)}::text[], ${bind(onlyWords ? (after?.[0] ?? null) : null)}::text, ${bind(onlyWords ? (after?.[1] ?? null) : null)}::text,
                         ${bind(onlyWords ? (after?.[2] ?? null) : null)}::uuid, ${bind(onlyWords ? limit : null)}::integer) m`;
    if (after) where.push(`(m.last_name, m.first_name, m.id) > (${bind(after[0])}, ${bind(after[1])}, ${bind(after[2])}::uuid)`);
    const limitSql = limit === null ? '' : `LIMIT ${bind(limit)}`;
    const order = 'ORDER BY m.last_name, m.first_name, m.id';
    const select = `SELECT ${MINER_COLUMNS}, ${CARDS_OF_MINER} AS cards, (SELECT day FROM d)::text AS "onDate"`;
    const sql = cardFilter === null
      ? `${select} FROM (SELECT m.* FROM ${miners} WHERE ${where.join(' AND ')} ${order} ${limitSql}) m
           JOIN cooperatives c ON c.id = m.cooperative_id ${order}`
      : `${select} FROM ${miners} JOIN cooperatives c ON c.id = m.cooperative_id ${APPLYING_CARD}
          WHERE ${[...where, cardFilter].join(' AND ')} ${order} ${limitSql}`;
    // Every fragment reads the date as $2::date: here it is the date given, or today in the cooperative's time zone.
    const rows = await tx.query<(MinerRow & { cards: Json<CardRow>[]; onDate: string })[]>(
      `WITH d AS (SELECT coalesce($2::date, (now() AT TIME ZONE timezone)::date) AS day FROM cooperatives WHERE id = $1)
       ${sql.replaceAll('$2::date', '(SELECT day FROM d)')}`,
      params,
    );
    return rows.map((row) => ({ ...row, cards: row.cards.map((card) => ({ ...card, recordedAt: new Date(card.recordedAt) })) }));
  }
}
