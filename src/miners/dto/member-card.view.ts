import { ApiProperty } from '@nestjs/swagger';

/** A declared loss of the printed member card: every token printed so far is refused. */
export class MemberCardLossView {
  @ApiProperty({ format: 'uuid' }) minerId!: string;
  @ApiProperty({ description: 'The serial of the last card printed, whose token (and every earlier one) is refused from now on; 0 when none was printed.' })
  lastSerial!: number;
  @ApiProperty({ format: 'date-time' }) revokedAt!: string;
}
