import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type AuthContext, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../auth/roles.js';
import { CooperativesService } from './cooperatives.service.js';
import { CreateCooperativeDto, UpdateCooperativeDto } from './dto/cooperative.dto.js';
import { CooperativeView } from './dto/cooperative.view.js';

@ApiTags('cooperatives')
@Controller('cooperatives')
export class CooperativesController {
  constructor(private readonly cooperatives: CooperativesService) {}

  @Post()
  @Roles('operator')
  @ApiOperation({ summary: 'Register a cooperative on the platform.' })
  @ApiCreatedResponse({ type: CooperativeView })
  create(@Auth() auth: AuthContext, @Body() dto: CreateCooperativeDto): Promise<CooperativeView> {
    return this.cooperatives.create(auth, dto);
  }

  @Get()
  @Roles('authenticated', 'operator')
  @ApiOperation({ summary: 'The cooperatives the caller may see, by name.' })
  @ApiOkResponse({ type: [CooperativeView] })
  list(@Auth() auth: AuthContext): Promise<CooperativeView[]> {
    return this.cooperatives.listVisible(auth);
  }

  @Get(':cooperativeId')
  @Roles(...ANY_MEMBER_ROLE, 'operator')
  @ApiOperation({ summary: 'One cooperative.' })
  @ApiOkResponse({ type: CooperativeView })
  get(@Auth() auth: TenantAuthContext, @Param('cooperativeId', ParseUUIDPipe) _cooperativeId: string): Promise<CooperativeView> {
    return this.cooperatives.get(auth);
  }

  @Patch(':cooperativeId')
  @Roles('admin', 'operator')
  @ApiOperation({ summary: 'Change a cooperative; its legal form, registration number, country and province are the operator\'s to change.' })
  @ApiOkResponse({ type: CooperativeView })
  update(@Auth() auth: TenantAuthContext, @Param('cooperativeId', ParseUUIDPipe) _cooperativeId: string, @Body() dto: UpdateCooperativeDto): Promise<CooperativeView> {
    return this.cooperatives.update(auth, dto);
  }
}
