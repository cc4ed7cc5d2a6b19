import { Injectable } from '@nestjs/common';
import { SiteDirectory } from '../places/site-directory.js';
import { DomainError } from '../common/domain-error.js';
import { localDateIn } from '../common/time-zone.js';
import type { TenantTx } from '../database/tx.js';
import type { MinerSummaryView, MinerView } from './dto/miner.view.js';
import { type CardRow, type MinerRow, type MinerWithCardsRow, MinersRepository, type StatusChangeRow } from './miners.repository.js';
import { type AgeBand, ageBandOn } from './rules/age.js';
import { birthOfColumns } from './rules/birth.js';
import { cardStatusOn } from './rules/card-status.js';
import { certificationsOn, type TrainingAttendance } from './rules/certifications.js';
import { TrainingsRepository } from './trainings/trainings.repository.js';

/** The age band of a record whose birth the rules cannot place (a legacy row) is unknown, not an error. */
function ageBandOf(row: MinerRow, date: string): AgeBand | null {
  try {
    return ageBandOn(birthOfColumns(row), date);
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}

/** A row as the registry list shows it, with the card that speaks for the miner on `date`. */
export function minerSummaryOf(row: MinerRow, cards: readonly CardRow[], date: string): MinerSummaryView {
  const { id, memberNumber, firstName, middleName, lastName, sex, dateOfBirth, birthYear, birthDateEstimated, status, homeSiteId, membershipDate, phone, hasPhoto } = row;
  const { card, status: cardStatus } = cardStatusOn(cards, date);
  return {
    ...{ id, memberNumber, firstName, middleName, lastName, sex, dateOfBirth, birthYear, birthDateEstimated },
    ageBand: ageBandOf(row, date),
    ...{ status, homeSiteId, membershipDate, phone, hasPhoto },
    cardNumber: card?.cardNumber ?? null,
    cardIssuedOn: card?.issuedOn ?? null,
    cardExpiresOn: card?.expiresOn ?? null,
    cardStatus,
  };
}

/** The full record as the API shows it on `date`, from its rows. */
export function minerDetailOf(row: MinerRow, cards: readonly CardRow[], history: StatusChangeRow[], attended: readonly TrainingAttendance[], date: string): MinerView {
  const { placeOfBirth, nationality, idDocumentType, idDocumentNumber, address, nextOfKinName, nextOfKinPhone, createdAt, updatedAt } = row;
  return {
    ...minerSummaryOf(row, cards, date),
    ...{ placeOfBirth, nationality, idDocumentType, idDocumentNumber, address, nextOfKinName, nextOfKinPhone },
    cardStatusOn: date,
    cardDaysUntilExpiry: cardStatusOn(cards, date).daysUntilExpiry,
    cards: cards.map(({ id, cardNumber, issuedOn, expiresOn, recordedBy, recordedAt }) => ({ id, cardNumber, cardIssuedOn: issuedOn, cardExpiresOn: expiresOn, recordedBy, recordedAt })),
    statusHistory: history,
    certifications: certificationsOn(attended, date),
    createdAt,
    updatedAt,
  };
}

/**
 * Reads of the registry every use case shares, inside the use case's transaction: the
 * cooperative's day, a miner that must exist, and the records as the API shows them.
 */
@Injectable()
export class MinerRecords {
  constructor(
    private readonly repository: MinersRepository,
    private readonly trainings: TrainingsRepository,
    private readonly sites: SiteDirectory,
  ) {}

  /** A member's home site, when given, must be one of the cooperative's sites. */
  async assertHomeSite(tx: TenantTx, siteId: string | null | undefined): Promise<void> {
    await this.sites.assertKnown(tx, siteId, 'homeSiteId');
  }

  /** The cooperative's name and today's date where it works. */
  async cooperativeDay(tx: TenantTx): Promise<{ name: string; today: string }> {
    const cooperative = await this.repository.cooperative(tx);
    return { name: cooperative.name, today: localDateIn(cooperative.timezone) };
  }

  async require(tx: TenantTx, minerId: string, lock = false): Promise<MinerRow> {
    const row = await this.repository.findMiner(tx, minerId, lock);
    if (!row) throw new DomainError('MINER_NOT_FOUND', { minerId }, 'not_found');
    return row;
  }

  async assertIdDocumentFree(tx: TenantTx, idDocumentNumber: string, exceptMinerId: string | null): Promise<void> {
    const holder = await this.repository.memberNumberWithIdDocument(tx, idDocumentNumber, exceptMinerId);
    if (holder !== null) throw new DomainError('ID_DOCUMENT_ALREADY_REGISTERED', { memberNumber: holder }, 'conflict');
  }

  async assertCardNumberFree(tx: TenantTx, cardNumber: string): Promise<void> {
    const holder = await this.repository.memberNumberWithCard(tx, cardNumber);
    if (holder !== null) throw new DomainError('CARD_NUMBER_TAKEN', { cardNumber, memberNumber: holder }, 'conflict');
  }

  /** The full record on `date`; the caller audits the read of its ID document number. */
  async detail(tx: TenantTx, minerId: string, date: string): Promise<MinerView> {
    const row = await this.require(tx, minerId);
    const cards = await this.repository.cards(tx, [minerId]);
    const attended = await this.trainings.attendancesOf(tx, minerId);
    return minerDetailOf(row, cards, await this.repository.statusHistory(tx, minerId), attended, date);
  }

  /** Rows the search read with their cards, as the list shows them on the date it searched for. */
  summariesOf(rows: readonly MinerWithCardsRow[]): MinerSummaryView[] {
    return rows.map((row) => minerSummaryOf(row, row.cards, row.onDate));
  }

  async summaries(tx: TenantTx, rows: readonly MinerRow[], date: string): Promise<MinerSummaryView[]> {
    const cards = await this.repository.cards(tx, rows.map((row) => row.id));
    return rows.map((row) => minerSummaryOf(row, cards.filter((card) => card.minerId === row.id), date));
  }
}
