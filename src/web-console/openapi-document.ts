import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from '../app.module.js';
import { API_PREFIX } from '../app.js';
import { loadConfig } from '../config/config.js';
import { buildOpenApiDocument } from '../common/openapi.js';

/**
 * The API's OpenAPI document without a database: Nest's preview mode reads the modules and
 * controllers but instantiates no provider, so nothing connects. The web console's typed
 * client is generated from this document (npm run web:api).
 */
export async function openApiDocumentWithoutDatabase(): Promise<OpenAPIObject> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: 'x'.repeat(32) });
  const unusedUrl = 'postgres://preview@127.0.0.1:1/preview';
  const target = { ownerUrl: unusedUrl, appUrl: unusedUrl, appUser: 'preview', appPassword: undefined };
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, target), new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/ready'] });
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
