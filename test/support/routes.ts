import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { IS_PUBLIC } from '../../src/auth/public.decorator.js';
import { ROLES } from '../../src/auth/roles.decorator.js';
import type { Role } from '../../src/auth/roles.js';
import { API_PREFIX } from '../../src/app.js';

export interface RouteInfo {
  readonly method: string;
  readonly path: string;
  readonly isPublic: boolean;
  readonly roles: readonly Role[] | undefined;
  readonly handler: string;
}

const UNPREFIXED = new Set(['health']);

function join(...parts: string[]): string {
  return `/${parts.flatMap((part) => part.split('/')).filter(Boolean).join('/')}`;
}

/** Every route the application registered, read from the controllers' own metadata. */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!controller) continue;
      const base = (Reflect.getMetadata(PATH_METADATA, controller) as string | undefined) ?? '';
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const prefix = UNPREFIXED.has(base) ? '' : API_PREFIX;
        routes.push({
          method,
          path: join(prefix, base, path),
          isPublic: Boolean(Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, controller)),
          roles: (Reflect.getMetadata(ROLES, handler) ?? Reflect.getMetadata(ROLES, controller)) as Role[] | undefined,
          handler: `${controller.name}.${name}`,
        });
      }
    }
  }
  return routes;
}

/** Fills path parameters: the cooperative with the given id, any other id with a random UUID. */
export function concretePath(path: string, cooperativeId: string): string {
  return path
    .replace(':cooperativeId', cooperativeId)
    .replace(/:[A-Za-z]+/g, '3f1f0b0e-8a51-4c55-9d7e-0d8e5ab0c0de');
}
