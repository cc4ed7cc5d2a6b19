import type { RegulatorReport } from '../../reports/report-content.js';

/**
 * The regulator's report as an observer reads it: figures only. Left out: the cooperative's
 * registration details, purchase rows by site, sales by buyer, stock by site, the assemblies'
 * list (their count is kept), the loan portfolio's detail and the ledger's head; no row
 * of the report names a person, and nor does anything kept here.
 */
export interface ObservedReportFigures {
  readonly period: { readonly key: string; readonly from: string; readonly to: string };
  readonly version: number;
  readonly generatedAt: string;
  readonly purchases: {
    readonly totals: RegulatorReport['purchases']['totals'];
    readonly reversals: number;
    readonly monthlyByMineral: RegulatorReport['purchases']['monthlyByMineral'];
  };
  readonly members: RegulatorReport['members'];
  readonly access: RegulatorReport['access'];
  readonly risks: RegulatorReport['risks'];
  readonly governance: {
    readonly assembliesHeld: number;
    readonly assembliesWithQuorum: number;
    readonly elections: RegulatorReport['governance']['elections'];
    readonly bylawVersionsAdopted: number;
    readonly lateDeclarations: number;
  };
  readonly savings: { readonly groups: number; readonly members: number; readonly byCurrency: RegulatorReport['savings']['byCurrency'] };
  readonly fees: RegulatorReport['fees']['rows'];
}

export function observedReportFigures(report: RegulatorReport, version: number): ObservedReportFigures {
  return {
    period: { key: report.period.key, from: report.period.from, to: report.period.to },
    version,
    generatedAt: report.generatedAt,
    purchases: { totals: report.purchases.totals, reversals: report.purchases.reversals, monthlyByMineral: report.purchases.monthlyByMineral },
    members: {
      total: report.members.total,
      bySex: report.members.bySex,
      byAgeBand: report.members.byAgeBand,
      newInPeriod: report.members.newInPeriod,
      exitedInPeriod: report.members.exitedInPeriod,
      cards: report.members.cards,
    },
    access: { entries: report.access.entries, denials: report.access.denials, denialsByReason: report.access.denialsByReason, minorsTurnedAway: report.access.minorsTurnedAway },
    risks: { flags: report.risks.flags, childLabourCases: report.risks.childLabourCases, correctiveActions: report.risks.correctiveActions },
    governance: {
      assembliesHeld: report.governance.assemblies.length,
      assembliesWithQuorum: report.governance.assemblies.filter((assembly) => assembly.quorumReached === true).length,
      elections: report.governance.elections,
      bylawVersionsAdopted: report.governance.bylawVersionsAdopted,
      lateDeclarations: report.governance.lateDeclarations,
    },
    savings: { groups: report.savings.groups, members: report.savings.members, byCurrency: report.savings.byCurrency },
    fees: report.fees.rows,
  };
}
