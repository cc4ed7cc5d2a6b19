import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { CONSOLE_CSP, serveWebConsole } from '../src/web-console/serve-web-console.js';

@Module({})
class EmptyModule {}

describe('web console security headers', () => {
  let app: NestFastifyApplication;
  let root: string;

  beforeAll(async () => {
    root = `${mkdtempSync(join(tmpdir(), 'ushirika-console-'))}/`;
    mkdirSync(`${root}assets`);
    writeFileSync(`${root}index.html`, '<!doctype html><script type="module" src="/assets/index-abc.js"></script>');
    writeFileSync(`${root}assets/index-abc.js`, 'console.log(1)');
    app = await NestFactory.create<NestFastifyApplication>(EmptyModule, new FastifyAdapter(), { logger: false });
    expect(await serveWebConsole(app, root)).toBe(true);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the shell and its bundles with a strict CSP (no inline script) and the usual hardening headers', async () => {
    for (const url of ['/', '/members/123', '/assets/index-abc.js']) {
      const response = await request(app.getHttpServer()).get(url);
      expect({ url, status: response.status }).toEqual({ url, status: 200 });
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toBe(CONSOLE_CSP);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    }
  });
});
