import { ApiProperty } from '@nestjs/swagger';

const MINOR = 'Integer of minor units of the currency.';

/** Who issues a statement: printed on every statement so that a reader knows whose books these are. */
export class CooperativeIdentityView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() legalForm!: string;
  @ApiProperty() registrationNumber!: string;
  @ApiProperty({ type: String, nullable: true }) approvalNumber!: string | null;
  @ApiProperty({ example: 'CD' }) country!: string;
  @ApiProperty() province!: string;
  @ApiProperty({ type: String, nullable: true }) territory!: string | null;
  @ApiProperty({ example: 'Africa/Lubumbashi' }) timezone!: string;
}

/** The ledger's head when a statement is generated: a witness the reader can later check against the chain. */
export class LedgerHeadView {
  @ApiProperty({ type: Number }) sequence!: number;
  @ApiProperty() hash!: string;
}

/** Both days included, in the cooperative's time zone. */
export class StatementPeriodView {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
}

export class StatementMinerView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() memberNumber!: string;
  @ApiProperty() name!: string;
}

export class StatementFeeView {
  @ApiProperty() fundCode!: string;
  @ApiProperty({ type: Number, description: MINOR }) amountMinor!: number;
}

export class MinerStatementLineView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: Number }) sequence!: number;
  @ApiProperty({ enum: ['purchase', 'reversal'] }) kind!: 'purchase' | 'reversal';
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) reversesId!: string | null;
  @ApiProperty({ format: 'date-time', description: 'The capture of a purchase, the recording of a reversal.' }) at!: string;
  @ApiProperty({ type: String, nullable: true }) lotNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) tagId!: string | null;
  @ApiProperty({ type: String, nullable: true }) mineral!: string | null;
  @ApiProperty({ type: Number, description: 'Milligrams.' }) netMg!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: Number, description: `Signed. ${MINOR}` }) amountMinor!: number;
  @ApiProperty({ type: () => [StatementFeeView] }) fees!: StatementFeeView[];
  @ApiProperty({ type: Number, description: MINOR }) feesMinor!: number;
  @ApiProperty({ type: Number, description: MINOR }) netPaidMinor!: number;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty() hash!: string;
}

export class MinerStatementTotalsView {
  @ApiProperty() currency!: string;
  @ApiProperty({ type: Number }) purchases!: number;
  @ApiProperty({ type: Number }) reversals!: number;
  @ApiProperty({ type: Number, description: 'Milligrams, reversals counted negatively; rough diamonds apart (caratsMg).' }) netMg!: number;
  @ApiProperty({ type: Number, description: 'Rough diamonds’ net mass in milligrams (1 ct = 200 mg), reversals counted negatively.' }) caratsMg!: number;
  @ApiProperty({ type: Number, description: MINOR }) amountMinor!: number;
  @ApiProperty({ type: Number, description: MINOR }) feesMinor!: number;
  @ApiProperty({ type: () => [StatementFeeView], description: 'Sorted by fund code.' }) feesByFund!: StatementFeeView[];
  @ApiProperty({ type: Number, description: MINOR }) netPaidMinor!: number;
}

/** The miner's purchases and reversals in a period, with totals per currency and the ledger head as a witness. */
export class MinerStatementView {
  @ApiProperty({ type: () => CooperativeIdentityView }) cooperative!: CooperativeIdentityView;
  @ApiProperty({ type: () => StatementMinerView }) miner!: StatementMinerView;
  @ApiProperty({ type: () => StatementPeriodView }) period!: StatementPeriodView;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: () => LedgerHeadView }) ledgerHead!: LedgerHeadView;
  @ApiProperty({ type: () => [MinerStatementLineView] }) entries!: MinerStatementLineView[];
  @ApiProperty({ type: () => [MinerStatementTotalsView] }) totals!: MinerStatementTotalsView[];
}
