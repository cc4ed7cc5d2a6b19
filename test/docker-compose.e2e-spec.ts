import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { EnvironmentVariables } from '../src/config/config.js';

/**
 * Static checks of the container files: docker is not available where the tests run, so the
 * compose file and the Dockerfile are read and checked against the code they deploy.
 */
const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; args?: Record<string, string> };
  environment?: Record<string, string | number | boolean | null> | string[];
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as ComposeFile;
const db = compose.services.db;
const app = compose.services.app;

function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)]));
}

/** Mounts as { source, target }, from the short "source:target[:mode]" or the long syntax. */
function mountsOf(service: ComposeService): { source: string; target: string }[] {
  return (service.volumes ?? []).map((volume) => {
    if (typeof volume === 'string') {
      const [source = '', target = ''] = volume.split(':');
      return { source, target };
    }
    return { source: volume.source ?? '', target: volume.target ?? '' };
  });
}

function isNamedVolume(source: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(source);
}

function dockerfilePath(service: ComposeService): string {
  const build = service.build;
  if (build === undefined) throw new Error('the app service has no build section');
  const context = typeof build === 'string' ? build : (build.context ?? '.');
  const dockerfile = typeof build === 'string' ? 'Dockerfile' : (build.dockerfile ?? 'Dockerfile');
  return resolve(root, context, dockerfile);
}

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(text: string): { keyword: string; args: string }[] {
  const joined = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

/** Whether a version (22.17.0) satisfies an engines range made of `^x.y.z` parts joined by `||`. */
function allows(range: string, version: string): boolean {
  const [major, minor, patch] = version.split('.').map(Number);
  return range.split('||').some((part) => {
    const match = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(part.trim());
    if (!match) throw new Error(`engines part "${part}" is not of the form ^x.y.z`);
    const [, wantMajor, wantMinor, wantPatch] = match.map(Number);
    return major === wantMajor && (minor > wantMinor || (minor === wantMinor && patch >= wantPatch));
  });
}

const engines = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;

describe('supported Node.js versions', () => {
  it('package.json engines allows Node 22 and 24 (the LTS lines) and no longer Node 20', () => {
    expect(allows(engines, '22.17.0')).toBe(true);
    expect(allows(engines, '24.0.0')).toBe(true);
    expect(allows(engines, '24.22.3')).toBe(true);
    expect(allows(engines, '22.12.0')).toBe(false);
    expect(allows(engines, '20.19.0')).toBe(false);
  });

  it('CI runs its second pass on a Node.js 24 that engines allows', () => {
    const ci = readFileSync(join(root, '.ci', 'run'), 'utf8');
    const version = /^NODE24_VERSION=(\S+)$/m.exec(ci)?.[1] ?? '';
    expect(version).toMatch(/^24\.\d+\.\d+$/);
    expect(allows(engines, version)).toBe(true);
  });
});

describe('docker-compose.yml', () => {
  it('has a db and an app service', () => {
    expect(db).toBeDefined();
    expect(app).toBeDefined();
  });

  it('runs PostgreSQL 16 or later', () => {
    const match = /^postgres:(\d+)/.exec(db.image ?? '');
    expect(match).not.toBeNull();
    expect(Number(match?.[1])).toBeGreaterThanOrEqual(16);
  });

  it('keeps the PostgreSQL data in a named volume declared at top level', () => {
    const mount = mountsOf(db).find((m) => m.target === '/var/lib/postgresql/data');
    expect(mount).toBeDefined();
    expect(isNamedVolume(mount?.source ?? '')).toBe(true);
    expect(Object.keys(compose.volumes ?? {})).toContain(mount?.source);
  });

  it('checks the database health with pg_isready', () => {
    const healthcheck = (db as { healthcheck?: { test?: string | string[] } }).healthcheck;
    const test = healthcheck?.test;
    expect([test].flat().join(' ')).toContain('pg_isready');
  });

  it('builds the app on Node.js 24', () => {
    const build = app.build;
    const image = typeof build === 'object' ? build.args?.NODE_IMAGE : undefined;
    expect(image).toMatch(/^node:24-/);
  });

  it('builds the app from the repository Dockerfile, which exists', () => {
    const path = dockerfilePath(app);
    expect(path).toBe(join(root, 'Dockerfile'));
    expect(existsSync(path)).toBe(true);
  });

  it('starts the app only once the database is healthy', () => {
    const dependsOn = app.depends_on;
    expect(dependsOn).toBeDefined();
    expect(Array.isArray(dependsOn)).toBe(false);
    expect((dependsOn as Record<string, { condition?: string }>).db?.condition).toBe('service_healthy');
  });

  it('points DATABASE_URL at the db service', () => {
    const raw = environmentOf(app).DATABASE_URL;
    expect(raw).toBeDefined();
    // ${VAR...} interpolations (the password) are not URL-safe as written: stand one in.
    const url = new URL(raw.replace(/\$\{[^}]*\}/g, 'placeholder'));
    expect(url.protocol).toMatch(/^postgres(ql)?:$/);
    expect(url.hostname).toBe('db');
    expect(url.port === '' || url.port === '5432').toBe(true);
    expect(url.pathname.length).toBeGreaterThan(1);
  });

  it('names only environment variables the server reads', () => {
    const known = new Set([...Object.keys(new EnvironmentVariables()), 'DATABASE_URL', 'DATABASE_APP_PASSWORD', 'JWT_SECRET']);
    const unknown = Object.keys(environmentOf(app)).filter((name) => !known.has(name));
    expect(unknown).toEqual([]);
  });

  it('requires the secrets instead of defaulting them', () => {
    const env = environmentOf(app);
    expect(env.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?[^}]*\}$/);
    expect(env.DATABASE_APP_PASSWORD).toMatch(/^\$\{DATABASE_APP_PASSWORD:\?[^}]*\}$/);
  });

  it('keeps the app DATA_DIR in a named volume declared at top level', () => {
    const dataDir = environmentOf(app).DATA_DIR;
    expect(dataDir).toBeDefined();
    const mount = mountsOf(app).find((m) => m.target === dataDir);
    expect(mount).toBeDefined();
    expect(isNamedVolume(mount?.source ?? '')).toBe(true);
    expect(Object.keys(compose.volumes ?? {})).toContain(mount?.source);
  });
});

describe('Dockerfile', () => {
  const steps = instructions(readFileSync(join(root, 'Dockerfile'), 'utf8'));
  const lastStage = steps.slice(steps.map((step) => step.keyword).lastIndexOf('FROM'));

  it('runs the compiled server with node as its command', () => {
    const cmd = lastStage.filter((step) => step.keyword === 'CMD').at(-1);
    expect(cmd).toBeDefined();
    expect(JSON.parse(cmd?.args ?? '[]')).toEqual(['node', 'dist/src/main.js']);
  });

  it('builds and runs on Node.js 24 by default, in both stages', () => {
    const arg = steps.find((step) => step.keyword === 'ARG' && step.args.startsWith('NODE_IMAGE='));
    expect(arg?.args).toMatch(/^NODE_IMAGE=node:24-/);
    const stages = steps.filter((step) => step.keyword === 'FROM').map((step) => step.args.split(/\s+/)[0]);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages.every((image) => image === '${NODE_IMAGE}')).toBe(true);
  });

  it('does not run as root', () => {
    const user = lastStage.filter((step) => step.keyword === 'USER').at(-1);
    expect(user).toBeDefined();
    expect(user?.args).not.toMatch(/^(root|0)(:|$)/);
  });
});
