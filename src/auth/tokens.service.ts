import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import { Scopes } from '../database/scopes.js';
import type { Tx } from '../database/tx.js';
import type { TokenPairView } from './dto/token-pair.view.js';
import { TokensRepository } from './tokens.repository.js';


const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Short-lived access tokens and rotating refresh tokens. Presenting a refresh token that was
 * already used means it was copied: the whole family (that login's chain) is revoked.
 */
@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    private readonly db: Db,
    private readonly repository: TokensRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A new pair for the user; inside `tx` when given (a rotation), else in its own transaction. */
  async issue(userId: string, familyId: string = randomUUID(), tx?: Tx): Promise<TokenPairView> {
    const refreshToken = randomBytes(32).toString('base64url');
    const save = async (work: Tx): Promise<number> => {
      const sessionEpoch = await this.repository.sessionEpochOf(work, userId);
      const expiresAt = new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000);
      await this.repository.insertRefreshToken(work, { id: randomUUID(), userId, familyId, tokenHash: digest(refreshToken), sessionEpoch, expiresAt });
      return sessionEpoch;
    };
    const sessionEpoch = tx ? await save(tx) : await this.db.run(Scopes.account(userId), save);
    const accessToken = await this.jwt.signAsync(
      // ep: the session epoch; "log out everywhere", disabling or a new password moves it on.
      { sub: userId, typ: 'access', ep: sessionEpoch },
      { expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS, issuer: 'ushirika', algorithm: 'HS256' },
    );
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS };
  }

  async rotate(refreshToken: string): Promise<TokenPairView> {
    const outcome = await this.db.run(Scopes.anonymous(), async (tx) => {
      const token = await this.repository.lockedRefreshToken(tx, digest(refreshToken));
      if (!token || token.revoked_at || token.expires_at.getTime() <= Date.now()) return { kind: 'invalid' as const };
      if (token.used_at) {
        await this.repository.revokeFamily(tx, token.family_id);
        return { kind: 'reused' as const };
      }
      const user = await this.repository.sessionStateOf(tx, token.user_id);
      if (!user || user.disabled || user.session_epoch !== token.session_epoch) return { kind: 'invalid' as const };
      await this.repository.markRefreshTokenUsed(tx, token.id);
      return { kind: 'ok' as const, pair: await this.issue(token.user_id, token.family_id, tx) };
    });
    if (outcome.kind === 'reused') throw new DomainError('REFRESH_TOKEN_REUSED', {}, 'unauthenticated');
    if (outcome.kind === 'invalid') throw new DomainError('REFRESH_TOKEN_INVALID', {}, 'unauthenticated');
    return outcome.pair;
  }

  /** Ends the session the refresh token belongs to; unknown tokens are ignored. */
  async revokeFamily(refreshToken: string, userId: string): Promise<void> {
    await this.db.run(Scopes.account(userId), async (tx) => {
      const token = await this.repository.refreshTokenOfUser(tx, digest(refreshToken), userId);
      if (token) await this.repository.revokeFamily(tx, token.family_id);
    });
  }
}
