import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../auth/auth-context.js';
import { localDateIn } from '../common/time-zone.js';
import { Db } from '../database/db.js';
import { Scopes } from '../database/scopes.js';
import { cardStatusOn, type MinerCard } from '../miners/rules/card-status.js';
import type { SupervisionSort } from './dto/report.dto.js';
import type { SupervisedCooperativeView } from './dto/report.view.js';
import { type ActiveCardRow, type CooperativeFiguresRow, SupervisionRepository } from './supervision.repository.js';

const descending = (a: number, b: number): number => b - a;
const byName = (a: SupervisedCooperativeView, b: SupervisedCooperativeView): number => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

const ORDER: Record<SupervisionSort, (a: SupervisedCooperativeView, b: SupervisedCooperativeView) => number> = {
  name: byName,
  openCritical: (a, b) => descending(a.openCriticalFlags, b.openCriticalFlags) || byName(a, b),
  overdue: (a, b) => descending(a.overdueFlags, b.overdueFlags) || byName(a, b),
  expiringCards: (a, b) => descending(a.cardsExpiringIn30Days, b.cardsExpiringIn30Days) || byName(a, b),
  lastReport: (a, b) => (a.lastReportAt ?? '').localeCompare(b.lastReportAt ?? '') || byName(a, b),
};

function viewOf(row: CooperativeFiguresRow, cards: readonly ActiveCardRow[]): SupervisedCooperativeView {
  const byMiner = new Map<string, MinerCard[]>();
  for (const card of cards.filter((c) => c.cooperative_id === row.id)) {
    byMiner.set(card.miner_id, [...(byMiner.get(card.miner_id) ?? []), { cardNumber: card.card_number, issuedOn: card.issued_on, expiresOn: card.expires_on }]);
  }
  const today = localDateIn(row.timezone);
  const expiring = [...byMiner.values()].filter((list) => cardStatusOn(list, today).status === 'expiring').length;
  return {
    id: row.id, name: row.name, country: row.country, province: row.province,
    openCriticalFlags: Number(row.open_critical), overdueFlags: Number(row.overdue), cardsExpiringIn30Days: expiring,
    lastReportAt: row.last_report_at?.toISOString() ?? null, lastLedgerVerified: row.ledger_ok,
  };
}

/** Headline indicators for the cooperatives of a supervisor's jurisdiction; read only. */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly db: Db,
    private readonly repository: SupervisionRepository,
  ) {}

  async list(auth: AuthContext, sort: SupervisionSort = 'name'): Promise<SupervisedCooperativeView[]> {
    // A dashboard tolerates a little lag: on the read replica when one serves.
    const items = await this.db.runRead(Scopes.supervisorRead(auth.userId), async (tx) => {
      const visible = await this.repository.openVisibleCooperatives(tx);
      const figures = await this.repository.cooperativeFigures(tx, visible);
      const cards = await this.repository.activeMembersCards(tx);
      return figures.map((row) => viewOf(row, cards));
    });
    return items.sort(ORDER[sort]);
  }
}
