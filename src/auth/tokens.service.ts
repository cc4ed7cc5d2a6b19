import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.service.js';
import { RefreshToken } from './refresh-token.entity.js';

export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
}

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');
const NO_TENANT = { cooperativeIds: [], readOnly: false } as const;

/**
 * Short-lived access tokens and rotating refresh tokens. Presenting a refresh token that was
 * already used means it was copied: the whole family (that login's chain) is revoked.
 */
@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(userId: string, familyId: string = randomUUID(), tx?: EntityManager): Promise<TokenPair> {
    const refreshToken = randomBytes(32).toString('base64url');
    const save = async (manager: EntityManager): Promise<number> => {
      const [user] = await manager.query<{ session_epoch: number }[]>('SELECT session_epoch FROM users WHERE id = $1', [userId]);
      const sessionEpoch = user?.session_epoch ?? 0;
      await manager.insert(RefreshToken, {
        id: randomUUID(),
        userId,
        familyId,
        tokenHash: digest(refreshToken),
        sessionEpoch,
        expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000),
      });
      return sessionEpoch;
    };
    const sessionEpoch = tx ? await save(tx) : await this.db.inScope({ ...NO_TENANT, userId }, save);
    const accessToken = await this.jwt.signAsync(
      // ep: the session epoch; "log out everywhere", disabling or a new password moves it on.
      { sub: userId, typ: 'access', ep: sessionEpoch },
      { expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS, issuer: 'ushirika', algorithm: 'HS256' },
    );
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS };
  }

  async rotate(refreshToken: string): Promise<TokenPair> {
    const outcome = await this.db.inScope({ ...NO_TENANT, userId: null }, async (tx) => {
      const token = await tx.findOne(RefreshToken, { where: { tokenHash: digest(refreshToken) }, lock: { mode: 'pessimistic_write' } });
      if (!token || token.revokedAt || token.expiresAt.getTime() <= Date.now()) return { kind: 'invalid' as const };
      if (token.usedAt) {
        await tx.update(RefreshToken, { familyId: token.familyId }, { revokedAt: new Date() });
        return { kind: 'reused' as const };
      }
      const [user] = await tx.query<{ disabled: boolean; session_epoch: number }[]>(
        'SELECT disabled_at IS NOT NULL AS disabled, session_epoch FROM users WHERE id = $1',
        [token.userId],
      );
      if (!user || user.disabled || user.session_epoch !== token.sessionEpoch) return { kind: 'invalid' as const };
      await tx.update(RefreshToken, { id: token.id }, { usedAt: new Date() });
      return { kind: 'ok' as const, pair: await this.issue(token.userId, token.familyId, tx) };
    });
    if (outcome.kind === 'reused') throw new DomainError('REFRESH_TOKEN_REUSED', {}, 'unauthenticated');
    if (outcome.kind === 'invalid') throw new DomainError('REFRESH_TOKEN_INVALID', {}, 'unauthenticated');
    return outcome.pair;
  }

  /** Ends the session the refresh token belongs to; unknown tokens are ignored. */
  async revokeFamily(refreshToken: string, userId: string): Promise<void> {
    await this.db.inScope({ ...NO_TENANT, userId }, async (tx) => {
      const token = await tx.findOne(RefreshToken, { where: { tokenHash: digest(refreshToken), userId } });
      if (token) await tx.update(RefreshToken, { familyId: token.familyId }, { revokedAt: new Date() });
    });
  }
}
