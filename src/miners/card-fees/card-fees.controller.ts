import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Auth, type TenantAuthContext } from '../../auth/auth-context.js';
import { Roles } from '../../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../../auth/roles.js';
import { ListCardFeesDto, RecordCardFeeDto } from './card-fee.dto.js';
import type { CardFeeRow } from './card-fees.repository.js';
import { type CardFeeList, CardFeesService } from './card-fees.service.js';

@ApiTags('miners')
@ApiBearerAuth()
@Controller('cooperatives/:cooperativeId')
export class CardFeesController {
  constructor(private readonly fees: CardFeesService) {}

  @Post('miners/:minerId/card-fees')
  @Roles('admin', 'officer')
  record(@Auth() auth: TenantAuthContext, @Param('minerId', ParseUUIDPipe) minerId: string, @Body() dto: RecordCardFeeDto): Promise<CardFeeRow> {
    return this.fees.record(auth, minerId, dto);
  }

  @Get('miners/:minerId/card-fees')
  @Roles(...ANY_MEMBER_ROLE)
  listForMiner(@Auth() auth: TenantAuthContext, @Param('minerId', ParseUUIDPipe) minerId: string, @Query() query: ListCardFeesDto): Promise<CardFeeList> {
    return this.fees.list(auth, query, minerId);
  }

  /** Every card fee collected in the period, with totals per currency: what the regulator's report lists. */
  @Get('card-fees')
  @Roles(...ANY_MEMBER_ROLE)
  list(@Auth() auth: TenantAuthContext, @Query() query: ListCardFeesDto): Promise<CardFeeList> {
    return this.fees.list(auth, query, null);
  }
}
