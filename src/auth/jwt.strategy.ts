import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AUTH_SECRETS, type AuthSecrets } from './auth-secrets.js';

interface AccessTokenPayload {
  readonly sub: string;
  readonly typ: string;
  readonly ep?: number;
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(AUTH_SECRETS) secrets: AuthSecrets) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject made once, which jsonwebtoken 9 takes as is (the typings know only strings
      // and buffers). HS256 only, issuer and expiry checked by jsonwebtoken.
      secretOrKey: secrets.jwtKey as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: 'ushirika',
    });
  }

  /** The session epoch is compared with the user's by the access guard, in the statement it already runs. */
  validate(payload: AccessTokenPayload): { userId: string; sessionEpoch: number } | false {
    if (payload.typ !== 'access' || typeof payload.sub !== 'string' || typeof payload.ep !== 'number') return false;
    return { userId: payload.sub, sessionEpoch: payload.ep };
  }
}
