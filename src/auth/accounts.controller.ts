import { Body, Controller, HttpCode, Patch, Post, Put, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { requestIdOf } from '../common/request-id.js';
import { NoIdempotencyRecord } from '../common/idempotency/no-idempotency-record.decorator.js';
import { Auth, type AuthContext } from './auth-context.js';
import { AccountsService } from './accounts.service.js';
import { ChangePasswordDto, RedeemPasswordResetDto, UpdateMeDto } from './dto/account.dto.js';
import { MeView } from './dto/me.view.js';
import { TokenPairView } from './dto/token-pair.view.js';
import { MeService } from './me.service.js';
import { Public } from './public.decorator.js';
import { Roles } from './roles.decorator.js';

/**
 * The caller's own account. Changing a password is a PUT: the idempotency store keeps POST
 * bodies' hashes and answers, and neither a password nor a token pair may land there.
 */
@ApiTags('auth')
@Controller('auth')
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly me: MeService,
  ) {}

  @Roles('authenticated')
  @Patch('me')
  @ApiOperation({ summary: 'Change one\'s own name (shown in every cooperative one belongs to).' })
  @ApiOkResponse({ type: MeView })
  async rename(@Auth() auth: AuthContext, @Body() dto: UpdateMeDto): Promise<MeView> {
    await this.accounts.rename(auth, dto.name);
    return this.me.describe(auth.userId);
  }

  /** The body holds both passwords and the answer fresh tokens: nothing of it may be kept. */
  @Roles('authenticated')
  @Put('password')
  @NoIdempotencyRecord()
  @ApiOperation({ summary: 'Change one\'s password (the current one is required); every other session ends, fresh tokens are answered.' })
  @ApiOkResponse({ type: TokenPairView })
  changePassword(@Auth() auth: AuthContext, @Body() dto: ChangePasswordDto, @Req() request: FastifyRequest): Promise<TokenPairView> {
    return this.accounts.changePassword(auth, dto, request.ip);
  }

  @Roles('authenticated')
  @Post('logout-everywhere')
  @HttpCode(204)
  @ApiOperation({ summary: 'End every session of the caller: all refresh tokens are revoked and all access tokens refused.' })
  @ApiNoContentResponse()
  async logoutEverywhere(@Auth() auth: AuthContext): Promise<void> {
    await this.accounts.endSessions(auth);
  }

  @Public()
  @Put('password-reset')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password with the one-time code an admin issued; the code is spent and every session ends.' })
  @ApiNoContentResponse()
  async redeemReset(@Body() dto: RedeemPasswordResetDto, @Req() request: FastifyRequest): Promise<void> {
    await this.accounts.redeemReset(dto, request.ip, requestIdOf(request));
  }
}
