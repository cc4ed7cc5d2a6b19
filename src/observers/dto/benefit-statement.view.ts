import { ApiProperty } from '@nestjs/swagger';
import { ObservedPeriodView } from './observation.view.js';

const MINOR = 'Integer of minor units of the currency.';

export class BenefitPurposeView {
  @ApiProperty() purpose!: string;
  @ApiProperty({ type: Number }) count!: number;
  @ApiProperty({ type: Number, description: MINOR }) amountMinor!: number;
}

export class BenefitFundLineView {
  @ApiProperty({ example: 'COMMUNITY_DEVELOPMENT' }) fundCode!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: Number, description: `Received from purchase levies in the period, net of reversals. ${MINOR}` }) receivedMinor!: number;
  @ApiProperty({ type: Number, description: 'Purchases that carried the levy, net of reversals.' }) purchases!: number;
  @ApiProperty({ type: Number, description: `Approved spending of the period. ${MINOR}` }) spentMinor!: number;
  @ApiProperty({ type: () => [BenefitPurposeView], description: 'Where the money went, largest first.' }) spending!: BenefitPurposeView[];
}

export class BenefitCooperativeView {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() country!: string;
  @ApiProperty() province!: string;
}

/** The public benefit-sharing statement: figures of the funds only, for the community notice board. */
export class BenefitStatementView {
  @ApiProperty({ type: () => BenefitCooperativeView }) cooperative!: BenefitCooperativeView;
  @ApiProperty({ type: () => ObservedPeriodView }) period!: ObservedPeriodView;
  @ApiProperty({ type: () => [BenefitFundLineView] }) funds!: BenefitFundLineView[];
  @ApiProperty({ type: String, format: 'date-time' }) generatedAt!: string;
}
