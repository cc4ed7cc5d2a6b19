import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, type TenantAuthContext } from '../../auth/auth-context.js';
import { Roles } from '../../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../../auth/roles.js';
import { Catalogue } from '../../common/i18n/catalogue.js';
import { StatementQueryDto } from './dto/statement-query.dto.js';
import { ApiDocumentResponse, sendDocument } from '../../common/pdf/reply.js';
import { MinerStatementView } from './dto/statement.view.js';
import { MinerStatementService } from './miner-statement.service.js';
import { renderMinerStatement } from './miner-statement.pdf.js';

@ApiTags('purchases')
@Controller('cooperatives/:cooperativeId/miners/:minerId')
export class MinerStatementController {
  constructor(
    private readonly statements: MinerStatementService,
    private readonly catalogue: Catalogue,
  ) {}

  @Get('statement')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'Show a miner’s purchases and reversals in a period, with totals per currency.' })
  @ApiOkResponse({ type: MinerStatementView })
  statement(@Auth() auth: TenantAuthContext, @Param('minerId', ParseUUIDPipe) minerId: string, @Query() query: StatementQueryDto): Promise<MinerStatementView> {
    return this.statements.statement(auth, minerId, query.from, query.to);
  }

  @Get('statement.pdf')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'Print a miner’s statement for a period.' })
  @ApiDocumentResponse('application/pdf')
  async statementPdf(
    @Auth() auth: TenantAuthContext,
    @Param('minerId', ParseUUIDPipe) minerId: string,
    @Query() query: StatementQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const statement = await this.statements.statement(auth, minerId, query.from, query.to);
    const pdf = await renderMinerStatement(statement, this.catalogue, query.lang ?? 'fr');
    return sendDocument(reply, `statement-${statement.miner.memberNumber}-${statement.period.from}-${statement.period.to}.pdf`, pdf);
  }
}
