import type { INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { targetConstructorToSchema, validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { IS_PUBLIC } from './public-route.js';
import { NO_IDEMPOTENCY_RECORD } from './idempotency/no-idempotency-record.decorator.js';

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
    .addServer('/')
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
  const handlers = controllerHandlers(app);
  declareQueryParameters(handlers, document);
  declareUndescribedSchemas(document);
  declareProblemsAndSecurity(handlers, document);
  declareIdempotencyKeys(handlers, document);
  relaxStringFormatChoices(document);
  dropUnreferencedSchemas(document);
  return document;
}

/**
 * class-validator-jsonschema writes an ISO 8601 field as `oneOf: [date, date-time]`, which no
 * value can satisfy exactly once in the schema's eyes (both are strings): it means anyOf.
 */
function relaxStringFormatChoices(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(relaxStringFormatChoices);
  if (node === null || typeof node !== 'object') return;
  const schema = node as SchemaObject;
  const choices = schema.oneOf;
  if (Array.isArray(choices) && choices.every((choice) => (choice as SchemaObject | null)?.type === 'string')) {
    schema.anyOf = choices;
    delete schema.oneOf;
  }
  Object.values(schema).forEach(relaxStringFormatChoices);
}

/**
 * Query DTOs become parameters (declareQueryParameters) and mapped types leave intermediate
 * schemas behind: a schema that nothing references documents nothing, so it goes.
 */
function dropUnreferencedSchemas(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
  for (;;) {
    const { schemas: _own, ...rest } = document.components ?? {};
    const referencing = JSON.stringify({ paths: document.paths, components: rest }) + JSON.stringify(Object.values(schemas));
    const referenced = new Set([...referencing.matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1]));
    const unreferenced = Object.keys(schemas).filter((name) => !referenced.has(name));
    if (unreferenced.length === 0) break;
    for (const name of unreferenced) delete schemas[name];
  }
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const WRITES = new Set<string>(['put', 'post', 'delete', 'patch']);
/** The routes that count failed attempts per login and address and answer 429 past the limit. */
const THROTTLED_PATHS = new Set([`/api/v1/auth/login`, `/api/v1/auth/password`, `/api/v1/auth/password-reset`]);

/** RFC 9457 problem details as the problem filter writes them (common/problem.ts, ProblemDetails). */
const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details, in the language Accept-Language asks for (French by default).',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string', description: 'A URN naming the problem, derived from code.', example: 'urn:ushirika:problem:not-found' },
    title: { type: 'string', description: 'The HTTP status in words.' },
    status: { type: 'integer', description: 'The HTTP status code.', example: 404 },
    code: { type: 'string', description: 'The stable machine code clients branch on.', example: 'NOT_FOUND' },
    detail: { type: 'string', description: 'What went wrong, for a person to read.' },
    errors: {
      type: 'array',
      description: 'One entry per refused field of the request.',
      items: {
        type: 'object',
        required: ['field', 'code', 'message'],
        properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
      },
    },
    requestId: { type: 'string', description: 'The x-request-id of the request, to quote to support.' },
  },
};

/** One shared response per problem status, referenced by the operations that can answer it. */
const PROBLEM_RESPONSES: Readonly<Record<string, { name: string; description: string }>> = {
  '400': { name: 'BadRequest', description: 'The request is malformed: a field, parameter or query value is refused.' },
  '401': { name: 'Unauthenticated', description: 'No valid access token was sent.' },
  '403': { name: 'Forbidden', description: 'The caller may not do this here (role, cooperative or read-only access).' },
  '404': { name: 'NotFound', description: 'Nothing with this id is visible to the caller.' },
  '409': { name: 'Conflict', description: 'The write conflicts with the current state (a duplicate, a stale version, a replayed key).' },
  '422': { name: 'Unprocessable', description: 'The request is well formed but a business rule refuses it.' },
  '429': { name: 'TooManyRequests', description: 'Too many failed attempts: retry after the Retry-After delay.' },
};

/**
 * Every operation says who may call it and how it fails: bearer security on guarded routes,
 * none on @Public() ones, and the problem+json answers its shape allows (400 when it takes
 * input, 404 when its path names something, 409/422 on writes, 401/403 when guarded, 429 on
 * the throttled logins). An answer the operation declares itself is kept.
 */
function declareProblemsAndSecurity(handlers: ReadonlyMap<string, Handler>, document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
  schemas.Problem = PROBLEM_SCHEMA;
  const responses = Object.fromEntries(
    Object.values(PROBLEM_RESPONSES).map(({ name, description }) => [
      name,
      { description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
    ]),
  );
  document.components = { ...document.components, schemas, responses: { ...document.components?.responses, ...responses } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const handler = operation.operationId === undefined ? undefined : handlers.get(operation.operationId);
      const isPublic = handler !== undefined && isPublicRoute(handler);
      const statuses = [
        ...(operation.requestBody || (operation.parameters ?? []).length > 0 ? ['400'] : []),
        ...(isPublic ? [] : ['401', '403']),
        ...(path.includes('{') ? ['404'] : []),
        ...(WRITES.has(method) ? ['409', '422'] : []),
        ...(THROTTLED_PATHS.has(path) ? ['429'] : []),
      ];
      for (const status of statuses) {
        operation.responses[status] ??= { $ref: `#/components/responses/${PROBLEM_RESPONSES[status].name}` };
      }
      operation.security = isPublic ? [] : [{ bearer: [] }];
    }
  }
}

/**
 * Every guarded write takes an optional Idempotency-Key (IdempotencyInterceptor): a phone that
 * lost the answer sends the same key again and gets the first answer back. A route that keeps
 * no record of its requests (a secret ballot, a password) takes none; one that keeps none only
 * for some requests (an anonymous report) says so.
 */
function declareIdempotencyKeys(handlers: ReadonlyMap<string, Handler>, document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation || !WRITES.has(method) || operation.operationId === undefined) continue;
      const handler = handlers.get(operation.operationId);
      if (!handler || isPublicRoute(handler)) continue;
      const exemption: unknown = Reflect.getMetadata(NO_IDEMPOTENCY_RECORD, (handler.controller.prototype as Record<string, object>)[handler.method]);
      if (exemption === true) continue;
      const parameters = operation.parameters ?? [];
      if (parameters.some((parameter) => 'name' in parameter && parameter.name.toLowerCase() === 'idempotency-key')) continue;
      operation.parameters = [
        ...parameters,
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,200}$' },
          description:
            'A key of the client\'s choosing (8–200 of A–Z a–z 0–9 . _ : -), e.g. the offline queue entry\'s id: a repeat with the same key and body answers the first answer again (header Idempotent-Replay: true); the same key with another body is a 409.' +
            (typeof exemption === 'function' ? ' Ignored, and nothing kept, when the request must leave no trace (an anonymous report).' : ''),
        },
      ];
    }
  }
}

interface Handler {
  readonly controller: new (...args: never[]) => object;
  readonly method: string;
}

/** Each controller method by the operationId Nest gives it (`Controller_method`). */
function controllerHandlers(app: INestApplication): ReadonlyMap<string, Handler> {
  const handlers = new Map<string, Handler>();
  for (const module of app.get(ModulesContainer, { strict: false }).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!controller) continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) handlers.set(`${controller.name}_${method}`, { controller, method });
    }
  }
  return handlers;
}

function isPublicRoute({ controller, method }: Handler): boolean {
  const handler = (controller.prototype as Record<string, unknown>)[method] as object;
  return Reflect.getMetadata(IS_PUBLIC, handler) === true || Reflect.getMetadata(IS_PUBLIC, controller) === true;
}

/**
 * A whole-query DTO (`@Query() filters: ListMinersDto`) carries no Swagger decorators, so Nest
 * documents no query parameter: list its validated properties as the operation's parameters.
 */
function declareQueryParameters(handlers: ReadonlyMap<string, Handler>, document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      const handler = operation?.operationId === undefined ? undefined : handlers.get(operation.operationId);
      const queryType = handler && wholeQueryType(handler.controller, handler.method);
      // A query DTO that only extends others (PageQueryDto, IntersectionType) has no schema of
      // its own in the components: build it from its inherited validators.
      const schema = queryType && (schemas[queryType.name] ?? inheritedSchemaOf(queryType));
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

function inheritedSchemaOf(type: new () => unknown): SchemaObject | undefined {
  const schema = targetConstructorToSchema(type, { refPointerPrefix: '#/components/schemas/', classTransformerMetadataStorage: defaultMetadataStorage }) as SchemaObject;
  return Object.keys((schema.properties ?? {})).length > 0 ? schema : undefined;
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
    for (const method of METHODS) {
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
