import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { ISO_DATE_PATTERN } from '../../common/calendar-date.js';
import { SUPPORTED_LOCALES, type Locale } from '../../common/i18n/locale.js';

export class DocumentLanguageQueryDto {
  @ApiPropertyOptional({ enum: SUPPORTED_LOCALES, description: 'Language of the document; else Accept-Language, else French.' })
  @IsOptional() @IsIn(SUPPORTED_LOCALES) lang?: Locale;
}

export class PassbookQueryDto extends DocumentLanguageQueryDto {
  @ApiPropertyOptional({ description: 'The cycle; the open cycle (else the latest) by default.' })
  @IsOptional() @IsUUID() cycleId?: string;
}

export class ShareOutSheetQueryDto extends DocumentLanguageQueryDto {
  @ApiPropertyOptional({ description: 'Day a preview is computed on (today by default); a confirmed share-out is printed as confirmed.' })
  @IsOptional() @Matches(ISO_DATE_PATTERN) on?: string;
}

export class IndicatorsQueryDto {
  @ApiPropertyOptional({ description: 'The cycle; the open cycle (else the latest) by default.' })
  @IsOptional() @IsUUID() cycleId?: string;

  @ApiPropertyOptional({ description: 'Day the indicators are worked out on; today in the cooperative by default.' })
  @IsOptional() @Matches(ISO_DATE_PATTERN) on?: string;
}
