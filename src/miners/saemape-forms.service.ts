import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { Db } from '../database/db.js';
import { Scopes } from '../database/scopes.js';
import type { TenantTx } from '../database/tx.js';
import type { MinerFiltersDto } from './dto/list-miners.dto.js';
import { MinerRecords, minerSummaryOf } from './miner-records.js';
import { type MinerPageKey, type MinerRow, MinersRepository } from './miners.repository.js';
import { DEFAULT_EXPIRING_WITHIN_DAYS } from './rules/card-status.js';
import type { SaemapeForm, SaemapeHeader } from './saemape-form.pdf.js';

const SAEMAPE_PAGE_SIZE = 100;

interface SaemapePage {
  readonly header: SaemapeHeader;
  readonly forms: SaemapeForm[];
  readonly next: MinerPageKey | null;
}

/** The regulator's (SAEMAPE) identification forms; each shows the ID document and photo, so each read is audited. */
@Injectable()
export class SaemapeFormsService {
  constructor(
    private readonly db: Db,
    private readonly repository: MinersRepository,
    private readonly records: MinerRecords,
    private readonly audit: AuditService,
  ) {}

  async form(auth: TenantAuthContext, minerId: string): Promise<{ header: SaemapeHeader; form: SaemapeForm }> {
    return this.db.tenant(
      auth,
      async (tx) => {
        const { name, today } = await this.records.cooperativeDay(tx);
        const [form] = await this.formsOf(tx, auth, [await this.records.require(tx, minerId)], today);
        return { header: { cooperativeName: name, printedOn: today }, form };
      },
      Scopes.auditedRead(auth.scope),
    );
  }

  /**
   * The forms of every miner matching the filters, in list order. Unlike every other use
   * case this reads in several transactions, one per page, so that memory stays flat however
   * many members there are; the first page is read before this returns, so a refusal comes
   * before any byte is sent.
   */
  async forms(auth: TenantAuthContext, filters: MinerFiltersDto): Promise<{ header: SaemapeHeader; pages: AsyncIterable<SaemapeForm[]> }> {
    const first = await this.page(auth, filters, null, null);
    const readPage = (after: MinerPageKey): Promise<SaemapePage> => this.page(auth, filters, after, first.header.printedOn);
    async function* pages(): AsyncGenerator<SaemapeForm[]> {
      let current = first;
      yield current.forms;
      while (current.next !== null) {
        current = await readPage(current.next);
        yield current.forms;
      }
    }
    return { header: first.header, pages: pages() };
  }

  private async page(auth: TenantAuthContext, filters: MinerFiltersDto, after: MinerPageKey | null, printedOn: string | null): Promise<SaemapePage> {
    return this.db.tenant(
      auth,
      async (tx) => {
        const { name, today } = await this.records.cooperativeDay(tx);
        const date = printedOn ?? today;
        const rows = await this.repository.search(tx, filters, date, DEFAULT_EXPIRING_WITHIN_DAYS, after, SAEMAPE_PAGE_SIZE + 1);
        const shown = rows.slice(0, SAEMAPE_PAGE_SIZE);
        const last = shown.at(-1);
        const next = rows.length > SAEMAPE_PAGE_SIZE && last ? ([last.lastName, last.firstName, last.id] as const) : null;
        return { header: { cooperativeName: name, printedOn: date }, forms: await this.formsOf(tx, auth, shown, date), next };
      },
      Scopes.auditedRead(auth.scope),
    );
  }

  private async formsOf(tx: TenantTx, auth: TenantAuthContext, rows: readonly MinerRow[], date: string): Promise<SaemapeForm[]> {
    const ids = rows.map((row) => row.id);
    const cards = await this.repository.cards(tx, ids);
    const photos = await this.repository.photos(tx, ids);
    const sites = await this.repository.siteNames(tx);
    const forms: SaemapeForm[] = [];
    for (const row of rows) {
      await this.audit.record(tx, auth, { action: 'read_personal_data', entity: 'miner', entityId: row.id, after: { fields: ['saemape.pdf'] } });
      const { placeOfBirth, nationality, idDocumentType, idDocumentNumber, address } = row;
      forms.push({
        ...minerSummaryOf(row, cards.filter((card) => card.minerId === row.id), date),
        ...{ placeOfBirth, nationality, idDocumentType, idDocumentNumber, address },
        siteName: row.homeSiteId === null ? null : (sites.get(row.homeSiteId) ?? null),
        photo: photos.get(row.id)?.content ?? null,
      });
    }
    return forms;
  }
}
