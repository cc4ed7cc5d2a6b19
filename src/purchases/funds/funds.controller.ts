import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, type TenantAuthContext } from '../../auth/auth-context.js';
import { Roles } from '../../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../../auth/roles.js';
import { Catalogue } from '../../common/i18n/catalogue.js';
import { StatementQueryDto } from '../statement/dto/statement-query.dto.js';
import { ApiDocumentResponse, sendDocument } from '../../common/pdf/reply.js';
import { RecordFundSpendingDto, RejectFundSpendingDto } from './dto/fund.dto.js';
import { renderFundStatement } from './fund-statement.pdf.js';
import { FundListView, FundSpendingListView, FundSpendingView, FundStatementView } from './dto/fund.view.js';
import { FundsService } from './funds.service.js';

/** `fundId` is the fund's code as the fee rules name it (COMMUNITY_DEVELOPMENT…). */
@ApiTags('funds')
@Controller('cooperatives/:cooperativeId/funds')
export class FundsController {
  constructor(
    private readonly funds: FundsService,
    private readonly catalogue: Catalogue,
  ) {}

  @Get()
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'List the benefit-sharing funds with their balance per currency.' })
  @ApiOkResponse({ type: FundListView })
  balances(@Auth() auth: TenantAuthContext): Promise<FundListView> {
    return this.funds.balances(auth);
  }

  @Get(':fundId/statement')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'Show a fund’s credits, reversals and spending in a period.' })
  @ApiOkResponse({ type: FundStatementView })
  statement(@Auth() auth: TenantAuthContext, @Param('fundId') fundId: string, @Query() query: StatementQueryDto): Promise<FundStatementView> {
    return this.funds.statement(auth, fundId, query.from, query.to);
  }

  @Get(':fundId/statement.pdf')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'Print a fund’s statement for a period.' })
  @ApiDocumentResponse('application/pdf')
  async statementPdf(
    @Auth() auth: TenantAuthContext,
    @Param('fundId') fundId: string,
    @Query() query: StatementQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const statement = await this.funds.statement(auth, fundId, query.from, query.to);
    const pdf = await renderFundStatement(statement, this.catalogue, query.lang ?? 'fr');
    return sendDocument(reply, `fund-${statement.fundCode}-${statement.period.from}-${statement.period.to}.pdf`, pdf);
  }

  /** Admins and officers request a spending; it stays pending until another admin decides (see rules/funds.ts). */
  @Post(':fundId/spending')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: 'Request a payment out of a fund, pending another admin’s decision.' })
  @ApiCreatedResponse({ type: FundSpendingView })
  requestSpending(@Auth() auth: TenantAuthContext, @Param('fundId') fundId: string, @Body() dto: RecordFundSpendingDto): Promise<FundSpendingView> {
    return this.funds.requestSpending(auth, fundId, dto);
  }

  /** An admin other than the requester approves: the fund's balance is checked now. */
  @Post(':fundId/spending/:spendingId/approve')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Approve a pending spending (another admin than the requester).' })
  @ApiOkResponse({ type: FundSpendingView })
  approveSpending(
    @Auth() auth: TenantAuthContext,
    @Param('fundId') fundId: string,
    @Param('spendingId', ParseUUIDPipe) spendingId: string,
  ): Promise<FundSpendingView> {
    return this.funds.approveSpending(auth, fundId, spendingId);
  }

  /** An admin other than the requester rejects, saying why. */
  @Post(':fundId/spending/:spendingId/reject')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Reject a pending spending with a reason (another admin than the requester).' })
  @ApiOkResponse({ type: FundSpendingView })
  rejectSpending(
    @Auth() auth: TenantAuthContext,
    @Param('fundId') fundId: string,
    @Param('spendingId', ParseUUIDPipe) spendingId: string,
    @Body() dto: RejectFundSpendingDto,
  ): Promise<FundSpendingView> {
    return this.funds.rejectSpending(auth, fundId, spendingId, dto);
  }

  @Get(':fundId/spending')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'List a fund’s spending requests with their decisions.' })
  @ApiOkResponse({ type: FundSpendingListView })
  listSpending(@Auth() auth: TenantAuthContext, @Param('fundId') fundId: string): Promise<FundSpendingListView> {
    return this.funds.listSpending(auth, fundId);
  }
}
