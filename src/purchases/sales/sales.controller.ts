import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Auth, type TenantAuthContext } from '../../auth/auth-context.js';
import { Roles } from '../../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../../auth/roles.js';
import { CreateBuyerDto, ListSalesDto, RecordBuyerMeasurementDto, RecordSaleDto, StockQueryDto, UpdateReconciliationSettingsDto } from './dto/sale.dto.js';
import { type BuyerView, type MeasurementView, type ReconciliationSettingsView, type SaleDetail, type SaleView, SalesService } from './sales.service.js';
import { type StockReport, StockService } from './stock.service.js';

@ApiTags('sales')
@ApiBearerAuth()
@Controller('cooperatives/:cooperativeId')
export class SalesController {
  constructor(
    private readonly sales: SalesService,
    private readonly stockService: StockService,
  ) {}

  @Post('buyers')
  @Roles('admin', 'officer')
  createBuyer(@Auth() auth: TenantAuthContext, @Body() dto: CreateBuyerDto): Promise<BuyerView> {
    return this.sales.createBuyer(auth, dto);
  }

  @Get('buyers')
  @Roles(...ANY_MEMBER_ROLE)
  listBuyers(@Auth() auth: TenantAuthContext): Promise<BuyerView[]> {
    return this.sales.listBuyers(auth);
  }

  @Post('sales')
  @Roles('admin', 'officer')
  record(@Auth() auth: TenantAuthContext, @Body() dto: RecordSaleDto): Promise<SaleDetail> {
    return this.sales.record(auth, dto);
  }

  @Get('sales')
  @Roles(...ANY_MEMBER_ROLE)
  list(@Auth() auth: TenantAuthContext, @Query() query: ListSalesDto): Promise<{ items: SaleView[]; limit: number; offset: number }> {
    return this.sales.list(auth, query);
  }

  @Get('sales/:saleId')
  @Roles(...ANY_MEMBER_ROLE)
  get(@Auth() auth: TenantAuthContext, @Param('saleId', ParseUUIDPipe) saleId: string): Promise<SaleDetail> {
    return this.sales.get(auth, saleId);
  }

  @Post('sales/:saleId/buyer-measurement')
  @Roles('admin', 'officer')
  recordMeasurement(
    @Auth() auth: TenantAuthContext,
    @Param('saleId', ParseUUIDPipe) saleId: string,
    @Body() dto: RecordBuyerMeasurementDto,
  ): Promise<MeasurementView> {
    return this.sales.recordMeasurement(auth, saleId, dto);
  }

  @Get('stock')
  @Roles(...ANY_MEMBER_ROLE)
  stock(@Auth() auth: TenantAuthContext, @Query() query: StockQueryDto): Promise<StockReport> {
    return this.stockService.stock(auth, query);
  }

  @Get('reconciliation-settings')
  @Roles(...ANY_MEMBER_ROLE)
  settings(@Auth() auth: TenantAuthContext): Promise<ReconciliationSettingsView> {
    return this.sales.settings(auth);
  }

  @Put('reconciliation-settings')
  @Roles('admin')
  updateSettings(@Auth() auth: TenantAuthContext, @Body() dto: UpdateReconciliationSettingsDto): Promise<ReconciliationSettingsView> {
    return this.sales.updateSettings(auth, dto);
  }
}
