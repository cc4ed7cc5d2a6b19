import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AccessGuard } from './access.guard.js';
import { AccessRepository } from './access.repository.js';
import { AccessService } from './access.service.js';
import { AccountsRepository } from './accounts.repository.js';
import { AUTH_SECRETS, authSecrets, type AuthSecrets } from './auth-secrets.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsService } from './accounts.service.js';
import { AuthController } from './auth.controller.js';
import { JwtStrategy } from './jwt.strategy.js';
import { LocalStrategy } from './local.strategy.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';
import { LoginService } from './login.service.js';
import { MeService } from './me.service.js';
import { TokensRepository } from './tokens.repository.js';
import { TokensService } from './tokens.service.js';
import { CooperativesModule } from '../cooperatives/cooperatives.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { MembershipsRepository } from '../users/memberships.repository.js';
import { CooperativeInvitationsController, MyInvitationsController } from '../users/invitations.controller.js';
import { MembershipsService } from '../users/memberships.service.js';

@Global()
@Module({
  imports: [
    // People, roles and cooperatives: what the guard and the account use cases read.
    CooperativesModule,
    OrganisationsModule,
    PassportModule,
    JwtModule.registerAsync({
      inject: [AUTH_SECRETS],
      extraProviders: [{ provide: AUTH_SECRETS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => authSecrets(config) }],
      useFactory: (secrets: AuthSecrets) => ({ secret: secrets.jwtSecret }),
    }),
  ],
  controllers: [AuthController, AccountsController, MyInvitationsController, CooperativeInvitationsController],
  providers: [
    { provide: AUTH_SECRETS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => authSecrets(config) },
    AccessRepository,
    AccessService,
    AccountsRepository,
    LoginThrottleRepository,
    LoginService,
    TokensRepository,
    TokensService,
    MeService,
    AccountsService,
    MembershipsRepository,
    MembershipsService,
    JwtStrategy,
    LocalStrategy,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AUTH_SECRETS, TokensService, AccessService, MembershipsService, AccountsRepository, LoginThrottleRepository],
})
export class AuthModule {}
