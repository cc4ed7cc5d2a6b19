import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { localDateIn } from '../common/time-zone.js';
import { Db } from '../database/db.js';
import type { TenantTx } from '../database/tx.js';
import { RiskFlagsService } from '../risk/risk-flags.service.js';
import { minorRegistrationAttempt } from '../risk/rules/auto-rules.js';
import type { MinerView } from './dto/miner.view.js';
import type { RegisterMinerDto } from './dto/register-miner.dto.js';
import { minerDetailOf } from './miner-records.js';
import { MinerRegistrationRepository, type RegisteredMiner, type RegistrationFacts } from './miner-registration.repository.js';
import { registrationAudit } from './personal-audit.js';
import { memberPrefix } from './rules/registry-keys.js';
import { ADULT_AGE, ageOn, type Birth } from './rules/age.js';
import { birthColumns, birthOf } from './rules/birth.js';
import { assertIsoDate } from '../common/calendar-date.js';
import type { MinerCard } from './rules/card-status.js';
import { registeredIdentity } from './rules/identity.js';
import type { MembershipStatus } from './rules/lifecycle.js';
import { MAX_SEQUENCE, memberNumberSeries } from './rules/member-number.js';
import { likelyDuplicateKey } from './rules/names.js';
import { cardOfRegistration } from './rules/registration.js';
import { searchTextParts } from './rules/search-text.js';

type Registration = { readonly miner: MinerView } | { readonly refusedAgeYears: number; readonly riskFlagId: string | null };

/** A value computed before the checks' query whose error, if any, is thrown where the checks come to it. */
function deferred<T>(compute: () => T): { readonly value: T | undefined; get(): T } {
  try {
    const value = compute();
    return { value, get: () => value };
  } catch (error) {
    return {
      value: undefined,
      get: () => {
        throw error;
      },
    };
  }
}

/**
 * Registering a person in the registry, or refusing (and flagging) a minor. A registration is
 * three statements: the scope, every check in one query, and the writes with the audit row in one,
 * which takes the next member number; the counter's lock is held from that statement to the commit.
 */
@Injectable()
export class MinerRegistrationService {
  constructor(
    private readonly db: Db,
    private readonly repository: MinerRegistrationRepository,
    private readonly audit: AuditService,
    private readonly risk: RiskFlagsService,
  ) {}

  async register(auth: TenantAuthContext, dto: RegisterMinerDto): Promise<MinerView> {
    const birth = birthOf(dto);
    const outcome = await this.db.tenantReleasingLocksAtCommit(auth, async (tx): Promise<Registration> => {
      const id = dto.id ?? randomUUID();
      const identity = deferred(() => registeredIdentity(dto, birth));
      const card = deferred(() => cardOfRegistration(dto));
      const duplicateKey = likelyDuplicateKey(dto.firstName, dto.middleName, dto.lastName, birth);
      const facts = await this.repository.registrationChecks(tx, {
        id,
        homeSiteId: dto.homeSiteId ?? null,
        idDocumentNumber: identity.value?.idDocumentNumber ?? dto.idDocumentNumber,
        duplicateKey: dto.confirmNotDuplicate === true ? null : duplicateKey,
        cardNumber: card.value?.cardNumber ?? null,
        userId: auth.userId,
      });
      if (!facts.homeSiteKnown) throw new DomainError('SITE_REFERENCE_UNKNOWN', { field: 'homeSiteId', siteId: dto.homeSiteId });
      const today = localDateIn(facts.timezone);
      const ageYears = ageOn(birth, today).years;
      if (ageYears < ADULT_AGE) return { refusedAgeYears: ageYears, riskFlagId: await this.recordMinorRefusal(tx, auth, dto, birth, ageYears) };
      if (facts.idTaken) throw new DomainError('MINER_ID_TAKEN', { id }, 'conflict');
      const checked = checkedRegistration(facts, identity.get(), card, dto);
      const membershipDate = dto.membershipDate === undefined ? today : assertIsoDate(dto.membershipDate);
      const series = memberNumberSeries(memberPrefix(facts.name), Number(membershipDate.slice(0, 4)));
      const status: MembershipStatus = dto.status ?? 'applicant';
      const { identity: person, card: recorded } = checked;
      const miner: RegisteredMiner = {
        id, ...person, memberPrefix: series.prefix, memberYear: series.year, membershipDate, status, duplicateKey, card: recorded,
        searchText: searchTextParts([person.firstName, person.middleName, person.lastName], [person.idDocumentNumber, recorded?.cardNumber ?? null]),
        createdBy: auth.userId, createdByName: facts.userName,
      };
      // The audit row goes with the writes; the statement adds the member number it allocates.
      const audit = this.audit.entryOf(auth, { action: 'miner.registered', entity: 'miner', entityId: id, after: registrationAudit({ ...person, membershipDate, status }, recorded) });
      const rows = await this.repository.insertRegistered(tx, miner, audit, MAX_SEQUENCE);
      if (rows === null) throw new DomainError('MEMBER_SEQUENCE_OUT_OF_RANGE', { sequence: MAX_SEQUENCE + 1, max: MAX_SEQUENCE });
      // A new member has attended no training yet.
      return { miner: minerDetailOf(rows.miner, rows.cards, rows.history, [], today) };
    });
    if ('miner' in outcome) return outcome.miner;
    // The refusal is kept although the request fails: the attempt row and the child-labour flag committed above.
    throw new DomainError('MINER_UNDER_18', { ageYears: outcome.refusedAgeYears, minimumAge: ADULT_AGE, riskFlagId: outcome.riskFlagId });
  }

  /** The attempt row, the automatic child-labour flag and the audit of the refusal: the flag's id. */
  private async recordMinorRefusal(tx: TenantTx, auth: TenantAuthContext, dto: RegisterMinerDto, birth: Birth, ageYears: number): Promise<string | null> {
    const attempt = await this.repository.insertRegistrationAttempt(tx, {
      ...{ firstName: dto.firstName, middleName: dto.middleName ?? null, lastName: dto.lastName, sex: dto.sex },
      ...birthColumns(birth),
      ...{ ageYears, homeSiteId: dto.homeSiteId ?? null, attemptedBy: auth.userId },
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
  }
}

/** The registration's refusals after the id, in the order they were always checked: ID document, likely duplicate, card. */
function checkedRegistration(
  facts: RegistrationFacts, identity: ReturnType<typeof registeredIdentity>, card: { get(): MinerCard | null }, dto: RegisterMinerDto,
): { identity: ReturnType<typeof registeredIdentity>; card: MinerCard | null } {
  if (facts.idDocumentHolder !== null) throw new DomainError('ID_DOCUMENT_ALREADY_REGISTERED', { memberNumber: facts.idDocumentHolder }, 'conflict');
  if (dto.confirmNotDuplicate !== true && facts.likelyDuplicates.length > 0) {
    throw new DomainError('LIKELY_DUPLICATE', { memberNumbers: facts.likelyDuplicates }, 'conflict');
  }
  const recorded = card.get();
  if (recorded && facts.cardHolder !== null) throw new DomainError('CARD_NUMBER_TAKEN', { cardNumber: recorded.cardNumber, memberNumber: facts.cardHolder }, 'conflict');
  return { identity, card: recorded };
}
