import { ApiProperty } from '@nestjs/swagger';
import { DayProperty, IdProperty, IntProperty, MinorProperty } from './view-properties.js';

const STATUSES = ['preview', 'confirmed'] as const;

/** The exact value of one share as a fraction of minor units, and that value rounded down for a poster. */
export class SavingsValuePerShareView {
  @IntProperty() readonly numerator!: number;
  @IntProperty() readonly denominator!: number;
  @MinorProperty() readonly displayMinor!: number;
}

export class SavingsShareOutLineView {
  @IdProperty() readonly memberId!: string;
  @IntProperty() readonly shares!: number;
  @MinorProperty('floor(shares × value per share), in minor units.') readonly grossMinor!: number;
  @MinorProperty() readonly debtMinor!: number;
  @MinorProperty() readonly debtNettedMinor!: number;
  @MinorProperty() readonly netPayoutMinor!: number;
  @MinorProperty('Debt the payout could not cover, carried to the next cycle.') readonly carriedDebtMinor!: number;
  @MinorProperty() readonly socialFundShareMinor!: number;
  @MinorProperty() readonly cashToMemberMinor!: number;
}

export class SavingsSocialFundOutcomeView {
  @ApiProperty({ enum: ['kept', 'shared-equally'] }) readonly policy!: string;
  @MinorProperty() readonly cashMinor!: number;
  @MinorProperty() readonly sharedPerMemberMinor!: number;
  @MinorProperty() readonly sharedTotalMinor!: number;
  @MinorProperty() readonly keptForNextCycleMinor!: number;
}

export class SavingsShareOutTotalsView {
  @IntProperty() readonly members!: number;
  @IntProperty() readonly shares!: number;
  @MinorProperty() readonly cashAvailableMinor!: number;
  @MinorProperty() readonly loanFundCashMinor!: number;
  @MinorProperty() readonly debtMinor!: number;
  @MinorProperty() readonly grossMinor!: number;
  @MinorProperty() readonly debtNettedMinor!: number;
  @MinorProperty() readonly netPayoutMinor!: number;
  @MinorProperty() readonly carriedDebtMinor!: number;
  @MinorProperty() readonly socialFundPaidMinor!: number;
  @MinorProperty() readonly cashPaidMinor!: number;
  @MinorProperty() readonly remainderMinor!: number;
  @MinorProperty() readonly cashKeptForNextCycleMinor!: number;
}

/** The cycle-end share-out: a preview on a day, or the share-out as confirmed. */
export class SavingsShareOutView {
  @IdProperty() readonly cycleId!: string;
  @DayProperty() readonly on!: string;
  @ApiProperty({ enum: STATUSES }) readonly status!: 'preview' | 'confirmed';
  @ApiProperty({ type: () => SavingsValuePerShareView }) readonly valuePerShare!: SavingsValuePerShareView;
  @ApiProperty({ type: () => [SavingsShareOutLineView] }) readonly lines!: readonly SavingsShareOutLineView[];
  @ApiProperty({ type: () => SavingsSocialFundOutcomeView }) readonly socialFund!: SavingsSocialFundOutcomeView;
  @MinorProperty('Loan-fund units left by rounding; they stay in the box.') readonly remainderMinor!: number;
  @ApiProperty({ type: () => SavingsShareOutTotalsView }) readonly totals!: SavingsShareOutTotalsView;
}

/** A member's mid-cycle exit: a preview on a day, or the exit as recorded. */
export class SavingsMemberExitView {
  @IdProperty() readonly cycleId!: string;
  @IdProperty() readonly memberId!: string;
  @DayProperty() readonly on!: string;
  @ApiProperty({ enum: STATUSES }) readonly status!: 'preview' | 'confirmed';
  @ApiProperty({ type: String, nullable: true }) readonly reason!: string | null;
  @ApiProperty({ type: () => SavingsValuePerShareView }) readonly valuePerShare!: SavingsValuePerShareView;
  @ApiProperty({ type: () => SavingsShareOutLineView }) readonly line!: SavingsShareOutLineView;
  @MinorProperty() readonly loanFundCashBeforeMinor!: number;
  @MinorProperty() readonly paidMinor!: number;
  @MinorProperty('What stays in the box for the members who remain, rounding included.') readonly loanFundCashAfterMinor!: number;
  @IntProperty() readonly sharesRemaining!: number;
}
