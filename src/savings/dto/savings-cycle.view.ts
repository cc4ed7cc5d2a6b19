import { ApiProperty } from '@nestjs/swagger';
import { SERVICE_CHARGE_METHODS } from '../rules/cycle-rules.js';
import { DayProperty, IdProperty, IntProperty, MinorProperty } from './view-properties.js';

export class SavingsFineTypeView {
  @ApiProperty({ type: String }) readonly code!: string;
  @MinorProperty() readonly amountMinor!: number;
}

/** The rules a cycle runs under, every default filled in. */
export class SavingsCycleRulesView {
  @ApiProperty({ type: String, description: 'ISO 4217 code.' }) readonly currency!: string;
  @MinorProperty() readonly sharePriceMinor!: number;
  @IntProperty() readonly minSharesPerMeeting!: number;
  @IntProperty() readonly maxSharesPerMeeting!: number;
  @MinorProperty() readonly socialFundContributionMinor!: number;
  @ApiProperty({ type: Boolean, description: 'Whether the social fund is shared equally at the share-out.' }) readonly shareOutSocialFund!: boolean;
  @IntProperty('Loan cap as a multiple of savings, in basis points (30 000 = 3 ×).') readonly loanCapSavingsMultipleBp!: number;
  @IntProperty() readonly maxLoanTermMonths!: number;
  @IntProperty('Per started 30-day period, in basis points.') readonly serviceChargeRateBpPerMonth!: number;
  @ApiProperty({ enum: SERVICE_CHARGE_METHODS }) readonly serviceChargeMethod!: 'flat' | 'declining';
  @ApiProperty({ type: () => [SavingsFineTypeView] }) readonly fineTypes!: readonly SavingsFineTypeView[];
}

export class SavingsBalancesView {
  @MinorProperty() readonly loanFundMinor!: number;
  @MinorProperty() readonly socialFundMinor!: number;
}

export class SavingsCycleView {
  @IdProperty() readonly id!: string;
  @IdProperty() readonly groupId!: string;
  @ApiProperty({ type: () => SavingsCycleRulesView }) readonly rules!: SavingsCycleRulesView;
  @DayProperty() readonly startsOn!: string;
  @DayProperty() readonly plannedEndOn!: string;
  @ApiProperty({ enum: ['open', 'closed'] }) readonly status!: 'open' | 'closed';
  @DayProperty(undefined, { nullable: true }) readonly closedOn!: string | null;
}

/** A cycle in the group's list, with its cash now. */
export class SavingsCycleSummaryView extends SavingsCycleView {
  @ApiProperty({ type: () => SavingsBalancesView }) readonly balances!: SavingsBalancesView;
}

export class SavingsAmendmentView {
  @IdProperty() readonly id!: string;
  @IdProperty('The meeting at which the group voted.') readonly meetingId!: string;
  @DayProperty() readonly votedOn!: string;
  @IntProperty() readonly votesFor!: number;
  @IntProperty() readonly votesAgainst!: number;
  @IntProperty() readonly votesAbstaining!: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The rules changed, as voted.' }) readonly changes!: Record<string, unknown>;
  @ApiProperty({ type: () => SavingsCycleRulesView, description: 'The rules in force from the next meeting on.' }) readonly rulesAfter!: SavingsCycleRulesView;
  @ApiProperty({ type: String }) readonly reason!: string;
  @IdProperty() readonly recordedBy!: string;
}
