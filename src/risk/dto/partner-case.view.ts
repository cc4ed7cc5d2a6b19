import { ApiProperty } from '@nestjs/swagger';

/** A cooperative that refers cases to the caller's organisation. */
export class PartneredCooperativeView {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String }) province!: string;
}
