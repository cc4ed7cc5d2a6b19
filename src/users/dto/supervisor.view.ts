import { ApiProperty } from '@nestjs/swagger';
import { PersonView } from './person.view.js';

/** A province a supervisor reads every cooperative of. */
export class SupervisorJurisdictionView {
  @ApiProperty({ type: String, description: 'ISO 3166-1 alpha-2 country code.', example: 'CD' })
  country!: string;
  @ApiProperty({ type: String, example: 'Lualaba' })
  province!: string;
}

/** A supervisor's account and jurisdictions, as the platform operator manages them. */
export class SupervisorView extends PersonView {
  @ApiProperty({ type: () => [SupervisorJurisdictionView] })
  jurisdictions!: SupervisorJurisdictionView[];
}
