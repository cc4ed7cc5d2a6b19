import { ApiProperty } from '@nestjs/swagger';

/** A person's account as every view of people shows it: the members, a supervisor, the caller. */
export class PersonView {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;
  @ApiProperty({ type: String, description: 'E-mail address or E.164 phone number.' })
  login!: string;
  @ApiProperty({ type: String })
  name!: string;
}
