import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import type { IncomingMessage } from 'node:http';
import { LoginService } from './login.service.js';

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly logins: LoginService) {
    super({ usernameField: 'login', passwordField: 'password', passReqToCallback: true });
  }

  async validate(request: IncomingMessage & { ip?: string }, login: string, password: string): Promise<{ userId: string }> {
    const address = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    return { userId: await this.logins.verify(login, password, address) };
  }
}
