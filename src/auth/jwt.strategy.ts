import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AUTH_SECRETS, type AuthSecrets } from './auth-secrets.js';

interface AccessTokenPayload {
  readonly sub: string;
  readonly typ: string;
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(AUTH_SECRETS) secrets: AuthSecrets) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: secrets.jwtSecret,
      algorithms: ['HS256'],
      issuer: 'ushirika',
    });
  }

  validate(payload: AccessTokenPayload): { userId: string } | false {
    return payload.typ === 'access' && typeof payload.sub === 'string' ? { userId: payload.sub } : false;
  }
}
