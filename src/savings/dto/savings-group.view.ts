import { ApiProperty } from '@nestjs/swagger';
import { FREQUENCIES } from './savings.dto.js';
import { SavingsCycleView } from './savings-cycle.view.js';
import { DayProperty, IdProperty, IntProperty, NullableIdProperty } from './view-properties.js';

export class SavingsGroupView {
  @IdProperty() readonly id!: string;
  @ApiProperty({ type: String }) readonly name!: string;
  @ApiProperty({ type: String }) readonly meetingPlace!: string;
  @ApiProperty({ enum: FREQUENCIES }) readonly frequency!: string;
  @IntProperty('ISO weekday: 1 = Monday … 7 = Sunday.') readonly meetingWeekday!: number;
}

export class SavingsMemberView {
  @IdProperty() readonly id!: string;
  @NullableIdProperty('The registered miner, if the member is one.') readonly minerId!: string | null;
  @ApiProperty({ type: String }) readonly firstName!: string;
  @ApiProperty({ type: String }) readonly lastName!: string;
  @ApiProperty({ enum: ['F', 'M'] }) readonly sex!: string;
  @ApiProperty({ type: String, nullable: true }) readonly phone!: string | null;
  @DayProperty() readonly joinedOn!: string;
}

/** The committee of the group's latest election. */
export class SavingsCommitteeView {
  @IdProperty() readonly termId!: string;
  @DayProperty() readonly electedOn!: string;
  @IdProperty('Member id.') readonly president!: string;
  @IdProperty('Member id.') readonly secretary!: string;
  @IdProperty('Member id.') readonly treasurer!: string;
  @ApiProperty({ type: [String], description: 'The two money counters (member ids).' }) readonly counters!: readonly string[];
  @ApiProperty({ type: [String], description: "The three holders of the box's keys (member ids)." }) readonly keyHolders!: readonly string[];
  @IdProperty('Member id.') readonly boxKeeper!: string;
}

export class SavingsGroupDetailView extends SavingsGroupView {
  @ApiProperty({ type: [String], description: 'Users assigned as treasurers of the group.' }) readonly treasurerIds!: readonly string[];
  @ApiProperty({ type: () => [SavingsMemberView] }) readonly members!: readonly SavingsMemberView[];
  @ApiProperty({ type: () => SavingsCommitteeView, nullable: true }) readonly committee!: SavingsCommitteeView | null;
  @ApiProperty({ type: () => [SavingsCycleView] }) readonly cycles!: readonly SavingsCycleView[];
}
