import { ApiProperty } from '@nestjs/swagger';

/** A province a supervisor reads every cooperative of. */
export class SupervisorJurisdictionView {
  @ApiProperty({ type: String, description: 'ISO 3166-1 alpha-2 country code.', example: 'CD' })
  country!: string;
  @ApiProperty({ type: String, example: 'Lualaba' })
  province!: string;
}

/** A supervisor's account and jurisdictions, as the platform operator manages them. */
export class SupervisorView {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;
  @ApiProperty({ type: String, description: 'E-mail address or E.164 phone number.' })
  login!: string;
  @ApiProperty({ type: String })
  name!: string;
  @ApiProperty({ type: () => [SupervisorJurisdictionView] })
  jurisdictions!: SupervisorJurisdictionView[];
}
