import type { RegulatorReport } from '../report-content.js';

interface Keyed { readonly key: string }

export interface JurisdictionCooperativeRow extends Keyed {
  readonly id: string;
  readonly name: string;
  readonly registrationNumber: string;
  readonly members: number;
  readonly newMembers: number;
  readonly purchases: number;
  readonly netMassMg: number;
  readonly purchaseValues: readonly (Keyed & { readonly currency: string; readonly valueMinor: number })[];
  readonly entries: number;
  readonly denials: number;
  readonly minorsTurnedAway: number;
  readonly flagsOpened: number;
  readonly flagsOverdue: number;
  readonly childLabourCasesOpened: number;
  readonly assemblies: number;
  readonly ledgerVerified: boolean;
}

/**
 * A province's report: the figures of each of its cooperatives for the period (one row each)
 * and their sums. Counts only, as in the cooperatives' own reports.
 */
export interface JurisdictionReport {
  readonly schema: 'jurisdiction-report/1';
  /** `timezone`: of the province's cooperatives (the first by name), for printing times; UTC when it has none. */
  readonly jurisdiction: { readonly country: string; readonly province: string; readonly timezone: string };
  readonly period: { readonly key: string; readonly from: string; readonly to: string };
  readonly generatedAt: string;
  readonly totals: {
    readonly cooperatives: number;
    readonly members: number;
    readonly women: number;
    readonly men: number;
    readonly newMembers: number;
    readonly exitedMembers: number;
    readonly cards: Readonly<Record<'valid' | 'expiring' | 'expired' | 'none', number>>;
    readonly purchasesByCurrency: readonly (Keyed & { readonly currency: string; readonly count: number; readonly netMassMg: number; readonly valueMinor: number })[];
    readonly purchasesByMineral: readonly (Keyed & { readonly mineral: string; readonly count: number; readonly netMassMg: number })[];
    readonly entries: number;
    readonly denials: number;
    readonly minorsTurnedAway: number;
    readonly flagsOpened: number;
    readonly flagsClosed: number;
    readonly flagsOverdue: number;
    readonly childLabourCasesOpened: number;
    readonly assemblies: number;
    readonly ledgersVerified: number;
    readonly ledgersFailed: number;
  };
  readonly cooperatives: readonly JurisdictionCooperativeRow[];
}

const sum = <T>(items: readonly T[], figure: (item: T) => number): number => items.reduce((total, item) => total + figure(item), 0);

/** Adds up rows by key, keeping the order of the keys. */
function sumByKey<T extends Keyed>(rows: readonly T[], add: (a: T, b: T) => T): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) {
    const seen = byKey.get(row.key);
    byKey.set(row.key, seen === undefined ? row : add(seen, row));
  }
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
}

export function aggregateJurisdiction(
  jurisdiction: { country: string; province: string },
  period: { key: string; from: string; to: string },
  generatedAt: string,
  reports: readonly RegulatorReport[],
): JurisdictionReport {
  const rows = [...reports]
    .sort((a, b) => a.cooperative.name.localeCompare(b.cooperative.name) || a.cooperative.id.localeCompare(b.cooperative.id))
    .map((r): JurisdictionCooperativeRow => ({
      key: r.cooperative.id,
      id: r.cooperative.id,
      name: r.cooperative.name,
      registrationNumber: r.cooperative.registrationNumber,
      members: r.members.total,
      newMembers: r.members.newInPeriod,
      purchases: sum(r.purchases.totals, (t) => t.count),
      netMassMg: sum(r.purchases.totals, (t) => t.netMassMg),
      purchaseValues: r.purchases.totals.map((t) => ({ key: t.currency, currency: t.currency, valueMinor: t.valueMinor })),
      entries: r.access.entries,
      denials: r.access.denials,
      minorsTurnedAway: r.access.minorsTurnedAway,
      flagsOpened: sum(r.risks.flags, (f) => f.opened),
      flagsOverdue: sum(r.risks.flags, (f) => f.overdue),
      childLabourCasesOpened: r.risks.childLabourCases.openedInPeriod,
      assemblies: r.governance.assemblies.length,
      ledgerVerified: r.ledger.verified,
    }));
  const cardTotal = (status: 'valid' | 'expiring' | 'expired' | 'none'): number => sum(reports, (r) => r.members.cards[status]);
  return {
    schema: 'jurisdiction-report/1',
    jurisdiction: { country: jurisdiction.country, province: jurisdiction.province, timezone: rows.length === 0 ? 'UTC' : (reports.find((r) => r.cooperative.id === rows[0].id)?.cooperative.timezone ?? 'UTC') },
    period: { key: period.key, from: period.from, to: period.to },
    generatedAt,
    totals: {
      cooperatives: reports.length,
      members: sum(reports, (r) => r.members.total),
      women: sum(reports, (r) => r.members.bySex.F),
      men: sum(reports, (r) => r.members.bySex.M),
      newMembers: sum(reports, (r) => r.members.newInPeriod),
      exitedMembers: sum(reports, (r) => r.members.exitedInPeriod),
      cards: { valid: cardTotal('valid'), expiring: cardTotal('expiring'), expired: cardTotal('expired'), none: cardTotal('none') },
      purchasesByCurrency: sumByKey(
        reports.flatMap((r) => r.purchases.totals.map((t) => ({ key: t.currency, currency: t.currency, count: t.count, netMassMg: t.netMassMg, valueMinor: t.valueMinor }))),
        (a, b) => ({ ...a, count: a.count + b.count, netMassMg: a.netMassMg + b.netMassMg, valueMinor: a.valueMinor + b.valueMinor }),
      ),
      purchasesByMineral: sumByKey(
        reports.flatMap((r) => r.purchases.rows.map((p) => ({ key: p.mineral, mineral: p.mineral, count: p.count, netMassMg: p.netMassMg }))),
        (a, b) => ({ ...a, count: a.count + b.count, netMassMg: a.netMassMg + b.netMassMg }),
      ),
      entries: sum(rows, (r) => r.entries),
      denials: sum(rows, (r) => r.denials),
      minorsTurnedAway: sum(rows, (r) => r.minorsTurnedAway),
      flagsOpened: sum(rows, (r) => r.flagsOpened),
      flagsClosed: sum(reports, (r) => sum(r.risks.flags, (f) => f.closed)),
      flagsOverdue: sum(rows, (r) => r.flagsOverdue),
      childLabourCasesOpened: sum(rows, (r) => r.childLabourCasesOpened),
      assemblies: sum(rows, (r) => r.assemblies),
      ledgersVerified: rows.filter((r) => r.ledgerVerified).length,
      ledgersFailed: rows.filter((r) => !r.ledgerVerified).length,
    },
    cooperatives: rows,
  };
}
