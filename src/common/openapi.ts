import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';

type SchemaObject = Record<string, unknown>;

/**
 * The OpenAPI document is generated from the code: routes from the controllers, request
 * bodies from the same class-validator decorators that validate them, so the two cannot
 * drift apart.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Ushirika API')
    .setDescription(
      'Artisanal-miner cooperatives: registry, gate, purchase ledger, savings groups, governance, risk and reports. ' +
        'Errors are application/problem+json; send Accept-Language: en for English (French by default).',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const fromValidators = validationMetadatasToSchemas({ refPointerPrefix: '#/components/schemas/' }) as Record<string, SchemaObject>;
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
  for (const [name, schema] of Object.entries(fromValidators)) {
    const existing = schemas[name];
    if (!existing || !existing.properties || Object.keys(existing.properties).length === 0) schemas[name] = schema;
  }
  document.components = { ...document.components, schemas };
  return document;
}

export function serveOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    useGlobalPrefix: false,
    swaggerOptions: { persistAuthorization: true },
  });
}
