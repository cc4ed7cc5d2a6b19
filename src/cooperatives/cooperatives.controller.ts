import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Auth, type AuthContext, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { ANY_MEMBER_ROLE } from '../auth/roles.js';
import { CooperativesService } from './cooperatives.service.js';
import type { Cooperative } from './cooperative.entity.js';
import { CreateCooperativeDto, UpdateCooperativeDto } from './dto/cooperative.dto.js';

@ApiTags('cooperatives')
@ApiBearerAuth()
@Controller('cooperatives')
export class CooperativesController {
  constructor(private readonly cooperatives: CooperativesService) {}

  @Post()
  @Roles('operator')
  create(@Auth() auth: AuthContext, @Body() dto: CreateCooperativeDto): Promise<Cooperative> {
    return this.cooperatives.create(auth, dto);
  }

  @Get()
  @Roles('authenticated', 'operator')
  list(@Auth() auth: AuthContext): Promise<Cooperative[]> {
    return this.cooperatives.listVisible(auth);
  }

  @Get(':cooperativeId')
  @Roles(...ANY_MEMBER_ROLE, 'operator')
  get(@Auth() auth: TenantAuthContext, @Param('cooperativeId', ParseUUIDPipe) _cooperativeId: string): Promise<Cooperative> {
    return this.cooperatives.get(auth);
  }

  @Patch(':cooperativeId')
  @Roles('admin', 'operator')
  update(@Auth() auth: TenantAuthContext, @Param('cooperativeId', ParseUUIDPipe) _cooperativeId: string, @Body() dto: UpdateCooperativeDto): Promise<Cooperative> {
    return this.cooperatives.update(auth, dto);
  }
}
