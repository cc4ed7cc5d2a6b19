import { Injectable } from '@nestjs/common';
import { localDateIn } from '../common/time-zone.js';
import type { AuthContext } from '../auth/auth-context.js';
import { Db, scopeToCooperatives } from '../database/db.service.js';
import { cardStatusOn, type MinerCard } from '../miners/rules/card-status.js';
import type { SupervisionSort } from './dto/report.dto.js';

export interface SupervisedCooperative {
  id: string; name: string; country: string; province: string;
  openCriticalFlags: number; overdueFlags: number; cardsExpiringIn30Days: number;
  lastReportAt: string | null; lastLedgerVerified: boolean | null;
}

interface CooperativeFigures {
  id: string; name: string; country: string; province: string; timezone: string;
  open_critical: string; overdue: string; last_report_at: Date | null; ledger_ok: boolean | null;
}

const descending = (a: number, b: number): number => b - a;

/** Headline indicators for the cooperatives of a supervisor's jurisdiction; read only. */
@Injectable()
export class SupervisionService {
  constructor(private readonly db: Db) {}

  async list(auth: AuthContext, sort: SupervisionSort = 'name'): Promise<SupervisedCooperative[]> {
    const items = await this.db.inScope({ ...auth.scope, readOnly: true }, async (tx) => {
      // The cooperatives policy alone decides which ones the jurisdiction reaches; then the
      // tenant tables are opened to exactly those, in this read-only transaction.
      const visible = await tx.query<{ id: string }[]>('SELECT id FROM cooperatives ORDER BY id');
      await scopeToCooperatives(tx, visible.map((row) => row.id));
      const figures = await tx.query<CooperativeFigures[]>(
        `SELECT c.id, c.name, c.country, c.province, c.timezone,
                (SELECT count(*) FROM risk_flags f WHERE f.cooperative_id = c.id AND f.severity = 'critical'
                    AND f.state IN ('open', 'acknowledged', 'in_remediation'))::text AS open_critical,
                (SELECT count(DISTINCT f.id) FROM risk_flags f
                   LEFT JOIN corrective_actions a ON a.cooperative_id = f.cooperative_id AND a.flag_id = f.id AND a.status = 'open'
                      AND a.due_on < (now() AT TIME ZONE c.timezone)::date
                  WHERE f.cooperative_id = c.id AND f.state IN ('open', 'acknowledged', 'in_remediation')
                    AND (a.flag_id IS NOT NULL OR (f.severity = 'critical' AND f.state = 'open' AND f.raised_at < now() - make_interval(hours => coalesce((SELECT s.critical_ack_hours FROM risk_settings s WHERE s.cooperative_id = f.cooperative_id), 24)))))::text AS overdue,
                r.generated_at AS last_report_at, r.ledger_ok
           FROM cooperatives c
           LEFT JOIN LATERAL (SELECT generated_at, ledger_ok FROM reports WHERE cooperative_id = c.id ORDER BY generated_at DESC LIMIT 1) r ON true
          WHERE c.id = ANY ($1::uuid[])`,
        [visible.map((row) => row.id)],
      );
      const cards = await tx.query<{ cooperative_id: string; miner_id: string; card_number: string; issued_on: string; expires_on: string }[]>(
        `SELECT k.cooperative_id, k.miner_id, k.card_number, k.issued_on::text, k.expires_on::text
           FROM miner_cards k JOIN miners m ON m.cooperative_id = k.cooperative_id AND m.id = k.miner_id
          WHERE m.status = 'active' ORDER BY k.recorded_at, k.id`,
      );
      return figures.map((row): SupervisedCooperative => {
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
      });
    });
    const byName = (a: SupervisedCooperative, b: SupervisedCooperative): number => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
    const order: Record<SupervisionSort, (a: SupervisedCooperative, b: SupervisedCooperative) => number> = {
      name: byName,
      openCritical: (a, b) => descending(a.openCriticalFlags, b.openCriticalFlags) || byName(a, b),
      overdue: (a, b) => descending(a.overdueFlags, b.overdueFlags) || byName(a, b),
      expiringCards: (a, b) => descending(a.cardsExpiringIn30Days, b.cardsExpiringIn30Days) || byName(a, b),
      lastReport: (a, b) => (a.lastReportAt ?? '').localeCompare(b.lastReportAt ?? '') || byName(a, b),
    };
    return items.sort(order[sort]);
  }
}
