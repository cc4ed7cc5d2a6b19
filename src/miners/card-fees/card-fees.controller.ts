import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type TenantAuthContext } from '../../auth/auth-context.js';
import { Roles } from '../../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../../auth/roles.js';
import { CardFeeListView, CardFeeView } from '../dto/card-fee.view.js';
import { ListCardFeesDto, RecordCardFeeDto } from './card-fee.dto.js';
import { CardFeesService } from './card-fees.service.js';

@ApiTags('miners')
@Controller('cooperatives/:cooperativeId')
export class CardFeesController {
  constructor(private readonly fees: CardFeesService) {}

  @Post('miners/:minerId/card-fees')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: "Record a card fee paid by a miner, against the paper receipt's number." })
  @ApiCreatedResponse({ type: CardFeeView })
  record(@Auth() auth: TenantAuthContext, @Param('minerId', ParseUUIDPipe) minerId: string, @Body() dto: RecordCardFeeDto): Promise<CardFeeView> {
    return this.fees.record(auth, minerId, dto);
  }

  @Get('miners/:minerId/card-fees')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'The card fees one miner paid in the period, with totals per currency.' })
  @ApiOkResponse({ type: CardFeeListView })
  listForMiner(@Auth() auth: TenantAuthContext, @Param('minerId', ParseUUIDPipe) minerId: string, @Query() query: ListCardFeesDto): Promise<CardFeeListView> {
    return this.fees.list(auth, query, minerId);
  }

  /** What the regulator's report lists. */
  @Get('card-fees')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'Every card fee collected in the period, with totals per currency.' })
  @ApiOkResponse({ type: CardFeeListView })
  list(@Auth() auth: TenantAuthContext, @Query() query: ListCardFeesDto): Promise<CardFeeListView> {
    return this.fees.list(auth, query, null);
  }
}
