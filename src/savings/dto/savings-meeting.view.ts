import { ApiProperty } from '@nestjs/swagger';
import { FUNDS, MOVEMENT_KINDS, type Fund, type MovementKind } from '../savings-rows.js';
import { ATTENDANCE_STATUSES } from './savings.dto.js';
import { SavingsBalancesView } from './savings-cycle.view.js';
import { DayProperty, IdProperty, IntProperty, MinorProperty, NullableIdProperty } from './view-properties.js';


export class SavingsAttendanceView {
  @IdProperty() readonly memberId!: string;
  @ApiProperty({ enum: ATTENDANCE_STATUSES }) readonly status!: string;
}

/** One row of the append-only books; a correction is a `reversal` row pointing at the row it cancels. */
export class SavingsMovementView {
  @IdProperty() readonly id!: string;
  @NullableIdProperty('Null for settlements outside meetings (exits, share-out).') readonly meetingId!: string | null;
  @NullableIdProperty() readonly memberId!: string | null;
  @NullableIdProperty() readonly loanId!: string | null;
  @ApiProperty({ enum: MOVEMENT_KINDS }) readonly kind!: MovementKind;
  @ApiProperty({ enum: FUNDS }) readonly fund!: Fund;
  @MinorProperty('Signed integer of minor units: positive into the box, negative out of it.') readonly amountMinor!: number;
  @IntProperty() readonly shares!: number;
  @ApiProperty({ type: String, nullable: true }) readonly fineCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) readonly purpose!: string | null;
  @NullableIdProperty() readonly reversesMovementId!: string | null;
  @ApiProperty({ type: String, nullable: true }) readonly reason!: string | null;
  @DayProperty() readonly occurredOn!: string;
  @IdProperty() readonly recordedBy!: string;
}

export class SavingsCashCountView {
  @ApiProperty({ enum: FUNDS }) readonly fund!: Fund;
  @MinorProperty() readonly expectedMinor!: number;
  @MinorProperty() readonly countedMinor!: number;
  @MinorProperty('Counted − expected, in minor units.') readonly differenceMinor!: number;
  @ApiProperty({ enum: ['balanced', 'surplus', 'shortage'] }) readonly outcome!: string;
  @ApiProperty({ type: String }) readonly countedBy!: string;
  @IdProperty() readonly recordedBy!: string;
}

export class SavingsMeetingView {
  @IdProperty() readonly id!: string;
  @IdProperty() readonly cycleId!: string;
  @DayProperty() readonly heldOn!: string;
  @ApiProperty({ enum: ['open', 'closed'] }) readonly status!: string;
  @ApiProperty({ type: () => [SavingsAttendanceView] }) readonly attendance!: readonly SavingsAttendanceView[];
  @ApiProperty({ type: () => [SavingsMovementView] }) readonly movements!: readonly SavingsMovementView[];
  @ApiProperty({ type: () => [SavingsCashCountView] }) readonly cashCounts!: readonly SavingsCashCountView[];
  @ApiProperty({ type: () => SavingsBalancesView, description: "The cycle's balances now." }) readonly balances!: SavingsBalancesView;
  @ApiProperty({ type: () => SavingsBalancesView, description: 'The balances at the end of this meeting, as the books stand now.' })
  readonly closingBalances!: SavingsBalancesView;
}
