import { bearer, cooperativeBody, twoCooperatives, type Session, type TwoCooperatives } from './support/identity-fixture.js';
import { listRoutes, type RouteInfo } from './support/routes.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { partnerIn } from './support/organisation-fixture.js';

/**
 * The order of refusals: authentication (401), the caller's role (403), then the body (400:
 * not one JSON object, then its fields), and only then whether the ids exist (404) and the
 * rules of the trade (409/422). So a uuid that names nothing gets a 400 for a bad body.
 */
const SOME_ID = '3f1f0b0e-8a51-4c55-9d7e-0d8e5ab0c0de';

interface WriteRoute {
  readonly method: 'post' | 'put' | 'patch';
  readonly path: string;
}

/** Someone each route admits: nobody for a public route, else a role it names. */
function callerFor(route: RouteInfo | undefined, world: World): Session | undefined {
  if (!route || route.isPublic) return undefined;
  const roles = route.roles ?? ['authenticated'];
  if (roles.includes('admin') || roles.includes('authenticated')) return world.inA.admin;
  if (roles.includes('partner')) return world.partner;
  if (roles.includes('operator')) return world.operator;
  if (roles.includes('supervisor')) return world.lualabaSupervisor;
  const role = (['officer', 'treasurer', 'auditor'] as const).find((name) => roles.includes(name));
  return role ? world.inA[role] : world.inA.admin;
}

type World = TwoCooperatives & { readonly lualabaSupervisor: Session; readonly partner: Session };

interface Operation {
  readonly requestBody?: { readonly content?: Record<string, unknown> };
}

/** Every write route whose OpenAPI operation takes a JSON request body. */
function jsonWriteRoutes(paths: Record<string, Partial<Record<string, Operation>>>): WriteRoute[] {
  return Object.entries(paths).flatMap(([path, item]) =>
    (['post', 'put', 'patch'] as const).flatMap((method) => {
      const content = item[method]?.requestBody?.content;
      return content && 'application/json' in content ? [{ method, path }] : [];
    }),
  );
}

function concrete(path: string, cooperativeId: string): string {
  return path.replace('{cooperativeId}', cooperativeId).replace(/\{[A-Za-z]+\}/g, SOME_ID);
}

/** Raw JSON texts the API must refuse as a body, named for the test titles. */
const BAD_BODIES: ReadonlyArray<readonly [string, string]> = [
  ['null', 'null'],
  ['an array', '[{"name":"x"}]'],
  ['a string', '"hello"'],
  ['a number', '42'],
  ['malformed JSON', '{"name": '],
];

describe('bad request bodies', () => {
  let t: TestApp;
  let world: World;
  let routes: WriteRoute[];
  let nestRoutes: RouteInfo[];

  beforeAll(async () => {
    t = await startTestApp();
    const cooperatives = await twoCooperatives(t, { supervisor: true });
    // A child-protection partner's social worker: the only caller of the partner routes.
    const { session: partner } = await partnerIn(t, cooperatives.operator, cooperatives.inA.admin, cooperatives.coopA, 'bad-input');
    world = { ...cooperatives, partner };
    const document = await t.http().get('/docs/openapi.json').expect(200);
    routes = jsonWriteRoutes(document.body.paths);
    nestRoutes = listRoutes(t.app);
  });

  function nestRoute(route: WriteRoute): RouteInfo | undefined {
    const path = route.path.replace(/\{(\w+)\}/g, ':$1');
    return nestRoutes.find((candidate) => candidate.method === route.method.toUpperCase() && candidate.path === path);
  }

  afterAll(async () => {
    await t.close();
  });

  it('finds the write routes in the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(routes).toContainEqual({ method: 'post', path: '/api/v1/cooperatives/{cooperativeId}/sales/{saleId}/buyer-measurement' });
    expect(routes.filter((route) => !nestRoute(route))).toEqual([]);
  });

  it.each(BAD_BODIES)('answers %s with a 400 problem on every write route, in French and English', async (_name, raw) => {
    const failures: string[] = [];
    for (const route of routes) {
      for (const language of ['fr', 'en'] as const) {
        const caller = callerFor(nestRoute(route), world);
        const response = await t.http()[route.method](concrete(route.path, world.coopA))
          .set(caller ? bearer(caller) : {})
          .set('Accept-Language', language)
          .set('Content-Type', 'application/json')
          .send(raw);
        const problem = response.headers['content-type']?.startsWith('application/problem+json');
        const expected = language === 'fr' ? /^Le corps de la requête/ : /^The request body/;
        if (response.status !== 400 || !problem || !expected.test(response.body.detail ?? '')) {
          failures.push(`${route.method.toUpperCase()} ${route.path} [${language}] -> ${response.status} ${JSON.stringify(response.body)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('accepts a JSON object still: the shape rule refuses nothing valid', async () => {
    await t.http().post('/api/v1/cooperatives').set(bearer(world.operator)).send(cooperativeBody('Shape')).expect(201);
  });

  it('refuses a text/plain body where a DTO is expected, as not an object', async () => {
    const response = await t.http()
      .patch(`/api/v1/cooperatives/${world.coopA}`)
      .set(bearer(world.inA.admin))
      .set('Content-Type', 'text/plain')
      .send('hello')
      .expect(400);
    expect(response.body.code).toBe('BODY_NOT_OBJECT');
  });
});

describe('validation messages a treasurer can read', () => {
  let t: TestApp;
  let world: TwoCooperatives;

  beforeAll(async () => {
    t = await startTestApp();
    world = await twoCooperatives(t);
  });

  afterAll(async () => {
    await t.close();
  });

  function noEnglish(errors: readonly { message: string }[]): void {
    for (const error of errors) expect(error.message).not.toMatch(/\b(must|should|each value|longer|shorter|characters)\b/);
  }

  it('reports a missing required field once, as missing, in French', async () => {
    const { registrationNumber: _omitted, ...body } = cooperativeBody('Sans-RCCM');
    const response = await t.http().post('/api/v1/cooperatives').set(bearer(world.operator)).send(body).expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors).toEqual([{ field: 'registrationNumber', code: 'required', message: 'registrationNumber est obligatoire' }]);
  });

  it('reports a null required field as missing too, and in English when asked', async () => {
    const response = await t.http()
      .post('/api/v1/cooperatives')
      .set(bearer(world.operator))
      .set('Accept-Language', 'en')
      .send({ ...cooperativeBody('Null-RCCM'), registrationNumber: null })
      .expect(400);
    expect(response.body.errors).toEqual([{ field: 'registrationNumber', code: 'required', message: 'registrationNumber is required' }]);
  });

  it('names the array element that breaks a rule, in French, with the rule itself', async () => {
    const response = await t.http()
      .post('/api/v1/cooperatives')
      .set(bearer(world.operator))
      .send({ ...cooperativeBody('Mineraux'), minerals: ['HETEROGENITE', '', 'COLTAN', 7] })
      .expect(400);
    const errors = response.body.errors as { field: string; code: string; message: string }[];
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'minerals[1]', code: 'isLength', message: 'minerals[1] doit contenir entre 1 et 40 caractères' },
        { field: 'minerals[3]', code: 'isString', message: 'minerals[3] doit être un texte' },
      ]),
    );
    expect(errors.map((error) => error.field)).not.toContain('minerals[0]');
    expect(errors.filter((error) => error.field === 'minerals[3]')).toHaveLength(1);
    noEnglish(errors);
  });

  it('reports a value of the wrong type once, as of the wrong type', async () => {
    const response = await t.http()
      .post('/api/v1/cooperatives')
      .set(bearer(world.operator))
      .send({ ...cooperativeBody('Typage'), registrationNumber: 42 })
      .expect(400);
    expect(response.body.errors).toEqual([{ field: 'registrationNumber', code: 'isString', message: 'registrationNumber doit être un texte' }]);
  });

  it('names fields inside nested array elements by their path', async () => {
    const response = await t.http()
      .post(`/api/v1/cooperatives/${world.coopA}/assemblies`)
      .set(bearer(world.inA.admin))
      .send({
        kind: 'ordinary',
        heldOn: '2026-06-30',
        place: 'Kolwezi',
        callNumber: 1,
        noticeOn: '2026-06-01',
        agenda: [{ title: 'Comptes', decisionKind: 'ordinary' }, 'ordre du jour', { decisionKind: 'ordinary', title: 'x'.repeat(501) }, { decisionKind: 'ordinary' }],
      })
      .expect(400);
    const errors = response.body.errors as { field: string; code: string; message: string }[];
    expect(errors).toEqual([
      { field: 'agenda[1]', code: 'nestedValidation', message: 'agenda[1] doit être un objet' },
      { field: 'agenda[2].title', code: 'maxLength', message: 'agenda[2].title doit contenir au plus 500 caractères' },
      { field: 'agenda[3].title', code: 'required', message: 'agenda[3].title est obligatoire' },
    ]);
  });
});
