import { ApiProperty } from '@nestjs/swagger';
import { SavingsPortfolioAtRiskView } from './savings-loan.view.js';
import { DayProperty, IdProperty, IntProperty, MinorProperty } from './view-properties.js';

export class SavingsIndicatorMembersView {
  @IntProperty() readonly total!: number;
  @IntProperty() readonly women!: number;
  @IntProperty() readonly men!: number;
}

export class SavingsAttendanceRateView {
  @IntProperty('Meetings of the window whose attendance was taken.') readonly meetingsCounted!: number;
  @IntProperty('Meetings of the window with no attendance recorded (left out).') readonly meetingsWithoutAttendance!: number;
  @IntProperty() readonly attended!: number;
  @IntProperty() readonly expected!: number;
  @IntProperty('Attended ÷ expected in basis points, half-up; null when no attendance was taken.', { nullable: true }) readonly basisPoints!: number | null;
}

export class SavingsIndicatorSavingsView {
  @IntProperty() readonly shares!: number;
  @MinorProperty() readonly savingsMinor!: number;
}

export class SavingsLoansOutstandingView {
  @IntProperty() readonly count!: number;
  @MinorProperty() readonly principalMinor!: number;
  @MinorProperty() readonly serviceChargeMinor!: number;
  @MinorProperty() readonly totalMinor!: number;
}

export class SavingsLoansWrittenOffView {
  @IntProperty() readonly count!: number;
  @MinorProperty() readonly principalMinor!: number;
  @MinorProperty() readonly serviceChargeMinor!: number;
}

export class SavingsReturnOnSavingsView {
  @MinorProperty() readonly savingsMinor!: number;
  @MinorProperty('Loan-fund cash + what the share-out paid + what members owe on loans, in minor units.') readonly loanFundValueMinor!: number;
  @MinorProperty('Value − savings, in minor units.') readonly earningsMinor!: number;
  @IntProperty('Earnings ÷ savings in basis points; null with no savings.', { nullable: true }) readonly basisPoints!: number | null;
}

/** A group's indicators for a cycle on a day. */
export class SavingsGroupIndicatorsView {
  @IdProperty() readonly groupId!: string;
  @IdProperty('Null when the group has no cycle yet.', { nullable: true }) readonly cycleId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'ISO 4217 code of the cycle; null without a cycle.' }) readonly currency!: string | null;
  @DayProperty() readonly asOf!: string;
  @ApiProperty({ type: () => SavingsIndicatorMembersView }) readonly members!: SavingsIndicatorMembersView;
  @ApiProperty({ type: () => SavingsAttendanceRateView }) readonly attendance!: SavingsAttendanceRateView;
  @ApiProperty({ type: () => SavingsIndicatorSavingsView }) readonly savings!: SavingsIndicatorSavingsView;
  @ApiProperty({ type: () => SavingsLoansOutstandingView }) readonly loansOutstanding!: SavingsLoansOutstandingView;
  @ApiProperty({ type: () => SavingsLoansWrittenOffView }) readonly loansWrittenOff!: SavingsLoansWrittenOffView;
  @ApiProperty({ type: () => SavingsLoansOutstandingView, description: 'Of the loans outstanding, the debts carried from an earlier cycle (also in the portfolio at risk).' })
  readonly carriedDebtsOutstanding!: SavingsLoansOutstandingView;
  @ApiProperty({ type: () => SavingsPortfolioAtRiskView }) readonly portfolioAtRisk!: SavingsPortfolioAtRiskView;
  @MinorProperty() readonly loanFundCashMinor!: number;
  @MinorProperty() readonly socialFundMinor!: number;
  @ApiProperty({ type: () => SavingsReturnOnSavingsView }) readonly returnOnSavings!: SavingsReturnOnSavingsView;
}
