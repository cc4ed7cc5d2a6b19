import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import type { TenantTx } from '../database/tx.js';
import { RiskFlagsService } from '../risk/risk-flags.service.js';
import { minorRegistrationAttempt } from '../risk/rules/auto-rules.js';
import type { MinerView } from './dto/miner.view.js';
import type { RegisterMinerDto } from './dto/register-miner.dto.js';
import { MinerRecords } from './miner-records.js';
import { MinersRepository, type NewMinerRow } from './miners.repository.js';
import { registrationAudit } from './personal-audit.js';
import { memberPrefix } from './rules/registry-keys.js';
import { ADULT_AGE, ageOn, type Birth } from './rules/age.js';
import { birthColumns, birthOf } from './rules/birth.js';
import { assertIsoDate } from '../common/calendar-date.js';
import type { MinerCard } from './rules/card-status.js';
import { registeredIdentity } from './rules/identity.js';
import type { MembershipStatus } from './rules/lifecycle.js';
import { formatMemberNumber } from './rules/member-number.js';
import { likelyDuplicateKey } from './rules/names.js';
import { cardOfRegistration } from './rules/registration.js';
import { searchTextOf } from './rules/search-text.js';

type Registration = { readonly miner: MinerView } | { readonly refusedAgeYears: number; readonly riskFlagId: string | null };

/** Registering a person in the registry, or refusing (and flagging) a minor. */
@Injectable()
export class MinerRegistrationService {
  constructor(
    private readonly db: Db,
    private readonly repository: MinersRepository,
    private readonly records: MinerRecords,
    private readonly audit: AuditService,
    private readonly risk: RiskFlagsService,
  ) {}

  async register(auth: TenantAuthContext, dto: RegisterMinerDto): Promise<MinerView> {
    const birth = birthOf(dto);
    const outcome = await this.db.tenant(auth, async (tx): Promise<Registration> => {
      await this.records.assertHomeSite(tx, dto.homeSiteId);
      const { name, today } = await this.records.cooperativeDay(tx);
      const ageYears = ageOn(birth, today).years;
      if (ageYears < ADULT_AGE) return { refusedAgeYears: ageYears, riskFlagId: await this.recordMinorRefusal(tx, auth, dto, birth, ageYears) };
      const { row, card } = await this.checkedNewMiner(tx, dto, birth, name, today);
      await this.repository.insertMiner(tx, { ...row, createdBy: auth.userId });
      await this.repository.insertStatusChange(tx, { minerId: row.id, from: null, to: row.status, reason: 'registration', effectiveOn: row.membershipDate, decidedBy: auth.userId });
      if (card) await this.repository.insertCard(tx, row.id, card, auth.userId);
      const { searchText: _searchText, duplicateKey: _duplicateKey, id: _id, ...audited } = row;
      await this.audit.record(tx, auth, { action: 'miner.registered', entity: 'miner', entityId: row.id, after: registrationAudit(audited, card) });
      return { miner: await this.records.detail(tx, row.id, today) };
    });
    if ('miner' in outcome) return outcome.miner;
    // The refusal is kept although the request fails: the attempt row and the child-labour flag committed above.
    throw new DomainError('MINER_UNDER_18', { ageYears: outcome.refusedAgeYears, minimumAge: ADULT_AGE, riskFlagId: outcome.riskFlagId });
  }

  /** The row to insert, once the id, ID document, likely duplicates and card number are known free. */
  private async checkedNewMiner(tx: TenantTx, dto: RegisterMinerDto, birth: Birth, cooperativeName: string, today: string): Promise<{ row: Omit<NewMinerRow, 'createdBy'>; card: MinerCard | null }> {
    const id = dto.id ?? randomUUID();
    if (await this.repository.minerExists(tx, id)) throw new DomainError('MINER_ID_TAKEN', { id }, 'conflict');
    const identity = registeredIdentity(dto, birth);
    await this.records.assertIdDocumentFree(tx, identity.idDocumentNumber, null);
    const duplicateKey = likelyDuplicateKey(dto.firstName, dto.middleName, dto.lastName, birth);
    if (dto.confirmNotDuplicate !== true) {
      const candidates = await this.repository.memberNumbersWithDuplicateKey(tx, duplicateKey);
      if (candidates.length > 0) throw new DomainError('LIKELY_DUPLICATE', { memberNumbers: candidates }, 'conflict');
    }
    const card = cardOfRegistration(dto);
    if (card) await this.records.assertCardNumberFree(tx, card.cardNumber);
    const membershipDate = dto.membershipDate === undefined ? today : assertIsoDate(dto.membershipDate);
    const sequence = await this.repository.nextMemberSequence(tx);
    const memberNumber = formatMemberNumber(memberPrefix(cooperativeName), Number(membershipDate.slice(0, 4)), sequence);
    const status: MembershipStatus = dto.status ?? 'applicant';
    const searchText = searchTextOf([identity.firstName, identity.middleName, identity.lastName, memberNumber, identity.idDocumentNumber, card?.cardNumber ?? null]);
    return { card, row: { id, memberNumber, ...identity, membershipDate, status, searchText, duplicateKey } };
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
