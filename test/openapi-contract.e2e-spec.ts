import { listRoutes, type RouteInfo } from './support/routes.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The served OpenAPI document is the console's and every client's contract: each JSON
 * operation says what it answers (a schema for its success response) and what it does (a
 * summary), how it fails (problem+json) and who may call it (its security requirement).
 */
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const REQUIRED_COVERAGE = 0.95;

interface Response {
  readonly $ref?: string;
  readonly content?: Record<string, { readonly schema?: unknown }>;
}

interface Operation {
  readonly operationId?: string;
  readonly summary?: string;
  readonly responses: Record<string, Response>;
  readonly security?: readonly Record<string, readonly string[]>[];
  readonly requestBody?: unknown;
  readonly parameters?: readonly { readonly name: string; readonly in: string }[];
}

interface Entry {
  readonly method: string;
  readonly path: string;
  readonly operation: Operation;
}

function operationsOf(paths: Record<string, Partial<Record<string, Operation>>>): Entry[] {
  return Object.entries(paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => (item[method] ? [{ method, path, operation: item[method] }] : [])),
  );
}

function successOf(operation: Operation): [string, Response][] {
  return Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
}

/** An operation answering a document (PDF, CSV, image) is no JSON operation. */
function isJsonOperation(operation: Operation): boolean {
  return !successOf(operation).some(([, response]) => Object.keys(response.content ?? {}).some((type) => !type.includes('json')));
}

/** A 204 has nothing to describe; any other success answer needs its JSON schema. */
function declaresResponse(operation: Operation): boolean {
  const successes = successOf(operation);
  return (
    successes.length > 0 &&
    successes.every(([status, response]) => status === '204' || response.content?.['application/json']?.schema !== undefined)
  );
}

describe('the OpenAPI contract', () => {
  let t: TestApp;
  let document: { paths: Record<string, Partial<Record<string, Operation>>>; components: { schemas: Record<string, unknown> } };
  let operations: Entry[];
  let routes: RouteInfo[];

  beforeAll(async () => {
    t = await startTestApp();
    document = (await t.http().get('/docs/openapi.json').expect(200)).body;
    operations = operationsOf(document.paths);
    routes = listRoutes(t.app);
  });

  afterAll(async () => {
    await t.close();
  });

  function routeOf({ method, path }: Entry): RouteInfo | undefined {
    const nestPath = path.replace(/\{(\w+)\}/g, ':$1');
    return routes.find((route) => route.method === method.toUpperCase() && route.path === nestPath);
  }

  it(`declares a response schema and a summary on at least ${REQUIRED_COVERAGE * 100}% of the JSON operations`, () => {
    const json = operations.filter(({ operation }) => isJsonOperation(operation));
    const offenders = json
      .filter(({ operation }) => !declaresResponse(operation) || !operation.summary)
      .map(({ method, path, operation }) =>
        [`${method.toUpperCase()} ${path}`, !declaresResponse(operation) ? 'no response schema' : '', !operation.summary ? 'no summary' : '']
          .filter(Boolean)
          .join(': '),
      );
    const coverage = (json.length - offenders.length) / json.length;
    const figure = `${json.length - offenders.length} of ${json.length} JSON operations (${(coverage * 100).toFixed(1)}%)`;
    process.stdout.write(`OpenAPI contract coverage: ${figure}\n`);
    expect(json.length).toBeGreaterThan(100);
    // On failure the diff lists every offender.
    expect({ figure, offenders: coverage >= REQUIRED_COVERAGE ? [] : offenders }).toEqual({ figure, offenders: [] });
  });

  it('names the bearer token on every guarded operation and no security on the public ones', () => {
    const wrong = operations.flatMap((entry) => {
      const route = routeOf(entry);
      const expected = route?.isPublic ? [] : [{ bearer: [] }];
      return JSON.stringify(entry.operation.security) === JSON.stringify(expected) ? [] : [`${entry.method.toUpperCase()} ${entry.path}`];
    });
    expect(wrong).toEqual([]);
    expect(routeOf(operations.find(({ path }) => path === '/api/v1/auth/login')!)?.isPublic).toBe(true);
  });

  it('offers an Idempotency-Key on every guarded write but those that must keep no trace', () => {
    const keyless = operations
      .filter((entry) => entry.method !== 'get' && !routeOf(entry)?.isPublic)
      .filter(({ operation }) => !(operation.parameters ?? []).some((p) => p.in === 'header' && p.name === 'Idempotency-Key'))
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(keyless.sort()).toEqual([
      'POST /api/v1/cooperatives/{cooperativeId}/elections/{electionId}/ballots',
      'PUT /api/v1/auth/password',
      'PUT /api/v1/cooperatives/{cooperativeId}/users/{userId}/password-reset',
    ]);
  });

  it('describes the problem+json answers each operation can give', () => {
    expect(document.components.schemas.Problem).toMatchObject({ required: ['type', 'title', 'status', 'code', 'detail'] });
    const missing = operations.flatMap((entry) => {
      const { method, path, operation } = entry;
      const expected = [
        ...(routeOf(entry)?.isPublic ? [] : ['401', '403']),
        ...(path.includes('{') ? ['400', '404'] : []),
        ...(method === 'get' ? [] : ['409', '422']),
      ];
      return expected.filter((status) => !operation.responses[status]).map((status) => `${method.toUpperCase()} ${path}: ${status}`);
    });
    expect(missing).toEqual([]);
    const login = document.paths['/api/v1/auth/login']?.post;
    expect(login?.responses['429']).toEqual({ $ref: '#/components/responses/TooManyRequests' });
  });
});
