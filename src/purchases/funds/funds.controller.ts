import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, type TenantAuthContext } from '../../auth/auth-context.js';
import { Roles } from '../../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../../auth/roles.js';
import { Catalogue } from '../../common/i18n/catalogue.js';
import { StatementQueryDto } from '../statement/dto/statement-query.dto.js';
import { pdfReply } from '../statement/statement-pdf.js';
import { RecordFundSpendingDto } from './dto/fund.dto.js';
import { renderFundStatement } from './fund-statement.pdf.js';
import type { FundBalance } from './rules/funds.js';
import { type FundSpendingView, type FundStatement, FundsService } from './funds.service.js';

/** `fundId` is the fund's code as the fee rules name it (COMMUNITY_DEVELOPMENT…). */
@ApiTags('funds')
@ApiBearerAuth()
@Controller('cooperatives/:cooperativeId/funds')
export class FundsController {
  constructor(
    private readonly funds: FundsService,
    private readonly catalogue: Catalogue,
  ) {}

  @Get()
  @Roles(...ANY_MEMBER_ROLE)
  balances(@Auth() auth: TenantAuthContext): Promise<{ funds: { fundCode: string; balances: FundBalance[] }[] }> {
    return this.funds.balances(auth);
  }

  @Get(':fundId/statement')
  @Roles(...ANY_MEMBER_ROLE)
  statement(@Auth() auth: TenantAuthContext, @Param('fundId') fundId: string, @Query() query: StatementQueryDto): Promise<FundStatement> {
    return this.funds.statement(auth, fundId, query.from, query.to);
  }

  @Get(':fundId/statement.pdf')
  @Roles(...ANY_MEMBER_ROLE)
  async statementPdf(
    @Auth() auth: TenantAuthContext,
    @Param('fundId') fundId: string,
    @Query() query: StatementQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const statement = await this.funds.statement(auth, fundId, query.from, query.to);
    const pdf = await renderFundStatement(statement, this.catalogue, query.lang ?? 'fr');
    pdfReply(reply, `fund-${statement.fundCode}-${statement.period.from}-${statement.period.to}.pdf`);
    return pdf;
  }

  /** Admins and officers record; the approver is another admin (see rules/funds.ts). */
  @Post(':fundId/spending')
  @Roles('admin', 'officer')
  recordSpending(@Auth() auth: TenantAuthContext, @Param('fundId') fundId: string, @Body() dto: RecordFundSpendingDto): Promise<FundSpendingView> {
    return this.funds.recordSpending(auth, fundId, dto);
  }

  @Get(':fundId/spending')
  @Roles(...ANY_MEMBER_ROLE)
  listSpending(@Auth() auth: TenantAuthContext, @Param('fundId') fundId: string): Promise<{ items: FundSpendingView[] }> {
    return this.funds.listSpending(auth, fundId);
  }
}
