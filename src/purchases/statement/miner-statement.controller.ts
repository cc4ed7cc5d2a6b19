import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, type TenantAuthContext } from '../../auth/auth-context.js';
import { Roles } from '../../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../../auth/roles.js';
import { Catalogue } from '../../common/i18n/catalogue.js';
import { StatementQueryDto } from './dto/statement-query.dto.js';
import { type MinerStatement, MinerStatementService } from './miner-statement.service.js';
import { renderMinerStatement } from './miner-statement.pdf.js';
import { pdfReply } from './statement-pdf.js';

@ApiTags('purchases')
@ApiBearerAuth()
@Controller('cooperatives/:cooperativeId/miners/:minerId')
export class MinerStatementController {
  constructor(
    private readonly statements: MinerStatementService,
    private readonly catalogue: Catalogue,
  ) {}

  @Get('statement')
  @Roles(...ANY_MEMBER_ROLE)
  statement(@Auth() auth: TenantAuthContext, @Param('minerId', ParseUUIDPipe) minerId: string, @Query() query: StatementQueryDto): Promise<MinerStatement> {
    return this.statements.statement(auth, minerId, query.from, query.to);
  }

  @Get('statement.pdf')
  @Roles(...ANY_MEMBER_ROLE)
  async statementPdf(
    @Auth() auth: TenantAuthContext,
    @Param('minerId', ParseUUIDPipe) minerId: string,
    @Query() query: StatementQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const statement = await this.statements.statement(auth, minerId, query.from, query.to);
    const pdf = await renderMinerStatement(statement, this.catalogue, query.lang ?? 'fr');
    pdfReply(reply, `statement-${statement.miner.memberNumber}-${statement.period.from}-${statement.period.to}.pdf`);
    return pdf;
  }
}
