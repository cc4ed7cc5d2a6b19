import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../auth/roles.js';
import { Catalogue } from '../common/i18n/catalogue.js';
import { type Page, PageOfView } from '../common/pagination.js';
import { ApiDocumentResponse, sendDocument } from '../common/pdf/reply.js';
import { CreateFeeRuleDto, ListPurchasesDto, ReceiptQueryDto, RecordPurchaseDto, ReversePurchaseDto } from './dto/purchase.dto.js';
import { ChainVerificationView, FeeRuleView, PurchaseView } from './dto/purchase.view.js';
import { FeeRulesService } from './fee-rules.service.js';
import { renderPurchaseReceipt } from './purchase-receipt.pdf.js';
import { PurchasesService } from './purchases.service.js';

@ApiTags('purchases')
@Controller('cooperatives/:cooperativeId')
export class PurchasesController {
  constructor(
    private readonly purchases: PurchasesService,
    private readonly feeRules: FeeRulesService,
    private readonly catalogue: Catalogue,
  ) {}

  @Post('purchases')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: 'Record a purchase from a member and append it to the ledger.' })
  @ApiCreatedResponse({ type: PurchaseView })
  record(@Auth() auth: TenantAuthContext, @Body() dto: RecordPurchaseDto): Promise<PurchaseView> {
    return this.purchases.record(auth, dto);
  }

  @Get('purchases')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'List the ledger entries in sequence order, a page at a time.' })
  @ApiOkResponse({ type: PageOfView(PurchaseView) })
  list(@Auth() auth: TenantAuthContext, @Query() query: ListPurchasesDto): Promise<Page<PurchaseView>> {
    return this.purchases.list(auth, query);
  }

  @Get('purchases/:purchaseId')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'Read one ledger entry.' })
  @ApiOkResponse({ type: PurchaseView })
  get(@Auth() auth: TenantAuthContext, @Param('purchaseId', ParseUUIDPipe) purchaseId: string): Promise<PurchaseView> {
    return this.purchases.get(auth, purchaseId);
  }

  @Post('purchases/:purchaseId/reversal')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: 'Reverse a purchase by appending a reversing entry with a reason.' })
  @ApiCreatedResponse({ type: PurchaseView })
  reverse(@Auth() auth: TenantAuthContext, @Param('purchaseId', ParseUUIDPipe) purchaseId: string, @Body() dto: ReversePurchaseDto): Promise<PurchaseView> {
    return this.purchases.reverse(auth, purchaseId, dto);
  }

  @Get('purchases/:purchaseId/receipt.pdf')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'Print the receipt of a ledger entry (A4 or 58 mm roll).' })
  @ApiDocumentResponse('application/pdf')
  async receipt(
    @Auth() auth: TenantAuthContext,
    @Param('purchaseId', ParseUUIDPipe) purchaseId: string,
    @Query() query: ReceiptQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const data = await this.purchases.receipt(auth, purchaseId);
    const pdf = await renderPurchaseReceipt(data, this.catalogue, query.lang ?? 'fr', query.format ?? 'a4');
    return sendDocument(reply, `receipt-${data.entry.sequence}.pdf`, pdf);
  }

  @Get('ledger/verify')
  @Roles('admin', 'auditor', 'supervisor')
  @ApiOperation({ summary: 'Recompute the hash chain of the whole ledger and say where it breaks, if it does.' })
  @ApiOkResponse({ type: ChainVerificationView })
  verify(@Auth() auth: TenantAuthContext): Promise<ChainVerificationView> {
    return this.purchases.verify(auth);
  }

  @Post('fee-rules')
  @Roles('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a dated rule to the fee schedule.' })
  @ApiCreatedResponse({ type: FeeRuleView })
  createFeeRule(@Auth() auth: TenantAuthContext, @Body() dto: CreateFeeRuleDto): Promise<FeeRuleView> {
    return this.feeRules.createFeeRule(auth, dto);
  }

  @Get('fee-rules')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'List the fee schedule.' })
  @ApiOkResponse({ type: [FeeRuleView] })
  listFeeRules(@Auth() auth: TenantAuthContext): Promise<FeeRuleView[]> {
    return this.feeRules.listFeeRules(auth);
  }
}
