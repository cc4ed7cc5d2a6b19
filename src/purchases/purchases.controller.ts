import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../auth/roles.js';
import { Catalogue } from '../common/i18n/catalogue.js';
import { CreateFeeRuleDto, ListPurchasesDto, ReceiptQueryDto, RecordPurchaseDto, ReversePurchaseDto } from './dto/purchase.dto.js';
import { type PurchaseView, PurchasesService } from './purchases.service.js';
import { renderPurchaseReceipt } from './purchase-receipt.pdf.js';
import type { ChainVerification } from './rules/verify-chain.js';

@ApiTags('purchases')
@ApiBearerAuth()
@Controller('cooperatives/:cooperativeId')
export class PurchasesController {
  constructor(
    private readonly purchases: PurchasesService,
    private readonly catalogue: Catalogue,
  ) {}

  @Post('purchases')
  @Roles('admin', 'officer')
  record(@Auth() auth: TenantAuthContext, @Body() dto: RecordPurchaseDto): Promise<PurchaseView> {
    return this.purchases.record(auth, dto);
  }

  @Get('purchases')
  @Roles(...ANY_MEMBER_ROLE)
  list(@Auth() auth: TenantAuthContext, @Query() query: ListPurchasesDto): Promise<{ items: PurchaseView[]; nextAfterSequence: number | null }> {
    return this.purchases.list(auth, query);
  }

  @Get('purchases/:purchaseId')
  @Roles(...ANY_MEMBER_ROLE)
  get(@Auth() auth: TenantAuthContext, @Param('purchaseId', ParseUUIDPipe) purchaseId: string): Promise<PurchaseView> {
    return this.purchases.get(auth, purchaseId);
  }

  @Post('purchases/:purchaseId/reversal')
  @Roles('admin', 'officer')
  reverse(@Auth() auth: TenantAuthContext, @Param('purchaseId', ParseUUIDPipe) purchaseId: string, @Body() dto: ReversePurchaseDto): Promise<PurchaseView> {
    return this.purchases.reverse(auth, purchaseId, dto);
  }

  @Get('purchases/:purchaseId/receipt.pdf')
  @Roles(...ANY_MEMBER_ROLE)
  async receipt(
    @Auth() auth: TenantAuthContext,
    @Param('purchaseId', ParseUUIDPipe) purchaseId: string,
    @Query() query: ReceiptQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const data = await this.purchases.receipt(auth, purchaseId);
    const pdf = await renderPurchaseReceipt(data, this.catalogue, query.lang ?? 'fr', query.format ?? 'a4');
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="receipt-${data.entry.sequence}.pdf"`)
      .header('cache-control', 'private, no-store');
    return pdf;
  }

  @Get('ledger/verify')
  @Roles('admin', 'auditor', 'supervisor')
  verify(@Auth() auth: TenantAuthContext): Promise<ChainVerification> {
    return this.purchases.verify(auth);
  }

  @Post('fee-rules')
  @Roles('admin')
  @HttpCode(201)
  createFeeRule(@Auth() auth: TenantAuthContext, @Body() dto: CreateFeeRuleDto): Promise<Record<string, unknown>> {
    return this.purchases.createFeeRule(auth, dto);
  }

  @Get('fee-rules')
  @Roles(...ANY_MEMBER_ROLE)
  listFeeRules(@Auth() auth: TenantAuthContext): Promise<Record<string, unknown>[]> {
    return this.purchases.listFeeRules(auth);
  }
}
