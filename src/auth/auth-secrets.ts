import type { AppConfig } from '../config/config.js';
import { loadOrCreateLocalSecrets } from '../database/local-secrets.js';

export const AUTH_SECRETS = Symbol('AUTH_SECRETS');

export interface AuthSecrets {
  readonly jwtSecret: string;
}

/** JWT_SECRET when set (shared by every instance), else the one generated into DATA_DIR. */
export function authSecrets(config: AppConfig): AuthSecrets {
  return { jwtSecret: config.JWT_SECRET ?? loadOrCreateLocalSecrets(config.DATA_DIR).jwtSecret };
}
