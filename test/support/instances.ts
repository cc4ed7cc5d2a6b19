import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import request from 'supertest';
import ts from 'typescript';
import { findFreePort } from '../../src/database/free-port.js';
import { targetFor } from './test-database.js';
import type { TestApp } from './test-app.js';

/**
 * API instances as real processes: the server's sources compiled once (TypeScript's own
 * per-file transpiler, with the decorator metadata Nest's injection reads, which tsx does not
 * emit) into node_modules/.cache/ushirika-instances/<hash of the sources>/, then `node
 * src/main.js` per instance, as `npm start` runs dist/. A rerun with unchanged sources reuses
 * the build; a few seconds otherwise.
 */
const root = process.cwd();
const cacheRoot = join(root, 'node_modules', '.cache', 'ushirika-instances');

const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2023,
  module: ts.ModuleKind.ES2022,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  useDefineForClassFields: false,
  esModuleInterop: true,
};

function sourcesOf(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(root, folder), { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && path.endsWith('.ts') && !path.endsWith('.spec.ts') && !path.endsWith('.d.ts')) files.push(path);
  }
  return files.sort();
}

/** The folder holding src/main.js compiled from the current sources. */
export function buildInstances(): string {
  const files = [...sourcesOf('src'), ...sourcesOf('migrations')];
  const hash = createHash('sha256').update(ts.version);
  const texts = files.map((file) => readFileSync(file, 'utf8'));
  files.forEach((file, index) => hash.update(relative(root, file)).update('\0').update(texts[index]).update('\0'));
  const out = join(cacheRoot, hash.digest('hex').slice(0, 16));
  if (existsSync(join(out, 'src', 'main.js'))) return out;
  rmSync(cacheRoot, { recursive: true, force: true });
  const draft = `${out}.${process.pid}.${randomBytes(3).toString('hex')}`;
  files.forEach((file, index) => {
    const target = join(draft, relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, ts.transpileModule(texts[index], { fileName: file, compilerOptions: COMPILER_OPTIONS }).outputText);
  });
  // Under node_modules no package.json of the project applies: this one makes the files ES modules.
  writeFileSync(join(draft, 'package.json'), '{"type":"module"}\n');
  renameSync(draft, out);
  return out;
}

export interface Instance extends TestApp {
  readonly name: string;
  readonly port: number;
  readonly pid: number;
  /** Everything the process wrote (JSON log lines), so far. */
  output(): string;
  /** The exit code (null after a signal), once it has exited. */
  readonly exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

export interface InstanceOptions {
  readonly name: string;
  readonly ownerUrl: string;
  /** Added to (or, as undefined, removed from) the settings every instance gets. */
  readonly env?: Record<string, string | undefined>;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Spawns an instance on `ownerUrl` (DATABASE_URL), its own DATA_DIR and a free port; does not wait. */
export async function spawnInstance(build: string, options: InstanceOptions): Promise<Instance> {
  const port = await findFreePort();
  const dataDir = mkdtempSync(join(tmpdir(), `ushirika-${options.name}-`));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DEMO_DATA: 'false',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_URL: options.ownerUrl,
    DATABASE_APP_USER: targetFor(options.ownerUrl).appUser,
    DATABASE_APP_PASSWORD: targetFor(options.ownerUrl).appPassword ?? '',
  };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const child: ChildProcess = spawn(process.execPath, [join(build, 'src', 'main.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => rmSync(dataDir, { recursive: true, force: true }));
  const url = `http://127.0.0.1:${port}`;
  return {
    name: options.name,
    port,
    pid: child.pid ?? -1,
    // The fixtures take a TestApp for its http() and target; a process has no app or config in here.
    get app(): never {
      throw new Error(`${options.name} is a separate process: talk to it over http()`);
    },
    get config(): never {
      throw new Error(`${options.name} reads its configuration from its environment`);
    },
    target: targetFor(options.ownerUrl),
    http: () => request(url),
    output: () => Buffer.concat(chunks).toString('utf8'),
    exited,
    kill: (signal) => void child.kill(signal),
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Waits until the instance answers /health/ready 200; throws with its output if it exits first. */
export async function untilReady(instance: Instance, timeoutMs = 120_000): Promise<Instance> {
  let gone = false;
  void instance.exited.then(() => (gone = true));
  const until = Date.now() + timeoutMs;
  for (;;) {
    const status = await instance.http().get('/health/ready').then((response) => response.status, () => 0);
    if (status === 200) return instance;
    if (gone || Date.now() > until) throw new Error(`${instance.name} never became ready:\n${instance.output().slice(-4000)}`);
    await pause(100);
  }
}

/** The JSON log lines of an instance whose `msg` is `message`. */
export function logLines(instance: Instance, message: string): Record<string, unknown>[] {
  return instance
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === message);
}
