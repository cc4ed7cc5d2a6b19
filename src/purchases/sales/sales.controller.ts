import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type TenantAuthContext } from '../../auth/auth-context.js';
import { Roles } from '../../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../../auth/roles.js';
import { type Page, PageOfView } from '../../common/pagination.js';
import { BuyerMeasurementsService } from './buyer-measurements.service.js';
import { BuyersService } from './buyers.service.js';
import { CreateBuyerDto, ListSalesDto, RecordBuyerMeasurementDto, RecordSaleDto, StockQueryDto, UpdateReconciliationSettingsDto } from './dto/sale.dto.js';
import { BuyerMeasurementView, BuyerView, ReconciliationSettingsView, SaleDetailView, SaleView, StockView } from './dto/sale.view.js';
import { ReconciliationSettingsService } from './reconciliation-settings.service.js';
import { SalesService } from './sales.service.js';
import { StockService } from './stock.service.js';

@ApiTags('sales')
@Controller('cooperatives/:cooperativeId')
export class SalesController {
  constructor(
    private readonly buyers: BuyersService,
    private readonly sales: SalesService,
    private readonly measurements: BuyerMeasurementsService,
    private readonly reconciliation: ReconciliationSettingsService,
    private readonly stockService: StockService,
  ) {}

  @Post('buyers')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: 'Register a buyer by its licence number.' })
  @ApiCreatedResponse({ type: BuyerView })
  createBuyer(@Auth() auth: TenantAuthContext, @Body() dto: CreateBuyerDto): Promise<BuyerView> {
    return this.buyers.createBuyer(auth, dto);
  }

  @Get('buyers')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'List the cooperative’s buyers by name.' })
  @ApiOkResponse({ type: [BuyerView] })
  listBuyers(@Auth() auth: TenantAuthContext): Promise<BuyerView[]> {
    return this.buyers.listBuyers(auth);
  }

  @Post('sales')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: 'Record a sale of purchase lots to a buyer.' })
  @ApiCreatedResponse({ type: SaleDetailView })
  record(@Auth() auth: TenantAuthContext, @Body() dto: RecordSaleDto): Promise<SaleDetailView> {
    return this.sales.record(auth, dto);
  }

  @Get('sales')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'List the sales, newest first, a page at a time.' })
  @ApiOkResponse({ type: PageOfView(SaleView) })
  list(@Auth() auth: TenantAuthContext, @Query() query: ListSalesDto): Promise<Page<SaleView>> {
    return this.sales.list(auth, query);
  }

  @Get('sales/:saleId')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'Read a sale with its lots and every buyer measurement.' })
  @ApiOkResponse({ type: SaleDetailView })
  get(@Auth() auth: TenantAuthContext, @Param('saleId', ParseUUIDPipe) saleId: string): Promise<SaleDetailView> {
    return this.sales.get(auth, saleId);
  }

  @Post('sales/:saleId/buyer-measurement')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: 'Record (or correct) what the buyer measured and compare it with our figures.' })
  @ApiCreatedResponse({ type: BuyerMeasurementView })
  recordMeasurement(
    @Auth() auth: TenantAuthContext,
    @Param('saleId', ParseUUIDPipe) saleId: string,
    @Body() dto: RecordBuyerMeasurementDto,
  ): Promise<BuyerMeasurementView> {
    return this.measurements.recordMeasurement(auth, saleId, dto);
  }

  @Get('stock')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'Show the stock on hand per mineral and site at the end of a day.' })
  @ApiOkResponse({ type: StockView })
  stock(@Auth() auth: TenantAuthContext, @Query() query: StockQueryDto): Promise<StockView> {
    return this.stockService.stock(auth, query);
  }

  @Get('reconciliation-settings')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'Read the tolerance buyer measurements are judged by.' })
  @ApiOkResponse({ type: ReconciliationSettingsView })
  settings(@Auth() auth: TenantAuthContext): Promise<ReconciliationSettingsView> {
    return this.reconciliation.settings(auth);
  }

  @Put('reconciliation-settings')
  @Roles('admin')
  @ApiOperation({ summary: 'Change the tolerance buyer measurements are judged by.' })
  @ApiOkResponse({ type: ReconciliationSettingsView })
  updateSettings(@Auth() auth: TenantAuthContext, @Body() dto: UpdateReconciliationSettingsDto): Promise<ReconciliationSettingsView> {
    return this.reconciliation.updateSettings(auth, dto);
  }
}
