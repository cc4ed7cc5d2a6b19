import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from './public.decorator.js';
import { Roles } from './roles.decorator.js';
import { Auth, type AuthContext } from './auth-context.js';
import { TokensService, type TokenPair } from './tokens.service.js';
import { LoginDto, RefreshDto } from './dto/login.dto.js';
import { MeService, type Me } from './me.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly tokens: TokensService,
    private readonly me: MeService,
  ) {}

  @Public()
  @UseGuards(AuthGuard('local'))
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a login (e-mail or E.164 phone) and password for tokens.' })
  login(@Body() _credentials: LoginDto, @Req() request: { user: { userId: string } }): Promise<TokenPair> {
    return this.tokens.issue(request.user.userId);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate a refresh token; a reused one revokes its whole family.' })
  refresh(@Body() body: RefreshDto): Promise<TokenPair> {
    return this.tokens.rotate(body.refreshToken);
  }

  @Roles('authenticated')
  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of this refresh token.' })
  async logout(@Auth() auth: AuthContext, @Body() body: RefreshDto): Promise<void> {
    await this.tokens.revokeFamily(body.refreshToken, auth.userId);
  }

  @Roles('authenticated')
  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'The caller, their roles by cooperative and their jurisdictions.' })
  whoAmI(@Auth() auth: AuthContext): Promise<Me> {
    return this.me.describe(auth.userId);
  }
}
