import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../auth/roles.js';
import { BylawsService } from './bylaws.service.js';
import { DemandsService } from './demands.service.js';
import { BylawVersionView } from './dto/bylaw.view.js';
import { AssemblyDemandView } from './dto/demand.view.js';
import { AssemblyDemandDto, CreateBylawVersionDto, DeclareBylawDto } from './dto/governance.dto.js';
import { DESK } from './governance.roles.js';

/** The bylaws and the members' demands for an assembly. */
@ApiTags('governance')
@Controller('cooperatives/:cooperativeId')
export class BylawsController {
  constructor(
    private readonly bylaws: BylawsService,
    private readonly demands: DemandsService,
  ) {}

  /** Members' demand for an assembly: recorded with its signatories, valid when a quarter signed. */
  @Post('assembly-demands')
  @Roles(...DESK)
  @ApiOperation({ summary: "Record members' demand for an assembly with its signatories; valid when a quarter signed." })
  @ApiCreatedResponse({ type: AssemblyDemandView })
  recordDemand(@Auth() auth: TenantAuthContext, @Body() dto: AssemblyDemandDto): Promise<AssemblyDemandView> {
    return this.demands.record(auth, dto);
  }

  @Get('assembly-demands')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: "The members' demands for an assembly, latest received first." })
  @ApiOkResponse({ type: [AssemblyDemandView] })
  demandsList(@Auth() auth: TenantAuthContext): Promise<AssemblyDemandView[]> {
    return this.demands.list(auth);
  }

  @Get('assembly-demands/:demandId')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: "One members' demand, with its check and the assembly that answered it." })
  @ApiOkResponse({ type: AssemblyDemandView })
  demand(@Auth() auth: TenantAuthContext, @Param('demandId', ParseUUIDPipe) demandId: string): Promise<AssemblyDemandView> {
    return this.demands.get(auth, demandId);
  }

  @Get('bylaws')
  @Roles(...ANY_MEMBER_ROLE)
  @ApiOperation({ summary: 'Every version of the bylaws, with its declaration status.' })
  @ApiOkResponse({ type: [BylawVersionView] })
  list(@Auth() auth: TenantAuthContext): Promise<BylawVersionView[]> {
    return this.bylaws.list(auth);
  }

  @Post('bylaws')
  @Roles('admin')
  @ApiOperation({ summary: 'Adopt a version of the bylaws: the first on its founding date, later ones by an extraordinary assembly.' })
  @ApiCreatedResponse({ type: BylawVersionView })
  adopt(@Auth() auth: TenantAuthContext, @Body() dto: CreateBylawVersionDto): Promise<BylawVersionView> {
    return this.bylaws.adopt(auth, dto);
  }

  @Post('bylaws/:versionId/declaration')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Record the day a bylaws version was declared to the registry.' })
  @ApiOkResponse({ type: BylawVersionView })
  declare(@Auth() auth: TenantAuthContext, @Param('versionId', ParseUUIDPipe) versionId: string, @Body() dto: DeclareBylawDto): Promise<BylawVersionView> {
    return this.bylaws.declare(auth, versionId, dto);
  }
}
