import { ApiProperty } from '@nestjs/swagger';
import { SUPPORTED_CURRENCIES } from '../../common/money.js';
import { LEGAL_FORMS, type LegalForm } from '../cooperative.entity.js';

/** A cooperative: its legal standing, where it works and its defaults. */
export class CooperativeView {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;
  @ApiProperty({ type: String })
  name!: string;
  @ApiProperty({ type: String, enum: LEGAL_FORMS })
  legalForm!: LegalForm;
  @ApiProperty({ type: String, description: 'RCCM number.' })
  registrationNumber!: string;
  @ApiProperty({ type: String, nullable: true })
  approvalNumber!: string | null;
  @ApiProperty({ type: String, description: 'ISO 3166-1 alpha-2 country code.', example: 'CD' })
  country!: string;
  @ApiProperty({ type: String, example: 'Lualaba' })
  province!: string;
  @ApiProperty({ type: String, nullable: true })
  territory!: string | null;
  @ApiProperty({ type: String, isArray: true, example: ['HETEROGENITE'] })
  minerals!: string[];
  @ApiProperty({ type: String, enum: SUPPORTED_CURRENCIES, description: 'ISO 4217 code of the money amounts by default.' })
  defaultCurrency!: string;
  @ApiProperty({ type: String, description: 'IANA time zone of the cooperative\'s calendar days.', example: 'Africa/Lubumbashi' })
  timezone!: string;
  @ApiProperty({ type: String, enum: ['fr', 'en'] })
  language!: 'fr' | 'en';
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;
}
