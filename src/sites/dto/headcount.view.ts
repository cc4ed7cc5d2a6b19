import { ApiProperty } from '@nestjs/swagger';

export class GatePresentPersonView {
  @ApiProperty({ format: 'uuid' }) minerId!: string;
  @ApiProperty() memberNumber!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty({ type: String, nullable: true }) middleName!: string | null;
  @ApiProperty() lastName!: string;
  @ApiProperty({ format: 'uuid' }) zoneId!: string;
  @ApiProperty({ type: String, format: 'date-time' }) enteredAt!: Date;
}

export class HeadcountZoneView {
  @ApiProperty({ format: 'uuid' }) zoneId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'integer', nullable: true }) capacity!: number | null;
  @ApiProperty({ type: 'integer' }) count!: number;
  @ApiProperty({ type: () => [GatePresentPersonView] }) people!: GatePresentPersonView[];
}

export class GateOverstayView extends GatePresentPersonView {
  @ApiProperty({ type: 'integer', description: 'Whole minutes since the closing hour of the day they entered.' }) minutesOver!: number;
  @ApiProperty({ description: 'Went in after the site had closed, not merely stayed on.' }) enteredAfterClosing!: boolean;
}

/** Who is inside a site now: the gate's current state, one entry per member inside. */
export class HeadcountView {
  @ApiProperty({ format: 'uuid' }) siteId!: string;
  @ApiProperty() siteName!: string;
  @ApiProperty() siteCode!: string;
  @ApiProperty({ description: "The cooperative's IANA time zone." }) timezone!: string;
  @ApiProperty({ type: String, format: 'date-time' }) asOf!: Date;
  @ApiProperty({ type: 'integer' }) headcount!: number;
  @ApiProperty({ type: () => [HeadcountZoneView], description: 'Every zone of the site, empty ones too.' }) zones!: HeadcountZoneView[];
  @ApiProperty({ type: () => [GateOverstayView], description: 'People still inside after the closing hour, earliest entry first.' })
  overstay!: GateOverstayView[];
  @ApiProperty({ type: String, nullable: true }) closingTime!: string | null;
}
