import { ApiProperty } from '@nestjs/swagger';
import { SERVICE_CHARGE_METHODS } from '../rules/cycle-rules.js';
import type { LoanState } from '../rules/loan-write-off.js';
import { REPAYMENT_PLANS } from './savings.dto.js';
import { DayProperty, IdProperty, IntProperty, MinorProperty, NullableIdProperty } from './view-properties.js';

export const LOAN_STATES: readonly LoanState[] = ['current', 'overdue', 'repaid', 'written_off'];

export class SavingsLoanBalanceView {
  @DayProperty() readonly asOf!: string;
  @MinorProperty() readonly principalOutstandingMinor!: number;
  @MinorProperty() readonly serviceChargeOutstandingMinor!: number;
  @MinorProperty() readonly totalOutstandingMinor!: number;
  @MinorProperty() readonly principalPaidMinor!: number;
  @MinorProperty() readonly serviceChargeAccruedMinor!: number;
  @MinorProperty() readonly serviceChargePaidMinor!: number;
  @IntProperty('Periods charged; none once the principal is repaid.') readonly periodsCharged!: number;
}

export class SavingsWriteOffView {
  @DayProperty() readonly writtenOffOn!: string;
  @MinorProperty('Principal lost, in minor units.') readonly principalMinor!: number;
  @MinorProperty('Service charge lost, in minor units.') readonly serviceChargeMinor!: number;
  @IdProperty('The meeting at which the group decided.') readonly meetingId!: string;
  @ApiProperty({ type: String }) readonly reason!: string;
  @ApiProperty({ type: String, nullable: true }) readonly decisionRef!: string | null;
  @IdProperty() readonly recordedBy!: string;
}

export class SavingsLoanView {
  @IdProperty() readonly id!: string;
  @IdProperty() readonly memberId!: string;
  @NullableIdProperty('The meeting that granted the loan; null on a debt carried from an earlier cycle.') readonly meetingId!: string | null;
  @NullableIdProperty('Set on a debt carried from an earlier cycle (the cycle whose settlement could not net it): brought into this one as the member\'s debt, no cash lent.')
  readonly carriedFromCycleId!: string | null;
  @MinorProperty() readonly principalMinor!: number;
  @DayProperty('The day the loan was disbursed; for a carried debt, the day it was carried (it fell due then).') readonly disbursedOn!: string;
  @IntProperty('Months of term; 0 on a carried debt, due at once.') readonly termMonths!: number;
  @DayProperty() readonly termEndsOn!: string;
  @ApiProperty({ enum: LOAN_STATES }) readonly state!: LoanState;
  @ApiProperty({ type: Boolean }) readonly overdue!: boolean;
  @IntProperty() readonly daysOverdue!: number;
  @ApiProperty({ type: () => SavingsLoanBalanceView }) readonly balance!: SavingsLoanBalanceView;
  @ApiProperty({ type: () => SavingsWriteOffView, nullable: true }) readonly writeOff!: SavingsWriteOffView | null;
}

export class SavingsLoanScheduleRowView {
  @IntProperty() readonly period!: number;
  @DayProperty("The period's last day.") readonly dueOn!: string;
  @MinorProperty() readonly principalDueMinor!: number;
  @MinorProperty() readonly serviceChargeDueMinor!: number;
  @MinorProperty() readonly totalDueMinor!: number;
  @MinorProperty() readonly principalOutstandingAfterMinor!: number;
}

export class SavingsLoanScheduleView {
  @ApiProperty({ type: () => [SavingsLoanScheduleRowView] }) readonly rows!: readonly SavingsLoanScheduleRowView[];
  @MinorProperty() readonly totalPrincipalMinor!: number;
  @MinorProperty() readonly totalServiceChargeMinor!: number;
  @MinorProperty() readonly totalDueMinor!: number;
}

export class SavingsRepaymentAllocationView {
  @DayProperty() readonly paidOn!: string;
  @MinorProperty() readonly amountMinor!: number;
  @MinorProperty() readonly toServiceChargeMinor!: number;
  @MinorProperty() readonly toPrincipalMinor!: number;
  @ApiProperty({ type: () => SavingsLoanBalanceView }) readonly balanceAfter!: SavingsLoanBalanceView;
}

export class SavingsLoanDetailView extends SavingsLoanView {
  @DayProperty() readonly asOf!: string;
  @IntProperty('Basis points per started 30-day period.') readonly serviceChargeRateBpPerMonth!: number;
  @ApiProperty({ enum: SERVICE_CHARGE_METHODS }) readonly serviceChargeMethod!: string;
  @ApiProperty({ enum: REPAYMENT_PLANS }) readonly plan!: (typeof REPAYMENT_PLANS)[number];
  @ApiProperty({ type: () => SavingsLoanScheduleView }) readonly schedule!: SavingsLoanScheduleView;
  @ApiProperty({ type: () => [SavingsRepaymentAllocationView] }) readonly repayments!: readonly SavingsRepaymentAllocationView[];
}

export class SavingsPortfolioAtRiskView {
  @MinorProperty('Principal outstanding on loans overdue by at least `minDaysOverdue`.') readonly atRiskPrincipalMinor!: number;
  @MinorProperty('Principal outstanding on all loans.') readonly outstandingPrincipalMinor!: number;
  @IntProperty('At risk ÷ outstanding in basis points, half-up; 0 when nothing is outstanding.') readonly basisPoints!: number;
  @IntProperty() readonly loansAtRisk!: number;
  @IntProperty() readonly loansOutstanding!: number;
  @IntProperty() readonly minDaysOverdue!: number;
}

export class SavingsLoansView {
  @DayProperty() readonly asOf!: string;
  @ApiProperty({ type: () => [SavingsLoanView] }) readonly loans!: readonly SavingsLoanView[];
  @ApiProperty({ type: () => SavingsPortfolioAtRiskView }) readonly portfolioAtRisk!: SavingsPortfolioAtRiskView;
}
