import type { Provider } from '@nestjs/common';
import { AUTH_SECRETS, type AuthSecrets } from '../auth/auth-secrets.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { cardKeyRing } from './card-token.js';

export const CARD_KEY_RING = Symbol('CARD_KEY_RING');

/** The member-card QR keys (card-token.ts), from CARD_KEYS or the JWT secret. */
export const cardKeyRingProvider: Provider = {
  provide: CARD_KEY_RING,
  inject: [APP_CONFIG, AUTH_SECRETS],
  useFactory: (config: AppConfig, secrets: AuthSecrets) => cardKeyRing(secrets.jwtSecret, config.CARD_KEYS),
};
