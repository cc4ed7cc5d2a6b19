import { createSecretKey, type KeyObject } from 'node:crypto';
import type { AppConfig } from '../config/config.js';
import { loadOrCreateLocalSecrets } from '../database/local-secrets.js';

export const AUTH_SECRETS = Symbol('AUTH_SECRETS');

export interface AuthSecrets {
  readonly jwtSecret: string;
  /**
   * The same secret as a key object, built once: given a string, jsonwebtoken tries it as a
   * public key (and fails, at the cost of an exception) then builds a secret key, on every check.
   */
  readonly jwtKey: KeyObject;
}

/** JWT_SECRET when set (shared by every instance), else the one generated into DATA_DIR. */
export function authSecrets(config: AppConfig): AuthSecrets {
  const jwtSecret = config.JWT_SECRET ?? loadOrCreateLocalSecrets(config.DATA_DIR).jwtSecret;
  return { jwtSecret, jwtKey: createSecretKey(Buffer.from(jwtSecret, 'utf8')) };
}
