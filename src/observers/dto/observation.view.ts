import { ApiProperty } from '@nestjs/swagger';

const MINOR = 'Integer of minor units of the currency.';
const COUNTS = { type: 'object', additionalProperties: { type: 'integer' } } as const;

export class ObservedPeriodView {
  @ApiProperty({ type: String, example: '2026-Q1' }) key!: string;
  @ApiProperty({ type: String, format: 'date' }) from!: string;
  @ApiProperty({ type: String, format: 'date' }) to!: string;
}

export class ObservedAmountLineView {
  @ApiProperty({ type: String, nullable: true }) label!: string | null;
  @ApiProperty({ type: Number }) count!: number;
  @ApiProperty({ type: Number, description: MINOR }) amountMinor!: number;
}

export class ObservedFundSectionView {
  @ApiProperty() currency!: string;
  @ApiProperty({ type: Number, description: MINOR }) openingMinor!: number;
  @ApiProperty({ type: () => [ObservedAmountLineView], description: 'Levies credited, by fee rule.' }) credits!: ObservedAmountLineView[];
  @ApiProperty({ type: Number, description: MINOR }) creditedMinor!: number;
  @ApiProperty({ type: Number, description: `Zero or negative. ${MINOR}` }) reversedMinor!: number;
  @ApiProperty({ type: () => [ObservedAmountLineView], description: 'Approved spending, by purpose.' }) spending!: ObservedAmountLineView[];
  @ApiProperty({ type: Number, description: MINOR }) spentMinor!: number;
  @ApiProperty({ type: Number, description: MINOR }) closingMinor!: number;
}

export class ObservedBalanceView {
  @ApiProperty() currency!: string;
  @ApiProperty({ type: Number, description: MINOR }) balanceMinor!: number;
}

/** An approved spending as an observer reads it: what, how much, when, approved when; never who. */
export class ObservedSpendingView {
  @ApiProperty() purpose!: string;
  @ApiProperty({ type: Number, description: MINOR }) amountMinor!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: String, format: 'date' }) spentOn!: string;
  @ApiProperty({ type: String, format: 'date' }) approvedOn!: string;
}

export class ObservedFundView {
  @ApiProperty({ example: 'COMMUNITY_DEVELOPMENT' }) fundCode!: string;
  @ApiProperty({ type: () => [ObservedBalanceView], description: 'Balance today per currency.' }) balances!: ObservedBalanceView[];
  @ApiProperty({ type: () => [ObservedFundSectionView], description: 'The period’s statement per currency.' }) sections!: ObservedFundSectionView[];
  @ApiProperty({ type: () => [ObservedSpendingView], description: 'The period’s approved spending, newest first.' }) spending!: ObservedSpendingView[];
}

export class ObservedFundsView {
  @ApiProperty({ type: () => ObservedPeriodView }) period!: ObservedPeriodView;
  @ApiProperty({ type: () => [ObservedFundView] }) funds!: ObservedFundView[];
}

export class ObservedFlagCountView {
  @ApiProperty() category!: string;
  @ApiProperty() severity!: string;
  @ApiProperty() state!: string;
  @ApiProperty({ type: Number }) count!: number;
}

/** Incidents of the period as counts only: no words, no people, no places. */
export class ObservedIncidentStatisticsView {
  @ApiProperty({ type: () => ObservedPeriodView }) period!: ObservedPeriodView;
  @ApiProperty({ type: Number }) flagsRaised!: number;
  @ApiProperty({ type: () => [ObservedFlagCountView] }) flags!: ObservedFlagCountView[];
  @ApiProperty({ ...COUNTS, description: 'Child-labour cases identified in the period, per state now.' }) childLabourCasesByState!: Record<string, number>;
}

/** The aggregate figures of the latest stored version of the regulator's report for the period (see rules/report-figures.ts). */
export class ObservedReportView {
  @ApiProperty({ type: () => ObservedPeriodView }) period!: ObservedPeriodView;
  @ApiProperty({ type: Number }) version!: number;
  @ApiProperty({ type: String, format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: 'object', description: 'Totals per currency, reversals, monthly net purchases per mineral.', additionalProperties: true }) purchases!: Record<string, unknown>;
  @ApiProperty({ type: 'object', description: 'Counts by sex, age band, card status; new and exited.', additionalProperties: true }) members!: Record<string, unknown>;
  @ApiProperty({ type: 'object', description: 'Entries, denials by reason, minors turned away.', additionalProperties: true }) access!: Record<string, unknown>;
  @ApiProperty({ type: 'object', description: 'Flags by category and severity, child-labour cases by status, corrective actions.', additionalProperties: true }) risks!: Record<string, unknown>;
  @ApiProperty({ type: 'object', description: 'Assemblies held and with quorum, elections, bylaw versions.', additionalProperties: true }) governance!: Record<string, unknown>;
  @ApiProperty({ type: 'object', description: 'Groups, members and amounts per currency.', additionalProperties: true }) savings!: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Levies per fund and currency.' }) fees!: Record<string, unknown>[];
}

/** One site's latest assessment of the period against one standard: the figures, never the assessor. */
export class ObservedAssessmentView {
  @ApiProperty({ type: String, format: 'uuid' }) siteId!: string;
  @ApiProperty({ type: String }) siteName!: string;
  @ApiProperty({ type: String, example: 'craft' }) standardId!: string;
  @ApiProperty({ type: String, example: '2.0' }) standardVersion!: string;
  @ApiProperty({ type: String, format: 'date' }) assessedOn!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Met ÷ (met + not met), in basis points; null when every criterion was not applicable.' }) scoreBp!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The highest level whose "must" criteria are all met.' }) levelReached!: string | null;
  @ApiProperty({ type: Number, description: 'Corrective actions of the assessment still open.' }) openActions!: number;
}

/** Standard self-assessments of the period (view standard_assessments): sites, scores, levels and open actions. */
export class ObservedStandardAssessmentsView {
  @ApiProperty({ type: () => ObservedPeriodView }) period!: ObservedPeriodView;
  @ApiProperty({ type: Number }) sitesAssessed!: number;
  @ApiProperty({ type: () => [ObservedAssessmentView] }) assessments!: ObservedAssessmentView[];
}
