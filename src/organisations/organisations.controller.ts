import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type AuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { AddOrganisationPersonDto, CreateOrganisationDto } from './dto/organisation.dto.js';
import { OrganisationPersonView, OrganisationView } from './dto/organisation.view.js';
import { OrganisationsService } from './organisations.service.js';

@ApiTags('organisations')
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post()
  @Roles('operator')
  @ApiOperation({ summary: 'Register an organisation: an NGO, a coalition member, a donor programme or a child-protection partner.' })
  @ApiCreatedResponse({ type: OrganisationView })
  create(@Auth() auth: AuthContext, @Body() dto: CreateOrganisationDto): Promise<OrganisationView> {
    return this.organisations.create(auth, dto);
  }

  @Get()
  @Roles('authenticated', 'operator')
  @ApiOperation({ summary: 'Every organisation, by name: what an admin grants observation to.' })
  @ApiOkResponse({ type: [OrganisationView] })
  list(@Auth() auth: AuthContext): Promise<OrganisationView[]> {
    return this.organisations.list(auth);
  }

  @Post(':organisationId/people')
  @Roles('operator')
  @ApiOperation({ summary: 'Create a login for one of the organisation’s people (observer, or a partner’s social worker).' })
  @ApiCreatedResponse({ type: OrganisationPersonView })
  addPerson(@Auth() auth: AuthContext, @Param('organisationId', ParseUUIDPipe) organisationId: string, @Body() dto: AddOrganisationPersonDto): Promise<OrganisationPersonView> {
    return this.organisations.addPerson(auth, organisationId, dto);
  }

  @Get(':organisationId/people')
  @Roles('operator')
  @ApiOperation({ summary: 'The organisation’s people.' })
  @ApiOkResponse({ type: [OrganisationPersonView] })
  people(@Auth() auth: AuthContext, @Param('organisationId', ParseUUIDPipe) organisationId: string): Promise<OrganisationPersonView[]> {
    return this.organisations.people(auth, organisationId);
  }
}
