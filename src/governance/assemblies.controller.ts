import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../auth/roles.js';
import { Catalogue } from '../common/i18n/catalogue.js';
import { negotiateLocale } from '../common/i18n/locale.js';
import { ApiDocumentResponse, sendDocument } from '../common/pdf/reply.js';
import { AssembliesService } from './assemblies.service.js';
import { AssemblyDetailView, AssemblyResolutionView, AssemblyView } from './dto/assembly.view.js';
import { AssemblyAttendanceDto, ConveneAssemblyDto, MinutesQueryDto, RecordResolutionDto } from './dto/governance.dto.js';
import { DESK } from './governance.roles.js';
import { renderMinutes } from './minutes.pdf.js';
import { MinutesService } from './minutes.service.js';
import { ResolutionsService } from './resolutions.service.js';

@ApiTags('governance')
@Controller('cooperatives/:cooperativeId')
export class AssembliesController {
  constructor(
    private readonly assemblies: AssembliesService,
    private readonly resolutions: ResolutionsService,
    private readonly minutesOf: MinutesService,
    private readonly catalogue: Catalogue,
  ) {}

  @Post('assemblies')
  @Roles('admin')
  @ApiOperation({ summary: 'Convene a general assembly with its agenda, checking the notice period.' })
  @ApiCreatedResponse({ type: AssemblyView })
  convene(@Auth() auth: TenantAuthContext, @Body() dto: ConveneAssemblyDto): Promise<AssemblyView> {
    return this.assemblies.convene(auth, dto);
  }

  @Get('assemblies')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'The assemblies of the cooperative, latest first.' })
  @ApiOkResponse({ type: [AssemblyView] })
  list(@Auth() auth: TenantAuthContext): Promise<AssemblyView[]> {
    return this.assemblies.list(auth);
  }

  @Get('assemblies/:assemblyId')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'One assembly with its attendance, quorum, resolutions and elections.' })
  @ApiOkResponse({ type: AssemblyDetailView })
  get(@Auth() auth: TenantAuthContext, @Param('assemblyId', ParseUUIDPipe) assemblyId: string): Promise<AssemblyDetailView> {
    return this.assemblies.get(auth, assemblyId);
  }

  @Put('assemblies/:assemblyId/attendance')
  @Roles(...DESK)
  @ApiOperation({ summary: 'Replace the attendance list of an assembly not yet opened, proxies included.' })
  @ApiOkResponse({ type: AssemblyDetailView })
  attendance(@Auth() auth: TenantAuthContext, @Param('assemblyId', ParseUUIDPipe) assemblyId: string, @Body() dto: AssemblyAttendanceDto): Promise<AssemblyDetailView> {
    return this.assemblies.recordAttendance(auth, assemblyId, dto);
  }

  @Post('assemblies/:assemblyId/open')
  @HttpCode(200)
  @Roles(...DESK)
  @ApiOperation({ summary: 'Open the assembly and record the quorum its attendance gives.' })
  @ApiOkResponse({ type: AssemblyDetailView })
  open(@Auth() auth: TenantAuthContext, @Param('assemblyId', ParseUUIDPipe) assemblyId: string): Promise<AssemblyDetailView> {
    return this.assemblies.open(auth, assemblyId);
  }

  @Post('assemblies/:assemblyId/resolutions')
  @Roles(...DESK)
  @ApiOperation({ summary: 'Record the vote on an agenda item; the majority its decision needs decides it.' })
  @ApiCreatedResponse({ type: AssemblyResolutionView })
  recordResolution(@Auth() auth: TenantAuthContext, @Param('assemblyId', ParseUUIDPipe) assemblyId: string, @Body() dto: RecordResolutionDto): Promise<AssemblyResolutionView> {
    return this.resolutions.record(auth, assemblyId, dto);
  }

  @Get('assemblies/:assemblyId/resolutions')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'The resolutions of an assembly, in agenda order.' })
  @ApiOkResponse({ type: [AssemblyResolutionView] })
  resolutionsOf(@Auth() auth: TenantAuthContext, @Param('assemblyId', ParseUUIDPipe) assemblyId: string): Promise<AssemblyResolutionView[]> {
    return this.resolutions.list(auth, assemblyId);
  }

  @Get('assemblies/:assemblyId/minutes.pdf')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'The minutes of an assembly as a PDF, with attendance, quorum, votes, results and signature lines.' })
  @ApiDocumentResponse('application/pdf')
  async minutes(
    @Auth() auth: TenantAuthContext,
    @Param('assemblyId', ParseUUIDPipe) assemblyId: string,
    @Query() query: MinutesQueryDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const data = await this.minutesOf.minutes(auth, assemblyId);
    const pdf = await renderMinutes(data, this.catalogue, query.lang ?? negotiateLocale(acceptLanguage));
    return sendDocument(reply, `minutes-${data.assembly.heldOn}.pdf`, pdf);
  }
}
