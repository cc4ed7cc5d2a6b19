import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Auth, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../auth/roles.js';
import { UploadLimit } from '../common/upload-body.js';
import { MAX_PHOTO_BYTES } from './rules/photo.js';
import { toCsv } from '../common/csv.js';
import { Catalogue } from '../common/i18n/catalogue.js';
import { type Locale, negotiateLocale } from '../common/i18n/locale.js';
import { type Page, PageOfView } from '../common/pagination.js';
import type { PdfDocument } from '../common/pdf/pdf-document.js';
import { ApiDocumentResponse, sendDocument } from '../common/pdf/reply.js';
import { GetMinerQueryDto } from './dto/get-miner.dto.js';
import { CardPdfQueryDto, ListMinersDto, MinerFiltersDto, SaemapeQueryDto } from './dto/list-miners.dto.js';
import { MemberCardLossView } from './dto/member-card.view.js';
import { ChangeMinerStatusDto, DeclareCardLostDto, RenewCardDto } from './dto/miner-actions.dto.js';
import { MinerPersonalDataView } from './dto/miner-personal-data.view.js';
import { MinerSummaryView, MinerView } from './dto/miner.view.js';
import { RegisterMinerDto, UpdateMinerDto } from './dto/register-miner.dto.js';
import { renderMemberCard } from './member-card.pdf.js';
import { MemberCardsService } from './member-cards.service.js';
import { MinerIdentityService } from './miner-identity.service.js';
import { MinerLifecycleService } from './miner-lifecycle.service.js';
import { MinerPersonalDataService } from './miner-personal-data.service.js';
import { MinerPhotosService } from './miner-photos.service.js';
import { MinerRegistrationService } from './miner-registration.service.js';
import { MinerSearchService } from './miner-search.service.js';
import { renderSaemapeForm, streamSaemapeForms } from './saemape-form.pdf.js';
import { SaemapeFormsService } from './saemape-forms.service.js';

/** Who may see a miner's photo: not treasurers, who only keep the books. */
const PHOTO_READERS = ['admin', 'officer', 'auditor', 'supervisor'] as const;

const CSV_COLUMNS = [
  'memberNumber', 'lastName', 'middleName', 'firstName', 'sex', 'dateOfBirth', 'birthYear', 'birthDateEstimated', 'ageBand',
  'status', 'membershipDate', 'homeSiteId', 'phone', 'cardNumber', 'cardIssuedOn', 'cardExpiresOn', 'cardStatus',
] as const;

/** The `:minerId` path parameter, a UUID. */
const MinerId = (): ParameterDecorator => Param('minerId', ParseUUIDPipe);
/** The reply of a route that answers a document through `sendDocument`. */
const DocumentReply = (): ParameterDecorator => Res({ passthrough: true });

@ApiTags('miners')
@Controller('cooperatives/:cooperativeId/miners')
export class MinersController {
  constructor(
    private readonly registration: MinerRegistrationService,
    private readonly search: MinerSearchService,
    private readonly identity: MinerIdentityService,
    private readonly lifecycle: MinerLifecycleService,
    private readonly photos: MinerPhotosService,
    private readonly personalData: MinerPersonalDataService,
    private readonly saemape: SaemapeFormsService,
    private readonly cards: MemberCardsService,
    private readonly catalogue: Catalogue,
  ) {}

  @Post()
  @Roles('admin', 'officer')
  @ApiOperation({ summary: 'Register a person in the registry (a minor is refused and flagged).' })
  @ApiCreatedResponse({ type: MinerView })
  register(@Auth() auth: TenantAuthContext, @Body() dto: RegisterMinerDto): Promise<MinerView> {
    return this.registration.register(auth, dto);
  }

  @Get()
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'List miners matching the filters, a page at a time, by last name and first name.' })
  @ApiOkResponse({ type: PageOfView(MinerSummaryView) })
  list(@Auth() auth: TenantAuthContext, @Query() query: ListMinersDto): Promise<Page<MinerSummaryView>> {
    return this.search.list(auth, query);
  }

  @Get('export.csv')
  @Roles(...PHOTO_READERS)
  @ApiOperation({ summary: 'Export the miners matching the filters as CSV.' })
  @ApiDocumentResponse('text/csv')
  async exportCsv(@Auth() auth: TenantAuthContext, @Query() filters: MinerFiltersDto, @DocumentReply() reply: FastifyReply): Promise<string> {
    const rows = await this.search.exportRows(auth, filters);
    return sendDocument(reply, 'miners.csv', toCsv(rows, { header: true, columns: [...CSV_COLUMNS] }), 'text/csv; charset=utf-8');
  }

  @Get('saemape.pdf')
  @Roles(...PHOTO_READERS)
  @ApiOperation({ summary: "Every matching miner's SAEMAPE identification form, one page each, streamed as it is written." })
  @ApiDocumentResponse('application/pdf')
  async saemapeForms(@Auth() auth: TenantAuthContext, @Query() query: SaemapeQueryDto, @DocumentReply() reply: FastifyReply): Promise<PdfDocument> {
    const { lang: _lang, ...filters } = query;
    const { header, pages } = await this.saemape.forms(auth, filters);
    return sendDocument(reply, 'saemape-forms.pdf', streamSaemapeForms(pages, header, this.catalogue, this.localeOf(query, reply)));
  }

  @Get(':minerId')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: "A miner's full record; reading its ID document number is audited." })
  @ApiOkResponse({ type: MinerView })
  get(@Auth() auth: TenantAuthContext, @MinerId() minerId: string, @Query() query: GetMinerQueryDto): Promise<MinerView> {
    return this.identity.get(auth, minerId, query.on);
  }

  @Get(':minerId/personal-data')
  @Roles('admin')
  @ApiOperation({ summary: 'Export everything held about one person, at their request.' })
  @ApiOkResponse({ type: MinerPersonalDataView })
  exportPersonalData(@Auth() auth: TenantAuthContext, @MinerId() minerId: string): Promise<MinerPersonalDataView> {
    return this.personalData.export(auth, minerId);
  }

  @Delete(':minerId')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Erase a person who never became a member, at their request.' })
  @ApiNoContentResponse()
  async erase(@Auth() auth: TenantAuthContext, @MinerId() minerId: string): Promise<void> {
    await this.personalData.erase(auth, minerId);
  }

  @Patch(':minerId')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: "Correct a miner's identity." })
  @ApiOkResponse({ type: MinerView })
  update(@Auth() auth: TenantAuthContext, @MinerId() minerId: string, @Body() dto: UpdateMinerDto): Promise<MinerView> {
    return this.identity.update(auth, minerId, dto);
  }

  @Post(':minerId/status')
  @HttpCode(200)
  @Roles('admin', 'officer')
  @ApiOperation({ summary: "Change a miner's membership status." })
  @ApiOkResponse({ type: MinerView })
  changeStatus(@Auth() auth: TenantAuthContext, @MinerId() minerId: string, @Body() dto: ChangeMinerStatusDto): Promise<MinerView> {
    return this.lifecycle.changeStatus(auth, minerId, dto);
  }

  @Post(':minerId/cards')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: "Record a miner's new artisanal miner's card; the printed member card's QR token is revoked." })
  @ApiCreatedResponse({ type: MinerView })
  renewCard(@Auth() auth: TenantAuthContext, @MinerId() minerId: string, @Body() dto: RenewCardDto): Promise<MinerView> {
    return this.lifecycle.renewCard(auth, minerId, dto);
  }

  @Post(':minerId/cards/lost')
  @HttpCode(200)
  @Roles('admin', 'officer')
  @ApiOperation({ summary: 'Declare the printed member card lost or stolen: none of its QR tokens opens the gate any more.' })
  @ApiOkResponse({ type: MemberCardLossView })
  declareCardLost(@Auth() auth: TenantAuthContext, @MinerId() minerId: string, @Body() dto: DeclareCardLostDto): Promise<MemberCardLossView> {
    return this.cards.declareLost(auth, minerId, dto.note);
  }

  /** Raw JPEG or PNG body (parsed by createApp's one upload parser). */
  @Put(':minerId/photo')
  @UploadLimit(MAX_PHOTO_BYTES)
  @HttpCode(204)
  @Roles('admin', 'officer')
  @ApiOperation({ summary: "Upload a miner's photo, a raw JPEG or PNG body." })
  @ApiBody({ description: 'The image, at most 1 MiB.', required: true, schema: { type: 'string', format: 'binary' } })
  @ApiNoContentResponse()
  async uploadPhoto(@Auth() auth: TenantAuthContext, @MinerId() minerId: string, @Req() request: FastifyRequest): Promise<void> {
    await this.photos.upload(auth, minerId, request.headers['content-type'], request.body);
  }

  @Get(':minerId/photo')
  @Roles(...PHOTO_READERS)
  @ApiOperation({ summary: "A miner's photo, as uploaded; the read is audited." })
  @ApiDocumentResponse('image/jpeg', 'The photo, JPEG or PNG as uploaded.')
  async photo(@Auth() auth: TenantAuthContext, @MinerId() minerId: string, @DocumentReply() reply: FastifyReply): Promise<Buffer> {
    const photo = await this.photos.photo(auth, minerId);
    return sendDocument(reply, `photo-${minerId}.${photo.contentType === 'image/png' ? 'png' : 'jpg'}`, photo.content, photo.contentType);
  }

  @Get(':minerId/saemape.pdf')
  @Roles(...PHOTO_READERS)
  @ApiOperation({ summary: "One miner's SAEMAPE identification form; the read is audited." })
  @ApiDocumentResponse('application/pdf')
  async saemapeForm(@Auth() auth: TenantAuthContext, @MinerId() minerId: string, @Query() query: CardPdfQueryDto, @DocumentReply() reply: FastifyReply): Promise<Buffer> {
    const { header, form } = await this.saemape.form(auth, minerId);
    const pdf = await renderSaemapeForm(form, header, this.catalogue, this.localeOf(query, reply));
    return sendDocument(reply, `saemape-${form.memberNumber}.pdf`, pdf);
  }

  /** Printing issues the member's gate credential (a new QR token, revoking the earlier ones): writers only. */
  @Get(':minerId/card.pdf')
  @Roles('admin', 'officer')
  @ApiOperation({ summary: "Print a miner's member card, issuing a new QR token and revoking the earlier ones." })
  @ApiDocumentResponse('application/pdf')
  async cardPdf(@Auth() auth: TenantAuthContext, @MinerId() minerId: string, @Query() query: CardPdfQueryDto, @DocumentReply() reply: FastifyReply): Promise<Buffer> {
    const print = await this.cards.cardPrint(auth, minerId);
    const pdf = await renderMemberCard(print, this.catalogue, this.localeOf(query, reply));
    return sendDocument(reply, `card-${print.miner.memberNumber}.pdf`, pdf);
  }

  /** The language asked for, else the one the caller's browser prefers. */
  private localeOf(query: CardPdfQueryDto | SaemapeQueryDto, reply: FastifyReply): Locale {
    return query.lang ?? negotiateLocale(reply.request.headers['accept-language']);
  }
}
