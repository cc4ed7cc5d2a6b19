import { Injectable } from '@nestjs/common';
import type { NewAuditEntry } from '../audit/audit.repository.js';
import { DomainError } from '../common/domain-error.js';
import type { TenantTx } from '../database/tx.js';
import type { MinerCard } from './rules/card-status.js';
import type { MinerIdentity } from './rules/identity.js';
import type { MembershipStatus } from './rules/lifecycle.js';
import { type CardRow, type Json, MINER_COLUMNS, type MinerRow, type StatusChangeRow } from './miners.repository.js';

/** What a registration looks up before it writes; null where the registration has none. */
export interface RegistrationCheck {
  readonly id: string;
  readonly homeSiteId: string | null;
  readonly idDocumentNumber: string;
  /** Null when the officer has confirmed the person is not a duplicate. */
  readonly duplicateKey: string | null;
  readonly cardNumber: string | null;
  readonly userId: string;
}

export interface RegistrationFacts {
  readonly name: string;
  readonly timezone: string;
  readonly homeSiteKnown: boolean;
  readonly idTaken: boolean;
  readonly idDocumentHolder: string | null;
  readonly likelyDuplicates: string[];
  readonly cardHolder: string | null;
  readonly userName: string | null;
}

/** A registration as written: the row but its member number, which the insert allocates. */
export interface RegisteredMiner extends MinerIdentity {
  readonly id: string;
  readonly memberPrefix: string;
  readonly memberYear: number;
  readonly membershipDate: string;
  readonly status: MembershipStatus;
  /** The search text's words before and after the member number (rules/search-text.ts searchTextParts). */
  readonly searchText: { readonly before: string; readonly after: string };
  readonly duplicateKey: string;
  readonly card: MinerCard | null;
  readonly createdBy: string;
  readonly createdByName: string | null;
}

export interface RegisteredRows {
  readonly miner: MinerRow;
  readonly cards: CardRow[];
  readonly history: StatusChangeRow[];
}

/** The registration's queries: its checks in one statement, its writes in one, and the refused minors' attempts. */
@Injectable()
export class MinerRegistrationRepository {
  /**
   * Everything a registration checks before it writes, in one statement: the cooperative's name
   * and time zone, whether the home site is the cooperative's, whether the id is taken, who holds
   * the ID document or the card number, the likely duplicates, and the registering user's name.
   */
  async registrationChecks(tx: TenantTx, check: RegistrationCheck): Promise<RegistrationFacts> {
    const [row] = await tx.query<RegistrationFacts[]>(
      `SELECT c.name, c.timezone,
              ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM sites s WHERE s.cooperative_id = $1 AND s.id = $2::uuid)) AS "homeSiteKnown",
              EXISTS (SELECT 1 FROM miners m WHERE m.cooperative_id = $1 AND m.id = $3) AS "idTaken",
              (SELECT m.member_number FROM miners m WHERE m.cooperative_id = $1 AND m.id_document_number = $4) AS "idDocumentHolder",
              CASE WHEN $5::text IS NULL THEN '{}'::text[]
                   ELSE ARRAY(SELECT m.member_number FROM miners m WHERE m.cooperative_id = $1 AND m.duplicate_key = $5 ORDER BY m.member_number) END
                AS "likelyDuplicates",
              (SELECT m.member_number FROM miner_cards k JOIN miners m ON m.cooperative_id = k.cooperative_id AND m.id = k.miner_id
                WHERE k.cooperative_id = $1 AND k.card_number = $6) AS "cardHolder",
              (SELECT u.name FROM users u WHERE u.id = $7) AS "userName"
         FROM cooperatives c WHERE c.id = $1`,
      [tx.cooperativeId, check.homeSiteId, check.id, check.idDocumentNumber, check.duplicateKey, check.cardNumber, check.userId],
    );
    if (!row) throw new DomainError('NOT_FOUND', {}, 'not_found');
    return row;
  }

  /**
   * The registration's writes in one statement, the last before COMMIT: the cooperative's counter
   * advanced (its row stays locked until the transaction ends, so numbers are gapless: a rollback
   * gives the number back), the miner inserted with the member number and search text made from
   * it, the first status change, the card and the audit row (`audit`, its member number added). Returns the rows as the queries above read them, or
   * null when the counter is past the last sequence a member number can carry (the caller fails
   * the transaction, which undoes the advance).
   */
  async insertRegistered(tx: TenantTx, registered: RegisteredMiner, audit: NewAuditEntry, maxSequence: number): Promise<RegisteredRows | null> {
    const rows = await tx.query<(MinerRow & { card: Json<CardRow> | null; change: Json<StatusChangeRow> })[]>(
      `WITH counter AS (
         INSERT INTO member_number_sequences AS s (cooperative_id, last_value) VALUES ($1, 1)
         ON CONFLICT (cooperative_id) DO UPDATE SET last_value = s.last_value + 1
         RETURNING last_value
       ), numbered AS (
         SELECT member_number_of($25, $26, last_value) AS member_number FROM counter WHERE last_value <= $27
       ), m AS (
         INSERT INTO miners (cooperative_id, id, member_number, first_name, middle_name, last_name, sex, date_of_birth, birth_year,
                             birth_date_estimated, place_of_birth, nationality, id_document_type, id_document_number, phone, address,
                             home_site_id, membership_date, next_of_kin_name, next_of_kin_phone, status, search_text, duplicate_key, created_by)
         SELECT $1, $2, n.member_number, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
                concat_ws(' ', nullif($21, ''), lower(replace(n.member_number, '-', ' ')), nullif($22, '')), $23, $24
           FROM numbered n
         RETURNING *
       ), change AS (
         INSERT INTO miner_status_changes (cooperative_id, miner_id, from_status, to_status, reason, effective_on, decided_by)
         SELECT m.cooperative_id, m.id, NULL, m.status, 'registration', m.membership_date, m.created_by FROM m
         RETURNING *
       ), card AS (
         INSERT INTO miner_cards (cooperative_id, miner_id, card_number, issued_on, expires_on, recorded_by)
         SELECT m.cooperative_id, m.id, $28, $29, $30, m.created_by FROM m WHERE $28::text IS NOT NULL
         RETURNING *
       ), audited AS (
         -- The audit row AuditService.entryOf made, with the member number only known here.
         INSERT INTO audit_log (cooperative_id, actor_user_id, action, entity, entity_id, before, after, request_id)
         SELECT $32, $33, $34, $35, $36, $37::jsonb, $38::jsonb || jsonb_build_object('memberNumber', m.member_number), $39 FROM m
       )
       SELECT ${MINER_COLUMNS},
              (SELECT json_build_object('id', k.id, 'minerId', k.miner_id, 'cardNumber', k.card_number, 'issuedOn', k.issued_on::text,
                                        'expiresOn', k.expires_on::text, 'recordedBy', k.recorded_by, 'recordedAt', k.recorded_at) FROM card k) AS card,
              (SELECT json_build_object('id', s.id, 'fromStatus', s.from_status, 'toStatus', s.to_status, 'reason', s.reason,
                                        'effectiveOn', s.effective_on::text, 'decidedBy', s.decided_by, 'decidedByName', $31::text,
                                        'decidedAt', s.decided_at) FROM change s) AS change
         FROM m JOIN cooperatives c ON c.id = m.cooperative_id`,
      [
        tx.cooperativeId, registered.id, registered.firstName, registered.middleName, registered.lastName, registered.sex,
        registered.dateOfBirth, registered.birthYear, registered.birthDateEstimated, registered.placeOfBirth, registered.nationality, registered.idDocumentType,
        registered.idDocumentNumber, registered.phone, registered.address, registered.homeSiteId, registered.membershipDate, registered.nextOfKinName,
        registered.nextOfKinPhone, registered.status, registered.searchText.before, registered.searchText.after, registered.duplicateKey, registered.createdBy,
        registered.memberPrefix, registered.memberYear, maxSequence,
        registered.card?.cardNumber ?? null, registered.card?.issuedOn ?? null, registered.card?.expiresOn ?? null, registered.createdByName,
        audit.cooperativeId, audit.actorUserId, audit.action, audit.entity, audit.entityId,
        audit.before === null ? null : JSON.stringify(audit.before), JSON.stringify(audit.after ?? {}), audit.requestId,
      ],
    );
    const [row] = rows;
    if (!row) return null;
    const { card, change, ...minerRow } = row;
    return {
      miner: minerRow,
      cards: card ? [{ ...card, recordedAt: new Date(card.recordedAt) }] : [],
      history: [{ ...change, decidedAt: new Date(change.decidedAt) }],
    };
  }

  /** The next member-number sequence, in one statement that holds the cooperative's counter row until commit. */
  async nextMemberSequence(tx: TenantTx): Promise<number> {
    const [row] = await tx.query<{ last_value: number }[]>(
      `INSERT INTO member_number_sequences AS s (cooperative_id, last_value) VALUES ($1, 1)
       ON CONFLICT (cooperative_id) DO UPDATE SET last_value = s.last_value + 1
       RETURNING last_value`,
      [tx.cooperativeId],
    );
    return row.last_value;
  }

  async insertRegistrationAttempt(
    tx: TenantTx, attempt: {
      firstName: string; middleName: string | null; lastName: string; sex: string; dateOfBirth: string | null; birthYear: number | null;
      birthDateEstimated: boolean; ageYears: number; homeSiteId: string | null; attemptedBy: string;
    },
  ): Promise<{ id: string; attemptedAt: Date }> {
    const [row] = await tx.query<{ id: string; attempted_at: Date }[]>(
      `INSERT INTO miner_registration_attempts (cooperative_id, outcome, first_name, middle_name, last_name, sex, date_of_birth, birth_year,
                                                birth_date_estimated, age_years, home_site_id, attempted_by)
       VALUES ($1, 'refused_minor', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id, attempted_at`,
      [
        tx.cooperativeId, attempt.firstName, attempt.middleName, attempt.lastName, attempt.sex, attempt.dateOfBirth, attempt.birthYear,
        attempt.birthDateEstimated, attempt.ageYears, attempt.homeSiteId, attempt.attemptedBy,
      ],
    );
    return { id: row.id, attemptedAt: row.attempted_at };
  }
}
