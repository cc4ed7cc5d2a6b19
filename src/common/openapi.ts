import type { INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';

type SchemaObject = Record<string, unknown>;

const NOT_API_SCHEMAS = new Set(['EnvironmentVariables']);

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
  const fromValidators = validationMetadatasToSchemas({
    refPointerPrefix: '#/components/schemas/',
    // Without @Type() metadata, arrays of nested DTOs would point at a schema named "Array".
    classTransformerMetadataStorage: defaultMetadataStorage,
  }) as Record<string, SchemaObject>;
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
  for (const [name, schema] of Object.entries(fromValidators)) {
    // The server's own settings are validated with class-validator too; they are not the API's.
    if (NOT_API_SCHEMAS.has(name)) continue;
    const existing = schemas[name];
    if (!existing || !existing.properties || Object.keys(existing.properties).length === 0) schemas[name] = schema;
  }
  document.components = { ...document.components, schemas };
  declareTemplatePathParameters(document);
  declareQueryParameters(app, document);
  declareUndescribedSchemas(document);
  return document;
}

/**
 * A whole-query DTO (`@Query() filters: ListMinersDto`) carries no Swagger decorators, so Nest
 * documents no query parameter: list its validated properties as the operation's parameters.
 */
function declareQueryParameters(app: INestApplication, document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
  const operations = new Map(
    Object.values(document.paths).flatMap((item) =>
      (['get', 'put', 'post', 'delete', 'patch'] as const).flatMap((method) => (item[method] ? [item[method]] : [])),
    ).map((operation) => [operation.operationId, operation]),
  );
  for (const module of app.get(ModulesContainer, { strict: false }).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!controller) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const operation = operations.get(`${controller.name}_${name}`);
        const queryType = operation && wholeQueryType(controller, name);
        const schema = queryType && schemas[queryType.name];
        if (!operation || !schema || operation.parameters?.some((p) => 'in' in p && p.in === 'query')) continue;
        const properties = (schema.properties ?? {}) as Record<string, SchemaObject>;
        const required = new Set((schema.required ?? []) as string[]);
        operation.parameters = [
          ...(operation.parameters ?? []),
          ...Object.entries(properties).map(([property, propertySchema]) => ({
            name: property,
            in: 'query' as const,
            required: required.has(property),
            schema: propertySchema,
          })),
        ];
      }
    }
  }
}

function wholeQueryType(controller: new (...args: never[]) => object, method: string): (new () => unknown) | undefined {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, { index: number; data?: unknown }>;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, method) ?? []) as (new () => unknown)[];
  const query = Object.entries(args).find(([key, arg]) => key.startsWith(`${RouteParamtypes.QUERY}:`) && arg.data === undefined);
  return query ? types[query[1].index] : undefined;
}

/**
 * A DTO that no validator describes (a mapped type such as PartialType, say) would leave a
 * dangling $ref, which breaks Swagger UI and the client generator: it becomes a plain object.
 */
function declareUndescribedSchemas(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
  const referenced = JSON.stringify(document).matchAll(/"#\/components\/schemas\/([^"]+)"/g);
  for (const [, name] of referenced) schemas[name] ??= { type: 'object' };
  document.components = { ...document.components, schemas };
}

/**
 * Routes read the cooperative from the path in the access guard, not with @Param, so Nest
 * leaves `{cooperativeId}` undeclared: declare every template parameter that an operation
 * lacks, so that Swagger UI and generated clients can fill it in.
 */
function declareTemplatePathParameters(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const declared = new Set((operation.parameters ?? []).flatMap((p) => ('in' in p && p.in === 'path' ? [p.name] : [])));
      const missing = names.filter((name) => !declared.has(name));
      if (missing.length === 0) continue;
      operation.parameters = [
        ...missing.map((name) => ({ name, in: 'path' as const, required: true, schema: { type: 'string' as const } })),
        ...(operation.parameters ?? []),
      ];
    }
  }
}

export function serveOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    useGlobalPrefix: false,
    swaggerOptions: { persistAuthorization: true },
  });
}
