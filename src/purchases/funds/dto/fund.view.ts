import { ApiProperty } from '@nestjs/swagger';
import { CooperativeIdentityView, LedgerHeadView, StatementPeriodView } from '../../statement/dto/statement.view.js';
import type { SpendingStatus } from '../rules/funds.js';

const MINOR = 'Integer of minor units of the currency.';

export class FundBalanceView {
  @ApiProperty() fundCode!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: Number, description: `Fee lines credited by purchases. ${MINOR}` }) creditedMinor!: number;
  @ApiProperty({ type: Number, description: `Zero or negative: reversed fee lines. ${MINOR}` }) reversedMinor!: number;
  @ApiProperty({ type: Number, description: `Approved spending. ${MINOR}` }) spentMinor!: number;
  @ApiProperty({ type: Number, description: MINOR }) balanceMinor!: number;
}

/** A benefit-sharing fund, named by the code its fee rules credit, with a balance per currency. */
export class FundView {
  @ApiProperty({ example: 'COMMUNITY_DEVELOPMENT' }) fundCode!: string;
  @ApiProperty({ type: () => [FundBalanceView], description: 'Empty until something moved in the fund.' }) balances!: FundBalanceView[];
}

export class FundListView {
  @ApiProperty({ type: () => [FundView], description: 'Sorted by fund code.' }) funds!: FundView[];
}

export class FundUserView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class FundSpendingDecisionView {
  @ApiProperty({ type: () => FundUserView }) by!: FundUserView;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was rejected.' }) reason!: string | null;
}

/** A request to pay out of a fund, pending until another admin approves or rejects it. */
export class FundSpendingView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fundCode!: string;
  @ApiProperty() purpose!: string;
  @ApiProperty({ type: Number, description: MINOR }) amountMinor!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ format: 'date' }) spentOn!: string;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected'], description: 'Only approved spending leaves the fund.' }) status!: SpendingStatus;
  @ApiProperty({ type: () => FundUserView, nullable: true, description: 'Who approved it (null while pending or when rejected).' })
  approvedBy!: FundUserView | null;
  @ApiProperty({ type: () => FundSpendingDecisionView, nullable: true, description: 'Null while pending.' }) decision!: FundSpendingDecisionView | null;
  @ApiProperty({ format: 'uuid', description: 'Who requested it.' }) recordedBy!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class FundSpendingListView {
  @ApiProperty({ type: () => [FundSpendingView] }) items!: FundSpendingView[];
}

export class FundRuleLineView {
  @ApiProperty({ type: String, nullable: true, description: 'Null when not attributable to one rule of the schedule.' }) ruleCode!: string | null;
  @ApiProperty({ type: Number }) count!: number;
  @ApiProperty({ type: Number, description: MINOR }) amountMinor!: number;
}

export class FundPurposeLineView {
  @ApiProperty() purpose!: string;
  @ApiProperty({ type: Number }) count!: number;
  @ApiProperty({ type: Number, description: MINOR }) amountMinor!: number;
}

export class FundStatementSectionView {
  @ApiProperty() currency!: string;
  @ApiProperty({ type: Number, description: MINOR }) openingMinor!: number;
  @ApiProperty({ type: () => [FundRuleLineView] }) credits!: FundRuleLineView[];
  @ApiProperty({ type: Number, description: MINOR }) creditedMinor!: number;
  @ApiProperty({ type: () => [FundRuleLineView] }) reversals!: FundRuleLineView[];
  @ApiProperty({ type: Number, description: MINOR }) reversedMinor!: number;
  @ApiProperty({ type: () => [FundPurposeLineView] }) spending!: FundPurposeLineView[];
  @ApiProperty({ type: Number, description: MINOR }) spentMinor!: number;
  @ApiProperty({ type: Number, description: MINOR }) closingMinor!: number;
}

/** A fund's movements in a period, per currency, with the ledger head as a witness. */
export class FundStatementView {
  @ApiProperty({ type: () => CooperativeIdentityView }) cooperative!: CooperativeIdentityView;
  @ApiProperty() fundCode!: string;
  @ApiProperty({ type: () => StatementPeriodView }) period!: StatementPeriodView;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: () => LedgerHeadView }) ledgerHead!: LedgerHeadView;
  @ApiProperty({ type: () => [FundStatementSectionView] }) sections!: FundStatementSectionView[];
  @ApiProperty({ type: () => [FundSpendingView] }) spending!: FundSpendingView[];
}
