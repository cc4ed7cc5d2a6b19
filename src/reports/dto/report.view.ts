import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RegulatorReport } from '../report-content.js';
import type { JurisdictionReport } from '../rules/jurisdiction.js';

export class ReportFigureChangeView {
  @ApiProperty({ type: String, description: 'Dotted path into the content; table rows are named by their key: `purchases.totals[USD].count`.' }) path!: string;
  @ApiProperty({ description: 'The figure in the previous version (absent when the row is new).', nullable: true }) before!: unknown;
  @ApiProperty({ description: 'The figure in this version (absent when the row is gone).', nullable: true }) after!: unknown;
}

/** A stored regulator report without its content. */
export class RegulatorReportSummaryView {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, description: 'The period as asked: `2026-03`, `2026-Q1`, `2026` or `from..to`.' }) periodKey!: string;
  @ApiProperty({ type: String, format: 'date' }) periodFrom!: string;
  @ApiProperty({ type: String, format: 'date' }) periodTo!: string;
  @ApiProperty({ type: Number, description: '1 for the first generation of the period, then one more each time.' }) version!: number;
  @ApiProperty({ type: String, description: 'SHA-256 of the canonical JSON content, hexadecimal.' }) contentHash!: string;
  @ApiProperty({ type: String, description: 'The first 12 characters of the hash, printed on every page.' }) verificationCode!: string;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Whether the purchase ledger verified when the report was generated.' }) ledgerOk!: boolean | null;
  @ApiProperty({ type: String, format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: String, format: 'uuid' }) generatedBy!: string;
  @ApiProperty({ type: () => [ReportFigureChangeView], description: 'Figures that differ from the previous version.' }) changes!: ReportFigureChangeView[];
}

export class RegulatorReportFeeRowView {
  @ApiProperty({ type: String, description: '`fundCode|currency`.' }) key!: string;
  @ApiProperty({ type: String, description: 'The fund the fee rules credit (`PROVINCIAL_LEVY`, `COOPERATIVE_DUES`…).' }) fundCode!: string;
  @ApiProperty({ type: String, description: 'ISO 4217.' }) currency!: string;
  @ApiProperty({ type: Number, description: 'Withheld in the period net of reversals, integer minor units of `currency`.' }) amountMinor!: number;
  @ApiProperty({ type: Number, description: 'Purchases that carried this fee, less those reversed in the period.' }) purchases!: number;
}

export class RegulatorReportFeesView {
  @ApiProperty({ type: () => [RegulatorReportFeeRowView] }) rows!: RegulatorReportFeeRowView[];
}

const SECTION = (description: string): Parameters<typeof ApiProperty>[0] => ({ type: 'object', additionalProperties: true, description });

/**
 * The report's content as stored and hashed (report-content.ts); each section's fields are
 * described in templates/reports/regulator-report.json. Amounts are integer minor units,
 * masses integer milligrams.
 */
export class RegulatorReportContentView {
  @ApiProperty({ type: String, enum: ['regulator-report/1'] }) schema!: 'regulator-report/1';
  @ApiProperty(SECTION('Identity of the cooperative.')) cooperative!: RegulatorReport['cooperative'];
  @ApiProperty(SECTION('`key`, `from`, `to`.')) period!: RegulatorReport['period'];
  @ApiProperty({ type: String, format: 'date-time' }) generatedAt!: string;
  @ApiProperty(SECTION('Purchases per site, mineral and currency (`rows`), `totals` per currency, `reversals`, `monthlyByMineral`.')) purchases!: RegulatorReport['purchases'];
  @ApiProperty(SECTION('Members at the period end by sex, age band and card standing; joined and exited in the period.')) members!: RegulatorReport['members'];
  @ApiProperty(SECTION('Gate entries, denials by reason, minors turned away.')) access!: RegulatorReport['access'];
  @ApiProperty(SECTION('Flags opened, closed and overdue by category and severity; child-labour case counts.')) risks!: RegulatorReport['risks'];
  @ApiProperty(SECTION('Assemblies, elections, bylaw versions and late declarations.')) governance!: RegulatorReport['governance'];
  @ApiProperty(SECTION('Savings groups, balances per currency and the loan portfolio.')) savings!: RegulatorReport['savings'];
  @ApiProperty(SECTION('Head of the purchase ledger and whether it verified.')) ledger!: RegulatorReport['ledger'];
  @ApiProperty(SECTION('Sales by buyer with the weight reconciliation.')) sales!: RegulatorReport['sales'];
  @ApiProperty(SECTION('Stock per mineral and site at both ends of the period.')) stock!: RegulatorReport['stock'];
  @ApiProperty({ type: () => RegulatorReportFeesView, description: 'Fees and levies withheld per fund and currency.' }) fees!: RegulatorReport['fees'];
  @ApiPropertyOptional(SECTION('Site permits in force at the period end (`rows`: site, kind, number, issuer, expiresOn, status on the last day); absent from reports stored before it was listed.'))
  siteAuthorisations!: RegulatorReport['siteAuthorisations'];
  @ApiPropertyOptional(SECTION('Site assessments: `sitesAssessed`, and `rows` of each site\'s latest assessment of the period per standard (score in basis points, level reached, open corrective actions).')) standards?: RegulatorReport['standards'];
  @ApiPropertyOptional(SECTION('Rough diamonds per site in carats (purchased, sold, certified) and the Kimberley Process certificates of the period.')) diamonds?: RegulatorReport['diamonds'];
}

export class RegulatorReportView extends RegulatorReportSummaryView {
  @ApiProperty({ type: () => RegulatorReportContentView }) content!: RegulatorReport;
}

/** A stored province-wide report without its content. */
export class JurisdictionReportSummaryView {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, description: 'ISO 3166-1 alpha-2.' }) country!: string;
  @ApiProperty({ type: String }) province!: string;
  @ApiProperty({ type: String }) periodKey!: string;
  @ApiProperty({ type: String, format: 'date' }) periodFrom!: string;
  @ApiProperty({ type: String, format: 'date' }) periodTo!: string;
  @ApiProperty({ type: Number }) version!: number;
  @ApiProperty({ type: String, description: 'SHA-256 of the canonical JSON content, hexadecimal.' }) contentHash!: string;
  @ApiProperty({ type: String }) verificationCode!: string;
  @ApiProperty({ type: String, format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: String, format: 'uuid' }) generatedBy!: string;
}

/** The province's content (rules/jurisdiction.ts; templates/reports/jurisdiction-report.json). */
export class JurisdictionReportContentView {
  @ApiProperty({ type: String, enum: ['jurisdiction-report/1'] }) schema!: 'jurisdiction-report/1';
  @ApiProperty(SECTION('`country`, `province`, `timezone`.')) jurisdiction!: JurisdictionReport['jurisdiction'];
  @ApiProperty(SECTION('`key`, `from`, `to`.')) period!: JurisdictionReport['period'];
  @ApiProperty({ type: String, format: 'date-time' }) generatedAt!: string;
  @ApiProperty(SECTION('Sums over the province’s cooperatives.')) totals!: JurisdictionReport['totals'];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'One row per cooperative.' }) cooperatives!: JurisdictionReport['cooperatives'];
}

export class JurisdictionReportView extends JurisdictionReportSummaryView {
  @ApiProperty({ type: () => JurisdictionReportContentView }) content!: JurisdictionReport;
}

export class SupervisedCooperativeView {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String }) country!: string;
  @ApiProperty({ type: String }) province!: string;
  @ApiProperty({ type: Number, description: 'Critical flags not yet resolved.' }) openCriticalFlags!: number;
  @ApiProperty({ type: Number }) overdueFlags!: number;
  @ApiProperty({ type: Number, description: 'Active members whose card expires within 30 days.' }) cardsExpiringIn30Days!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastReportAt!: string | null;
  @ApiProperty({ type: Boolean, nullable: true }) lastLedgerVerified!: boolean | null;
}
