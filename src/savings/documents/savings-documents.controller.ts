import { Controller, Get, Headers, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, type TenantAuthContext } from '../../auth/auth-context.js';
import { Roles } from '../../auth/roles.decorator.js';
import { Catalogue } from '../../common/i18n/catalogue.js';
import { negotiateLocale } from '../../common/i18n/locale.js';
import { renderMeetingSheet } from './meeting-sheet.pdf.js';
import { renderPassbook } from './passbook.pdf.js';
import { DocumentLanguageQueryDto, IndicatorsQueryDto, PassbookQueryDto, ShareOutSheetQueryDto } from './savings-documents.dto.js';
import { SavingsDocumentsService, type GroupIndicatorsView } from './savings-documents.service.js';
import { renderShareOutSheet } from './share-out-sheet.pdf.js';
import { SAVINGS_READERS } from '../savings-access.js';

/** Who reads a group's books: admins, auditors and supervisors; treasurers for their own groups (checked in the service). */
const READERS = SAVINGS_READERS;

function sendPdf(reply: FastifyReply, pdf: Buffer, filename: string): Buffer {
  void reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${filename}"`)
    .header('cache-control', 'private, no-store');
  return pdf;
}

@ApiTags('savings')
@ApiBearerAuth()
@Controller('cooperatives/:cooperativeId/savings-groups/:groupId')
export class SavingsDocumentsController {
  constructor(
    private readonly documents: SavingsDocumentsService,
    private readonly catalogue: Catalogue,
  ) {}

  @Get('members/:memberId/passbook.pdf')
  @Roles(...READERS)
  @ApiProduces('application/pdf')
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
    return sendPdf(reply, pdf, `passbook-${memberId}-${data.header.cycle.startsOn}.pdf`);
  }

  @Get('cycles/:cycleId/meetings/:meetingId/sheet.pdf')
  @Roles(...READERS)
  @ApiProduces('application/pdf')
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
    return sendPdf(reply, pdf, `meeting-${data.meeting.heldOn}.pdf`);
  }

  @Get('cycles/:cycleId/share-out.pdf')
  @Roles(...READERS)
  @ApiProduces('application/pdf')
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
    return sendPdf(reply, pdf, `share-out-${data.shareOut.status}-${data.shareOut.on}.pdf`);
  }

  @Get('indicators')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Group indicators for a cycle: members, attendance over the last 4 meetings, savings, loans, PAR, social fund, return on savings.' })
  indicators(@Auth() auth: TenantAuthContext, @Param('groupId', ParseUUIDPipe) groupId: string, @Query() query: IndicatorsQueryDto): Promise<GroupIndicatorsView> {
    return this.documents.indicators(auth, groupId, query.cycleId, query.on);
  }
}
