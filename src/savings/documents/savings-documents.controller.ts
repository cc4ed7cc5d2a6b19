import { Controller, Get, Headers, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, type TenantAuthContext } from '../../auth/auth-context.js';
import { Roles } from '../../auth/roles.decorator.js';
import { Catalogue } from '../../common/i18n/catalogue.js';
import { negotiateLocale } from '../../common/i18n/locale.js';
import { ApiDocumentResponse, sendDocument } from '../../common/pdf/reply.js';
import { SavingsGroupIndicatorsView } from '../dto/savings-indicators.view.js';
import { renderMeetingSheet } from './meeting-sheet.pdf.js';
import { renderPassbook } from './passbook.pdf.js';
import { DocumentLanguageQueryDto, IndicatorsQueryDto, PassbookQueryDto, ShareOutSheetQueryDto } from './savings-documents.dto.js';
import { SavingsDocumentsService } from './savings-documents.service.js';
import { renderShareOutSheet } from './share-out-sheet.pdf.js';
import { SAVINGS_READERS } from '../savings-access.js';

/** Who reads a group's books: admins, auditors and supervisors; treasurers for their own groups (checked in the service). */
const READERS = SAVINGS_READERS;

@ApiTags('savings')
@Controller('cooperatives/:cooperativeId/savings-groups/:groupId')
export class SavingsDocumentsController {
  constructor(
    private readonly documents: SavingsDocumentsService,
    private readonly catalogue: Catalogue,
  ) {}

  @Get('members/:memberId/passbook.pdf')
  @Roles(...READERS)
  @ApiDocumentResponse('application/pdf')
  @ApiOperation({ summary: "A member's passbook for a cycle (the current one by default): every movement with running balances." })
  async passbook(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('memberId', ParseUUIDPipe) memberId: string,
    @Query() query: PassbookQueryDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const data = await this.documents.passbook(auth, groupId, memberId, query.cycleId);
    const pdf = await renderPassbook(data, this.catalogue, query.lang ?? negotiateLocale(acceptLanguage));
    return sendDocument(reply, `passbook-${memberId}-${data.header.cycle.startsOn}.pdf`, pdf);
  }

  @Get('cycles/:cycleId/meetings/:meetingId/sheet.pdf')
  @Roles(...READERS)
  @ApiDocumentResponse('application/pdf')
  @ApiOperation({ summary: 'The meeting sheet read aloud at the next meeting: attendance, movements, totals, counted cash against the books.' })
  async meetingSheet(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Param('meetingId', ParseUUIDPipe) meetingId: string,
    @Query() query: DocumentLanguageQueryDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const data = await this.documents.meetingSheet(auth, groupId, cycleId, meetingId);
    const pdf = await renderMeetingSheet(data, this.catalogue, query.lang ?? negotiateLocale(acceptLanguage));
    return sendDocument(reply, `meeting-${data.meeting.heldOn}.pdf`, pdf);
  }

  @Get('cycles/:cycleId/share-out.pdf')
  @Roles(...READERS)
  @ApiDocumentResponse('application/pdf')
  @ApiOperation({ summary: 'The share-out sheet, preview or confirmed (labelled), with a line to sign per member.' })
  async shareOutSheet(
    @Auth() auth: TenantAuthContext,
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('cycleId', ParseUUIDPipe) cycleId: string,
    @Query() query: ShareOutSheetQueryDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const data = await this.documents.shareOutSheet(auth, groupId, cycleId, query.on);
    const pdf = await renderShareOutSheet(data, this.catalogue, query.lang ?? negotiateLocale(acceptLanguage));
    return sendDocument(reply, `share-out-${data.shareOut.status}-${data.shareOut.on}.pdf`, pdf);
  }

  @Get('indicators')
  @Roles(...READERS)
  @ApiOkResponse({ type: SavingsGroupIndicatorsView })
  @ApiOperation({ summary: 'Group indicators for a cycle: members, attendance over the last 4 meetings, savings, loans, PAR, social fund, return on savings.' })
  indicators(@Auth() auth: TenantAuthContext, @Param('groupId', ParseUUIDPipe) groupId: string, @Query() query: IndicatorsQueryDto): Promise<SavingsGroupIndicatorsView> {
    return this.documents.indicators(auth, groupId, query.cycleId, query.on);
  }
}
