import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from './public.decorator.js';
import { Roles } from './roles.decorator.js';
import { Auth, type AuthContext } from './auth-context.js';
import { TokensService } from './tokens.service.js';
import { LoginDto, RefreshDto } from './dto/login.dto.js';
import { MeView } from './dto/me.view.js';
import { TokenPairView } from './dto/token-pair.view.js';
import { MeService } from './me.service.js';

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
  @ApiOkResponse({ type: TokenPairView })
  login(@Body() _credentials: LoginDto, @Req() request: { user: { userId: string } }): Promise<TokenPairView> {
    return this.tokens.issue(request.user.userId);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate a refresh token; a reused one revokes its whole family.' })
  @ApiOkResponse({ type: TokenPairView })
  refresh(@Body() body: RefreshDto): Promise<TokenPairView> {
    return this.tokens.rotate(body.refreshToken);
  }

  @Roles('authenticated')
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of this refresh token.' })
  @ApiNoContentResponse()
  async logout(@Auth() auth: AuthContext, @Body() body: RefreshDto): Promise<void> {
    await this.tokens.revokeFamily(body.refreshToken, auth.userId);
  }

  @Roles('authenticated')
  @Get('me')
  @ApiOperation({ summary: 'The caller, their roles by cooperative and their jurisdictions.' })
  @ApiOkResponse({ type: MeView })
  whoAmI(@Auth() auth: AuthContext): Promise<MeView> {
    return this.me.describe(auth.userId);
  }
}
