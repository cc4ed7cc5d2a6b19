import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Auth, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../auth/roles.js';
import { toCsv } from '../common/csv.js';
import { Catalogue } from '../common/i18n/catalogue.js';
import { negotiateLocale } from '../common/i18n/locale.js';
import { CardPdfQueryDto, ListMinersDto, MinerFiltersDto, SaemapeQueryDto } from './dto/list-miners.dto.js';
import { GetMinerQueryDto } from './dto/get-miner.dto.js';
import { ChangeMinerStatusDto, DeclareCardLostDto, RenewCardDto } from './dto/miner-actions.dto.js';
import { type CardLossAnswer, MemberCardsService } from './member-cards.service.js';
import { RegisterMinerDto, UpdateMinerDto } from './dto/register-miner.dto.js';
import { renderMemberCard } from './member-card.pdf.js';
import { renderSaemapeForm, streamSaemapeForms } from './saemape-form.pdf.js';
import { type MinerDetail, type MinerPage, MinersService, type PersonalDataExport } from './miners.service.js';

/** Who may see a miner's photo: not treasurers, who only keep the books. */
const PHOTO_READERS = ['admin', 'officer', 'auditor', 'supervisor'] as const;

const CSV_COLUMNS = [
  'memberNumber', 'lastName', 'middleName', 'firstName', 'sex', 'dateOfBirth', 'birthYear', 'birthDateEstimated', 'ageBand',
  'status', 'membershipDate', 'homeSiteId', 'phone', 'cardNumber', 'cardIssuedOn', 'cardExpiresOn', 'cardStatus',
] as const;

/** A PDF of personal data, shown inline and never cached. */
function privatePdf(reply: FastifyReply, filename: string, pdf: Buffer): Buffer {
  void reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${filename}"`).header('cache-control', 'private, no-store');
  return pdf;
}

@ApiTags('miners')
@ApiBearerAuth()
@Controller('cooperatives/:cooperativeId/miners')
export class MinersController {
  constructor(
    private readonly miners: MinersService,
    private readonly cards: MemberCardsService,
    private readonly catalogue: Catalogue,
  ) {}

  @Post()
  @Roles('admin', 'officer')
  register(@Auth() auth: TenantAuthContext, @Body() dto: RegisterMinerDto): Promise<MinerDetail> {
    return this.miners.register(auth, dto);
  }

  @Get()
  @Roles(...ANY_MEMBER_ROLE)
  list(@Auth() auth: TenantAuthContext, @Query() query: ListMinersDto): Promise<MinerPage> {
    return this.miners.list(auth, query);
  }

  @Get('export.csv')
  @Roles(...PHOTO_READERS)
  async exportCsv(@Auth() auth: TenantAuthContext, @Query() filters: MinerFiltersDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const rows = await this.miners.exportRows(auth, filters);
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="miners.csv"');
    return toCsv(rows, { header: true, columns: [...CSV_COLUMNS] });
  }

  /** Every matching miner's SAEMAPE form, one page each, streamed as it is written. */
  @Get('saemape.pdf')
  @Roles(...PHOTO_READERS)
  async saemapeForms(
    @Auth() auth: TenantAuthContext,
    @Query() query: SaemapeQueryDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const { lang, ...filters } = query;
    const { header, pages } = await this.miners.saemapeForms(auth, filters);
    void reply.header('cache-control', 'private, no-store');
    return new StreamableFile(streamSaemapeForms(pages, header, this.catalogue, lang ?? negotiateLocale(acceptLanguage)), {
      type: 'application/pdf',
      disposition: 'attachment; filename="saemape-forms.pdf"',
    });
  }

  @Get(':minerId')
  @Roles(...ANY_MEMBER_ROLE)
  get(@Auth() auth: TenantAuthContext, @Param('minerId', ParseUUIDPipe) minerId: string, @Query() query: GetMinerQueryDto): Promise<MinerDetail> {
    return this.miners.get(auth, minerId, query.on);
  }

  @Get(':minerId/personal-data')
  @Roles('admin')
  personalData(@Auth() auth: TenantAuthContext, @Param('minerId', ParseUUIDPipe) minerId: string): Promise<PersonalDataExport> {
    return this.miners.personalData(auth, minerId);
  }

  @Delete(':minerId')
  @HttpCode(204)
  @Roles('admin')
  async erase(@Auth() auth: TenantAuthContext, @Param('minerId', ParseUUIDPipe) minerId: string): Promise<void> {
    await this.miners.erase(auth, minerId);
  }

  @Patch(':minerId')
  @Roles('admin', 'officer')
  update(@Auth() auth: TenantAuthContext, @Param('minerId', ParseUUIDPipe) minerId: string, @Body() dto: UpdateMinerDto): Promise<MinerDetail> {
    return this.miners.update(auth, minerId, dto);
  }

  @Post(':minerId/status')
  @HttpCode(200)
  @Roles('admin', 'officer')
  changeStatus(@Auth() auth: TenantAuthContext, @Param('minerId', ParseUUIDPipe) minerId: string, @Body() dto: ChangeMinerStatusDto): Promise<MinerDetail> {
    return this.miners.changeStatus(auth, minerId, dto);
  }

  @Post(':minerId/cards')
  @Roles('admin', 'officer')
  renewCard(@Auth() auth: TenantAuthContext, @Param('minerId', ParseUUIDPipe) minerId: string, @Body() dto: RenewCardDto): Promise<MinerDetail> {
    return this.miners.renewCard(auth, minerId, dto);
  }

  /** The printed member card is lost or stolen: its QR token (and every earlier one) stops opening the gate. */
  @Post(':minerId/cards/lost')
  @HttpCode(200)
  @Roles('admin', 'officer')
  declareCardLost(@Auth() auth: TenantAuthContext, @Param('minerId', ParseUUIDPipe) minerId: string, @Body() dto: DeclareCardLostDto): Promise<CardLossAnswer> {
    return this.cards.declareLost(auth, minerId, dto.note);
  }

  /** Raw JPEG or PNG body; the parsers for those types are registered by MinersModule. */
  @Put(':minerId/photo')
  @HttpCode(204)
  @Roles('admin', 'officer')
  async uploadPhoto(@Auth() auth: TenantAuthContext, @Param('minerId', ParseUUIDPipe) minerId: string, @Req() request: FastifyRequest): Promise<void> {
    await this.miners.uploadPhoto(auth, minerId, request.headers['content-type'], request.body);
  }

  @Get(':minerId/photo')
  @Roles(...PHOTO_READERS)
  async photo(@Auth() auth: TenantAuthContext, @Param('minerId', ParseUUIDPipe) minerId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const photo = await this.miners.photo(auth, minerId);
    void reply.header('content-type', photo.contentType).header('cache-control', 'private, no-store');
    return photo.content;
  }

  @Get(':minerId/saemape.pdf')
  @Roles(...PHOTO_READERS)
  async saemapeForm(
    @Auth() auth: TenantAuthContext,
    @Param('minerId', ParseUUIDPipe) minerId: string,
    @Query() query: CardPdfQueryDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const { header, form } = await this.miners.saemapeForm(auth, minerId);
    const pdf = await renderSaemapeForm(form, header, this.catalogue, query.lang ?? negotiateLocale(acceptLanguage));
    return privatePdf(reply, `saemape-${form.memberNumber}.pdf`, pdf);
  }

  /** Printing issues the member's gate credential (a new QR token, revoking the earlier ones): writers only. */
  @Get(':minerId/card.pdf')
  @Roles('admin', 'officer')
  async cardPdf(
    @Auth() auth: TenantAuthContext,
    @Param('minerId', ParseUUIDPipe) minerId: string,
    @Query() query: CardPdfQueryDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const print = await this.cards.cardPrint(auth, minerId);
    const pdf = await renderMemberCard(print, this.catalogue, query.lang ?? negotiateLocale(acceptLanguage));
    return privatePdf(reply, `card-${print.miner.memberNumber}.pdf`, pdf);
  }
}
