import { Controller, Get, Headers, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import { Catalogue } from '../common/i18n/catalogue.js';
import { negotiateLocale } from '../common/i18n/locale.js';
import { ApiDocumentResponse, sendDocument } from '../common/pdf/reply.js';
import { renderBenefitStatement } from './benefit-statement.pdf.js';
import { BenefitStatementView } from './dto/benefit-statement.view.js';
import { ObservedPeriodQueryDto } from './dto/observer-grant.dto.js';
import { PublicStatementService } from './public-statement.service.js';

/** No login: the statement a cooperative chose to publish for its community's notice board. 404 when it does not publish. */
@ApiTags('public')
@Controller('public/cooperatives/:cooperativeId')
export class PublicStatementController {
  constructor(
    private readonly statements: PublicStatementService,
    private readonly catalogue: Catalogue,
  ) {}

  @Get('benefit-sharing')
  @Public()
  @ApiOperation({ summary: 'What the benefit-sharing funds received from purchase levies in the period and where the money went.' })
  @ApiOkResponse({ type: BenefitStatementView })
  statement(@Param('cooperativeId', ParseUUIDPipe) cooperativeId: string, @Query() query: ObservedPeriodQueryDto, @Req() request: FastifyRequest): Promise<BenefitStatementView> {
    return this.statements.statement(cooperativeId, query.period, request.ip);
  }

  @Get('benefit-sharing.pdf')
  @Public()
  @ApiOperation({ summary: 'The benefit-sharing statement on one page, in French or English (Accept-Language).' })
  @ApiDocumentResponse('application/pdf')
  async statementPdf(
    @Param('cooperativeId', ParseUUIDPipe) cooperativeId: string,
    @Query() query: ObservedPeriodQueryDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const statement = await this.statements.statement(cooperativeId, query.period, request.ip);
    const pdf = await renderBenefitStatement(statement, this.catalogue, negotiateLocale(acceptLanguage));
    return sendDocument(reply, `benefit-sharing-${statement.period.key}.pdf`, pdf);
  }
}
