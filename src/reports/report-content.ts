import type { LoanPortfolioFigures } from './rules/loan-portfolio.js';
import type { StandardsReportSection } from '../standards/standards-report-source.js';
import type { SalesByBuyerRow, StockRow } from './rules/sales-stock.js';

/**
 * The regulator's report, as stored (JSON) and hashed. Amounts are integer minor units per
 * ISO 4217 currency, masses integer milligrams. Every table row carries a `key` so that two
 * versions can be compared row by row (see rules/diff.ts). Child-labour figures are counts
 * only: no child is ever named. Schema also described in templates/reports/regulator-report.json.
 */
export interface RegulatorReport {
  readonly schema: 'regulator-report/1';
  readonly cooperative: {
    readonly id: string;
    readonly name: string;
    readonly legalForm: string;
    readonly registrationNumber: string;
    readonly approvalNumber: string | null;
    readonly country: string;
    readonly province: string;
    readonly territory: string | null;
    readonly timezone: string;
  };
  readonly period: { readonly key: string; readonly from: string; readonly to: string };
  readonly generatedAt: string;
  readonly purchases: {
    readonly rows: readonly PurchaseRow[];
    readonly totals: readonly { readonly key: string; readonly currency: string; readonly count: number; readonly netMassMg: number; readonly valueMinor: number }[];
    readonly reversals: number;
    /** Net purchases per local month and mineral: the report's bar chart. */
    readonly monthlyByMineral: readonly { readonly key: string; readonly month: string; readonly mineral: string; readonly count: number; readonly netMassMg: number }[];
  };
  readonly members: {
    readonly total: number;
    readonly bySex: Readonly<Record<'F' | 'M', number>>;
    readonly byAgeBand: Readonly<Record<string, number>>;
    readonly newInPeriod: number;
    readonly exitedInPeriod: number;
    readonly cards: Readonly<Record<'valid' | 'expiring' | 'expired' | 'none', number>>;
  };
  readonly access: {
    readonly entries: number;
    readonly denials: number;
    readonly denialsByReason: Readonly<Record<string, number>>;
    readonly minorsTurnedAway: number;
  };
  readonly risks: {
    readonly flags: readonly { readonly key: string; readonly category: string; readonly severity: string; readonly opened: number; readonly closed: number; readonly overdue: number }[];
    readonly childLabourCases: { readonly openedInPeriod: number; readonly byStatus: Readonly<Record<string, number>> };
    /**
     * Corrective actions on risk flags: created, completed and cancelled in the period; still
     * open at its end (or now, when earlier), and of those the ones past their due date.
     */
    readonly correctiveActions: {
      readonly createdInPeriod: number; readonly completedInPeriod: number; readonly cancelledInPeriod: number;
      readonly openAtEnd: number; readonly overdueAtEnd: number;
    };
  };
  readonly governance: {
    readonly assemblies: readonly { readonly key: string; readonly kind: string; readonly heldOn: string; readonly quorumReached: boolean | null }[];
    readonly elections: { readonly held: number; readonly certified: number };
    readonly bylawVersionsAdopted: number;
    readonly lateDeclarations: number;
  };
  readonly savings: {
    readonly groups: number;
    readonly members: number;
    readonly byCurrency: readonly { readonly key: string; readonly currency: string; readonly sharesValueMinor: number; readonly loansDisbursedPrincipalMinor: number; readonly loanRepaymentsMinor: number; readonly loanFundMinor: number; readonly socialFundMinor: number }[];
    /** Loans outstanding and portfolio at risk at the period's end, replayed from the savings ledger. */
    readonly loans: readonly LoanPortfolioFigures[];
  };
  readonly ledger: { readonly headHash: string | null; readonly lastSequence: number; readonly verified: boolean; readonly problem: string | null };
  /** Sales of the period by buyer, with the reconciliation of our weights against the buyers'. */
  readonly sales: { readonly rows: readonly SalesByBuyerRow[] };
  /** Stock per mineral and site at the period's start and end. */
  readonly stock: { readonly rows: readonly StockRow[] };
  /** Fees and levies withheld on the period's purchases, per fund and currency (net of reversals). */
  readonly fees: { readonly rows: readonly FeeRow[] };
  /** The site permits in force at the period's end and how each stood on its last day. */
  readonly siteAuthorisations: { readonly rows: readonly SiteAuthorisationRow[] };
  /** Each site's latest assessment of the period per standard, with its open corrective actions (absent from reports made before). */
  readonly standards: StandardsReportSection;
  /** Rough diamonds in carats (exact decimals, never kilograms); absent from reports stored before diamonds were recorded. */
  readonly diamonds?: DiamondSection;
}

/** Production (carats and stones purchased), exports (carats sold, carats certified) per site, and the period's Kimberley Process certificates. */
export interface DiamondSection {
  readonly sites: readonly {
    readonly key: string; readonly siteId: string; readonly siteName: string | null; readonly purchasedStones: number;
    readonly purchasedCarats: string; readonly soldCarats: string; readonly certifiedCarats: string;
  }[];
  readonly certificates: readonly {
    readonly key: string; readonly certificateNumber: string; readonly issuedOn: string; readonly expiresOn: string; readonly parcelCount: number;
    readonly declaredCarats: string; readonly ourCarats: string; readonly valueUsdMinor: number; readonly exceeds: boolean;
  }[];
}

export interface PurchaseRow {
  readonly key: string;
  readonly siteId: string | null;
  readonly siteName: string | null;
  readonly mineral: string;
  readonly currency: string;
  readonly count: number;
  readonly netMassMg: number;
  readonly valueMinor: number;
}

export interface SiteAuthorisationRow {
  readonly key: string;
  readonly siteId: string;
  readonly siteName: string;
  readonly kind: string;
  readonly number: string;
  readonly issuer: string;
  readonly expiresOn: string | null;
  readonly status: 'valid' | 'expiring' | 'expired' | 'no_expiry';
}

export interface FeeRow {
  /** `fundCode|currency`. */
  readonly key: string;
  readonly fundCode: string;
  readonly currency: string;
  /** Integer minor units of `currency`. */
  readonly amountMinor: number;
  /** Purchases that carried the fee, less those reversed in the period. */
  readonly purchases: number;
}
